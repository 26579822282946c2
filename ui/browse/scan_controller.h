// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "browse/scan_job.h"
#include "kafka/secret_resolver.h"
#include "support/result.h"

#include <QObject>
#include <memory>
#include <vector>

namespace sluice::ui {

// The GUI thread's handle on the browser's scan: starts a ScanJob (its own threads), turns
// the scan thread's updates into queued signals, and retires a replaced scan without
// waiting for it: the old job is cancelled and destroyed once its final update arrives (its
// thread has then ended), or at the latest when the controller is destroyed.
class ScanController : public QObject {
    Q_OBJECT
public:
    explicit ScanController(QObject* parent = nullptr);
    ~ScanController() override; // cancels and joins every job (bounded by the scan's cancel latency)

    // Starts a scan, replacing the current one. Fails only when the spool can't be created.
    Status start(browse::ScanRequest request, std::shared_ptr<kafka::SecretResolver> secrets);
    void cancel();
    bool isRunning() const { return m_job && !m_finished; }
    std::shared_ptr<browse::RecordIndex> index() const;
    std::size_t retiredJobs() const { return m_retired.size(); }

signals:
    // Every update of the current scan (about 20 per second at most), the final one included.
    void updated(const sluice::browse::ScanUpdate& update);
    void finished(const sluice::browse::ScanUpdate& update);

private:
    struct Job {
        std::uint64_t id = 0;
        std::unique_ptr<browse::ScanJob> job;
    };
    void deliver(std::uint64_t id, const browse::ScanUpdate& update);

    std::unique_ptr<browse::ScanJob> m_job;
    std::uint64_t m_jobId = 0;
    bool m_finished = false;
    std::vector<Job> m_retired;
};

} // namespace sluice::ui
Q_DECLARE_METATYPE(sluice::browse::ScanUpdate)
