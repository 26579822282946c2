// SPDX-License-Identifier: Apache-2.0
#include "reset/record_times.h"

#include "browse/browse_consumer.h"
#include "kafka/rdkafka_handles.h"
#include "support/logging.h"

#include <QDeadlineTimer>
#include <set>

namespace sluice::reset {
namespace {

kafka::ClientProperties timeReaderProperties(const kafka::ClientProperties& cluster)
{
    kafka::ClientProperties props { { "client.id", "sluice-reset-preview" } };
    props.insert(props.end(), cluster.begin(), cluster.end());
    const kafka::ClientProperties fixed {
        { "group.id", "sluice-reset-preview" }, // assign() only: never joins, never commits
        { "enable.partition.eof", "true" },
        { "enable.auto.commit", "false" },
        { "enable.auto.offset.store", "false" },
        { "auto.offset.reset", "earliest" }, // an offset deleted meanwhile: read from the new start
        { "queued.min.messages", "1" }, // one record per partition is all we need
        { "fetch.wait.max.ms", "100" },
    };
    props.insert(props.end(), fixed.begin(), fixed.end());
    return props;
}

} // namespace

std::map<OffsetAt, std::int64_t> readRecordTimes(const kafka::ClientProperties& cluster,
    const std::vector<OffsetAt>& requests, const std::map<domain::TopicPartition, std::int64_t>& logEnds,
    std::chrono::milliseconds timeout, const std::atomic<bool>* cancel)
{
    std::map<OffsetAt, std::int64_t> out;
    // Rounds: the n-th smallest distinct offset of every partition goes into round n.
    std::map<domain::TopicPartition, std::set<std::int64_t>> wanted;
    for (const auto& [tp, offset] : requests) {
        auto end = logEnds.find(tp);
        if (offset >= 0 && end != logEnds.end() && offset < end->second)
            wanted[tp].insert(offset);
    }
    if (wanted.empty())
        return out;
    auto consumer = browse::createBrowseConsumer(timeReaderProperties(cluster), nullptr, nullptr);
    if (!consumer) {
        logging::replay()->warn("reset preview: no consumer for record times: {}", consumer.error().message);
        return out;
    }
    rd_kafka_t* rk = consumer->get();
    for (std::size_t round = 0;; ++round) {
        std::map<domain::TopicPartition, std::int64_t> pending;
        for (const auto& [tp, offsets] : wanted)
            if (offsets.size() > round)
                pending[tp] = *std::next(offsets.begin(), static_cast<std::ptrdiff_t>(round));
        if (pending.empty())
            break;
        kafka::PartitionList list(rd_kafka_topic_partition_list_new(static_cast<int>(pending.size())));
        for (const auto& [tp, offset] : pending)
            rd_kafka_topic_partition_list_add(list.get(), tp.topic.c_str(), tp.partition)->offset = offset;
        if (rd_kafka_assign(rk, list.get()) != RD_KAFKA_RESP_ERR_NO_ERROR)
            break;
        QDeadlineTimer deadline(timeout.count());
        while (!pending.empty() && !deadline.hasExpired() && !(cancel && cancel->load())) {
            rd_kafka_message_t* message = rd_kafka_consumer_poll(rk, 100);
            if (!message)
                continue;
            const domain::TopicPartition tp { message->rkt ? rd_kafka_topic_name(message->rkt) : "",
                message->partition };
            auto it = pending.find(tp);
            if (it != pending.end()) {
                if (message->err == RD_KAFKA_RESP_ERR__PARTITION_EOF) {
                    pending.erase(it);
                } else if (message->err == RD_KAFKA_RESP_ERR_NO_ERROR && message->offset >= it->second) {
                    rd_kafka_timestamp_type_t type = RD_KAFKA_TIMESTAMP_NOT_AVAILABLE;
                    const std::int64_t ms = rd_kafka_message_timestamp(message, &type);
                    if (type != RD_KAFKA_TIMESTAMP_NOT_AVAILABLE && ms >= 0)
                        out[{ tp, it->second }] = ms;
                    pending.erase(it);
                }
            }
            rd_kafka_message_destroy(message);
        }
        if (cancel && cancel->load())
            break;
    }
    rd_kafka_assign(rk, nullptr);
    rd_kafka_consumer_close(rk);
    return out;
}

} // namespace sluice::reset
