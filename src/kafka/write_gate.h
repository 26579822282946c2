// SPDX-License-Identifier: Apache-2.0
#pragma once

// The one choke point for every write Sluice makes to a cluster. A cluster marked
// `readOnly` in the workspace never gets a producer and never sends a mutating request:
// producers exist only as GuardedProducer, which only the gate creates, and every
// mutating admin call asks authorize() first. The gate counts what it allowed and
// refused per kind, for tests and the audit view.
//
// Internal to src/ (includes librdkafka); nothing under ui/ may include it.

#include "config/workspace.h"
#include "kafka/client_config.h"
#include "kafka/rdkafka_handles.h"
#include "support/result.h"

#include <array>
#include <atomic>
#include <cstdint>
#include <string>
#include <string_view>

namespace sluice::kafka {

enum class Mutation {
    CreateProducer,
    Produce,
    CommitOffsets, // OffsetCommit, TxnOffsetCommit, AlterConsumerGroupOffsets
    Transaction, // InitProducerId, AddPartitionsToTxn, EndTxn
    DeleteRecords,
    AlterTopics, // create, delete, partitions, configs
    DeleteGroups,
};
inline constexpr std::size_t kMutationKinds = 7;
std::string_view nameOf(Mutation mutation);

struct GateCounts {
    std::array<std::uint64_t, kMutationKinds> allowed {};
    std::array<std::uint64_t, kMutationKinds> refused {};
    std::uint64_t allowedTotal() const;
    std::uint64_t refusedTotal() const;
};

// Process-wide counters (tests take a snapshot before and after).
GateCounts gateCounts();

// Allowed unless the cluster is read-only; counts either way. `what` names the action in
// the refusal ("replay to orders", "reset offsets of group billing").
Status authorize(const config::ClusterConfig& cluster, Mutation mutation, std::string_view what);

// A producer for a cluster that is not read-only. Every produce and transactional call
// goes through it, so it counts them and refuses them if the handle was somehow obtained
// for a read-only cluster (it cannot be: the constructor is private to the gate).
class GuardedProducer {
public:
    ~GuardedProducer();
    GuardedProducer(const GuardedProducer&) = delete;
    GuardedProducer& operator=(const GuardedProducer&) = delete;

    rd_kafka_t* handle() const { return m_handle.get(); } // polling, flush, metadata only
    const config::ClusterConfig& cluster() const { return m_cluster; }

    // rd_kafka_produceva with the given vus; counted as one Produce.
    rd_kafka_error_t* produce(const rd_kafka_vu_t* vus, std::size_t count);
    rd_kafka_error_t* initTransactions(int timeoutMs);
    rd_kafka_error_t* beginTransaction();
    rd_kafka_error_t* sendOffsetsToTransaction(
        const rd_kafka_topic_partition_list_t* offsets, const rd_kafka_consumer_group_metadata_t* group, int timeoutMs);
    rd_kafka_error_t* commitTransaction(int timeoutMs);
    rd_kafka_error_t* abortTransaction(int timeoutMs);

private:
    friend Result<std::unique_ptr<GuardedProducer>> createProducer(const config::ClusterConfig&,
        const ClientProperties&, void (*)(rd_kafka_t*, const rd_kafka_message_t*, void*), void*, std::string_view);
    GuardedProducer(config::ClusterConfig cluster, KafkaHandle handle);
    config::ClusterConfig m_cluster;
    KafkaHandle m_handle;
};

// Creates a producer with `properties` (the cluster's connection properties plus the
// caller's producer settings) and a delivery-report callback. Refused for read-only
// clusters before any librdkafka object exists.
Result<std::unique_ptr<GuardedProducer>> createProducer(const config::ClusterConfig& cluster,
    const ClientProperties& properties, void (*deliveryCallback)(rd_kafka_t*, const rd_kafka_message_t*, void*),
    void* opaque, std::string_view what);

} // namespace sluice::kafka
