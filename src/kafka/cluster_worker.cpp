// SPDX-License-Identifier: Apache-2.0
#include "kafka/cluster_worker.h"

#include "kafka/admin_calls.h"
#include "kafka/client_config.h"
#include "support/logging.h"
#include "support/redaction.h"

#include <algorithm>
#include <set>

namespace sluice::kafka {
namespace {

using namespace std::chrono_literals;

constexpr auto kConfigMaxAge = 60s;
constexpr auto kPollInterval = 1000ms; // serves the error callback; B11: each tick is a wake-up when idle

std::chrono::milliseconds requestTimeoutFor(std::chrono::milliseconds interval)
{
    return std::clamp<std::chrono::milliseconds>(interval, 3s, 10s);
}

bool isInternalTopic(const std::string& name)
{
    return name.rfind("__", 0) == 0;
}

std::string topicSetKey(const domain::ClusterSnapshot& snapshot)
{
    std::string key;
    for (const auto& topic : snapshot.topics) {
        key += topic.name;
        key += '\n';
    }
    return key;
}

} // namespace

ClusterWorker::ClusterWorker(config::ClusterConfig cluster, std::chrono::milliseconds interval,
    std::shared_ptr<SecretResolver> secrets, LagSamplingOptions lag)
    : m_config(std::move(cluster))
    , m_interval(interval)
    , m_requestTimeout(requestTimeoutFor(interval))
    , m_secrets(std::move(secrets))
    , m_lagOptions(std::move(lag))
{
}

ClusterWorker::~ClusterWorker()
{
    shutdown();
}

void ClusterWorker::start()
{
    if (!m_refreshTimer) {
        m_refreshTimer = new QTimer(this);
        m_refreshTimer->setInterval(m_interval);
        connect(m_refreshTimer, &QTimer::timeout, this, &ClusterWorker::refresh);
        m_pollTimer = new QTimer(this);
        m_pollTimer->setInterval(kPollInterval);
        connect(m_pollTimer, &QTimer::timeout, this, &ClusterWorker::servePoll);
        if (m_lagOptions.enabled) {
            m_lagSampler = std::make_unique<lag::LagSampler>(m_clock, m_lagOptions.sampler);
            if (!lagRidesRefresh()) {
                m_lagTimer = new QTimer(this);
                m_lagTimer->setInterval(m_lagOptions.interval);
                connect(m_lagTimer, &QTimer::timeout, this, &ClusterWorker::sampleLag);
            }
        }
    }
    m_refreshTimer->start();
    m_pollTimer->start();
    refresh();
    if (m_lagTimer) {
        m_lagTimer->start();
        // The first sample right after the first refresh (both queued on this thread).
        QMetaObject::invokeMethod(this, &ClusterWorker::sampleLag, Qt::QueuedConnection);
    }
}

void ClusterWorker::sampleLag()
{
    sampleLagWith(nullptr);
}

void ClusterWorker::sampleLagWith(const lag::LagSampler::Prefetched* prefetched)
{
    if (stopRequested || !m_lagSampler)
        return;
    if (auto ok = ensureHandle(); !ok) {
        emit lagSampleFailed(QString::fromStdString(redaction::redact(ok.error().message)));
        return;
    }
    const auto timeout = requestTimeoutFor(m_lagOptions.interval);
    auto result = prefetched ? m_lagSampler->sample(m_handle.get(), timeout, &stopRequested, *prefetched)
                             : m_lagSampler->sample(m_handle.get(), timeout, &stopRequested);
    if (stopRequested)
        return;
    if (!result) {
        const std::string message = "Couldn't sample consumer lag on " + m_config.name + ": " + result.error().message;
        logging::lag()->warn("lag sample failed cluster={} detail={}", m_config.name, result.error().message);
        emit lagSampleFailed(QString::fromStdString(redaction::redact(message)));
        return;
    }
    logging::lag()->debug("lag sample done cluster={} groups={} durationMs={} requests={} changes={}", m_config.name,
        result->groups.size(), result->cost.duration.count(), result->cost.requests, result->changes.size());
    std::map<std::string, std::vector<std::string>> committedTopics;
    for (const lag::LagGroupSnapshot& group : result->groups) {
        std::vector<std::string> topics;
        for (const lag::LagPartitionRow& row : group.partitions)
            if (row.committed && (topics.empty() || topics.back() != row.partition.topic))
                topics.push_back(row.partition.topic); // rows are sorted by topic
        if (!topics.empty())
            committedTopics.emplace(group.group, std::move(topics));
    }
    m_committedTopicsFromLag = std::move(committedTopics);
    emit lagSnapshotReady(std::make_shared<const lag::LagSnapshot>(std::move(*result)));
}

void ClusterWorker::readExactLag(const QString& group, std::vector<lag::RecordTimeQuery> queries)
{
    if (stopRequested)
        return;
    auto answer = std::make_shared<ExactLagAnswer>();
    answer->group = group;
    if (!m_exactConsumer) {
        auto props = buildClientProperties(m_config, *m_secrets);
        auto consumer = props ? lag::createRecordTimeConsumer(*props) : Result<KafkaHandle>(props.error());
        if (!consumer) {
            for (const auto& q : queries)
                answer->times.push_back({ q.partition, q.offset, std::nullopt, std::nullopt, false,
                    redaction::redact(consumer.error().message) });
            answer->readAt = std::chrono::system_clock::now();
            emit exactLagReady(std::move(answer));
            return;
        }
        m_exactConsumer = std::move(*consumer);
    }
    answer->times = lag::readRecordTimes(m_exactConsumer.get(), queries, m_requestTimeout, &stopRequested);
    answer->readAt = std::chrono::system_clock::now();
    logging::lag()->debug(
        "exact lag read cluster={} group={} partitions={}", m_config.name, group.toStdString(), answer->times.size());
    emit exactLagReady(std::move(answer));
}

void ClusterWorker::shutdown()
{
    if (m_refreshTimer)
        m_refreshTimer->stop();
    if (m_pollTimer)
        m_pollTimer->stop();
    if (m_lagTimer)
        m_lagTimer->stop();
    m_exactConsumer.reset();
    if (m_handle) {
        logging::kafka()->info("closing client cluster={}", m_config.name);
        m_handle.reset();
    }
}

void ClusterWorker::errorCallback(rd_kafka_t* /*rk*/, int err, const char* reason, void* opaque)
{
    // Runs inside rd_kafka_poll() on this worker's thread; only records what happened.
    auto* self = static_cast<ClusterWorker*>(opaque);
    const auto code = static_cast<rd_kafka_resp_err_t>(err);
    if (code == RD_KAFKA_RESP_ERR__ALL_BROKERS_DOWN)
        self->m_allBrokersDown = true;
    std::lock_guard lock(self->m_errorMutex);
    self->m_lastClientError = std::string(rd_kafka_err2name(code)) + ": " + (reason ? reason : "");
}

std::string ClusterWorker::takeLastClientError()
{
    std::lock_guard lock(m_errorMutex);
    return std::exchange(m_lastClientError, {});
}

Status ClusterWorker::ensureHandle()
{
    if (m_handle)
        return Ok {};
    auto props = buildClientProperties(m_config, *m_secrets);
    if (!props)
        return props.error();
    auto client = createClient(*props, this, &ClusterWorker::errorCallback);
    if (!client)
        return Error { client.error().kind,
            "Couldn't configure the client for cluster " + m_config.name + ": " + client.error().message,
            client.error().detail };
    m_handle = std::move(*client);
    logging::kafka()->info("client created cluster={} bootstrap={}", m_config.name, props->front().second);
    return Ok {};
}

void ClusterWorker::servePoll()
{
    if (!m_handle)
        return;
    rd_kafka_poll(m_handle.get(), 0);
    if (m_allBrokersDown.exchange(false) && m_state != domain::ConnectionState::Unreachable) {
        // Don't wait for the next refresh to say so; the refresh confirms or clears it.
        publishState(domain::ConnectionState::Unreachable,
            "All brokers of " + m_config.name + " are down or unreachable: " + takeLastClientError());
    }
}

void ClusterWorker::publishState(domain::ConnectionState state, const std::string& error)
{
    if (state == m_state && error == m_lastStateError)
        return;
    if (state != m_state) {
        auto log = logging::kafka();
        log->log(state == domain::ConnectionState::Connected ? spdlog::level::info : spdlog::level::warn,
            "connection state cluster={} state={} detail={}", m_config.name, nameOf(state), error);
    }
    m_state = state;
    m_lastStateError = error;
    emit connectionStateChanged(state, QString::fromStdString(redaction::redact(error)));
}

void ClusterWorker::refresh()
{
    refreshPending = false;
    if (stopRequested)
        return;
    const auto started = std::chrono::steady_clock::now();
    if (auto ok = ensureHandle(); !ok) {
        publishState(domain::ConnectionState::Unreachable, ok.error().message);
        if (lagRidesRefresh())
            sampleLagWith(nullptr); // says why the lag is not sampled, as its own timer would
        return;
    }
    rd_kafka_poll(m_handle.get(), 0);
    int requests = 0;

    auto metadata = fetchMetadata(m_handle.get(), m_requestTimeout, &stopRequested);
    ++requests;
    if (stopRequested)
        return;
    if (!metadata) {
        rd_kafka_poll(m_handle.get(), 0); // let error_cb say why (refused, TLS, auth …)
        std::string why = takeLastClientError();
        std::string message = "Couldn't reach cluster " + m_config.name + ": " + metadata.error().message;
        if (!why.empty())
            message += " Last client error: " + why;
        publishState(domain::ConnectionState::Unreachable, message);
        if (lagRidesRefresh())
            sampleLagWith(nullptr);
        return;
    }

    auto snapshot = std::make_shared<domain::ClusterSnapshot>(std::move(*metadata));
    snapshot->clusterName = m_config.name;
    for (auto& topic : snapshot->topics)
        topic.isInternal = isInternalTopic(topic.name);

    fillWatermarks(*snapshot, requests);
    if (!stopRequested)
        fillConfigs(*snapshot, requests);
    bool groupsRead = false;
    if (!stopRequested)
        groupsRead = fillGroups(*snapshot, requests);
    if (stopRequested)
        return; // a half-filled snapshot is not published

    snapshot->fetchedAt = std::chrono::system_clock::now();
    snapshot->cost.duration
        = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - started);
    snapshot->cost.requests = requests;

    if (snapshot->warnings.empty()) {
        publishState(domain::ConnectionState::Connected, {});
    } else {
        publishState(domain::ConnectionState::Degraded, snapshot->warnings.front());
    }
    logging::kafka()->debug("refresh done cluster={} topics={} groups={} durationMs={} requests={}", m_config.name,
        snapshot->topics.size(), snapshot->groups.size(), snapshot->cost.duration.count(), requests);
    std::optional<lag::LagSampler::Prefetched> prefetched;
    if (lagRidesRefresh() && groupsRead) {
        prefetched.emplace();
        prefetched->listing.groups = snapshot->groups;
        prefetched->listing.warnings = m_groupWarnings;
        for (const auto& topic : snapshot->topics) {
            for (const auto& p : topic.partitions) {
                if (p.highWatermark >= 0 && p.lowWatermark >= 0) {
                    prefetched->ends.emplace(domain::TopicPartition { topic.name, p.partition }, p.highWatermark);
                    prefetched->starts.emplace(domain::TopicPartition { topic.name, p.partition }, p.lowWatermark);
                }
            }
        }
    }
    emit snapshotReady(std::move(snapshot));
    if (lagRidesRefresh())
        sampleLagWith(prefetched ? &*prefetched : nullptr); // the groups failed: the sample asks itself
}

void ClusterWorker::fillWatermarks(domain::ClusterSnapshot& snapshot, int& requests)
{
    std::vector<domain::TopicPartition> partitions;
    for (const auto& topic : snapshot.topics) {
        for (const auto& p : topic.partitions) {
            if (!p.isOffline())
                partitions.push_back({ topic.name, p.partition });
        }
    }
    if (partitions.empty())
        return;
    const auto asked = std::chrono::system_clock::now();
    auto [low, high] = queryOffsetRange(m_handle.get(), partitions, m_requestTimeout);
    requests += low.calls + high.calls;
    // The brokers answered somewhere in between; the midpoint is off by half the round trip at most.
    snapshot.watermarksReadAt = asked + (std::chrono::system_clock::now() - asked) / 2;
    int failed = 0;
    for (auto& topic : snapshot.topics) {
        for (auto& p : topic.partitions) {
            const domain::TopicPartition key { topic.name, p.partition };
            if (auto it = low.offsets.find(key); it != low.offsets.end())
                p.lowWatermark = it->second;
            if (auto it = high.offsets.find(key); it != high.offsets.end())
                p.highWatermark = it->second;
            if (!p.isOffline() && (p.lowWatermark < 0 || p.highWatermark < 0))
                ++failed;
        }
    }
    if (failed > 0) {
        snapshot.warnings.push_back("Couldn't read watermarks of " + std::to_string(failed) + " partition(s) on "
            + m_config.name + ": " + (high.error.empty() ? low.error : high.error)
            + ". Record counts for them are unknown until the next refresh.");
    }
}

void ClusterWorker::fillConfigs(domain::ClusterSnapshot& snapshot, int& requests)
{
    const std::string topicSet = topicSetKey(snapshot);
    const bool stale = std::chrono::steady_clock::now() - m_configFetchedAt > kConfigMaxAge;
    if (stale || topicSet != m_configTopicSet || m_configCache.empty()) {
        std::vector<std::string> names;
        for (const auto& topic : snapshot.topics)
            names.push_back(topic.name);
        auto configs = describeTopicConfigs(m_handle.get(), names, m_requestTimeout, &stopRequested);
        ++requests;
        if (configs) {
            m_configCache = std::move(*configs);
            m_configFetchedAt = std::chrono::steady_clock::now();
            m_configTopicSet = topicSet;
        } else {
            snapshot.warnings.push_back(
                "Couldn't read topic configurations on " + m_config.name + ": " + configs.error().message);
        }
        for (auto& broker : snapshot.brokers) {
            if (stopRequested)
                break;
            auto rack = describeBrokerRack(m_handle.get(), broker.id, m_requestTimeout, &stopRequested);
            ++requests;
            if (rack)
                m_brokerRacks[broker.id] = *rack;
        }
    }
    for (auto& topic : snapshot.topics) {
        if (auto it = m_configCache.find(topic.name); it != m_configCache.end())
            topic.configs = it->second;
    }
    for (auto& broker : snapshot.brokers) {
        if (auto it = m_brokerRacks.find(broker.id); it != m_brokerRacks.end())
            broker.rack = it->second;
    }
}

bool ClusterWorker::fillGroups(domain::ClusterSnapshot& snapshot, int& requests)
{
    const bool fromLag = m_committedTopicsFromLag.has_value();
    auto groups = describeAllGroups(m_handle.get(), m_requestTimeout, requests, &stopRequested, !fromLag);
    if (!groups) {
        snapshot.warnings.push_back(
            "Couldn't list consumer groups on " + m_config.name + ": " + groups.error().message);
        return false;
    }
    if (fromLag) {
        for (domain::ConsumerGroupInfo& group : groups->groups) {
            if (auto it = m_committedTopicsFromLag->find(group.groupId); it != m_committedTopicsFromLag->end()) {
                group.committedTopics = it->second;
                continue;
            }
            if (stopRequested || !group.error.empty())
                continue;
            auto offsets = committedOffsets(m_handle.get(), group.groupId, m_requestTimeout, &stopRequested);
            ++requests;
            if (!offsets)
                continue; // shown without committed topics; the next lag sample reads them
            for (const auto& [partition, offset] : *offsets)
                if (group.committedTopics.empty() || group.committedTopics.back() != partition.topic)
                    group.committedTopics.push_back(partition.topic); // the map is ordered by topic
        }
    }
    snapshot.groups = std::move(groups->groups);
    m_groupWarnings = groups->warnings;
    for (const std::string& warning : groups->warnings)
        snapshot.warnings.push_back(warning);
    return true;
}

} // namespace sluice::kafka
