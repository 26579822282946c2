// SPDX-License-Identifier: Apache-2.0
#pragma once

// Runs a Scanner on a thread of its own. The scan thread owns the librdkafka handle for
// the scan's whole life; the object that created the job (e.g. a GUI controller) only
// cancels, waits and reads the index. Destroying the job cancels the scan and joins the
// thread (bounded by Scanner's cancel latency).

#include "browse/scanner.h"

#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>

namespace sluice::browse {

class ScanJob {
public:
    // Starts the scan at once. `onUpdate` runs on the scan thread (see Scanner).
    ScanJob(std::unique_ptr<Scanner> scanner, UpdateCallback onUpdate);
    ~ScanJob();
    ScanJob(const ScanJob&) = delete;
    ScanJob& operator=(const ScanJob&) = delete;

    void cancel() { m_scanner->cancel(); }
    // True once the scan has ended, waiting at most `timeout` for it.
    bool wait(std::chrono::milliseconds timeout);
    // The final update, once the scan has ended.
    std::optional<ScanUpdate> result() const;
    const std::shared_ptr<RecordIndex>& index() const { return m_scanner->index(); }

private:
    std::unique_ptr<Scanner> m_scanner;
    UpdateCallback m_onUpdate;
    mutable std::mutex m_mutex;
    std::condition_variable m_finished;
    std::optional<ScanUpdate> m_result;
    std::thread m_thread;
};

} // namespace sluice::browse
