// SPDX-License-Identifier: Apache-2.0
#include "lag/offset_history.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace sluice::lag {

namespace {

using Seconds = std::chrono::duration<double>;

double secondsBetween(TimePoint from, TimePoint to) { return Seconds(to - from).count(); }

TimePoint plusSeconds(TimePoint base, double seconds)
{
    return base + std::chrono::duration_cast<TimePoint::duration>(Seconds(seconds));
}

} // namespace

OffsetHistory::OffsetHistory(std::size_t capacity)
    : m_capacity(std::max(capacity, kMinCapacity))
{
}

AppendOutcome OffsetHistory::append(TimePoint at, Offset offset)
{
    if (!m_samples.empty()) {
        const OffsetSample& newest = m_samples.back();
        if (at <= newest.at)
            return AppendOutcome::IgnoredNotNewer;
        if (offset < newest.offset) {
            m_samples.clear();
            m_samples.push_back({at, offset});
            return AppendOutcome::Restarted;
        }
    }
    m_samples.push_back({at, offset});
    if (m_samples.size() > m_capacity)
        dropLeastInformativeSample();
    return AppendOutcome::Appended;
}

// Score of removing sample k: how far the time at which the neighbours' straight line reaches
// sample k's offset lands from sample k's real time, divided by sample k's age. That is the
// relative error the removal adds to a lag-in-seconds estimate near that offset.
void OffsetHistory::dropLeastInformativeSample()
{
    const TimePoint newestAt = m_samples.back().at;
    std::size_t best = 1;
    double bestScore = std::numeric_limits<double>::infinity();
    for (std::size_t k = 1; k + 1 < m_samples.size(); ++k) {
        const OffsetSample& a = m_samples[k - 1];
        const OffsetSample& s = m_samples[k];
        const OffsetSample& b = m_samples[k + 1];
        double timeError = 0.0;
        if (b.offset != a.offset) {
            const double fraction = static_cast<double>(s.offset - a.offset) / static_cast<double>(b.offset - a.offset);
            const double interpolated = secondsBetween(a.at, b.at) * fraction;
            timeError = std::abs(interpolated - secondsBetween(a.at, s.at));
        }
        const double age = std::max(secondsBetween(s.at, newestAt), 1e-3);
        const double score = timeError / age;
        if (score < bestScore) { // strict: ties go to the older sample
            bestScore = score;
            best = k;
        }
    }
    m_samples.erase(m_samples.begin() + static_cast<std::ptrdiff_t>(best));
}

std::optional<ProducedAtEstimate> OffsetHistory::estimateProducedAt(Offset offset) const
{
    if (m_samples.empty())
        return std::nullopt;
    const auto after = std::upper_bound(m_samples.begin(), m_samples.end(), offset,
                                        [](Offset o, const OffsetSample& s) { return o < s.offset; });
    if (after == m_samples.end())
        return ProducedAtEstimate{ProducedAtKind::NotYetProduced, m_samples.back().at};
    if (after == m_samples.begin())
        return ProducedAtEstimate{ProducedAtKind::AtOrBefore, m_samples.front().at};
    const OffsetSample& a = *(after - 1);
    const OffsetSample& b = *after;
    const double fraction = static_cast<double>(offset + 1 - a.offset) / static_cast<double>(b.offset - a.offset);
    return ProducedAtEstimate{ProducedAtKind::Interpolated, plusSeconds(a.at, secondsBetween(a.at, b.at) * fraction)};
}

std::optional<TimeLag> OffsetHistory::timeLag(Offset committed, TimePoint now) const
{
    const auto estimate = estimateProducedAt(committed);
    if (!estimate)
        return std::nullopt;
    switch (estimate->kind) {
    case ProducedAtKind::NotYetProduced: return TimeLag{0.0, false};
    case ProducedAtKind::AtOrBefore: return TimeLag{std::max(secondsBetween(estimate->at, now), 0.0), true};
    case ProducedAtKind::Interpolated: return TimeLag{std::max(secondsBetween(estimate->at, now), 0.0), false};
    }
    return std::nullopt;
}

std::optional<double> OffsetHistory::offsetAt(TimePoint at) const
{
    if (m_samples.empty() || at < m_samples.front().at || at > m_samples.back().at)
        return std::nullopt;
    const auto after = std::upper_bound(m_samples.begin(), m_samples.end(), at,
                                        [](TimePoint t, const OffsetSample& s) { return t < s.at; });
    if (after == m_samples.end())
        return static_cast<double>(m_samples.back().offset);
    const OffsetSample& a = *(after - 1);
    const OffsetSample& b = *after;
    const double fraction = secondsBetween(a.at, at) / secondsBetween(a.at, b.at);
    return static_cast<double>(a.offset) + fraction * static_cast<double>(b.offset - a.offset);
}

std::optional<Rate> OffsetHistory::rate(std::chrono::milliseconds window) const
{
    if (m_samples.size() < 2 || window <= std::chrono::milliseconds::zero())
        return std::nullopt;
    const OffsetSample& newest = m_samples.back();
    TimePoint start = newest.at - window;
    double startOffset = 0.0;
    if (start <= m_samples.front().at) {
        start = m_samples.front().at;
        startOffset = static_cast<double>(m_samples.front().offset);
    } else {
        startOffset = *offsetAt(start);
    }
    const double span = secondsBetween(start, newest.at);
    if (span <= 0.0)
        return std::nullopt;
    return Rate{(static_cast<double>(newest.offset) - startOffset) / span,
                std::chrono::duration_cast<std::chrono::milliseconds>(newest.at - start)};
}

CatchUpEstimate estimateCatchUp(std::optional<std::int64_t> lagRecords, std::optional<Rate> consumeRate,
                                std::optional<Rate> produceRate)
{
    if (lagRecords && *lagRecords == 0)
        return {CatchUpState::CaughtUp, std::nullopt};
    if (!lagRecords || !consumeRate || !produceRate)
        return {CatchUpState::Unknown, std::nullopt};
    const double net = consumeRate->recordsPerSecond - produceRate->recordsPerSecond;
    if (net <= 0.0)
        return {CatchUpState::NotCatchingUp, std::nullopt};
    return {CatchUpState::CatchingUp, static_cast<double>(*lagRecords) / net};
}

} // namespace sluice::lag
