// SPDX-License-Identifier: Apache-2.0
#pragma once

// The pure rules of a scan, apart from any broker: where each partition starts (from its
// watermarks and what the broker answered for timestamp and group look-ups) and, while
// records arrive, when a partition and the whole scan end. The Scanner feeds them; unit
// tests drive them directly.

#include "browse/scan_request.h"

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace sluice::browse {

struct Watermarks {
    std::int64_t low = 0; // first offset still in the log
    std::int64_t high = 0; // offset the next record will get
};

struct ResolvedStart {
    std::int64_t offset = 0;
    std::string note; // set when the request could not be followed literally (said to the user)
};

// `lookedUp` is the broker's answer for Timestamp (first offset with timestamp ≥ value;
// nullopt when there is none) and GroupCommitted (nullopt when the group has no commit
// for the partition); ignored for the other kinds. The result lies in [low, high].
ResolvedStart resolveStartOffset(
    const StartPosition& start, Watermarks watermarks, std::optional<std::int64_t> lookedUp);

struct PartitionPlan {
    std::int32_t partition = -1;
    Watermarks watermarks; // at scan start
    std::int64_t startOffset = 0;
    std::optional<std::int64_t> stopOffset; // exclusive end, when the scan has one
};

// The plan of one partition under `stop`: the stop offset is the high watermark when the
// scan ends at the scan-start end, none for a live tail.
PartitionPlan planPartition(
    std::int32_t partition, Watermarks watermarks, std::int64_t startOffset, const StopCondition& stop);

// Tracks which partitions have ended. Slots are indexes into the plan vector.
class StopTracker {
public:
    enum class Decision {
        Take, // a record of the scan
        TakeLast, // a record of the scan, and its partition ends with it
        Skip, // not part of the scan (its partition had ended, or ends here without it)
    };

    StopTracker(const StopCondition& stop, const std::vector<PartitionPlan>& plans);

    Decision onRecord(std::size_t slot, std::int64_t offset, std::int64_t timestampMs);
    // The partition has nothing more to read for now (librdkafka's partition EOF).
    void onEndOfPartition(std::size_t slot, std::int64_t wallClockMs);
    // Time passes with no records: partitions waiting at their end past untilTimestampMs end.
    void onTick(std::int64_t wallClockMs);
    // A record passed the predicate and was kept.
    void onMatched();

    bool isPartitionDone(std::size_t slot) const { return m_partitions[slot].isDone; }
    bool isCaughtUp(std::size_t slot) const { return m_partitions[slot].isCaughtUp; }
    bool reachedMaxRecords() const;
    bool isDone() const { return m_open == 0 || reachedMaxRecords(); }
    std::size_t openPartitions() const { return m_open; }
    std::uint64_t matched() const { return m_matched; }

private:
    struct State {
        std::optional<std::int64_t> stopOffset;
        bool isDone = false;
        bool isCaughtUp = false;
    };
    void finish(State& state);

    StopCondition m_stop;
    std::vector<State> m_partitions;
    std::size_t m_open = 0;
    std::uint64_t m_matched = 0;
};

} // namespace sluice::browse
