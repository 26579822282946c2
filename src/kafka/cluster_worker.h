// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "config/workspace.h"
#include "domain/cluster_snapshot.h"
#include "domain/connection_state.h"
#include "kafka/cluster_session.h"
#include "kafka/rdkafka_handles.h"
#include "lag/lag_sampler.h"
#include "support/clock.h"

#include <QObject>
#include <QTimer>
#include <atomic>
#include <chrono>
#include <map>
#include <memory>
#include <mutex>
#include <string>

namespace sluice::kafka {

// Owns one librdkafka handle for one cluster and is the only code that touches it. Lives on
// the session's worker thread; every slot is called queued. refresh() blocks this thread
// for at most a few request timeouts and publishes a complete snapshot.
class ClusterWorker : public QObject {
    Q_OBJECT
public:
    ClusterWorker(config::ClusterConfig cluster, std::chrono::milliseconds interval,
        std::shared_ptr<SecretResolver> secrets, LagSamplingOptions lag = {});
    ~ClusterWorker() override;

    // Set by the session before queuing refresh(); cleared when a refresh starts, so a burst
    // of refresh requests collapses into one.
    std::atomic<bool> refreshPending { false };
    // Set by the session when it stops: a refresh in progress gives up at its next check
    // (within ~100 ms, or one metadata slice of at most 1 s).
    std::atomic<bool> stopRequested { false };

public slots:
    void start();
    void refresh();
    void sampleLag(); // one lag sample (LagSampler::sample) with this worker's handle
    // Timestamps of the records at these committed offsets, with a consumer this worker
    // creates on first use; emits exactLagReady.
    void readExactLag(const QString& group, std::vector<sluice::lag::RecordTimeQuery> queries);
    void shutdown(); // destroys the handle on this thread

signals:
    void snapshotReady(sluice::kafka::SnapshotPtr snapshot);
    void connectionStateChanged(sluice::domain::ConnectionState state, const QString& lastError);
    void lagSnapshotReady(sluice::kafka::LagSnapshotPtr snapshot);
    void lagSampleFailed(const QString& message);
    void exactLagReady(sluice::kafka::ExactLagAnswerPtr answer);

private:
    Status ensureHandle();
    void servePoll();
    void publishState(domain::ConnectionState state, const std::string& error);
    void fillWatermarks(domain::ClusterSnapshot& snapshot, int& requests);
    void fillConfigs(domain::ClusterSnapshot& snapshot, int& requests);
    bool fillGroups(domain::ClusterSnapshot& snapshot, int& requests); // false: the groups could not be read
    void sampleLagWith(const lag::LagSampler::Prefetched* prefetched);
    // Lag sampled in the same round as the metadata refresh (same interval): the sample
    // reuses the refresh's group listing and watermarks instead of asking again.
    bool lagRidesRefresh() const { return m_lagSampler && m_lagOptions.interval == m_interval; }
    std::string takeLastClientError();

    static void errorCallback(rd_kafka_t* rk, int err, const char* reason, void* opaque);

    config::ClusterConfig m_config;
    std::chrono::milliseconds m_interval;
    std::chrono::milliseconds m_requestTimeout;
    std::shared_ptr<SecretResolver> m_secrets;
    KafkaHandle m_handle;
    KafkaHandle m_exactConsumer; // for readExactLag, created on first use
    QTimer* m_refreshTimer = nullptr;
    QTimer* m_pollTimer = nullptr;
    QTimer* m_lagTimer = nullptr;
    LagSamplingOptions m_lagOptions;
    SystemClock m_clock;
    std::unique_ptr<lag::LagSampler> m_lagSampler; // keeps its histories between samples
    domain::ConnectionState m_state = domain::ConnectionState::Connecting;
    std::string m_lastStateError;

    // Topic configs change rarely: refetch when the topic set changes or after kConfigMaxAge.
    std::map<std::string, std::vector<domain::ConfigEntry>> m_configCache;
    std::chrono::steady_clock::time_point m_configFetchedAt {};
    std::string m_configTopicSet; // topic names the cache was fetched for
    std::map<std::int32_t, std::string> m_brokerRacks;

    // Topics each group has committed offsets for, from the last lag sample (which reads every
    // group's committed offsets anyway): the metadata refresh takes them from here instead of
    // asking each group again. A group not in it (new, or no commit seen yet) is still asked.
    std::optional<std::map<std::string, std::vector<std::string>>> m_committedTopicsFromLag;
    std::vector<std::string> m_groupWarnings; // of the last group listing (for the lag sample)

    std::mutex m_errorMutex; // guards m_lastClientError (written from librdkafka's callback)
    std::string m_lastClientError;
    std::atomic<bool> m_allBrokersDown { false };
};

} // namespace sluice::kafka
