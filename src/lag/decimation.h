// SPDX-License-Identifier: Apache-2.0
#pragma once

// Min/max decimation of a time series for line charts, meant to run off the GUI thread:
// a chart draws every point it is given, so it should get at most about two per pixel column.

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

namespace sluice::lag {

struct SeriesPoint {
    std::int64_t timeMs = 0; // ms since the epoch (what QDateTimeAxis expects)
    double value = 0.0;
    friend bool operator==(const SeriesPoint&, const SeriesPoint&) = default;
};

// Splits time into buckets [k * bucketMs, (k + 1) * bucketMs), one per pixel column, anchored
// at the epoch rather than at the first point, so a bucket's content never depends on what
// came before it: appending points (or sliding the visible range by whole buckets) changes
// only the last bucket's output. For each bucket it keeps, in time order:
//   - its minimum and its maximum (the first of equal values), so no spike is lost;
//   - nothing else, so a bucket yields at most 2 points (1 when min and max are one point);
// plus the series' first and last point, so the line starts and ends where the data does
// (the live value at the right edge is never replaced by an older extreme). The first and
// last bucket may therefore yield 3 points; the total is at most 2 * buckets + 2.
// Input must be sorted by time (ties allowed); bucketMs < 1 is treated as 1.
std::vector<SeriesPoint> decimateMinMax(std::span<const SeriesPoint> points, std::int64_t bucketMs);

// The bucket width that fits [fromMs, toMs) into `columns` pixel columns (at least 1 ms).
std::int64_t bucketWidthFor(std::int64_t fromMs, std::int64_t toMs, int columns);

// The same decimation kept up to date point by point, for live charts: O(1) per append, and
// output() equals decimateMinMax() over everything appended so far.
class MinMaxDecimator {
public:
    explicit MinMaxDecimator(std::int64_t bucketMs);

    // Points must come in time order; an older point is ignored (returns false).
    bool append(SeriesPoint point);
    void clear();

    std::vector<SeriesPoint> output() const;
    std::size_t closedPointCount() const { return m_closed.size(); }
    std::int64_t bucketMs() const { return m_bucketMs; }

private:
    struct Indexed {
        std::uint64_t seq = 0; // position in the input, to order and de-duplicate
        SeriesPoint point;
    };
    struct OpenBucket {
        std::int64_t index = 0;
        Indexed min, max, last;
        bool isEmpty = true;
    };
    void emitOpenBucket(std::vector<SeriesPoint>& out, bool withLast) const;

    std::int64_t m_bucketMs;
    std::vector<SeriesPoint> m_closed; // output of every bucket before the open one
    OpenBucket m_open;
    Indexed m_first;
    std::uint64_t m_seq = 0;
};

} // namespace sluice::lag
