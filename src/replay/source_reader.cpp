// SPDX-License-Identifier: Apache-2.0
#include "replay/source_reader.h"

#include "support/logging.h"
#include "support/redaction.h"

#include <algorithm>
#include <array>

namespace sluice::replay {
namespace {

void forwardLog(const rd_kafka_t* /*rk*/, int level, const char* facility, const char* text)
{
    const auto spdLevel = level <= 3 ? spdlog::level::warn : level <= 6 ? spdlog::level::info : spdlog::level::debug;
    logging::kafka()->log(spdLevel, "librdkafka {}: {}", facility ? facility : "", text ? text : "");
}

Error kafkaError(const std::string& what, rd_kafka_resp_err_t err)
{
    const bool transient = err == RD_KAFKA_RESP_ERR__TIMED_OUT || err == RD_KAFKA_RESP_ERR__TRANSPORT
        || err == RD_KAFKA_RESP_ERR__ALL_BROKERS_DOWN || err == RD_KAFKA_RESP_ERR_LEADER_NOT_AVAILABLE
        || err == RD_KAFKA_RESP_ERR_NOT_LEADER_FOR_PARTITION;
    return Error { transient ? ErrorKind::Transient : ErrorKind::Fatal, what + ": " + rd_kafka_err2str(err),
        rd_kafka_err2name(err) };
}

} // namespace

Result<std::unique_ptr<SourceReader>> SourceReader::open(const kafka::ClientProperties& properties)
{
    kafka::ClientProperties props = properties;
    props.emplace_back("group.id", "sluice-replay-reader"); // assign() only: never joins, never commits
    props.emplace_back("enable.auto.commit", "false");
    props.emplace_back("enable.auto.offset.store", "false");
    props.emplace_back("enable.partition.eof", "true");
    props.emplace_back("auto.offset.reset", "earliest");
    props.emplace_back("isolation.level", "read_committed");
    props.emplace_back("fetch.wait.max.ms", "100");
    kafka::KafkaConf conf(rd_kafka_conf_new());
    std::array<char, 512> errstr {};
    for (const auto& [key, value] : props) {
        if (rd_kafka_conf_set(conf.get(), key.c_str(), value.c_str(), errstr.data(), errstr.size()) != RD_KAFKA_CONF_OK)
            return Error { ErrorKind::Configuration,
                "Invalid client setting " + key + "=" + redaction::displayValue(key, value) + ": "
                    + redaction::redact(errstr.data()),
                {} };
    }
    rd_kafka_conf_set_log_cb(conf.get(), forwardLog);
    rd_kafka_t* rk = rd_kafka_new(RD_KAFKA_CONSUMER, conf.get(), errstr.data(), errstr.size());
    if (!rk)
        return Error { ErrorKind::Configuration,
            "Couldn't create a Kafka consumer: " + redaction::redact(errstr.data()), {} };
    (void)conf.release();
    return std::unique_ptr<SourceReader>(new SourceReader(kafka::KafkaHandle(rk)));
}

Result<std::map<std::string, int>> SourceReader::partitionCounts(int timeoutMs)
{
    const rd_kafka_metadata_t* raw = nullptr;
    const rd_kafka_resp_err_t err = rd_kafka_metadata(m_handle.get(), 1, nullptr, &raw, timeoutMs);
    if (err)
        return kafkaError("Couldn't read the cluster's topics", err);
    kafka::Metadata metadata(raw);
    std::map<std::string, int> out;
    for (int i = 0; i < metadata->topic_cnt; ++i) {
        const auto& topic = metadata->topics[i];
        if (topic.err == RD_KAFKA_RESP_ERR_NO_ERROR)
            out[topic.topic] = topic.partition_cnt;
    }
    return out;
}

Result<std::vector<std::int32_t>> SourceReader::partitions(const std::string& topic, int timeoutMs)
{
    auto counts = partitionCounts(timeoutMs);
    if (!counts)
        return counts.error();
    auto it = counts->find(topic);
    if (it == counts->end())
        return Error { ErrorKind::NotFound, "Topic " + topic + " does not exist.", {} };
    std::vector<std::int32_t> out;
    for (int p = 0; p < it->second; ++p)
        out.push_back(p);
    return out;
}

Result<std::pair<std::int64_t, std::int64_t>> SourceReader::watermarks(
    const std::string& topic, std::int32_t partition, int timeoutMs)
{
    std::int64_t low = 0, high = 0;
    const auto err = rd_kafka_query_watermark_offsets(m_handle.get(), topic.c_str(), partition, &low, &high, timeoutMs);
    if (err)
        return kafkaError("Couldn't read the offsets of " + topic + "/" + std::to_string(partition), err);
    return std::make_pair(low, high);
}

Result<std::map<std::int32_t, std::int64_t>> SourceReader::offsetsForTime(
    const std::string& topic, const std::vector<std::int32_t>& partitions, std::int64_t ms, int timeoutMs)
{
    kafka::PartitionList list(rd_kafka_topic_partition_list_new(static_cast<int>(partitions.size())));
    for (auto p : partitions)
        rd_kafka_topic_partition_list_add(list.get(), topic.c_str(), p)->offset = ms;
    const auto err = rd_kafka_offsets_for_times(m_handle.get(), list.get(), timeoutMs);
    if (err)
        return kafkaError("Couldn't look up offsets by time in " + topic, err);
    std::map<std::int32_t, std::int64_t> out;
    for (int i = 0; i < list->cnt; ++i) {
        const auto& tp = list->elems[i];
        if (tp.err)
            return kafkaError("Couldn't look up offsets by time in " + topic, tp.err);
        std::int64_t offset = tp.offset;
        if (offset < 0) { // no record at or after the time: the end
            auto marks = watermarks(topic, tp.partition, timeoutMs);
            if (!marks)
                return marks.error();
            offset = marks->second;
        }
        out[tp.partition] = offset;
    }
    return out;
}

Status SourceReader::assign(const std::string& topic, const std::map<std::int32_t, std::int64_t>& positions,
    const std::map<std::int32_t, std::int64_t>& ends)
{
    m_topic = topic;
    m_ends = ends;
    m_open.clear();
    m_finished.clear();
    m_finishAfterReturn = -1;
    kafka::PartitionList list(rd_kafka_topic_partition_list_new(static_cast<int>(positions.size())));
    for (const auto& [partition, offset] : positions) {
        const auto end = ends.find(partition);
        if (end == ends.end() || offset >= end->second)
            continue;
        rd_kafka_topic_partition_list_add(list.get(), topic.c_str(), partition)->offset = offset;
        m_open[partition] = true;
    }
    const auto err = rd_kafka_assign(m_handle.get(), list.get());
    if (err)
        return kafkaError("Couldn't start reading " + topic, err);
    return Ok {};
}

void SourceReader::finish(std::int32_t partition)
{
    if (m_open.erase(partition) > 0)
        m_finished.push_back(partition);
}

void SourceReader::kickFetcher()
{
    // A ListOffsets request to the leaders wakes their broker threads, which then see the
    // drained queue and fetch at once. It changes nothing; at most one per 100 ms.
    const auto now = std::chrono::steady_clock::now();
    if (m_open.empty() || now - m_lastKick < std::chrono::milliseconds(100))
        return;
    m_lastKick = now;
    kafka::PartitionList list(rd_kafka_topic_partition_list_new(static_cast<int>(m_open.size())));
    for (const auto& [partition, open] : m_open)
        rd_kafka_topic_partition_list_add(list.get(), m_topic.c_str(), partition)->offset = RD_KAFKA_OFFSET_END;
    (void)rd_kafka_offsets_for_times(m_handle.get(), list.get(), 200); // short: never holds up a cancel
}

std::vector<std::int32_t> SourceReader::takeFinished()
{
    return std::exchange(m_finished, {});
}

Result<Message> SourceReader::next(int timeoutMs)
{
    // A partition whose last record was returned by the previous call ends now, after the
    // caller processed that record: takeFinished() never runs ahead of the records.
    if (m_finishAfterReturn >= 0)
        finish(std::exchange(m_finishAfterReturn, -1));
    if (m_open.empty())
        return Message();
    // Nothing queued after a few milliseconds while partitions are still open: librdkafka
    // 2.0.2 may have paused fetching when its queue was full and would look again only on
    // its one-second timer; kickFetcher() wakes it.
    constexpr int kKickAfterMs = 5;
    Message message(rd_kafka_consumer_poll(m_handle.get(), std::min(timeoutMs, kKickAfterMs)));
    if (!message && timeoutMs > kKickAfterMs) {
        kickFetcher();
        message.reset(rd_kafka_consumer_poll(m_handle.get(), timeoutMs - kKickAfterMs));
    }
    if (!message)
        return Message();
    const std::int32_t partition = message->partition;
    if (message->err == RD_KAFKA_RESP_ERR__PARTITION_EOF) {
        const auto end = m_ends.find(partition);
        if (end == m_ends.end() || message->offset >= end->second) {
            finish(partition);
        } else if (auto marks = watermarks(m_topic, partition, 5000); marks && marks->second < end->second) {
            finish(partition); // the log was truncated below the pinned end
        }
        return Message();
    }
    if (message->err) {
        if (message->err == RD_KAFKA_RESP_ERR__TRANSPORT || message->err == RD_KAFKA_RESP_ERR__ALL_BROKERS_DOWN
            || message->err == RD_KAFKA_RESP_ERR__TIMED_OUT)
            return Message(); // librdkafka reconnects on its own
        return kafkaError("Couldn't read " + m_topic + "/" + std::to_string(partition), message->err);
    }
    if (!m_open.count(partition))
        return Message(); // a stale message of a finished or unassigned partition
    const auto end = m_ends.find(partition);
    if (message->offset >= end->second) {
        finish(partition);
        return Message();
    }
    if (message->offset + 1 >= end->second)
        m_finishAfterReturn = partition;
    return message;
}

decode::RecordView viewOf(const rd_kafka_message_t* message, std::vector<decode::HeaderView>& headerStorage)
{
    decode::RecordView view;
    view.topic = message->rkt ? rd_kafka_topic_name(message->rkt) : "";
    view.partition = message->partition;
    view.offset = message->offset;
    rd_kafka_timestamp_type_t type = RD_KAFKA_TIMESTAMP_NOT_AVAILABLE;
    view.timestamp.ms = rd_kafka_message_timestamp(message, &type);
    view.timestamp.type = type == RD_KAFKA_TIMESTAMP_CREATE_TIME ? decode::TimestampType::CreateTime
        : type == RD_KAFKA_TIMESTAMP_LOG_APPEND_TIME             ? decode::TimestampType::LogAppendTime
                                                                 : decode::TimestampType::NotAvailable;
    if (message->key)
        view.key = decode::ByteView(static_cast<const std::uint8_t*>(message->key), message->key_len);
    if (message->payload)
        view.value = decode::ByteView(static_cast<const std::uint8_t*>(message->payload), message->len);
    headerStorage.clear();
    rd_kafka_headers_t* headers = nullptr;
    if (rd_kafka_message_headers(message, &headers) == RD_KAFKA_RESP_ERR_NO_ERROR && headers) {
        const char* name = nullptr;
        const void* value = nullptr;
        size_t size = 0;
        for (size_t i = 0; rd_kafka_header_get_all(headers, i, &name, &value, &size) == RD_KAFKA_RESP_ERR_NO_ERROR;
             ++i) {
            decode::HeaderView header;
            header.name = name;
            if (value)
                header.value = decode::ByteView(static_cast<const std::uint8_t*>(value), size);
            headerStorage.push_back(header);
        }
    }
    view.headers = headerStorage;
    return view;
}

} // namespace sluice::replay
