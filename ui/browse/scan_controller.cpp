// SPDX-License-Identifier: Apache-2.0
#include "browse/scan_controller.h"

#include "support/logging.h"

#include <QMetaObject>
#include <QPointer>

namespace sluice::ui {

ScanController::ScanController(QObject* parent)
    : QObject(parent)
{
}

ScanController::~ScanController()
{
    // Cancel everything first so the joins below overlap.
    if (m_job)
        m_job->cancel();
    for (Job& retired : m_retired)
        retired.job->cancel();
    m_job.reset();
    m_retired.clear();
}

Status ScanController::start(browse::ScanRequest request, std::shared_ptr<kafka::SecretResolver> secrets)
{
    auto scanner = browse::Scanner::create(std::move(request), std::move(secrets));
    if (!scanner)
        return scanner.error();
    if (m_job) {
        m_job->cancel();
        if (m_finished)
            m_job.reset(); // its thread has ended: the join is immediate
        else
            m_retired.push_back({ m_jobId, std::move(m_job) });
    }
    const std::uint64_t id = ++m_jobId;
    m_finished = false;
    // Runs on the scan's threads: post a copy to the GUI thread. The job (and so every call
    // of this callback) ends before this object is destroyed, see the destructor.
    auto onUpdate = [this, id](const browse::ScanUpdate& update) {
        QMetaObject::invokeMethod(
            this, [this, id, update] { deliver(id, update); }, Qt::QueuedConnection);
    };
    m_job = std::make_unique<browse::ScanJob>(std::move(scanner).value(), std::move(onUpdate));
    return Ok {};
}

void ScanController::cancel()
{
    if (m_job)
        m_job->cancel();
}

std::shared_ptr<browse::RecordIndex> ScanController::index() const
{
    return m_job ? m_job->index() : nullptr;
}

void ScanController::deliver(std::uint64_t id, const browse::ScanUpdate& update)
{
    if (id != m_jobId) {
        if (update.isFinal())
            std::erase_if(m_retired, [id](const Job& job) { return job.id == id; });
        return;
    }
    if (m_finished)
        return;
    if (update.isFinal())
        m_finished = true;
    emit updated(update);
    if (update.isFinal()) {
        logging::ui()->info("scan ended state={} rows={} read={}", nameOf(update.state), update.rows.size(),
            update.progress.recordsRead);
        emit finished(update);
    }
}

} // namespace sluice::ui
