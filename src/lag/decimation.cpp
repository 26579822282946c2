// SPDX-License-Identifier: Apache-2.0
#include "lag/decimation.h"

#include <algorithm>
#include <array>

namespace sluice::lag {

namespace {

// Floor division, so buckets stay aligned for times before the epoch too.
std::int64_t bucketIndex(std::int64_t timeMs, std::int64_t bucketMs)
{
    std::int64_t q = timeMs / bucketMs;
    if (timeMs % bucketMs != 0 && timeMs < 0)
        --q;
    return q;
}

} // namespace

std::int64_t bucketWidthFor(std::int64_t fromMs, std::int64_t toMs, int columns)
{
    const std::int64_t span = std::max<std::int64_t>(toMs - fromMs, 1);
    const std::int64_t n = std::max(columns, 1);
    return std::max<std::int64_t>((span + n - 1) / n, 1);
}

std::vector<SeriesPoint> decimateMinMax(std::span<const SeriesPoint> points, std::int64_t bucketMs)
{
    MinMaxDecimator decimator(bucketMs);
    for (const SeriesPoint& p : points)
        decimator.append(p);
    return decimator.output();
}

MinMaxDecimator::MinMaxDecimator(std::int64_t bucketMs)
    : m_bucketMs(std::max<std::int64_t>(bucketMs, 1))
{
}

void MinMaxDecimator::clear()
{
    m_closed.clear();
    m_open = {};
    m_first = {};
    m_seq = 0;
}

bool MinMaxDecimator::append(SeriesPoint point)
{
    if (!m_open.isEmpty && point.timeMs < m_open.last.point.timeMs)
        return false;
    const Indexed item{m_seq++, point};
    if (item.seq == 0)
        m_first = item;
    const std::int64_t index = bucketIndex(point.timeMs, m_bucketMs);
    if (!m_open.isEmpty && index != m_open.index) {
        emitOpenBucket(m_closed, false);
        m_open = {};
    }
    if (m_open.isEmpty) {
        m_open.index = index;
        m_open.min = m_open.max = m_open.last = item;
        m_open.isEmpty = false;
        return true;
    }
    if (point.value < m_open.min.point.value)
        m_open.min = item;
    if (point.value > m_open.max.point.value)
        m_open.max = item;
    m_open.last = item;
    return true;
}

// A bucket contributes its min and max; the very first bucket also the series' first point,
// and the open (newest) bucket also the series' last point. Ordered and de-duplicated by
// input position, so equal times or values never duplicate or reorder points.
void MinMaxDecimator::emitOpenBucket(std::vector<SeriesPoint>& out, bool withLast) const
{
    std::array<Indexed, 4> picks;
    std::size_t n = 0;
    picks[n++] = m_open.min;
    picks[n++] = m_open.max;
    if (m_closed.empty()) // nothing closed yet: this is the first bucket
        picks[n++] = m_first;
    if (withLast)
        picks[n++] = m_open.last;
    const auto end = picks.begin() + static_cast<std::ptrdiff_t>(n);
    std::sort(picks.begin(), end, [](const Indexed& a, const Indexed& b) { return a.seq < b.seq; });
    const auto last = std::unique(picks.begin(), end, [](const Indexed& a, const Indexed& b) { return a.seq == b.seq; });
    for (auto it = picks.begin(); it != last; ++it)
        out.push_back(it->point);
}

std::vector<SeriesPoint> MinMaxDecimator::output() const
{
    std::vector<SeriesPoint> out = m_closed;
    if (!m_open.isEmpty)
        emitOpenBucket(out, true);
    return out;
}

} // namespace sluice::lag
