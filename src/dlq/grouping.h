// SPDX-License-Identifier: Apache-2.0
#pragma once

// Grouping dead letters by cause for the inspector: a key per record (exception class,
// stage, normalised message, original topic …) and an aggregator with counts, first and
// last seen, and a histogram over time per group. Scanning threads can each fill their
// own aggregator and merge them at the end.

#include "dlq/dead_letter_info.h"
#include "dlq/selection_model.h"

#include <cstddef>
#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace sluice::dlq {

enum class GroupBy {
    ExceptionClass,
    CauseClass,     // the cause's class when there is one (Spring wraps causes), else the exception's
    Stage,
    MessagePattern, // exception message with numbers, ids and quoted values normalised
    OriginalTopic,
    Connector,
};

std::string_view nameOf(GroupBy by);

// The group a record falls in; empty when the field is unknown (shown as "(unknown)").
std::string groupKey(const DeadLetterInfo& info, GroupBy by);

// First line only; UUIDs → <uuid>, 0x… and long hex runs → <hex>, digit runs → #,
// 'quoted' and "quoted" text → '…' / "…", whitespace collapsed, cut at maxBytes.
// "Invalid order 4711 for customer 'bob'" → "Invalid order # for customer '…'".
std::string normaliseMessage(std::string_view message, std::size_t maxBytes = 200);

// A "nice" bucket width (1 s, 5 s, 15 s, 1 min, 5 min, 15 min, 1 h, 6 h, 1 d, 7 d) giving at
// most about targetBuckets buckets over spanMs.
std::int64_t suggestBucketWidthMs(std::int64_t spanMs, int targetBuckets = 60);

struct HistogramBucket {
    std::int64_t startMs = 0; // aligned to multiples of the bucket width since the epoch
    std::uint64_t count = 0;
    friend bool operator==(const HistogramBucket&, const HistogramBucket&) = default;
};

struct GroupSummary {
    std::string key;
    std::uint64_t count = 0;
    std::int64_t firstSeenMs = -1; // -1 while no record of the group had a timestamp
    std::int64_t lastSeenMs = -1;
    std::vector<HistogramBucket> histogram; // ascending, empty buckets left out
    std::string sampleMessage;              // the first exception message seen
};

class GroupAggregator {
public:
    // keepMembers: remember every record's (partition, offset), for selectionFor().
    explicit GroupAggregator(GroupBy by, std::int64_t bucketWidthMs = 60'000, bool keepMembers = false);

    GroupBy groupBy() const { return m_by; }

    // timestampMs < 0: counted, but not in first/last seen nor the histogram.
    void add(const DeadLetterInfo& info, std::int64_t timestampMs, RecordRef record);
    void addToGroup(const std::string& key, std::int64_t timestampMs, RecordRef record, std::string_view message = {});

    // Adds everything `other` counted (same GroupBy and bucket width expected).
    void merge(const GroupAggregator& other);

    // Largest group first; ties by key.
    std::vector<GroupSummary> groups() const;
    std::size_t groupCount() const { return m_groups.size(); }
    std::uint64_t totalCount() const { return m_total; }

    // The records of one group as an explicit selection (empty without keepMembers).
    SelectionModel selectionFor(std::string_view key, std::string topic) const;

private:
    struct Group {
        std::uint64_t count = 0;
        std::int64_t firstSeenMs = -1;
        std::int64_t lastSeenMs = -1;
        std::map<std::int64_t, std::uint64_t> buckets; // bucket index → count
        std::string sampleMessage;
        std::vector<RecordRef> members;
    };

    GroupBy m_by;
    std::int64_t m_bucketWidthMs;
    bool m_keepMembers;
    std::map<std::string, Group, std::less<>> m_groups;
    std::uint64_t m_total = 0;
};

} // namespace sluice::dlq
