// SPDX-License-Identifier: Apache-2.0
#pragma once

// The recent (time, offset) samples of one partition, and what they tell: when an offset was
// produced (lag in seconds), production or consumption rate, and time to catch up.
// Plain values and pure queries; the caller supplies every time point (no clock inside).

#include "lag/partition_lag.h"

#include <chrono>
#include <cstddef>
#include <optional>
#include <vector>

namespace sluice::lag {

using TimePoint = std::chrono::system_clock::time_point;

struct OffsetSample {
    TimePoint at;
    Offset offset = 0;
    friend bool operator==(const OffsetSample&, const OffsetSample&) = default;
};

enum class AppendOutcome {
    Appended,
    Restarted,        // the offset went backwards (truncation, recreated topic, rewind): history cleared
    IgnoredNotNewer,  // the time was not after the newest sample; nothing changed
};

enum class ProducedAtKind {
    Interpolated,   // the offset was written between two samples; `at` is interpolated
    AtOrBefore,     // the offset already existed at the oldest sample: written at or before `at`
    NotYetProduced, // the offset is at or past the newest end offset: nothing to wait for
};

struct ProducedAtEstimate {
    ProducedAtKind kind = ProducedAtKind::Interpolated;
    TimePoint at;
    friend bool operator==(const ProducedAtEstimate&, const ProducedAtEstimate&) = default;
};

// Records per second over `span`, the stretch of history that actually backed the figure
// (shorter than the window asked for while the history is young).
struct Rate {
    double recordsPerSecond = 0.0;
    std::chrono::milliseconds span{0};
    friend bool operator==(const Rate&, const Rate&) = default;
};

// A bounded, time-ordered series of samples of one partition's offset: the log end offset
// (to date records and measure production) or a group's committed offset (to measure
// consumption). Offsets never decrease inside one history; a decrease restarts it.
//
// Bounded by `capacity`. When full, it does not simply drop the oldest sample: it removes the
// interior sample whose loss changes the interpolated timeline least relative to the
// sample's age (points on a straight line, such as an idle stretch or a steady rate, cost
// nothing). The oldest and newest samples always stay, so the history keeps reaching back
// while recent detail is kept; see docs/lag-rules.md, "Lag in seconds".
class OffsetHistory {
public:
    static constexpr std::size_t kDefaultCapacity = 120;
    static constexpr std::size_t kMinCapacity = 3;

    explicit OffsetHistory(std::size_t capacity = kDefaultCapacity);

    AppendOutcome append(TimePoint at, Offset offset);
    void clear() { m_samples.clear(); }

    bool isEmpty() const { return m_samples.empty(); }
    std::size_t size() const { return m_samples.size(); }
    std::size_t capacity() const { return m_capacity; }
    const std::vector<OffsetSample>& samples() const { return m_samples; } // oldest first

    // When the record at `offset` was written, from an end-offset history. The record exists
    // once the end offset exceeds it, so between samples a and b with a.offset <= offset <
    // b.offset the answer is the time the straight line from a to b reaches offset + 1.
    // nullopt when the history is empty.
    std::optional<ProducedAtEstimate> estimateProducedAt(Offset offset) const;

    // How old the oldest unread record is for a group committed at `committed`, at `now`:
    // 0 when committed >= newest end offset; a lower bound when the record predates the
    // history; nullopt when the history is empty.
    std::optional<TimeLag> timeLag(Offset committed, TimePoint now) const;

    // The offset the series had at `at` by linear interpolation; nullopt outside the history.
    std::optional<double> offsetAt(TimePoint at) const;

    // Records per second over the last `window` up to the newest sample. The start of the
    // window is interpolated; if the history is younger than the window, its whole span is
    // used. nullopt with fewer than two samples.
    std::optional<Rate> rate(std::chrono::milliseconds window) const;

private:
    void dropLeastInformativeSample();

    std::size_t m_capacity;
    std::vector<OffsetSample> m_samples;
};

enum class CatchUpState {
    CaughtUp,      // no lag
    CatchingUp,    // consuming faster than producing; eta is set
    NotCatchingUp, // consuming no faster than producing
    Unknown,       // lag or a rate is missing
};

struct CatchUpEstimate {
    CatchUpState state = CatchUpState::Unknown;
    std::optional<double> etaSeconds; // set only when CatchingUp
    friend bool operator==(const CatchUpEstimate&, const CatchUpEstimate&) = default;
};

// Time to catch up = lag / (consume rate - produce rate), when that difference is positive.
CatchUpEstimate estimateCatchUp(std::optional<std::int64_t> lagRecords, std::optional<Rate> consumeRate,
                                std::optional<Rate> produceRate);

} // namespace sluice::lag
