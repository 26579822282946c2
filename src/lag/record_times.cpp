// SPDX-License-Identifier: Apache-2.0
#include "lag/record_times.h"

#include "kafka/rdkafka_handles.h"
#include "support/redaction.h"

#include <algorithm>
#include <array>
#include <map>

namespace sluice::lag {

Result<kafka::KafkaHandle> createRecordTimeConsumer(const kafka::ClientProperties& cluster)
{
    kafka::ClientProperties props { { "client.id", "sluice-lag-exact" }, { "fetch.wait.max.ms", "100" },
        { "max.partition.fetch.bytes", "65536" }, { "queued.min.messages", "1" } };
    props.insert(props.end(), cluster.begin(), cluster.end());
    const kafka::ClientProperties fixed { { "enable.partition.eof", "true" },
        // assign() needs a group id; nothing joins (no subscribe) or commits, so no group
        // appears on the cluster.
        { "group.id", "sluice-lag-exact" }, { "enable.auto.commit", "false" }, { "enable.auto.offset.store", "false" },
        { "auto.offset.reset", "earliest" } };
    props.insert(props.end(), fixed.begin(), fixed.end());
    kafka::KafkaConf conf(rd_kafka_conf_new());
    std::array<char, 512> errstr {};
    for (const auto& [key, value] : props) {
        if (rd_kafka_conf_set(conf.get(), key.c_str(), value.c_str(), errstr.data(), errstr.size()) != RD_KAFKA_CONF_OK)
            return Error { ErrorKind::Configuration,
                "Invalid client setting " + key + "=" + redaction::displayValue(key, value) + ": "
                    + redaction::redact(errstr.data()) + ". Fix or remove it in the workspace.",
                {} };
    }
    rd_kafka_t* rk = rd_kafka_new(RD_KAFKA_CONSUMER, conf.get(), errstr.data(), errstr.size());
    if (!rk)
        return Error { ErrorKind::Configuration,
            "Couldn't create a Kafka consumer: " + redaction::redact(errstr.data()), {} };
    (void)conf.release(); // rd_kafka_new() took ownership
    return kafka::KafkaHandle(rk);
}

std::vector<RecordTime> readRecordTimes(rd_kafka_t* consumer, std::span<const RecordTimeQuery> queries,
    std::chrono::milliseconds timeout, const kafka::CancelFlag* cancel)
{
    std::vector<RecordTime> out;
    std::map<domain::TopicPartition, std::size_t> index;
    kafka::PartitionList list(rd_kafka_topic_partition_list_new(static_cast<int>(queries.size())));
    for (const RecordTimeQuery& q : queries) {
        if (index.count(q.partition))
            continue; // asked twice: answered once
        index[q.partition] = out.size();
        out.push_back({ q.partition, q.offset, std::nullopt, std::nullopt, false, {} });
        rd_kafka_topic_partition_list_add(list.get(), q.partition.topic.c_str(), q.partition.partition)->offset
            = q.offset;
    }
    if (out.empty())
        return out;
    if (const rd_kafka_resp_err_t err = rd_kafka_assign(consumer, list.get()); err != RD_KAFKA_RESP_ERR_NO_ERROR) {
        for (RecordTime& r : out)
            r.error = "Couldn't read the record at the committed offset: " + kafka::explainError(err);
        return out;
    }
    std::size_t open = out.size();
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (open > 0 && std::chrono::steady_clock::now() < deadline && !(cancel && cancel->load())) {
        rd_kafka_message_t* message = rd_kafka_consumer_poll(consumer, 100);
        if (!message)
            continue;
        const std::unique_ptr<rd_kafka_message_t, decltype(&rd_kafka_message_destroy)> owned(
            message, &rd_kafka_message_destroy);
        if (!message->rkt) {
            continue; // a consumer-level event (e.g. all brokers down): the deadline bounds it
        }
        const domain::TopicPartition tp { rd_kafka_topic_name(message->rkt), message->partition };
        const auto it = index.find(tp);
        if (it == index.end())
            continue;
        RecordTime& r = out[it->second];
        if (r.atEnd || r.timestampMs || !r.error.empty())
            continue; // already answered; later records are not wanted
        if (message->err == RD_KAFKA_RESP_ERR__PARTITION_EOF) {
            r.atEnd = true;
        } else if (message->err != RD_KAFKA_RESP_ERR_NO_ERROR) {
            r.error = "Couldn't read the record at the committed offset: " + kafka::explainError(message->err);
        } else {
            rd_kafka_timestamp_type_t type = RD_KAFKA_TIMESTAMP_NOT_AVAILABLE;
            const std::int64_t ts = rd_kafka_message_timestamp(message, &type);
            r.recordOffset = message->offset;
            if (type != RD_KAFKA_TIMESTAMP_NOT_AVAILABLE && ts >= 0)
                r.timestampMs = ts;
            else
                r.error = "The record has no timestamp.";
        }
        // Stop fetching this partition: one record is all we wanted.
        kafka::PartitionList one(rd_kafka_topic_partition_list_new(1));
        rd_kafka_topic_partition_list_add(one.get(), tp.topic.c_str(), tp.partition);
        rd_kafka_pause_partitions(consumer, one.get());
        --open;
    }
    // Pausing outlives the assignment in librdkafka: resume, or the next read of these
    // partitions would wait for nothing.
    rd_kafka_resume_partitions(consumer, list.get());
    rd_kafka_assign(consumer, nullptr);
    for (RecordTime& r : out) {
        if (!r.atEnd && !r.timestampMs && r.error.empty())
            r.error = cancel && cancel->load() ? "Cancelled." : "No record arrived in time.";
    }
    return out;
}

std::optional<double> exactLagSeconds(const RecordTime& time, std::int64_t nowMs)
{
    if (time.atEnd)
        return 0.0;
    if (!time.timestampMs)
        return std::nullopt;
    return std::max<double>(0.0, static_cast<double>(nowMs - *time.timestampMs) / 1000.0);
}

} // namespace sluice::lag
