// SPDX-License-Identifier: Apache-2.0
#include "browse/scanner.h"

#include "browse/browse_consumer.h"
#include "browse/index_feed.h"
#include "browse/scan_plan.h"
#include "kafka/admin_calls.h"
#include "support/logging.h"

#include <algorithm>
#include <chrono>
#include <exception>
#include <set>
#include <thread>

namespace sluice::browse {
namespace {

using Clock = std::chrono::steady_clock;

int toMs(std::chrono::milliseconds duration)
{
    return static_cast<int>(std::clamp<std::chrono::milliseconds::rep>(duration.count(), 0, 3'600'000));
}

std::int64_t wallClockMs()
{
    return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
        .count();
}

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

// One execution of Scanner::run(). Owns the consumer handle; everything here runs on the
// thread that called run().
class ScanRun {
public:
    ScanRun(const ScanRequest& request, kafka::SecretResolver& secrets, RecordIndex& index,
        const std::atomic<bool>& cancelled, const UpdateCallback& onUpdate)
        : m_request(request)
        , m_secrets(secrets)
        , m_index(index)
        , m_cancelled(cancelled)
        , m_onUpdate(onUpdate)
    {
    }
    ~ScanRun()
    {
        if (m_feed)
            m_feed->finish(); // messages first, then the handle
        teardown();
    }
    ScanRun(const ScanRun&) = delete;
    ScanRun& operator=(const ScanRun&) = delete;

    ScanUpdate execute();

private:
    struct Slot {
        PartitionProgress progress;
        std::uint64_t recordsAtLastUpdate = 0;
        std::uint64_t bytesAtLastUpdate = 0;
        std::optional<Clock::time_point> doneAt; // when its part of the scan ended
        bool isFetching = false;
    };

    Status prepare();
    Status resolvePlans(const std::vector<std::int32_t>& partitions);
    Status startFetching();
    Status consume();
    void handle(const rd_kafka_message_t* message);
    void handleRecord(const rd_kafka_message_t* message, std::size_t slot);
    void probeWhileIdle(Clock::time_point now);
    bool isBehind() const;
    void kickFetcher();
    void stopFetching(std::size_t slot);
    void teardown();
    ScanUpdate makeUpdate(ScanState state, Clock::time_point now);
    void emit(ScanState state, Clock::time_point now);
    std::optional<std::size_t> slotOf(std::int32_t partition) const;
    std::string where() const { return "topic " + m_request.topic + " on " + m_request.cluster.name; }
    void fail(Error error)
    {
        if (!m_error)
            m_error = std::move(error);
    }
    static void onClientError(rd_kafka_t* rk, int err, const char* reason, void* opaque);

    const ScanRequest& m_request;
    kafka::SecretResolver& m_secrets;
    RecordIndex& m_index;
    const std::atomic<bool>& m_cancelled;
    const UpdateCallback& m_onUpdate;

    kafka::KafkaHandle m_handle;
    TopicHandle m_topic;
    kafka::KafkaQueue m_queue;
    std::unique_ptr<RecordPredicate> m_predicate;
    std::vector<PartitionPlan> m_plans;
    std::vector<Slot> m_slots;
    std::vector<int> m_slotOfPartition; // partition id → slot, -1 when not scanned
    std::optional<StopTracker> m_tracker;
    std::vector<std::string> m_notes;
    std::optional<Error> m_error;
    bool m_fatalClientError = false;
    std::optional<IndexFeed> m_feed; // declared after the handle: destroyed (joined) first

    Clock::time_point m_started = Clock::now();
    Clock::time_point m_lastUpdate = m_started;
    Clock::time_point m_lastActivity = m_started; // last message or answered probe
    Clock::time_point m_lastProbe = m_started;
    std::uint64_t m_recordsAtLastUpdate = 0;
    std::uint64_t m_bytesAtLastUpdate = 0;
    std::uint64_t m_changesSinceUpdate = 0;
    std::uint64_t m_kicks = 0;
    Clock::time_point m_lastKick;
};

void ScanRun::onClientError(rd_kafka_t* rk, int err, const char* reason, void* opaque)
{
    // Called from rd_kafka_poll() on the scan thread.
    auto* run = static_cast<ScanRun*>(opaque);
    const auto code = static_cast<rd_kafka_resp_err_t>(err);
    if (code == RD_KAFKA_RESP_ERR__FATAL) {
        std::array<char, 512> text {};
        rd_kafka_fatal_error(rk, text.data(), text.size());
        run->m_fatalClientError = true;
        run->fail(Error { ErrorKind::Fatal,
            "The Kafka client stopped with a fatal error while scanning " + run->where() + ".", text.data() });
        return;
    }
    logging::kafka()->warn("scan client error topic={} err={} reason={}", run->m_request.topic, rd_kafka_err2name(code),
        reason ? reason : "");
}

std::optional<std::size_t> ScanRun::slotOf(std::int32_t partition) const
{
    if (partition < 0 || static_cast<std::size_t>(partition) >= m_slotOfPartition.size())
        return std::nullopt;
    const int slot = m_slotOfPartition[static_cast<std::size_t>(partition)];
    if (slot < 0)
        return std::nullopt;
    return static_cast<std::size_t>(slot);
}

Status ScanRun::prepare()
{
    auto cluster = kafka::buildClientProperties(m_request.cluster, m_secrets);
    if (!cluster)
        return cluster.error();
    auto handle = createBrowseConsumer(
        browseConsumerProperties(*cluster, m_request.tuning, m_request.readCommitted), this, &ScanRun::onClientError);
    if (!handle)
        return handle.error();
    m_handle = std::move(*handle);
    m_topic.reset(rd_kafka_topic_new(m_handle.get(), m_request.topic.c_str(), nullptr));
    if (!m_topic)
        return Error { ErrorKind::Configuration, "Couldn't open topic " + m_request.topic + " for reading.",
            rd_kafka_err2str(rd_kafka_last_error()) };
    m_queue.reset(rd_kafka_queue_new(m_handle.get()));

    auto partitions = topicPartitions(m_handle.get(), m_topic.get(), m_request.tuning.requestTimeout);
    if (!partitions)
        return partitions.error();
    std::vector<std::int32_t> selected = *partitions;
    if (!m_request.partitions.empty()) {
        const std::set<std::int32_t> wanted(m_request.partitions.begin(), m_request.partitions.end());
        for (std::int32_t p : wanted) {
            if (!std::binary_search(partitions->begin(), partitions->end(), p))
                return Error { ErrorKind::NotFound,
                    "Partition " + std::to_string(p) + " does not exist in " + where() + ", which has "
                        + std::to_string(partitions->size()) + " partitions.",
                    {} };
        }
        selected.assign(wanted.begin(), wanted.end());
    }
    if (!selected.empty() && selected.back() > kMaxIndexedPartition)
        return Error { ErrorKind::Configuration,
            "Topic " + m_request.topic + " has partition ids above " + std::to_string(kMaxIndexedPartition)
                + ", which the message browser cannot index. Select lower partitions.",
            {} };
    return resolvePlans(selected);
}

Status ScanRun::resolvePlans(const std::vector<std::int32_t>& partitions)
{
    const auto timeout = m_request.tuning.requestTimeout;
    std::vector<domain::TopicPartition> tps;
    for (std::int32_t p : partitions)
        tps.push_back({ m_request.topic, p });
    // A topic created a moment ago may not have leaders yet: retry until the timeout.
    kafka::OffsetQueryResult low;
    kafka::OffsetQueryResult high;
    const auto deadline = Clock::now() + timeout;
    for (;;) {
        auto range = kafka::queryOffsetRange(m_handle.get(), tps, timeout);
        low = std::move(range.earliest);
        high = std::move(range.latest);
        if (low.offsets.size() == tps.size() && high.offsets.size() == tps.size())
            break;
        if (Clock::now() >= deadline || m_cancelled.load(std::memory_order_relaxed))
            return Error { ErrorKind::Transient, "Couldn't read the offsets of " + where() + ". Try again in a moment.",
                low.error.empty() ? high.error : low.error };
        std::this_thread::sleep_for(std::chrono::milliseconds(200));
    }

    auto startOf = [&](std::int32_t p) -> const StartPosition& {
        auto it = m_request.startOverrides.find(p);
        return it == m_request.startOverrides.end() ? m_request.start : it->second;
    };

    // Timestamp look-ups in one batched request.
    std::map<std::int32_t, std::int64_t> byTime;
    kafka::PartitionList timeList(rd_kafka_topic_partition_list_new(static_cast<int>(partitions.size())));
    for (std::int32_t p : partitions) {
        if (startOf(p).kind == StartPosition::Kind::Timestamp)
            rd_kafka_topic_partition_list_add(timeList.get(), m_request.topic.c_str(), p)->offset = startOf(p).value;
    }
    if (timeList->cnt > 0) {
        const auto err = rd_kafka_offsets_for_times(m_handle.get(), timeList.get(), toMs(timeout));
        if (err != RD_KAFKA_RESP_ERR_NO_ERROR)
            return Error { errorKindOf(err),
                "Couldn't find the offsets for the start time in " + where() + ". " + kafka::explainError(err),
                rd_kafka_err2name(err) };
        for (int i = 0; i < timeList->cnt; ++i) {
            const auto& elem = timeList->elems[i];
            if (elem.err == RD_KAFKA_RESP_ERR_NO_ERROR && elem.offset >= 0)
                byTime[elem.partition] = elem.offset;
        }
    }

    // Committed offsets, one request per group named.
    std::map<std::string, std::map<domain::TopicPartition, std::int64_t>> committed;
    for (std::int32_t p : partitions) {
        const StartPosition& start = startOf(p);
        if (start.kind != StartPosition::Kind::GroupCommitted || committed.count(start.group))
            continue;
        auto offsets = kafka::committedOffsets(m_handle.get(), start.group, timeout);
        if (!offsets)
            return offsets.error();
        committed[start.group] = std::move(*offsets);
    }

    for (std::int32_t p : partitions) {
        const domain::TopicPartition tp { m_request.topic, p };
        const Watermarks w { low.offsets.at(tp), high.offsets.at(tp) };
        const StartPosition& start = startOf(p);
        std::optional<std::int64_t> lookedUp;
        if (start.kind == StartPosition::Kind::Timestamp && byTime.count(p))
            lookedUp = byTime[p];
        if (start.kind == StartPosition::Kind::GroupCommitted) {
            const auto& offsets = committed[start.group];
            if (auto it = offsets.find(tp); it != offsets.end())
                lookedUp = it->second;
        }
        const ResolvedStart resolved = resolveStartOffset(start, w, lookedUp);
        if (!resolved.note.empty())
            m_notes.push_back("Partition " + std::to_string(p) + ": " + resolved.note + ".");
        m_plans.push_back(planPartition(p, w, resolved.offset, m_request.stop));
    }

    m_slotOfPartition.assign(partitions.empty() ? 0 : static_cast<std::size_t>(partitions.back()) + 1, -1);
    m_slots.resize(m_plans.size());
    for (std::size_t i = 0; i < m_plans.size(); ++i) {
        const PartitionPlan& plan = m_plans[i];
        m_slotOfPartition[static_cast<std::size_t>(plan.partition)] = static_cast<int>(i);
        PartitionProgress& progress = m_slots[i].progress;
        progress.partition = plan.partition;
        progress.lowWatermark = plan.watermarks.low;
        progress.highWatermark = plan.watermarks.high;
        progress.startOffset = plan.startOffset;
        progress.stopOffset = plan.stopOffset.value_or(-1);
        progress.nextOffset = plan.startOffset;
    }
    m_tracker.emplace(m_request.stop, m_plans);
    return Ok {};
}

Status ScanRun::startFetching()
{
    for (std::size_t i = 0; i < m_plans.size(); ++i) {
        if (m_tracker->isPartitionDone(i))
            continue;
        if (rd_kafka_consume_start_queue(m_topic.get(), m_plans[i].partition, m_plans[i].startOffset, m_queue.get())
            != 0) {
            const auto err = rd_kafka_last_error();
            return Error { errorKindOf(err),
                "Couldn't start reading partition " + std::to_string(m_plans[i].partition) + " of " + where() + ". "
                    + kafka::explainError(err),
                rd_kafka_err2name(err) };
        }
        m_slots[i].isFetching = true;
    }
    return Ok {};
}

void ScanRun::stopFetching(std::size_t slot)
{
    if (!m_slots[slot].isFetching)
        return;
    m_slots[slot].isFetching = false;
    rd_kafka_consume_stop(m_topic.get(), m_plans[slot].partition);
}

void ScanRun::handleRecord(const rd_kafka_message_t* message, std::size_t slot)
{
    rd_kafka_timestamp_type_t tsType = RD_KAFKA_TIMESTAMP_NOT_AVAILABLE;
    const std::int64_t timestampMs = rd_kafka_message_timestamp(message, &tsType);
    const auto decision = m_tracker->onRecord(slot, message->offset, timestampMs);
    Slot& state = m_slots[slot];
    if (decision == StopTracker::Decision::Skip) {
        if (m_tracker->isPartitionDone(slot))
            state.progress.isDone = true;
        return;
    }

    decode::RecordView view;
    view.topic = m_request.topic;
    view.partition = message->partition;
    view.offset = message->offset;
    view.timestamp = { timestampMs, timestampTypeOf(tsType) };
    if (message->key)
        view.key = decode::ByteView(static_cast<const std::uint8_t*>(message->key), message->key_len);
    if (message->payload)
        view.value = decode::ByteView(static_cast<const std::uint8_t*>(message->payload), message->len);
    std::size_t headerBytes = 0;
    FeedBatch& batch = m_feed->batch();
    const std::size_t headerBase = batch.headers.size();
    rd_kafka_headers_t* headers = nullptr;
    if (rd_kafka_message_headers(message, &headers) == RD_KAFKA_RESP_ERR_NO_ERROR && headers) {
        const char* name = nullptr;
        const void* value = nullptr;
        std::size_t size = 0;
        for (std::size_t i = 0; rd_kafka_header_get_all(headers, i, &name, &value, &size) == RD_KAFKA_RESP_ERR_NO_ERROR;
             ++i) {
            decode::HeaderView header;
            header.name = name;
            if (value)
                header.value = decode::ByteView(static_cast<const std::uint8_t*>(value), size);
            headerBytes += header.name.size() + size;
            batch.headers.push_back(header);
        }
        view.headers = std::span<const decode::HeaderView>(batch.headers).subspan(headerBase);
    }

    PartitionProgress& progress = state.progress;
    ++progress.recordsRead;
    progress.bytesRead += message->key_len + message->len + headerBytes;
    progress.nextOffset = message->offset + 1;
    progress.isCaughtUp = false;
    ++m_changesSinceUpdate;

    if (m_feed->isFiltering()) {
        batch.addRecord(view, batch.headers.size() - headerBase); // tested on the index thread
    } else if (!m_predicate || m_predicate->matches(view)) {
        batch.addRecord(view, batch.headers.size() - headerBase);
        ++progress.recordsMatched;
        m_tracker->onMatched();
    } else {
        batch.headers.resize(headerBase);
    }
    if (decision == StopTracker::Decision::TakeLast) {
        progress.isDone = true;
        progress.isCaughtUp = true;
    }
}

void ScanRun::handle(const rd_kafka_message_t* message)
{
    const auto slot = slotOf(message->partition);
    if (message->err == RD_KAFKA_RESP_ERR_NO_ERROR) {
        if (slot)
            handleRecord(message, *slot);
        return;
    }
    if (message->err == RD_KAFKA_RESP_ERR__PARTITION_EOF) {
        if (!slot)
            return;
        m_tracker->onEndOfPartition(*slot, wallClockMs());
        PartitionProgress& progress = m_slots[*slot].progress;
        progress.isCaughtUp = true;
        progress.isDone = m_tracker->isPartitionDone(*slot);
        progress.nextOffset = std::max(progress.nextOffset, message->offset);
        ++m_changesSinceUpdate;
        return;
    }
    const ErrorKind kind = errorKindOf(message->err);
    const std::string text = rd_kafka_message_errstr(message);
    if (kind == ErrorKind::Transient) {
        // librdkafka retries these itself; the idle probe decides when the broker is gone.
        logging::kafka()->warn("scan consume error topic={} partition={} err={} detail={}", m_request.topic,
            message->partition, rd_kafka_err2name(message->err), text);
        return;
    }
    const std::string what = kind == ErrorKind::NotFound
        ? "Topic " + m_request.topic + " (or one of its partitions) disappeared from " + m_request.cluster.name
            + " during the scan; the records read so far are kept."
        : "Reading " + where() + " failed; the records read so far are kept. " + kafka::explainError(message->err);
    fail(Error { kind, what, std::string(rd_kafka_err2name(message->err)) + ": " + text });
}

bool ScanRun::isBehind() const
{
    for (std::size_t slot = 0; slot < m_slots.size(); ++slot) {
        if (!m_tracker->isPartitionDone(slot) && !m_tracker->isCaughtUp(slot))
            return true;
    }
    return false;
}

void ScanRun::kickFetcher()
{
    // librdkafka 2.0.2 stops fetching when the shared queue is over queued.min.messages or
    // queued.max.messages.kbytes and only looks again on its one-second timer (2.1 added
    // fetch.queue.backoff.ms for this). A request to the partition leaders wakes their
    // broker threads, which then see the drained queue and fetch at once. ListOffsets for
    // the end offsets is the cheapest such request and changes nothing.
    kafka::PartitionList list(rd_kafka_topic_partition_list_new(static_cast<int>(m_slots.size())));
    for (std::size_t slot = 0; slot < m_slots.size(); ++slot) {
        if (!m_tracker->isPartitionDone(slot) && !m_tracker->isCaughtUp(slot))
            rd_kafka_topic_partition_list_add(list.get(), m_request.topic.c_str(), m_plans[slot].partition)->offset
                = RD_KAFKA_OFFSET_END;
    }
    ++m_kicks;
    rd_kafka_offsets_for_times(m_handle.get(), list.get(), 1000);
}

void ScanRun::probeWhileIdle(Clock::time_point now)
{
    const auto& tuning = m_request.tuning;
    if (now - m_lastActivity < tuning.stallProbeInterval || now - m_lastProbe < tuning.stallProbeInterval)
        return;
    m_lastProbe = now;
    auto partitions = topicPartitions(m_handle.get(), m_topic.get(), std::chrono::milliseconds(500));
    if (partitions) {
        m_lastActivity = Clock::now();
        return;
    }
    if (partitions.error().kind == ErrorKind::NotFound) {
        fail(Error { ErrorKind::NotFound,
            "Topic " + m_request.topic + " was deleted from " + m_request.cluster.name
                + " during the scan; the records read so far are kept.",
            partitions.error().detail });
        return;
    }
    if (now - m_lastActivity >= tuning.brokerLossTimeout)
        fail(Error { ErrorKind::Transient,
            "Lost the connection to " + m_request.cluster.name + " while scanning topic " + m_request.topic
                + "; the records read so far are kept. Check that the brokers are up, then scan again.",
            partitions.error().message });
}

Status ScanRun::consume()
{
    const auto& tuning = m_request.tuning;
    std::vector<rd_kafka_message_t*> batch(static_cast<std::size_t>(std::max(1, tuning.batchSize)));
    const int waitMs = std::max(1, toMs(tuning.pollTimeout));
    const bool kickEnabled = tuning.fetchKickAfter.count() > 0;
    const int kickMs = std::min(waitMs, std::max(1, toMs(tuning.fetchKickAfter)));
    while (!m_error && !m_tracker->isDone() && !m_cancelled.load(std::memory_order_relaxed)) {
        // Drain what is queued without waiting (a batch call with a timeout waits for a
        // full batch); when nothing is, wait for the first message only.
        ssize_t count = rd_kafka_consume_batch_queue(m_queue.get(), 0, batch.data(), batch.size());
        if (count == 0) {
            const bool behind = kickEnabled && isBehind();
            if (rd_kafka_message_t* first = rd_kafka_consume_queue(m_queue.get(), behind ? kickMs : waitMs)) {
                batch[0] = first;
                count = 1;
            } else if (behind && Clock::now() - m_lastKick >= std::chrono::milliseconds(100)) {
                kickFetcher();
                m_lastKick = Clock::now();
            }
        }
        if (count < 0) {
            const auto err = rd_kafka_last_error();
            return Error { errorKindOf(err), "Reading " + where() + " failed. " + kafka::explainError(err),
                rd_kafka_err2name(err) };
        }
        // Messages go to the index feed, which destroys them after indexing.
        auto& messages = m_feed->batch().messages;
        for (ssize_t i = 0; i < count; ++i) {
            if (!m_error)
                handle(batch[static_cast<std::size_t>(i)]);
            messages.push_back(batch[static_cast<std::size_t>(i)]);
        }
        rd_kafka_poll(m_handle.get(), 0); // serves the error callback
        if (m_feed->hasFailed())
            fail(*m_feed->error());
        const auto now = Clock::now();
        if (count > 0) {
            m_lastActivity = now;
        } else {
            m_tracker->onTick(wallClockMs());
            probeWhileIdle(now);
        }
        for (std::size_t slot = 0; slot < m_slots.size(); ++slot) {
            if (!m_slots[slot].doneAt && m_tracker->isPartitionDone(slot))
                m_slots[slot].doneAt = now; // to the batch: no clock read per record
            if (m_slots[slot].isFetching && m_tracker->isPartitionDone(slot) && !m_tracker->isDone()) {
                m_slots[slot].progress.isDone = true;
                stopFetching(slot);
            }
        }
        if (now - m_lastUpdate >= tuning.updateInterval
            && (m_changesSinceUpdate > 0 || now - m_lastUpdate >= std::chrono::seconds(1)))
            emit(ScanState::Scanning, now);
        else
            m_feed->submit();
    }
    return Ok {};
}

void ScanRun::teardown()
{
    if (!m_handle)
        return;
    for (std::size_t slot = 0; slot < m_slots.size(); ++slot)
        stopFetching(slot);
    m_queue.reset();
    m_topic.reset();
    m_handle.reset();
}

ScanUpdate ScanRun::makeUpdate(ScanState state, Clock::time_point now)
{
    ScanUpdate update;
    update.state = state;
    update.notes = m_notes;
    update.error = m_error;
    const double seconds = std::chrono::duration<double>(now - m_lastUpdate).count();
    const auto sinceStart
        = [this](Clock::time_point t) { return std::chrono::duration<double>(t - m_started).count(); };
    const bool isFinal = update.isFinal();
    ScanProgress& progress = update.progress;
    progress.partitions.reserve(m_slots.size());
    for (std::size_t i = 0; i < m_slots.size(); ++i) {
        Slot& slot = m_slots[i];
        PartitionProgress p = slot.progress;
        p.isDone = m_tracker && m_tracker->isPartitionDone(i);
        if (p.isDone && !slot.doneAt)
            slot.doneAt = now;
        // A partition that is done, or stopped with the scan, shows its average rate.
        std::optional<double> secondsUntilEnd;
        if (p.isDone)
            secondsUntilEnd = sinceStart(*slot.doneAt);
        else if (isFinal)
            secondsUntilEnd = sinceStart(now);
        p.recordsPerSecond = partitionRate(p.recordsRead, slot.recordsAtLastUpdate, seconds, secondsUntilEnd);
        p.bytesPerSecond = partitionRate(p.bytesRead, slot.bytesAtLastUpdate, seconds, secondsUntilEnd);
        slot.recordsAtLastUpdate = p.recordsRead;
        slot.bytesAtLastUpdate = p.bytesRead;
        progress.recordsRead += p.recordsRead;
        progress.recordsMatched += p.recordsMatched;
        progress.bytesRead += p.bytesRead;
        progress.partitions.push_back(p);
    }
    const std::optional<double> scanSeconds = isFinal ? std::optional<double>(sinceStart(now)) : std::nullopt;
    progress.recordsPerSecond = partitionRate(progress.recordsRead, m_recordsAtLastUpdate, seconds, scanSeconds);
    progress.bytesPerSecond = partitionRate(progress.bytesRead, m_bytesAtLastUpdate, seconds, scanSeconds);
    m_recordsAtLastUpdate = progress.recordsRead;
    m_bytesAtLastUpdate = progress.bytesRead;
    progress.elapsed = std::chrono::duration_cast<std::chrono::milliseconds>(now - m_started);
    m_lastUpdate = now;
    m_changesSinceUpdate = 0;
    return update;
}

void ScanRun::emit(ScanState state, Clock::time_point now)
{
    // The feed publishes the index once the batch is in, then delivers the update.
    m_feed->batch().update = makeUpdate(state, now);
    m_feed->submit();
}

ScanUpdate ScanRun::execute()
{
    ScanState finalState = ScanState::Finished;
    try {
        if (auto prepared = prepare(); !prepared) {
            fail(prepared.error());
        } else {
            if (m_request.predicate)
                m_predicate = m_request.predicate();
            m_feed.emplace(m_index, m_onUpdate, m_request.tuning.indexThread);
            // With an index thread, the filter runs there so that this thread only consumes
            // (B4) — unless the scan stops after N matches, which this thread must count.
            if (m_predicate && m_request.tuning.indexThread && !m_request.stop.maxRecords)
                m_feed->filterWith(m_predicate.get());
            emit(ScanState::Scanning, Clock::now());
            if (auto started = startFetching(); !started)
                fail(started.error());
            else if (auto consumed = consume(); !consumed)
                fail(consumed.error());
        }
    } catch (const std::exception& e) {
        fail(Error { ErrorKind::Bug, "The scan of " + where() + " stopped on an internal error.", e.what() });
    }
    if (m_feed) {
        m_feed->finish(); // every message destroyed, this thread is the index writer again
        if (m_feed->hasFailed())
            fail(*m_feed->error());
    }
    if (m_error)
        finalState = ScanState::Failed;
    else if (m_cancelled.load(std::memory_order_relaxed))
        finalState = ScanState::Cancelled;
    teardown();

    const auto now = Clock::now();
    auto published = m_index.publish();
    if (!published)
        fail(published.error());
    if (m_error)
        finalState = ScanState::Failed;
    ScanUpdate update = makeUpdate(finalState, now);
    if (m_feed && m_feed->isFiltering())
        m_feed->fillMatched(update.progress); // the index thread has been joined
    update.rows = m_index.rows();
    if (m_error) {
        logging::kafka()->warn("scan failed cluster={} topic={} kind={} message={} detail={}", m_request.cluster.name,
            m_request.topic, nameOf(m_error->kind), m_error->message, m_error->detail);
    } else {
        logging::kafka()->info("scan {} cluster={} topic={} records={} matched={} ms={} fetchKicks={}",
            nameOf(finalState), m_request.cluster.name, m_request.topic, update.progress.recordsRead,
            update.progress.recordsMatched, update.progress.elapsed.count(), m_kicks);
    }
    if (m_onUpdate) {
        try {
            m_onUpdate(update);
        } catch (const std::exception& e) {
            logging::kafka()->error("scan update callback threw: {}", e.what());
        }
    }
    return update;
}

} // namespace

Scanner::Scanner(
    ScanRequest request, std::shared_ptr<kafka::SecretResolver> secrets, std::shared_ptr<RecordIndex> index)
    : m_request(std::move(request))
    , m_secrets(std::move(secrets))
    , m_index(std::move(index))
{
}

Scanner::~Scanner() = default;

Result<std::unique_ptr<Scanner>> Scanner::create(ScanRequest request, std::shared_ptr<kafka::SecretResolver> secrets)
{
    RecordIndex::Options options;
    options.topic = request.topic;
    options.maxRows = request.maxRetainedRecords;
    options.spool.directory = request.spoolDirectory;
    auto index = RecordIndex::create(std::move(options));
    if (!index)
        return index.error();
    if (!secrets)
        secrets = kafka::makeEnvSecretResolver();
    return std::unique_ptr<Scanner>(new Scanner(std::move(request), std::move(secrets), std::move(*index)));
}

ScanUpdate Scanner::run(const UpdateCallback& onUpdate)
{
    ScanRun run(m_request, *m_secrets, *m_index, m_cancelled, onUpdate);
    return run.execute();
}

} // namespace sluice::browse
