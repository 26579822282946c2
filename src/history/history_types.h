// SPDX-License-Identifier: Apache-2.0
#pragma once

// Plain values that go in and out of the lag history store.

#include "lag/verdict.h"

#include <chrono>
#include <compare>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace sluice::history {

using TimePoint = std::chrono::system_clock::time_point;

// What a series describes. Values are stored on disk: never renumber, only append.
enum class SeriesKind {
    Partition = 0,  // one group on one partition
    GroupTopic = 1, // one group over one topic's partitions
    Group = 2,      // one group over all its partitions
    Topic = 3,      // one topic, whatever consumes it (production rate, end offsets)
};

std::string_view nameOf(SeriesKind kind);

// Identifies one time series. Fields that do not apply to the kind are empty / -1.
struct SeriesKey {
    SeriesKind kind = SeriesKind::Partition;
    std::string cluster; // workspace name of the cluster
    std::string group;   // empty for Topic
    std::string topic;   // empty for Group
    std::int32_t partition = -1; // only for Partition

    static SeriesKey forPartition(std::string cluster, std::string group, std::string topic, std::int32_t partition);
    static SeriesKey forGroupTopic(std::string cluster, std::string group, std::string topic);
    static SeriesKey forGroup(std::string cluster, std::string group);
    static SeriesKey forTopic(std::string cluster, std::string topic);

    friend bool operator==(const SeriesKey&, const SeriesKey&) = default;
    friend auto operator<=>(const SeriesKey&, const SeriesKey&) = default;
};

// One observation of one series, as the sampler writes it. For aggregate series lagRecords
// is the total, maxLagRecords the worst partition, lagSeconds the worst partition's seconds.
struct LagSample {
    SeriesKey key;
    TimePoint at;
    std::optional<std::int64_t> committed;   // Partition series
    std::optional<std::int64_t> endOffset;   // Partition (and, if the caller wishes, Topic) series
    std::optional<std::int64_t> lagRecords;  // nullopt: unknown (e.g. no commit), never 0 for that
    std::optional<std::int64_t> maxLagRecords;
    std::optional<double> lagSeconds;
    std::optional<double> produceRate; // records/s
    std::optional<double> consumeRate; // records/s
    std::optional<lag::Verdict> verdict;
    int partitionsWithoutCommit = 0;
};

// One point of a series read back: one raw sample, or a bucket of several. Per point:
// lag records and lag seconds as min / max / mean over the samples that had them; the worst
// partition's lag as max; rates as means; committed and end offsets as of the last sample;
// the worst verdict; the largest partitionsWithoutCommit.
struct HistoryPoint {
    TimePoint at;     // bucket start, or the sample time when the point is a single raw sample
    TimePoint lastAt; // time of the newest sample inside the point
    int samples = 0;
    std::optional<std::int64_t> lagMin;
    std::optional<std::int64_t> lagMax;
    std::optional<double> lagMean;
    std::optional<std::int64_t> maxLagRecords;
    std::optional<double> lagSecondsMin;
    std::optional<double> lagSecondsMax;
    std::optional<double> lagSecondsMean;
    std::optional<double> produceRate;
    std::optional<double> consumeRate;
    std::optional<std::int64_t> committed;
    std::optional<std::int64_t> endOffset;
    std::optional<lag::Verdict> verdict;
    int partitionsWithoutCommit = 0;
};

// [from, to)
struct TimeRange {
    TimePoint from;
    TimePoint to;
};

struct HistorySettings {
    std::chrono::milliseconds rawRetention = std::chrono::hours(6);        // raw samples kept this long
    std::chrono::milliseconds bucketWidth = std::chrono::minutes(1);       // then rolled into buckets this wide
    std::chrono::milliseconds bucketRetention = std::chrono::hours(24 * 7); // buckets kept this long
    std::int64_t maxBytes = 512LL * 1024 * 1024;                           // size bound of the database
};

// What one compact() did.
struct CompactionReport {
    std::int64_t rawRowsRolledUp = 0;   // raw rows older than rawRetention, now in buckets
    std::int64_t bucketsExpired = 0;    // buckets older than bucketRetention, deleted
    std::int64_t rowsDroppedForSize = 0; // oldest rows deleted to get under maxBytes
    std::int64_t usedBytes = 0;         // pages in use after compaction
};

} // namespace sluice::history
