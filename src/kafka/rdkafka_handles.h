// SPDX-License-Identifier: Apache-2.0
#pragma once

// RAII owners for librdkafka objects. Only src/kafka includes this header; nothing that
// ui/ includes may pull in rdkafka.h.

#include <librdkafka/rdkafka.h>

#include <memory>

namespace sluice::kafka {

struct HandleDeleter {
    void operator()(rd_kafka_t* rk) const { rd_kafka_destroy(rk); }
};
struct ConfDeleter {
    void operator()(rd_kafka_conf_t* conf) const { rd_kafka_conf_destroy(conf); }
};
struct QueueDeleter {
    void operator()(rd_kafka_queue_t* queue) const { rd_kafka_queue_destroy(queue); }
};
struct EventDeleter {
    void operator()(rd_kafka_event_t* event) const { rd_kafka_event_destroy(event); }
};
struct TopicPartitionListDeleter {
    void operator()(rd_kafka_topic_partition_list_t* list) const { rd_kafka_topic_partition_list_destroy(list); }
};
struct MetadataDeleter {
    void operator()(const rd_kafka_metadata_t* md) const { rd_kafka_metadata_destroy(md); }
};
struct AdminOptionsDeleter {
    void operator()(rd_kafka_AdminOptions_t* options) const { rd_kafka_AdminOptions_destroy(options); }
};

using KafkaHandle = std::unique_ptr<rd_kafka_t, HandleDeleter>;
using KafkaConf = std::unique_ptr<rd_kafka_conf_t, ConfDeleter>;
using KafkaQueue = std::unique_ptr<rd_kafka_queue_t, QueueDeleter>;
using KafkaEvent = std::unique_ptr<rd_kafka_event_t, EventDeleter>;
using PartitionList = std::unique_ptr<rd_kafka_topic_partition_list_t, TopicPartitionListDeleter>;
using Metadata = std::unique_ptr<const rd_kafka_metadata_t, MetadataDeleter>;
using AdminOptions = std::unique_ptr<rd_kafka_AdminOptions_t, AdminOptionsDeleter>;

} // namespace sluice::kafka
