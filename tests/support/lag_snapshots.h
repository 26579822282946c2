// SPDX-License-Identifier: Apache-2.0
#pragma once

// Hand-made lag snapshots with known numbers for unit and UI tests.

#include "kafka/cluster_session.h"

#include <algorithm>
#include <chrono>
#include <memory>
#include <string>
#include <vector>

namespace sluice::testing {

struct PartitionSpec {
    std::string topic;
    std::int32_t partition = 0;
    std::optional<std::int64_t> committed; // nullopt: no commit
    std::int64_t end = 0;
    std::optional<double> lagSeconds;
    std::optional<double> consumeRate;
    std::optional<double> produceRate;
    lag::Verdict verdict = lag::Verdict::Ok;
    std::string client;
};

inline lag::LagGroupSnapshot makeLagGroup(std::string id, const std::vector<PartitionSpec>& partitions)
{
    lag::LagGroupSnapshot group;
    group.group = std::move(id);
    group.state = "Stable";
    group.protocolType = "consumer";
    std::vector<lag::PartitionLagRow> rows;
    for (const PartitionSpec& spec : partitions) {
        lag::LagPartitionRow row;
        row.partition = { spec.topic, spec.partition };
        row.committed = spec.committed;
        row.end = spec.end;
        row.lag = lag::computePartitionLag({ spec.committed, std::nullopt, spec.end });
        if (spec.lagSeconds)
            row.timeLag = lag::TimeLag { *spec.lagSeconds, false };
        if (spec.consumeRate)
            row.consumeRate = lag::Rate { *spec.consumeRate, std::chrono::seconds(60) };
        if (spec.produceRate)
            row.produceRate = lag::Rate { *spec.produceRate, std::chrono::seconds(60) };
        row.verdict = spec.verdict;
        row.memberClientId = spec.client;
        group.verdict = lag::worseOf(group.verdict, spec.verdict);
        group.partitions.push_back(row);
        rows.push_back({ row.partition, row.lag, row.timeLag });
    }
    group.totals = lag::aggregateLag(rows);
    return group;
}

inline kafka::LagSnapshotPtr makeLagSnapshot(
    std::chrono::system_clock::time_point at, std::vector<lag::LagGroupSnapshot> groups)
{
    auto snapshot = std::make_shared<lag::LagSnapshot>();
    snapshot->sampledAt = at;
    std::sort(groups.begin(), groups.end(), [](const auto& a, const auto& b) { return a.group < b.group; });
    snapshot->groups = std::move(groups);
    snapshot->cost.duration = std::chrono::milliseconds(12);
    snapshot->cost.requests = 3;
    return snapshot;
}

} // namespace sluice::testing
