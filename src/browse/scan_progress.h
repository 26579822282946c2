// SPDX-License-Identifier: Apache-2.0
#pragma once

// What a running scan reports: value snapshots, copied to whoever listens (at most ~20 per
// second), never one per record.

#include "browse/record_index.h"
#include "support/error.h"

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace sluice::browse {

enum class ScanState {
    Starting, // resolving partitions and start offsets
    Scanning,
    Finished, // every partition ended, or the record limit was reached
    Cancelled, // cancel() was called; what was read is kept
    Failed, // see ScanUpdate::error; what was read is kept
};

constexpr std::string_view nameOf(ScanState state)
{
    switch (state) {
    case ScanState::Starting:
        return "starting";
    case ScanState::Scanning:
        return "scanning";
    case ScanState::Finished:
        return "finished";
    case ScanState::Cancelled:
        return "cancelled";
    case ScanState::Failed:
        return "failed";
    }
    return "unknown";
}

struct PartitionProgress {
    std::int32_t partition = -1;
    std::int64_t lowWatermark = 0; // at scan start
    std::int64_t highWatermark = 0; // at scan start
    std::int64_t startOffset = 0;
    std::int64_t stopOffset = -1; // exclusive; -1 when the scan has no end offset (live tail)
    std::int64_t nextOffset = 0; // one past the last record read
    std::uint64_t recordsRead = 0; // before the predicate
    std::uint64_t recordsMatched = 0;
    std::uint64_t bytesRead = 0; // key + value + header bytes
    double recordsPerSecond = 0; // see partitionRate()
    double bytesPerSecond = 0;
    bool isCaughtUp = false; // nothing more to read right now
    bool isDone = false; // this partition's part of the scan has ended

    // Share of [startOffset, stopOffset) read, 0..1; nullopt without a stop offset.
    std::optional<double> fraction() const
    {
        if (stopOffset < 0)
            return std::nullopt;
        if (isDone || stopOffset <= startOffset)
            return 1.0;
        return static_cast<double>(nextOffset - startOffset) / static_cast<double>(stopOffset - startOffset);
    }
};

struct ScanProgress {
    std::vector<PartitionProgress> partitions; // by partition id
    std::uint64_t recordsRead = 0;
    std::uint64_t recordsMatched = 0;
    std::uint64_t bytesRead = 0;
    double recordsPerSecond = 0; // over the last update interval; in a final update, over the whole scan
    double bytesPerSecond = 0;
    std::chrono::milliseconds elapsed { 0 };
};

// The rate a partition shows. While it is being read: what it read in the last update
// interval, per second. Once its part of the scan has ended (`secondsUntilEnd`, from the
// scan's start until the partition was done, or until the scan stopped): the average over
// that time, so a finished partition keeps the rate it was read at instead of dropping to 0.
// Counts are records or bytes; a zero or negative time gives 0.
inline double partitionRate(std::uint64_t total, std::uint64_t totalAtLastUpdate, double intervalSeconds,
    std::optional<double> secondsUntilEnd)
{
    const auto per = [](double count, double seconds) { return seconds > 0 ? count / seconds : 0.0; };
    if (secondsUntilEnd)
        return per(static_cast<double>(total), *secondsUntilEnd);
    return per(static_cast<double>(total - std::min(total, totalAtLastUpdate)), intervalSeconds);
}

struct ScanUpdate {
    ScanState state = ScanState::Starting;
    RowRange rows; // the index's published window after this update
    ScanProgress progress;
    std::vector<std::string> notes; // start positions that could not be followed literally
    std::optional<Error> error; // why the scan failed (state Failed)

    bool isFinal() const
    {
        return state == ScanState::Finished || state == ScanState::Cancelled || state == ScanState::Failed;
    }
};

} // namespace sluice::browse
