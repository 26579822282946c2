// SPDX-License-Identifier: Apache-2.0
#pragma once

// Offset lag of one consumer group on one partition, and its sums per group and per topic.
// Pure arithmetic on plain values: no clock, no Kafka, no Qt.

#include "domain/cluster_snapshot.h"

#include <cstdint>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace sluice::lag {

using Offset = std::int64_t;

// How the committed offset sits against the partition's retained log [logStart, end).
enum class LagState {
    Normal,         // logStart <= committed <= end
    NoCommit,       // the group has no committed offset here: lag is unknown, never 0
    AheadOfEnd,     // committed > end: the log was truncated or the topic recreated; lag clamped to 0
    BehindLogStart, // committed < logStart: retention deleted records the group never read
};

constexpr std::string_view nameOf(LagState state)
{
    switch (state) {
    case LagState::Normal: return "normal";
    case LagState::NoCommit: return "no-commit";
    case LagState::AheadOfEnd: return "ahead-of-end";
    case LagState::BehindLogStart: return "behind-log-start";
    }
    return "unknown";
}

// What one refresh read for a (group, partition).
struct PartitionOffsets {
    std::optional<Offset> committed; // nullopt: no commit for this partition
    std::optional<Offset> logStart;  // nullopt: not known (low watermark not queried)
    Offset end = 0;                  // log end offset (high watermark): the next offset to be written
    friend bool operator==(const PartitionOffsets&, const PartitionOffsets&) = default;
};

// Offset lag of a group on a partition.
//
// lagRecords is end - committed, the same figure Kafka's consumer-group tool prints, with
// two corrections made visible instead of hidden:
//  - committed > end: lag is clamped to 0 and aheadOfEndBy says by how much it was ahead;
//  - committed < logStart: lag still counts end - committed, and lostToRetention says how
//    many of those offsets were deleted before the group read them (the consumer will jump
//    according to auto.offset.reset); retainedLagRecords counts only what is still readable.
// On compacted topics and around transaction markers offsets have gaps, so lagRecords is an
// upper bound of the records left to read, never an undercount.
struct PartitionLag {
    LagState state = LagState::NoCommit;
    PartitionOffsets offsets;
    std::optional<std::int64_t> lagRecords;         // nullopt exactly when state == NoCommit
    std::optional<std::int64_t> retainedLagRecords; // end - max(committed, logStart), clamped at 0
    std::int64_t lostToRetention = 0;               // logStart - committed when BehindLogStart
    std::int64_t aheadOfEndBy = 0;                  // committed - end when AheadOfEnd

    bool hasCommit() const { return state != LagState::NoCommit; }
    bool isCaughtUp() const { return lagRecords && *lagRecords == 0; }
    friend bool operator==(const PartitionLag&, const PartitionLag&) = default;
};

PartitionLag computePartitionLag(const PartitionOffsets& offsets);

// Lag in time for one partition: how old the oldest unread record is.
struct TimeLag {
    double seconds = 0.0;
    // True when the record is older than the sampled history reaches: the real lag is at
    // least `seconds` (see OffsetHistory::estimateProducedAt).
    bool isLowerBound = false;
    friend bool operator==(const TimeLag&, const TimeLag&) = default;
};

// One partition row of a group, the input of the aggregates.
struct PartitionLagRow {
    domain::TopicPartition partition;
    PartitionLag lag;
    std::optional<TimeLag> timeLag; // nullopt when no estimate exists (no history, no commit)
};

// Sums over a set of partitions (a group, or one topic within a group).
struct LagAggregate {
    int partitions = 0;
    int partitionsWithoutCommit = 0;      // counted apart, never folded in as lag 0
    int partitionsAheadOfEnd = 0;
    int partitionsBehindLogStart = 0;
    std::int64_t totalLagRecords = 0;     // over partitions with a commit
    std::int64_t maxLagRecords = 0;
    std::optional<domain::TopicPartition> maxLagPartition; // nullopt when every lag is 0 or unknown
    std::int64_t lostToRetention = 0;
    std::optional<TimeLag> maxTimeLag;    // nullopt when no partition has a time estimate
    std::optional<domain::TopicPartition> maxTimeLagPartition;

    void add(const PartitionLagRow& row);
    friend bool operator==(const LagAggregate&, const LagAggregate&) = default;
};

LagAggregate aggregateLag(std::span<const PartitionLagRow> rows);
// The same sums split by topic, keyed by topic name.
std::map<std::string, LagAggregate, std::less<>> aggregateLagByTopic(std::span<const PartitionLagRow> rows);

} // namespace sluice::lag
