// SPDX-License-Identifier: Apache-2.0
#include "browse/browse_consumer.h"

#include "support/logging.h"
#include "support/redaction.h"

#include <algorithm>
#include <array>

namespace sluice::browse {
namespace {

void forwardLog(const rd_kafka_t* /*rk*/, int level, const char* facility, const char* text)
{
    // librdkafka's own threads call this; spdlog is thread-safe and its sink redacts.
    const auto spdLevel = level <= 3 ? spdlog::level::warn : level <= 6 ? spdlog::level::info : spdlog::level::debug;
    logging::kafka()->log(spdLevel, "librdkafka browse {}: {}", facility ? facility : "", text ? text : "");
}

int toMs(std::chrono::milliseconds timeout)
{
    return static_cast<int>(std::clamp<std::chrono::milliseconds::rep>(timeout.count(), 0, 3'600'000));
}

} // namespace

kafka::ClientProperties browseConsumerProperties(
    const kafka::ClientProperties& cluster, const ScanTuning& tuning, bool readCommitted)
{
    kafka::ClientProperties props {
        { "client.id", "sluice-browser" },
        { "queued.min.messages", std::to_string(tuning.queuedMinMessages) },
        { "queued.max.messages.kbytes", std::to_string(tuning.queuedMaxMessagesKbytes) },
        { "fetch.max.bytes", std::to_string(tuning.fetchMaxBytes) },
        { "max.partition.fetch.bytes", std::to_string(tuning.maxPartitionFetchBytes) },
        { "fetch.wait.max.ms", std::to_string(tuning.fetchWaitMaxMs) },
        // Must exceed fetch.max.bytes; librdkafka refuses the configuration otherwise.
        { "receive.message.max.bytes", std::to_string(std::max(100000000, tuning.fetchMaxBytes + (1 << 20))) },
    };
    props.insert(props.end(), cluster.begin(), cluster.end());
    const kafka::ClientProperties fixed {
        { "enable.partition.eof", "true" },
        { "enable.auto.commit", "false" },
        { "enable.auto.offset.store", "false" },
        { "isolation.level", readCommitted ? "read_committed" : "read_uncommitted" },
        // A start offset deleted by retention between planning and fetching: go on from the
        // new log start rather than stop.
        { "auto.offset.reset", "earliest" },
    };
    props.insert(props.end(), fixed.begin(), fixed.end());
    props.insert(props.end(), tuning.extraProperties.begin(), tuning.extraProperties.end());
    return props;
}

Result<kafka::KafkaHandle> createBrowseConsumer(
    const kafka::ClientProperties& properties, void* opaque, kafka::ErrorCallback errorCallback)
{
    kafka::KafkaConf conf(rd_kafka_conf_new());
    std::array<char, 512> errstr {};
    for (const auto& [key, value] : properties) {
        if (rd_kafka_conf_set(conf.get(), key.c_str(), value.c_str(), errstr.data(), errstr.size()) != RD_KAFKA_CONF_OK)
            return Error { ErrorKind::Configuration,
                "Invalid client setting " + key + "=" + redaction::displayValue(key, value) + ": "
                    + redaction::redact(errstr.data()) + ". Fix or remove it in the workspace.",
                {} };
    }
    rd_kafka_conf_set_opaque(conf.get(), opaque);
    if (errorCallback)
        rd_kafka_conf_set_error_cb(conf.get(), errorCallback);
    rd_kafka_conf_set_log_cb(conf.get(), forwardLog);
    rd_kafka_t* rk = rd_kafka_new(RD_KAFKA_CONSUMER, conf.get(), errstr.data(), errstr.size());
    if (!rk)
        return Error { ErrorKind::Configuration,
            "Couldn't create a Kafka consumer: " + redaction::redact(errstr.data()), {} };
    (void)conf.release(); // rd_kafka_new() took ownership
    return kafka::KafkaHandle(rk);
}

ErrorKind errorKindOf(rd_kafka_resp_err_t err)
{
    switch (err) {
    case RD_KAFKA_RESP_ERR__UNKNOWN_TOPIC:
    case RD_KAFKA_RESP_ERR__UNKNOWN_PARTITION:
    case RD_KAFKA_RESP_ERR_UNKNOWN_TOPIC_OR_PART:
        return ErrorKind::NotFound;
    case RD_KAFKA_RESP_ERR_TOPIC_AUTHORIZATION_FAILED:
    case RD_KAFKA_RESP_ERR_CLUSTER_AUTHORIZATION_FAILED:
    case RD_KAFKA_RESP_ERR__AUTHENTICATION:
    case RD_KAFKA_RESP_ERR_SASL_AUTHENTICATION_FAILED:
        return ErrorKind::Authorization;
    case RD_KAFKA_RESP_ERR__SSL:
    case RD_KAFKA_RESP_ERR__INVALID_ARG:
        return ErrorKind::Configuration;
    case RD_KAFKA_RESP_ERR__FATAL:
        return ErrorKind::Fatal;
    default:
        return ErrorKind::Transient;
    }
}

Result<std::vector<std::int32_t>> topicPartitions(
    rd_kafka_t* rk, rd_kafka_topic_t* topic, std::chrono::milliseconds timeout)
{
    const rd_kafka_metadata_t* raw = nullptr;
    const rd_kafka_resp_err_t err = rd_kafka_metadata(rk, 0, topic, &raw, toMs(timeout));
    if (err != RD_KAFKA_RESP_ERR_NO_ERROR)
        return Error { errorKindOf(err),
            "Couldn't read the partitions of topic " + std::string(rd_kafka_topic_name(topic)) + ". "
                + kafka::explainError(err),
            rd_kafka_err2name(err) };
    kafka::Metadata md(raw);
    if (md->topic_cnt != 1 || md->topics[0].err == RD_KAFKA_RESP_ERR_UNKNOWN_TOPIC_OR_PART
        || (md->topics[0].err == RD_KAFKA_RESP_ERR_NO_ERROR && md->topics[0].partition_cnt == 0))
        return Error { ErrorKind::NotFound,
            "Topic " + std::string(rd_kafka_topic_name(topic))
                + " does not exist on this cluster (deleted, or a typo). Refresh the topic list.",
            {} };
    const auto& t = md->topics[0];
    if (t.err != RD_KAFKA_RESP_ERR_NO_ERROR)
        return Error { errorKindOf(t.err),
            "Couldn't read the partitions of topic " + std::string(t.topic) + ". " + kafka::explainError(t.err),
            rd_kafka_err2name(t.err) };
    std::vector<std::int32_t> partitions;
    for (int i = 0; i < t.partition_cnt; ++i)
        partitions.push_back(t.partitions[i].id);
    std::sort(partitions.begin(), partitions.end());
    return partitions;
}

} // namespace sluice::browse
