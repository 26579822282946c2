// SPDX-License-Identifier: Apache-2.0
#include "lag/lag_evaluator.h"

#include "support/logging.h"

#include <algorithm>
#include <unordered_set>

namespace sluice::lag {

namespace {

using std::chrono::milliseconds;

milliseconds toMillis(TimePoint::duration d) { return std::chrono::duration_cast<milliseconds>(d); }

std::string_view verdictName(const std::optional<Verdict>& v) { return v ? nameOf(*v) : std::string_view("none"); }

} // namespace

std::string_view nameOf(VerdictReason reason)
{
    switch (reason) {
    case VerdictReason::NoCommit: return "no-commit";
    case VerdictReason::CaughtUp: return "caught-up";
    case VerdictReason::RecentlyCaughtUp: return "recently-caught-up";
    case VerdictReason::Progressing: return "progressing";
    case VerdictReason::LagNotDecreasing: return "lag-not-decreasing";
    case VerdictReason::OffsetRewound: return "offset-rewound";
    case VerdictReason::LagRecordsOverMax: return "lag-records-over-max";
    case VerdictReason::LagSecondsOverMax: return "lag-seconds-over-max";
    case VerdictReason::NoProgressOwned: return "no-progress-owned";
    case VerdictReason::NoProgressUnowned: return "no-progress-unowned";
    }
    return "unknown";
}

const GroupVerdict* LagEvaluation::group(std::string_view id) const
{
    const auto it = std::lower_bound(groups.begin(), groups.end(), id,
                                     [](const GroupVerdict& g, std::string_view key) { return g.group < key; });
    return it != groups.end() && it->group == id ? &*it : nullptr;
}

LagEvaluator::LagEvaluator(const Clock& clock, EvaluatorSettings settings)
    : m_clock(clock)
    , m_settings(std::move(settings))
    , m_hysteresis(m_settings.holdEvaluations)
{
    m_settings.windowSize = std::max(m_settings.windowSize, 2);
    m_settings.maxStaleAfter = std::max(m_settings.maxStaleAfter, m_settings.minStaleAfter);
}

std::size_t LagEvaluator::partitionCount() const
{
    std::size_t n = 0;
    for (const auto& [group, partitions] : m_groups)
        n += partitions.size();
    return n;
}

LagThresholds LagEvaluator::thresholdsFor(std::string_view group) const
{
    return m_settings.thresholdsFor ? m_settings.thresholdsFor(group) : m_settings.defaultThresholds;
}

void LagEvaluator::observe(const LagObservation& observation)
{
    if (m_lastObservedAt && observation.observedAt < *m_lastObservedAt) {
        logging::lag()->warn("lag observation older than the previous one ignored");
        return;
    }
    m_lastObservedAt = observation.observedAt;
    const std::uint64_t seq = ++m_refreshSeq;

    const std::string* cachedGroup = nullptr;
    Partitions* partitions = nullptr;
    LagThresholds thresholds;
    for (const PartitionObservation& obs : observation.partitions) {
        if (!cachedGroup || *cachedGroup != obs.group) { // observations usually come grouped
            auto it = m_groups.find(obs.group);
            if (it == m_groups.end())
                it = m_groups.emplace(obs.group, Partitions{}).first;
            cachedGroup = &it->first;
            partitions = &it->second;
            thresholds = thresholdsFor(obs.group);
        }
        PartitionState& state = (*partitions)[obs.partition];
        observePartition(state, obs, observation.observedAt, thresholds);
        state.seenInRefresh = seq;
    }

    const std::unordered_set<std::string_view> unread(observation.unreadGroups.begin(),
                                                      observation.unreadGroups.end());
    for (auto it = m_groups.begin(); it != m_groups.end();) {
        if (!unread.contains(it->first))
            std::erase_if(it->second, [seq](const auto& entry) { return entry.second.seenInRefresh != seq; });
        if (it->second.empty()) {
            logging::lag()->debug("lag state dropped group={} (gone from the refresh)", it->first);
            it = m_groups.erase(it);
        } else {
            ++it;
        }
    }
}

void LagEvaluator::observePartition(PartitionState& state, const PartitionObservation& obs, TimePoint at,
                                    const LagThresholds& thresholds)
{
    state.lag = computePartitionLag(obs.offsets);
    state.timeLag = obs.timeLag;
    state.ownership = obs.ownership;
    if (!state.lag.hasCommit()) {
        state.window.clear();
        state.lastCaughtUpAt.reset();
        return;
    }
    const Offset committed = *obs.offsets.committed;
    const std::int64_t lag = *state.lag.lagRecords;
    if (lag <= thresholds.lagAllowanceRecords)
        state.lastCaughtUpAt = at;

    if (state.window.empty()) {
        state.window.push_back({at, committed, lag, false});
        return;
    }
    const CommitPoint& newest = state.window.back();
    if (committed == newest.committed)
        return; // no move: the window only records commits that moved the offset
    if (committed < newest.committed) {
        // What came before describes another position in the log; start over from the rewind.
        state.window.clear();
        state.window.push_back({at, committed, lag, true});
        return;
    }
    state.window.push_back({at, committed, lag, false});
    if (state.window.size() > static_cast<std::size_t>(m_settings.windowSize))
        state.window.erase(state.window.begin());
}

PartitionVerdict LagEvaluator::judge(const domain::TopicPartition& tp, const PartitionState& state, TimePoint now,
                                     const LagThresholds& thresholds) const
{
    PartitionVerdict v;
    v.partition = tp;
    v.lag = state.lag;
    v.timeLag = state.timeLag;
    v.windowFill = static_cast<int>(state.window.size());
    if (!state.lag.hasCommit() || state.window.empty())
        return v; // OK, NoCommit

    const CommitPoint& oldest = state.window.front();
    const CommitPoint& newest = state.window.back();
    if (state.ownership == Ownership::Unowned)
        v.staleAfter = m_settings.minStaleAfter; // nobody is there to commit: cadence is moot
    else if (state.window.size() < 2)
        v.staleAfter = m_settings.maxStaleAfter; // cadence unknown: don't call a slow committer stopped
    else
        v.staleAfter = std::clamp(toMillis(newest.at - oldest.at), m_settings.minStaleAfter, m_settings.maxStaleAfter);
    const TimePoint lastActive = std::max(newest.at, state.lastCaughtUpAt.value_or(newest.at));
    v.stalledFor = std::max(toMillis(now - lastActive), milliseconds::zero());
    const std::int64_t lag = *state.lag.lagRecords;

    auto set = [&v](Verdict verdict, VerdictReason reason) {
        v.verdict = verdict;
        v.reason = reason;
        return v;
    };
    if (oldest.isRewind && now - oldest.at < m_settings.rewindHold)
        return set(Verdict::Rewind, VerdictReason::OffsetRewound);
    if (lag <= thresholds.lagAllowanceRecords)
        return set(Verdict::Ok, VerdictReason::CaughtUp);
    if (v.stalledFor > v.staleAfter) {
        return state.ownership == Ownership::Owned ? set(Verdict::Stall, VerdictReason::NoProgressOwned)
                                                   : set(Verdict::Stop, VerdictReason::NoProgressUnowned);
    }
    if (thresholds.maxLagRecords && lag > *thresholds.maxLagRecords)
        return set(Verdict::Err, VerdictReason::LagRecordsOverMax);
    if (thresholds.maxLagSeconds && state.timeLag && state.timeLag->seconds > *thresholds.maxLagSeconds)
        return set(Verdict::Err, VerdictReason::LagSecondsOverMax);
    const bool caughtUpInWindow = std::any_of(state.window.begin(), state.window.end(), [&](const CommitPoint& p) {
        return p.lagRecords <= thresholds.lagAllowanceRecords;
    });
    if (caughtUpInWindow)
        return set(Verdict::Ok, VerdictReason::RecentlyCaughtUp);
    const bool isFull = state.window.size() == static_cast<std::size_t>(m_settings.windowSize);
    const bool neverWentDown = std::adjacent_find(state.window.begin(), state.window.end(),
                                                  [](const CommitPoint& a, const CommitPoint& b) {
                                                      return b.lagRecords < a.lagRecords;
                                                  })
        == state.window.end();
    if (isFull && neverWentDown)
        return set(Verdict::Warn, VerdictReason::LagNotDecreasing);
    return set(Verdict::Ok, VerdictReason::Progressing);
}

LagEvaluation LagEvaluator::evaluate()
{
    LagEvaluation out;
    out.evaluatedAt = m_clock.now();
    out.groups.reserve(m_groups.size());
    for (const auto& [group, partitions] : m_groups) {
        const LagThresholds thresholds = thresholdsFor(group);
        GroupVerdict g;
        g.group = group;
        g.partitions.reserve(partitions.size());
        for (const auto& [tp, state] : partitions) {
            PartitionVerdict pv = judge(tp, state, out.evaluatedAt, thresholds);
            g.verdict = worseOf(g.verdict, pv.verdict);
            g.totals.add(PartitionLagRow{tp, pv.lag, pv.timeLag});
            g.partitions.push_back(std::move(pv));
        }
        if (const auto change = m_hysteresis.feed(group, g.verdict)) {
            logging::lag()->info("lag verdict changed group={} from={} to={}", group, verdictName(change->from),
                                 nameOf(change->to));
            out.changes.push_back({group, change->from, change->to, out.evaluatedAt});
        }
        out.groups.push_back(std::move(g));
    }
    for (const std::string& key : m_hysteresis.keys()) {
        if (m_groups.contains(key))
            continue;
        if (const auto last = m_hysteresis.forget(key)) {
            logging::lag()->info("lag verdict dropped group={} was={} (group gone)", key, nameOf(*last));
            out.changes.push_back({key, last, std::nullopt, out.evaluatedAt});
        }
    }
    return out;
}

} // namespace sluice::lag
