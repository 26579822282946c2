// SPDX-License-Identifier: Apache-2.0
#include "browse/record_fetcher.h"

#include "browse/browse_consumer.h"
#include "kafka/client_config.h"

#include <map>

namespace sluice::browse {
namespace {

using Clock = std::chrono::steady_clock;

decode::TimestampType timestampTypeOf(rd_kafka_timestamp_type_t type)
{
    switch (type) {
    case RD_KAFKA_TIMESTAMP_CREATE_TIME:
        return decode::TimestampType::CreateTime;
    case RD_KAFKA_TIMESTAMP_LOG_APPEND_TIME:
        return decode::TimestampType::LogAppendTime;
    default:
        return decode::TimestampType::NotAvailable;
    }
}

decode::Record copyRecord(const rd_kafka_message_t* message, const std::string& topic)
{
    decode::Record record;
    record.topic = topic;
    record.partition = message->partition;
    record.offset = message->offset;
    rd_kafka_timestamp_type_t tsType = RD_KAFKA_TIMESTAMP_NOT_AVAILABLE;
    record.timestamp.ms = rd_kafka_message_timestamp(message, &tsType);
    record.timestamp.type = timestampTypeOf(tsType);
    if (message->key) {
        const auto* key = static_cast<const std::uint8_t*>(message->key);
        record.key = decode::Bytes(key, key + message->key_len);
    }
    if (message->payload) {
        const auto* value = static_cast<const std::uint8_t*>(message->payload);
        record.value = decode::Bytes(value, value + message->len);
    }
    rd_kafka_headers_t* headers = nullptr;
    if (rd_kafka_message_headers(message, &headers) == RD_KAFKA_RESP_ERR_NO_ERROR && headers) {
        const char* name = nullptr;
        const void* value = nullptr;
        std::size_t size = 0;
        for (std::size_t i = 0; rd_kafka_header_get_all(headers, i, &name, &value, &size) == RD_KAFKA_RESP_ERR_NO_ERROR;
             ++i) {
            decode::Header header;
            header.name = name;
            if (value) {
                const auto* bytes = static_cast<const std::uint8_t*>(value);
                header.value = decode::Bytes(bytes, bytes + size);
            }
            record.headers.push_back(std::move(header));
        }
    }
    return record;
}

struct MessageDeleter {
    void operator()(rd_kafka_message_t* message) const { rd_kafka_message_destroy(message); }
};
using Message = std::unique_ptr<rd_kafka_message_t, MessageDeleter>;

} // namespace

struct RecordFetcher::Client {
    kafka::KafkaHandle handle;
    std::map<std::string, TopicHandle> topics; // destroyed before the handle (declared after it)
};

RecordFetcher::RecordFetcher(config::ClusterConfig cluster, std::shared_ptr<kafka::SecretResolver> secrets)
    : m_cluster(std::move(cluster))
    , m_secrets(secrets ? std::move(secrets) : kafka::makeEnvSecretResolver())
{
}

RecordFetcher::~RecordFetcher()
{
    if (m_client)
        m_client->topics.clear();
}

Status RecordFetcher::ensureClient()
{
    if (m_client)
        return Ok {};
    auto cluster = kafka::buildClientProperties(m_cluster, *m_secrets);
    if (!cluster)
        return cluster.error();
    ScanTuning tuning;
    tuning.queuedMinMessages = 1; // one record is wanted; prefetch little
    tuning.queuedMaxMessagesKbytes = 1024;
    tuning.maxPartitionFetchBytes = 1 << 20;
    tuning.extraProperties = { { "auto.offset.reset", "error" }, { "client.id", "sluice-record-fetch" } };
    auto handle = createBrowseConsumer(browseConsumerProperties(*cluster, tuning, true), nullptr, nullptr);
    if (!handle)
        return handle.error();
    m_client = std::make_unique<Client>();
    m_client->handle = std::move(*handle);
    return Ok {};
}

Result<decode::Record> RecordFetcher::fetch(
    const std::string& topic, std::int32_t partition, std::int64_t offset, std::chrono::milliseconds timeout)
{
    if (auto ready = ensureClient(); !ready)
        return ready.error();
    const std::string where = "partition " + std::to_string(partition) + " offset " + std::to_string(offset)
        + " of topic " + topic + " on " + m_cluster.name;
    if (offset < 0)
        return Error { ErrorKind::NotFound, "There is no record at " + where + ".", {} };
    auto& topicHandle = m_client->topics[topic];
    if (!topicHandle)
        topicHandle.reset(rd_kafka_topic_new(m_client->handle.get(), topic.c_str(), nullptr));
    if (!topicHandle)
        return Error { ErrorKind::Configuration, "Couldn't open topic " + topic + ".",
            rd_kafka_err2str(rd_kafka_last_error()) };

    // A fresh queue per fetch, so nothing left over from an earlier fetch can be mistaken
    // for this one.
    kafka::KafkaQueue queue(rd_kafka_queue_new(m_client->handle.get()));
    if (rd_kafka_consume_start_queue(topicHandle.get(), partition, offset, queue.get()) != 0) {
        const auto err = rd_kafka_last_error();
        return Error { errorKindOf(err), "Couldn't read " + where + ". " + kafka::explainError(err),
            rd_kafka_err2name(err) };
    }
    std::optional<Result<decode::Record>> outcome;
    const auto deadline = Clock::now() + timeout;
    while (!outcome) {
        const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
        if (left.count() <= 0) {
            outcome = Error { ErrorKind::Transient,
                "Reading " + where + " timed out. " + kafka::explainError(RD_KAFKA_RESP_ERR__TIMED_OUT), {} };
            break;
        }
        Message message(rd_kafka_consume_queue(queue.get(), static_cast<int>(std::min<long long>(left.count(), 1000))));
        if (!message || message->partition != partition)
            continue;
        switch (message->err) {
        case RD_KAFKA_RESP_ERR_NO_ERROR:
            if (message->offset < offset)
                continue;
            if (message->offset == offset)
                outcome = copyRecord(message.get(), topic);
            else
                outcome = Error { ErrorKind::NotFound,
                    "There is no record at " + where
                        + " any more (compacted away, or a transaction "
                          "marker); the next one is at offset "
                        + std::to_string(message->offset) + ".",
                    {} };
            break;
        case RD_KAFKA_RESP_ERR__PARTITION_EOF:
            outcome = Error { ErrorKind::NotFound, "There is no record at " + where + ": it is past the end.", {} };
            break;
        case RD_KAFKA_RESP_ERR_OFFSET_OUT_OF_RANGE:
        case RD_KAFKA_RESP_ERR__AUTO_OFFSET_RESET:
            outcome = Error { ErrorKind::NotFound,
                "There is no record at " + where
                    + ": the offset is outside the log (deleted by retention, "
                      "or not written yet).",
                rd_kafka_message_errstr(message.get()) };
            break;
        default:
            if (errorKindOf(message->err) != ErrorKind::Transient)
                outcome = Error { errorKindOf(message->err),
                    "Couldn't read " + where + ". " + kafka::explainError(message->err),
                    rd_kafka_message_errstr(message.get()) };
            break;
        }
    }
    rd_kafka_consume_stop(topicHandle.get(), partition);
    return std::move(*outcome);
}

Result<decode::Record> fetchRecord(
    const RecordIndex& index, RecordFetcher& fetcher, std::int32_t partition, std::int64_t offset)
{
    if (auto row = index.findRow(partition, offset)) {
        auto record = index.fetch(*row);
        if (record || record.error().kind != ErrorKind::NotFound)
            return record;
    }
    return fetcher.fetch(index.topic(), partition, offset);
}

} // namespace sluice::browse
