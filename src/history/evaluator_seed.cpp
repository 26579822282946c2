// SPDX-License-Identifier: Apache-2.0
#include "history/evaluator_seed.h"

#include <map>
#include <set>

namespace sluice::history {

Result<SeedReport> seedEvaluator(HistoryStore& store, std::string_view cluster, std::span<const std::string> groups,
    TimePoint now, std::chrono::milliseconds lookback, lag::LagEvaluator& evaluator)
{
    constexpr int kRawPoints = 1'000'000; // far above what a lookback holds: points stay raw samples
    SeedReport report;
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
    for (auto& [at, observation] : refreshes) {
        std::set<std::string_view> present;
        for (const lag::PartitionObservation& p : observation.partitions)
            present.insert(p.group);
        for (const std::string& group : seeded)
            if (!present.contains(group))
                observation.unreadGroups.push_back(group);
        evaluator.observe(observation);
        ++report.observations;
    }
    return report;
}

} // namespace sluice::history
