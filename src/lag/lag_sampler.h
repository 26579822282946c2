// SPDX-License-Identifier: Apache-2.0
#pragma once

// One lag refresh of one cluster: consumer groups, their committed offsets, the end and
// log-start offsets of the partitions they commit on, lag in records and in seconds, rates,
// catch-up estimates and verdicts. Runs on the worker thread that owns the librdkafka handle;
// it borrows the handle and keeps the histories and the evaluator window between calls.
// Not thread-safe: one sampler belongs to one worker.

#include "kafka/admin_calls.h"
#include "lag/group_events.h"
#include "lag/lag_evaluator.h"
#include "lag/lag_requests.h"
#include "lag/offset_history.h"
#include "lag/partition_lag.h"
#include "lag/verdict.h"
#include "support/clock.h"
#include "support/result.h"

#include <chrono>
#include <cstddef>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace sluice::lag {

struct LagPartitionRow {
    domain::TopicPartition partition;
    std::optional<Offset> committed; // nullopt: no commit
    Offset end = 0;
    std::optional<Offset> logStart;
    PartitionLag lag;
    std::optional<TimeLag> timeLag; // seconds behind, with the lower-bound flag
    std::optional<Rate> consumeRate; // from the committed-offset history
    std::optional<Rate> produceRate; // from the end-offset history
    CatchUpEstimate catchUp;
    Verdict verdict = Verdict::Ok;
    VerdictReason reason = VerdictReason::NoCommit;
    Ownership ownership = Ownership::Unknown;
    std::string memberClientId; // client id of the member assigned the partition, empty when none
};

struct LagGroupSnapshot {
    std::string group;
    std::string state; // Stable, Empty, ...
    std::string protocolType; // empty for simple (assign()-based) groups
    Verdict verdict = Verdict::Ok;
    // Since when the group has had `verdict`: dated by the refresh that first showed it, or by
    // the history store after a restart (docs/lag-rules.md, "Since when").
    VerdictSince verdictSince;
    LagAggregate totals; // totals.maxTimeLag is the group's max lag seconds
    std::vector<LagPartitionRow> partitions; // sorted by topic, partition
    // Only in the first sample after a restart: the group's total lag (records, partitions with
    // a commit) at each stored refresh replayed before it, oldest first, so trends need not
    // start empty. Empty in every later sample.
    std::vector<std::int64_t> storedTotalLag;

    const LagPartitionRow* partition(std::string_view topic, std::int32_t partition) const;
};

struct LagRefreshCost {
    std::chrono::milliseconds duration { 0 };
    int requests = 0; // admin calls plus ListOffsets batches (each queryOffsets call counted once per spec)
};

struct LagSnapshot {
    TimePoint sampledAt;
    std::vector<LagGroupSnapshot> groups; // sorted by group id
    std::vector<VerdictChange> changes; // alert-level verdict changes after hysteresis
    std::vector<GroupEvent> events; // rebalances and offset resets since the previous sample
    std::vector<std::string> warnings; // groups or partitions that could not be read this time
    LagRefreshCost cost;

    const LagGroupSnapshot* group(std::string_view id) const;
};

struct LagSamplerSettings {
    EvaluatorSettings evaluator;
    std::size_t historyCapacity = OffsetHistory::kDefaultCapacity;
    std::chrono::milliseconds rateWindow = std::chrono::minutes(1);
    // Called once, on the first refresh, before anything of it is recorded: the refreshes
    // stored before a restart (history::storedRefreshes), oldest first, all older than `now`.
    // The sampler replays them into the fresh evaluator's windows, so verdicts hold across a
    // restart, and into its end- and committed-offset histories, so lag seconds and rates are
    // there at the first sample (each history stays bounded by historyCapacity as usual).
    // Gets the groups listed by that refresh and its time. Unset: everything starts empty.
    std::function<std::vector<LagObservation>(const std::vector<std::string>& groups, TimePoint now)> storedRefreshes;
};

class LagSampler {
public:
    // The clock must outlive the sampler.
    explicit LagSampler(const Clock& clock, LagSamplerSettings settings = {});

    // One refresh. Each broker call waits at most `timeout`; `cancel` makes it give up early.
    // Fails only when the group list itself cannot be read; per-group failures are warnings
    // and those groups are kept as they were by the evaluator.
    Result<LagSnapshot> sample(
        rd_kafka_t* rk, std::chrono::milliseconds timeout, const kafka::CancelFlag* cancel = nullptr);

    // What a metadata refresh of the same moment already read: the groups (listed and
    // described) and the end and log-start offsets of every partition. A sample given these
    // asks the broker only for what is missing (committed offsets, partitions not in them).
    struct Prefetched {
        kafka::GroupListing listing;
        std::map<domain::TopicPartition, std::int64_t> ends;
        std::map<domain::TopicPartition, std::int64_t> starts;
        // The committed offsets too, when the caller has read them (group id → offsets); unset:
        // the sample reads them. With these and every end and start given, no broker is asked.
        std::optional<std::map<std::string, GroupOffsetsRead>> committed;
    };
    Result<LagSnapshot> sample(rd_kafka_t* rk, std::chrono::milliseconds timeout, const kafka::CancelFlag* cancel,
        const Prefetched& prefetched);

    std::size_t trackedPartitions() const { return m_endHistories.size(); }

private:
    Result<LagSnapshot> sampleWith(rd_kafka_t* rk, std::chrono::milliseconds timeout, const kafka::CancelFlag* cancel,
        const Prefetched* prefetched);
    // Replays stored refreshes (oldest first) into the evaluator and the offset histories.
    void replayStored(const std::vector<LagObservation>& refreshes, TimePoint now);

    const Clock& m_clock;
    LagSamplerSettings m_settings;
    LagEvaluator m_evaluator;
    GroupEventDetector m_events;
    VerdictSinceTracker m_since;
    std::map<std::string, std::vector<std::int64_t>, std::less<>> m_storedTotals; // until the first sample
    std::map<domain::TopicPartition, OffsetHistory> m_endHistories;
    // group → partition → history of its committed offset
    std::map<std::string, std::map<domain::TopicPartition, OffsetHistory>, std::less<>> m_commitHistories;
    bool m_seeded = false;
};

} // namespace sluice::lag
