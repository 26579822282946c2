// SPDX-License-Identifier: Apache-2.0
#pragma once

// The librdkafka consumer the browser reads with: no consumer group (partitions are
// started one by one on a queue, as kcat does), nothing committed or stored, partition
// EOF reported, fetch queues sized for throughput. Internal to src/browse; includes
// librdkafka headers, so nothing under ui/ may include it.

#include "browse/scan_request.h"
#include "kafka/admin_calls.h"
#include "kafka/client_config.h"
#include "kafka/rdkafka_handles.h"
#include "support/result.h"

#include <chrono>
#include <cstdint>
#include <string>

namespace sluice::browse {

// Tuning defaults, then the cluster's properties (connection, security and the workspace's
// extras, which may override tuning), then what the browser relies on, then
// tuning.extraProperties.
kafka::ClientProperties browseConsumerProperties(
    const kafka::ClientProperties& cluster, const ScanTuning& tuning, bool readCommitted);

// A consumer handle with librdkafka's log forwarded to the kafka logger.
Result<kafka::KafkaHandle> createBrowseConsumer(
    const kafka::ClientProperties& properties, void* opaque, kafka::ErrorCallback errorCallback);

// Classifies a consume or fetch error for the user.
ErrorKind errorKindOf(rd_kafka_resp_err_t err);

struct TopicHandleDeleter {
    void operator()(rd_kafka_topic_t* topic) const { rd_kafka_topic_destroy(topic); }
};
using TopicHandle = std::unique_ptr<rd_kafka_topic_t, TopicHandleDeleter>;

// Partition ids of `topic` (sorted), or NotFound when the cluster has no such topic.
Result<std::vector<std::int32_t>> topicPartitions(
    rd_kafka_t* rk, rd_kafka_topic_t* topic, std::chrono::milliseconds timeout);

} // namespace sluice::browse
