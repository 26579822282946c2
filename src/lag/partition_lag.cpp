// SPDX-License-Identifier: Apache-2.0
#include "lag/partition_lag.h"

#include <algorithm>

namespace sluice::lag {

PartitionLag computePartitionLag(const PartitionOffsets& offsets)
{
    PartitionLag out;
    out.offsets = offsets;
    if (!offsets.committed) {
        out.state = LagState::NoCommit;
        return out;
    }
    const Offset committed = *offsets.committed;
    const Offset end = offsets.end;
    if (committed > end) {
        out.state = LagState::AheadOfEnd;
        out.aheadOfEndBy = committed - end;
        out.lagRecords = 0;
        out.retainedLagRecords = 0;
        return out;
    }
    out.lagRecords = end - committed;
    if (offsets.logStart && committed < *offsets.logStart) {
        out.state = LagState::BehindLogStart;
        // A log start past the end only happens in a racing read; never count more than the lag.
        out.lostToRetention = std::min(*offsets.logStart, end) - committed;
        out.retainedLagRecords = std::max<Offset>(end - *offsets.logStart, 0);
        return out;
    }
    out.state = LagState::Normal;
    out.retainedLagRecords = out.lagRecords;
    return out;
}

void LagAggregate::add(const PartitionLagRow& row)
{
    ++partitions;
    switch (row.lag.state) {
    case LagState::NoCommit: ++partitionsWithoutCommit; break;
    case LagState::AheadOfEnd: ++partitionsAheadOfEnd; break;
    case LagState::BehindLogStart: ++partitionsBehindLogStart; break;
    case LagState::Normal: break;
    }
    lostToRetention += row.lag.lostToRetention;
    if (row.lag.lagRecords) {
        const std::int64_t lag = *row.lag.lagRecords;
        totalLagRecords += lag;
        if (lag > maxLagRecords) {
            maxLagRecords = lag;
            maxLagPartition = row.partition;
        }
    }
    if (row.timeLag) {
        const TimeLag& t = *row.timeLag;
        const bool isWorse = !maxTimeLag || t.seconds > maxTimeLag->seconds
            || (t.seconds == maxTimeLag->seconds && t.isLowerBound && !maxTimeLag->isLowerBound);
        if (isWorse) {
            maxTimeLag = t;
            maxTimeLagPartition = row.partition;
        }
    }
}

LagAggregate aggregateLag(std::span<const PartitionLagRow> rows)
{
    LagAggregate out;
    for (const PartitionLagRow& row : rows)
        out.add(row);
    return out;
}

std::map<std::string, LagAggregate, std::less<>> aggregateLagByTopic(std::span<const PartitionLagRow> rows)
{
    std::map<std::string, LagAggregate, std::less<>> out;
    for (const PartitionLagRow& row : rows)
        out[row.partition.topic].add(row);
    return out;
}

} // namespace sluice::lag
