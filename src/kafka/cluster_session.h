// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "config/workspace.h"
#include "domain/cluster_snapshot.h"
#include "domain/connection_state.h"
#include "kafka/secret_resolver.h"
#include "lag/lag_sampler.h"
#include "lag/record_times.h"

#include <QObject>
#include <QPointer>
#include <QString>
#include <QThread>
#include <chrono>
#include <memory>

namespace sluice::kafka {

class ClusterWorker;
using SnapshotPtr = std::shared_ptr<const domain::ClusterSnapshot>;
using LagSnapshotPtr = std::shared_ptr<const lag::LagSnapshot>;

// Exact lag seconds of some partitions of one group: the timestamps of the records at their
// committed offsets (lag/record_times.h), read on the session's worker.
struct ExactLagAnswer {
    QString group;
    std::chrono::system_clock::time_point readAt; // "now" for the seconds
    std::vector<lag::RecordTime> times;
};
using ExactLagAnswerPtr = std::shared_ptr<const ExactLagAnswer>;

// How a session samples consumer lag (docs/lag-rules.md). The sampler runs on the session's
// worker thread, on its own timer, with the same librdkafka handle as the metadata refresh.
struct LagSamplingOptions {
    bool enabled = true;
    std::chrono::milliseconds interval { 5000 }; // workspace refresh.lag
    lag::LagSamplerSettings sampler; // thresholds from the workspace lagRules
};

// The GUI-side face of one connected cluster. Lives on the thread that created it (the GUI
// thread); owns a worker thread whose ClusterWorker holds the librdkafka handle. All Kafka
// calls happen there; results come back as queued signals and are re-emitted here.
class ClusterSession : public QObject {
    Q_OBJECT
public:
    ClusterSession(config::ClusterConfig cluster, std::chrono::milliseconds refreshInterval,
        std::shared_ptr<SecretResolver> secrets, QObject* parent = nullptr);
    ~ClusterSession() override; // stops the worker; never blocks for long (see stop())

    const config::ClusterConfig& config() const { return m_config; }
    QString name() const { return QString::fromStdString(m_config.name); }
    SnapshotPtr snapshot() const { return m_snapshot; } // null until the first refresh
    domain::ConnectionState state() const { return m_state; }
    QString lastError() const { return m_lastError; } // empty when connected
    LagSnapshotPtr lagSnapshot() const { return m_lagSnapshot; } // null until the first lag sample
    QString lagError() const { return m_lagError; } // why the last lag sample failed; empty when it worked

    // Call before start(); sampling is on by default every 5 s.
    void setLagSampling(LagSamplingOptions options) { m_lagOptions = std::move(options); }
    const LagSamplingOptions& lagSampling() const { return m_lagOptions; }
    // The resolver this session's clients use, for other clients of the same cluster
    // (the message browser's scans and record fetches).
    const std::shared_ptr<SecretResolver>& secrets() const { return m_secrets; }

public slots:
    void start(); // begins periodic refresh (first refresh at once)
    void refresh(); // an extra refresh now; coalesced if one is running
    // Reads the records at these committed offsets of `group` on the worker (after what it is
    // doing); the answer comes back through exactLagReady(). Bounded to a few seconds.
    void requestExactLag(const QString& group, std::vector<sluice::lag::RecordTimeQuery> queries);
    // Stops the worker: a refresh in progress is cancelled, the handle is destroyed on the
    // worker thread. Waits up to kStopWaitMs; a worker stuck longer in a blocking librdkafka
    // call is left to finish on its own (see waitForStoppedWorkers()). Safe to call twice.
    void stop();

    // Entry points for the worker's results; public so UI tests can drive a session.
    void applySnapshot(sluice::kafka::SnapshotPtr snapshot);
    void applyConnectionState(sluice::domain::ConnectionState state, const QString& lastError);
    void applyLagSnapshot(sluice::kafka::LagSnapshotPtr snapshot);
    void applyLagFailure(const QString& message);

signals:
    void snapshotUpdated(sluice::kafka::SnapshotPtr snapshot);
    // One lag sample of every group (with its refresh cost and the verdict changes after
    // hysteresis). Emitted on the session's thread; the snapshot is immutable and shared.
    void lagSnapshotUpdated(sluice::kafka::LagSnapshotPtr snapshot);
    void lagSampleFailed(const QString& message);
    void exactLagReady(sluice::kafka::ExactLagAnswerPtr answer);
    void connectionStateChanged(sluice::domain::ConnectionState state, const QString& lastError);

private:
    config::ClusterConfig m_config;
    std::chrono::milliseconds m_interval;
    std::shared_ptr<SecretResolver> m_secrets;
    QThread* m_thread = nullptr; // owned; handed to the stopped-worker list if it outlives us
    QPointer<ClusterWorker> m_worker;
    SnapshotPtr m_snapshot;
    LagSamplingOptions m_lagOptions;
    LagSnapshotPtr m_lagSnapshot;
    QString m_lagError;
    domain::ConnectionState m_state = domain::ConnectionState::Connecting;
    QString m_lastError;
};

// Registers the types above for queued connections. Called once by the session itself.
void registerMetaTypes();

// How long stop() waits for a worker before leaving it to finish in the background.
inline constexpr unsigned long kStopWaitMs = 1500;

// Waits (up to timeoutMs in total) for workers that were still busy when their session
// stopped; returns true when none is left. main() calls it after the event loop ends, so
// the process never exits under a thread that is inside librdkafka.
bool waitForStoppedWorkers(unsigned long timeoutMs);

} // namespace sluice::kafka

Q_DECLARE_METATYPE(sluice::kafka::SnapshotPtr)
Q_DECLARE_METATYPE(sluice::kafka::LagSnapshotPtr)
Q_DECLARE_METATYPE(sluice::kafka::ExactLagAnswerPtr)
Q_DECLARE_METATYPE(sluice::domain::ConnectionState)
