// SPDX-License-Identifier: Apache-2.0
#pragma once

// What one scan of one topic should read: where each partition starts, when the scan
// stops, which records it keeps, and how much of them it retains. Plain values; the
// Scanner turns them into broker requests (scan_plan.h resolves the offsets).

#include "browse/record_predicate.h"
#include "config/workspace.h"

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace sluice::browse {

struct StartPosition {
    enum class Kind {
        Beginning, // the partition's low watermark
        End, // the high watermark: only records written after the scan starts
        EndMinus, // the last `value` records (high watermark − value, not below the low one)
        Offset, // offset `value`, clamped into [low, high]
        Timestamp, // the first record whose timestamp is ≥ `value` (epoch ms); the end if none
        GroupCommitted, // group `group`'s committed offset; `fallback` where it has none
    };
    Kind kind = Kind::Beginning;
    std::int64_t value = 0;
    std::string group;
    Kind fallback = Kind::Beginning; // Beginning or End, for GroupCommitted only

    static StartPosition beginning() { return {}; }
    static StartPosition end() { return { Kind::End, 0, {}, Kind::Beginning }; }
    static StartPosition endMinus(std::int64_t count) { return { Kind::EndMinus, count, {}, Kind::Beginning }; }
    static StartPosition atOffset(std::int64_t offset) { return { Kind::Offset, offset, {}, Kind::Beginning }; }
    static StartPosition atTimestamp(std::int64_t epochMs) { return { Kind::Timestamp, epochMs, {}, Kind::Beginning }; }
    static StartPosition committedBy(std::string groupId, Kind whereNone = Kind::Beginning)
    {
        return { Kind::GroupCommitted, 0, std::move(groupId), whereNone };
    }
};

// When the scan ends. The conditions combine: the scan of a partition ends at whichever
// comes first, and the whole scan ends when every partition has ended or maxRecords matched.
struct StopCondition {
    enum class End {
        AtScanStart, // the high watermark each partition had when the scan started
        Never, // live tail: keep reading new records until cancelled
    };
    End end = End::AtScanStart;
    // Stop after this many records passed the predicate.
    std::optional<std::uint64_t> maxRecords;
    // A partition ends at its first record with a timestamp after this (epoch ms), or when
    // it has nothing more to read once the wall clock is past it.
    std::optional<std::int64_t> untilTimestampMs;

    static StopCondition atEnd() { return {}; }
    static StopCondition liveTail() { return { End::Never, std::nullopt, std::nullopt }; }
    static StopCondition afterRecords(std::uint64_t count) { return { End::AtScanStart, count, std::nullopt }; }
    static StopCondition atTimestamp(std::int64_t epochMs) { return { End::Never, std::nullopt, epochMs }; }
};

// Consumer knobs. The defaults were measured with B1 (docs/scanning.md); change them only
// with a measurement in hand.
struct ScanTuning {
    int batchSize = 10000; // messages taken per rd_kafka_consume_batch_queue call
    // librdkafka 2.0.2 applies these to the scan's shared queue (all partitions together)
    // and, once over them, stops fetching until its one-second timer; fetchKickAfter wakes
    // it sooner. Small queues measured faster than large ones (less fresh memory) and keep
    // the peak resident size down.
    int queuedMinMessages = 100000;
    int queuedMaxMessagesKbytes = 16384;
    int fetchMaxBytes = 52428800;
    // Larger records still arrive whole (KIP-74). 256 KiB rather than librdkafka's 1 MiB: the
    // first fetch answer is parsed whole before any record is handed over, which put the
    // first records 35-210 ms after the start with 1 MiB and 9-21 ms with 256 KiB (B4).
    int maxPartitionFetchBytes = 262144;
    int fetchWaitMaxMs = 100; // also bounds how long a live tail waits per fetch
    std::chrono::milliseconds updateInterval { 50 }; // at most 20 updates per second
    std::chrono::milliseconds pollTimeout { 100 }; // longest wait per consume call; bounds cancel latency
    // Queue empty this long while partitions still have records: wake librdkafka's fetcher
    // (see ScanRun::kickFetcher). 0 turns it off.
    std::chrono::milliseconds fetchKickAfter { 20 };
    std::chrono::milliseconds requestTimeout { 15000 }; // metadata and offset look-ups
    std::chrono::milliseconds stallProbeInterval { 2000 }; // idle this long: check the topic and broker
    std::chrono::milliseconds brokerLossTimeout { 6000 }; // no broker answer this long: stop
    // Index on a second thread while this one consumes (see index_feed.h).
    bool indexThread = true;
    // Extra librdkafka properties applied last (for experiments and benchmarks).
    std::vector<std::pair<std::string, std::string>> extraProperties;
};

struct ScanRequest {
    config::ClusterConfig cluster;
    std::string topic;
    std::vector<std::int32_t> partitions; // empty: all partitions of the topic
    StartPosition start; // for every partition ...
    std::map<std::int32_t, StartPosition> startOverrides; // ... except these
    StopCondition stop;
    PredicateFactory predicate; // empty: keep every record
    bool readCommitted = true; // hide aborted transactional records
    std::uint64_t maxRetainedRecords = 0; // 0: all; else keep the newest N (drop oldest)
    std::filesystem::path spoolDirectory; // empty: the system's temporary folder
    ScanTuning tuning;
};

} // namespace sluice::browse
