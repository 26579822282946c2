// SPDX-License-Identifier: Apache-2.0
#include "history/evaluator_seed.h"

#include <map>
#include <set>

namespace sluice::history {

Result<StoredRefreshes> storedRefreshes(HistoryStore& store, std::string_view cluster,
    std::span<const std::string> groups, TimePoint now, std::chrono::milliseconds lookback)
{
    constexpr int kRawPoints = 1'000'000; // far above what a lookback holds: points stay raw samples
    StoredRefreshes out;
    SeedReport& report = out.report;
    std::map<TimePoint, lag::LagObservation> refreshes;
    std::set<std::string, std::less<>> seeded;
    const TimeRange range { now - lookback, now };
    for (const std::string& group : groups) {
        auto series = store.seriesOfGroup(cluster, group);
        if (!series)
            return series.error();
        bool any = false;
        for (const SeriesKey& key : series.value()) {
            if (key.kind != SeriesKind::Partition)
                continue;
            auto points = store.query(key, range, kRawPoints);
            if (!points)
                return points.error();
            if (points.value().empty())
                continue;
            ++report.partitions;
            any = true;
            for (const HistoryPoint& p : points.value()) {
                if (!p.endOffset)
                    continue; // not a partition reading
                lag::LagObservation& o = refreshes[p.lastAt];
                o.observedAt = p.lastAt;
                o.partitions.push_back({ group, { key.topic, key.partition },
                    { p.committed, std::nullopt, *p.endOffset }, std::nullopt, lag::Ownership::Unknown });
            }
        }
        if (any) {
            ++report.groups;
            seeded.insert(group);
        }
    }
    out.refreshes.reserve(refreshes.size());
    for (auto& [at, observation] : refreshes) {
        std::set<std::string_view> present;
        for (const lag::PartitionObservation& p : observation.partitions)
            present.insert(p.group);
        for (const std::string& group : seeded)
            if (!present.contains(group))
                observation.unreadGroups.push_back(group);
        out.refreshes.push_back(std::move(observation));
    }
    report.observations = static_cast<int>(out.refreshes.size());
    if (!out.refreshes.empty()) {
        lag::LagObservation& newest = out.refreshes.back();
        for (const std::string& group : groups) {
            auto stored = storedVerdictSince(store, cluster, group, now);
            if (!stored)
                return stored.error();
            if (stored.value())
                newest.storedVerdicts.emplace(group, *stored.value());
        }
    }
    return out;
}

Result<std::optional<lag::StoredVerdict>> storedVerdictSince(
    HistoryStore& store, std::string_view cluster, std::string_view group, TimePoint before)
{
    auto run = store.newestVerdictRun(SeriesKey::forGroup(std::string(cluster), std::string(group)), before);
    if (!run)
        return run.error();
    return lag::verdictRunOf(run.value());
}

Result<SeedReport> seedEvaluator(HistoryStore& store, std::string_view cluster, std::span<const std::string> groups,
    TimePoint now, std::chrono::milliseconds lookback, lag::LagEvaluator& evaluator)
{
    auto stored = storedRefreshes(store, cluster, groups, now, lookback);
    if (!stored)
        return stored.error();
    for (const lag::LagObservation& refresh : stored.value().refreshes)
        evaluator.observe(refresh);
    return stored.value().report;
}

} // namespace sluice::history
