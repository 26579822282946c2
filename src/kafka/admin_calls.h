// SPDX-License-Identifier: Apache-2.0
#pragma once

// Blocking librdkafka calls used by the workers. Each waits at most `timeout` and must only
// be called on the thread that owns the handle. Shared by metadata refresh, the connection
// probe and (later) lag sampling.

#include "domain/cluster_snapshot.h"
#include "kafka/client_config.h"
#include "kafka/rdkafka_handles.h"
#include "support/result.h"

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <vector>

namespace sluice::kafka {

using ErrorCallback = void (*)(rd_kafka_t*, int, const char*, void*);

// Set by another thread to make a waiting call give up early (it then fails with a
// Transient "cancelled" error). Calls check it at least every kCancelCheck.
using CancelFlag = std::atomic<bool>;
inline constexpr std::chrono::milliseconds kCancelCheck{100};

// A producer-type handle (no group membership) configured with `properties`; librdkafka's
// log lines are forwarded to the "kafka" logger. `opaque` is handed to errorCallback.
Result<KafkaHandle> createClient(const ClientProperties& properties, void* opaque, ErrorCallback errorCallback);

// Brokers, topics and partitions (leaders, replicas, ISR), controller and cluster id.
Result<domain::ClusterSnapshot> fetchMetadata(rd_kafka_t* rk, std::chrono::milliseconds timeout,
                                              const CancelFlag* cancel = nullptr);

enum class OffsetSpec { Earliest, Latest };
struct OffsetQueryResult {
    std::map<domain::TopicPartition, std::int64_t> offsets; // partitions that answered
    std::string error;                                      // first failure, empty when none
    int calls = 0; // batched queries sent (each is one ListOffsets request per partition leader)
};
// Batched ListOffsets (rd_kafka_offsets_for_times with the earliest/latest sentinel) instead of
// one watermark query per partition. Lists longer than kOffsetQueryChunk go out as several
// batches at once on short-lived threads: librdkafka 2.0 merges each answer into the caller's
// list with a linear search per partition, which is quadratic in the batch length (about a
// second of CPU for 10 000 partitions in one batch, a few milliseconds in batches of 500).
// `chunk` is the batch length (tests pass a small one to exercise the merge).
inline constexpr std::size_t kOffsetQueryChunk = 500;
OffsetQueryResult queryOffsets(rd_kafka_t* rk, const std::vector<domain::TopicPartition>& partitions,
                               OffsetSpec spec, std::chrono::milliseconds timeout,
                               std::size_t chunk = kOffsetQueryChunk);

struct OffsetRange {
    OffsetQueryResult earliest;
    OffsetQueryResult latest;
};
// Earliest and latest offsets together: both queries (and their batches) run concurrently, so
// this takes about one round trip instead of two.
OffsetRange queryOffsetRange(rd_kafka_t* rk, const std::vector<domain::TopicPartition>& partitions,
                             std::chrono::milliseconds timeout, std::size_t chunk = kOffsetQueryChunk);

// Configs of all named topics in one DescribeConfigs call; sensitive values masked.
Result<std::map<std::string, std::vector<domain::ConfigEntry>>>
describeTopicConfigs(rd_kafka_t* rk, const std::vector<std::string>& topics, std::chrono::milliseconds timeout,
                     const CancelFlag* cancel = nullptr);

// The broker's "broker.rack" setting (empty when it has none).
Result<std::string> describeBrokerRack(rd_kafka_t* rk, std::int32_t brokerId, std::chrono::milliseconds timeout,
                                       const CancelFlag* cancel = nullptr);

struct GroupListing {
    std::vector<domain::ConsumerGroupInfo> groups; // sorted by id
    std::vector<std::string> warnings;             // groups that could not be described
};
// ListConsumerGroups, then DescribeConsumerGroups for all, then (withCommittedTopics) the
// committed offsets of each group (one request per group, all in flight together) to fill
// committedTopics. The lag sampler reads committed offsets itself and passes false: asking
// twice doubled its requests (B6). `requests` is incremented by the number of admin calls made.
// `onListed`, when given, is called with the listed group ids as soon as the describe request
// is out, so a caller can ask for something else about the same groups while it is answered.
using GroupIdsCallback = std::function<void(const std::vector<std::string>& ids)>;
Result<GroupListing> describeAllGroups(rd_kafka_t* rk, std::chrono::milliseconds timeout, int& requests,
                                       const CancelFlag* cancel = nullptr, bool withCommittedTopics = true,
                                       const GroupIdsCallback& onListed = {});

// Committed offsets of one group: partition → offset (partitions without a commit are absent).
Result<std::map<domain::TopicPartition, std::int64_t>> committedOffsets(rd_kafka_t* rk, const std::string& group,
                                                                        std::chrono::milliseconds timeout,
                                                                        const CancelFlag* cancel = nullptr);

// Human text for a librdkafka error code, with what to try next where we know it.
std::string explainError(rd_kafka_resp_err_t err);

} // namespace sluice::kafka
