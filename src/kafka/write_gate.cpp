// SPDX-License-Identifier: Apache-2.0
#include "kafka/write_gate.h"

#include "support/logging.h"
#include "support/redaction.h"

namespace sluice::kafka {
namespace {

struct Counters {
    std::array<std::atomic<std::uint64_t>, kMutationKinds> allowed {};
    std::array<std::atomic<std::uint64_t>, kMutationKinds> refused {};
};

Counters& counters()
{
    static Counters instance;
    return instance;
}

std::size_t indexOf(Mutation mutation)
{
    return static_cast<std::size_t>(mutation);
}

void forwardLog(const rd_kafka_t* /*rk*/, int level, const char* facility, const char* text)
{
    auto log = logging::kafka();
    const auto spdLevel = level <= 3 ? spdlog::level::warn : level <= 6 ? spdlog::level::info : spdlog::level::debug;
    log->log(spdLevel, "librdkafka {}: {}", facility ? facility : "", text ? text : "");
}

// Counts and, for a read-only cluster, refuses; used by the producer's own methods too.
rd_kafka_error_t* gateCall(const config::ClusterConfig& cluster, Mutation mutation)
{
    if (cluster.readOnly) {
        counters().refused[indexOf(mutation)].fetch_add(1, std::memory_order_relaxed);
        return rd_kafka_error_new(RD_KAFKA_RESP_ERR__NOT_IMPLEMENTED, "cluster %s is read-only", cluster.name.c_str());
    }
    counters().allowed[indexOf(mutation)].fetch_add(1, std::memory_order_relaxed);
    return nullptr;
}

} // namespace

std::string_view nameOf(Mutation mutation)
{
    switch (mutation) {
    case Mutation::CreateProducer:
        return "create-producer";
    case Mutation::Produce:
        return "produce";
    case Mutation::CommitOffsets:
        return "commit-offsets";
    case Mutation::Transaction:
        return "transaction";
    case Mutation::DeleteRecords:
        return "delete-records";
    case Mutation::AlterTopics:
        return "alter-topics";
    case Mutation::DeleteGroups:
        return "delete-groups";
    }
    return "unknown";
}

std::uint64_t GateCounts::allowedTotal() const
{
    std::uint64_t sum = 0;
    for (auto n : allowed)
        sum += n;
    return sum;
}

std::uint64_t GateCounts::refusedTotal() const
{
    std::uint64_t sum = 0;
    for (auto n : refused)
        sum += n;
    return sum;
}

GateCounts gateCounts()
{
    GateCounts out;
    for (std::size_t i = 0; i < kMutationKinds; ++i) {
        out.allowed[i] = counters().allowed[i].load();
        out.refused[i] = counters().refused[i].load();
    }
    return out;
}

Status authorize(const config::ClusterConfig& cluster, Mutation mutation, std::string_view what)
{
    if (cluster.readOnly) {
        counters().refused[indexOf(mutation)].fetch_add(1, std::memory_order_relaxed);
        logging::kafka()->warn("refused {} on read-only cluster {}: {}", nameOf(mutation), cluster.name, what);
        return Error { ErrorKind::Configuration,
            "Cluster " + cluster.name + " is read-only in this workspace, so Sluice refuses to " + std::string(what)
                + ". Clear readOnly for the cluster in the workspace to allow writes.",
            std::string(nameOf(mutation)) };
    }
    counters().allowed[indexOf(mutation)].fetch_add(1, std::memory_order_relaxed);
    return Ok {};
}

GuardedProducer::GuardedProducer(config::ClusterConfig cluster, KafkaHandle handle)
    : m_cluster(std::move(cluster))
    , m_handle(std::move(handle))
{
}

GuardedProducer::~GuardedProducer() = default;

rd_kafka_error_t* GuardedProducer::produce(const rd_kafka_vu_t* vus, std::size_t count)
{
    if (auto* refused = gateCall(m_cluster, Mutation::Produce))
        return refused;
    return rd_kafka_produceva(m_handle.get(), vus, count);
}

rd_kafka_error_t* GuardedProducer::initTransactions(int timeoutMs)
{
    if (auto* refused = gateCall(m_cluster, Mutation::Transaction))
        return refused;
    return rd_kafka_init_transactions(m_handle.get(), timeoutMs);
}

rd_kafka_error_t* GuardedProducer::beginTransaction()
{
    if (auto* refused = gateCall(m_cluster, Mutation::Transaction))
        return refused;
    return rd_kafka_begin_transaction(m_handle.get());
}

rd_kafka_error_t* GuardedProducer::sendOffsetsToTransaction(
    const rd_kafka_topic_partition_list_t* offsets, const rd_kafka_consumer_group_metadata_t* group, int timeoutMs)
{
    if (auto* refused = gateCall(m_cluster, Mutation::CommitOffsets))
        return refused;
    return rd_kafka_send_offsets_to_transaction(m_handle.get(), offsets, group, timeoutMs);
}

rd_kafka_error_t* GuardedProducer::commitTransaction(int timeoutMs)
{
    if (auto* refused = gateCall(m_cluster, Mutation::Transaction))
        return refused;
    return rd_kafka_commit_transaction(m_handle.get(), timeoutMs);
}

rd_kafka_error_t* GuardedProducer::abortTransaction(int timeoutMs)
{
    if (auto* refused = gateCall(m_cluster, Mutation::Transaction))
        return refused;
    return rd_kafka_abort_transaction(m_handle.get(), timeoutMs);
}

Result<std::unique_ptr<GuardedProducer>> createProducer(const config::ClusterConfig& cluster,
    const ClientProperties& properties, void (*deliveryCallback)(rd_kafka_t*, const rd_kafka_message_t*, void*),
    void* opaque, std::string_view what)
{
    if (auto allowed = authorize(cluster, Mutation::CreateProducer, what); !allowed)
        return allowed.error();
    KafkaConf conf(rd_kafka_conf_new());
    std::array<char, 512> errstr {};
    for (const auto& [key, value] : properties) {
        if (rd_kafka_conf_set(conf.get(), key.c_str(), value.c_str(), errstr.data(), errstr.size()) != RD_KAFKA_CONF_OK)
            return Error { ErrorKind::Configuration,
                "Invalid producer setting " + key + "=" + redaction::displayValue(key, value) + ": "
                    + redaction::redact(errstr.data()),
                {} };
    }
    rd_kafka_conf_set_opaque(conf.get(), opaque);
    if (deliveryCallback)
        rd_kafka_conf_set_dr_msg_cb(conf.get(), deliveryCallback);
    rd_kafka_conf_set_log_cb(conf.get(), forwardLog);
    rd_kafka_t* rk = rd_kafka_new(RD_KAFKA_PRODUCER, conf.get(), errstr.data(), errstr.size());
    if (!rk)
        return Error { ErrorKind::Configuration,
            "Couldn't create a Kafka producer: " + redaction::redact(errstr.data()), {} };
    (void)conf.release();
    return std::unique_ptr<GuardedProducer>(new GuardedProducer(cluster, KafkaHandle(rk)));
}

} // namespace sluice::kafka
