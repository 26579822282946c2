// SPDX-License-Identifier: Apache-2.0
#include "browse/scan_job.h"

#include "support/thread_priority.h"

namespace sluice::browse {

ScanJob::ScanJob(std::unique_ptr<Scanner> scanner, UpdateCallback onUpdate)
    : m_scanner(std::move(scanner))
    , m_onUpdate(std::move(onUpdate))
{
    m_thread = std::thread([this] {
        // The scan runs beside a GUI (B3): it and the threads it starts (index feed,
        // librdkafka's) yield to the GUI thread, and take every cycle it leaves.
        (void)support::lowerCurrentThreadPriority();
        ScanUpdate final = m_scanner->run(m_onUpdate);
        std::lock_guard lock(m_mutex);
        m_result = std::move(final);
        m_finished.notify_all();
    });
}

ScanJob::~ScanJob()
{
    m_scanner->cancel();
    if (m_thread.joinable())
        m_thread.join();
}

bool ScanJob::wait(std::chrono::milliseconds timeout)
{
    std::unique_lock lock(m_mutex);
    return m_finished.wait_for(lock, timeout, [this] { return m_result.has_value(); });
}

std::optional<ScanUpdate> ScanJob::result() const
{
    std::lock_guard lock(m_mutex);
    return m_result;
}

} // namespace sluice::browse
