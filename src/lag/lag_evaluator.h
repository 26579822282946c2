// SPDX-License-Identifier: Apache-2.0
#pragma once

// Health verdicts per partition and per consumer group, from a sliding window of observed
// commits, in the spirit of Burrow's rules with its known false positives fixed. The rules,
// with worked examples, are in docs/lag-rules.md; this header states the contract.

#include "lag/offset_history.h"
#include "lag/partition_lag.h"
#include "lag/verdict.h"
#include "lag/verdict_since.h"
#include "lag/verdict_hysteresis.h"
#include "support/clock.h"

#include <chrono>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace sluice::lag {

// Whether a live member of the group is assigned the partition (from DescribeConsumerGroups).
// It tells a stuck consumer (STALL) from an absent one (STOP). Report Unknown for groups
// without group management (empty protocol type: Flink's and Spark's Kafka sources, any
// assign()-based consumer): they commit while having no members, so "no owner" proves nothing.
enum class Ownership {
    Unknown, // can't tell: judged by commit cadence only; no progress is called STOP
    Owned,   // a live member owns it: no progress is called STALL
    Unowned, // the group manages membership and nobody owns it: nobody will commit
};

// What one refresh read for one (group, partition).
struct PartitionObservation {
    std::string group;
    domain::TopicPartition partition;
    PartitionOffsets offsets;
    std::optional<TimeLag> timeLag; // from OffsetHistory::timeLag, or the exact mode
    Ownership ownership = Ownership::Unknown;
};

// One refresh of one cluster. It is the complete picture: a partition or group that is not in
// it is gone (deleted group, deleted topic, expired offsets) and is dropped, not kept as STOP.
struct LagObservation {
    TimePoint observedAt;
    std::vector<PartitionObservation> partitions;
    // Groups whose offsets could not be read this time: kept exactly as they were, neither
    // advanced nor dropped.
    std::vector<std::string> unreadGroups;
    // Only in refreshes replayed from the history store (history::storedRefreshes): each
    // group's verdict as stored, and since when it had it (that run may reach back further
    // than the replayed refreshes). The evaluator ignores it; the sampler seeds
    // LagGroupSnapshot::verdictSince from it.
    std::map<std::string, StoredVerdict, std::less<>> storedVerdicts;
};

// Budgets for ERR. Unset limits never trigger ERR.
struct LagThresholds {
    std::optional<std::int64_t> maxLagRecords; // ERR when lag > this
    std::optional<double> maxLagSeconds;       // ERR when lag seconds > this (a lower bound counts)
    std::int64_t lagAllowanceRecords = 0;      // lag at or below this counts as caught up
};

struct EvaluatorSettings {
    int windowSize = 10; // commits per partition window (N)
    // The STOP/STALL threshold is the window's span (how long the last N commits took),
    // clamped to [minStaleAfter, maxStaleAfter]. While the window holds a single commit the
    // cadence is unknown and maxStaleAfter applies; an Unowned partition uses minStaleAfter.
    std::chrono::milliseconds minStaleAfter = std::chrono::seconds(30);
    std::chrono::milliseconds maxStaleAfter = std::chrono::minutes(10);
    std::chrono::milliseconds rewindHold = std::chrono::minutes(5);     // longest a REWIND shows
    int holdEvaluations = VerdictHysteresis::kDefaultHoldEvaluations;   // K, for verdict-change events
    LagThresholds defaultThresholds;
    // Per-group budgets (e.g. from workspace patterns); when empty, defaultThresholds apply.
    std::function<LagThresholds(std::string_view group)> thresholdsFor;
};

// Why a partition got its verdict; one reason per rule.
enum class VerdictReason {
    NoCommit,          // OK: nothing to judge (the partition is counted apart in the totals)
    CaughtUp,          // OK: lag at or under the allowance now
    RecentlyCaughtUp,  // OK: a commit in the window was caught up
    Progressing,       // OK: commits move and lag went down inside the window (or it is not full yet)
    LagNotDecreasing,  // WARN: a full window of commits and lag never went down
    OffsetRewound,     // REWIND
    LagRecordsOverMax, // ERR
    LagSecondsOverMax, // ERR
    NoProgressOwned,   // STALL
    NoProgressUnowned, // STOP
};

std::string_view nameOf(VerdictReason reason);

struct PartitionVerdict {
    domain::TopicPartition partition;
    Verdict verdict = Verdict::Ok;
    VerdictReason reason = VerdictReason::NoCommit;
    PartitionLag lag;
    std::optional<TimeLag> timeLag;
    // now - max(last observed commit move, last time caught up); compared with staleAfter.
    std::chrono::milliseconds stalledFor{0};
    // The STOP/STALL threshold in force (see EvaluatorSettings::minStaleAfter).
    std::chrono::milliseconds staleAfter{0};
    int windowFill = 0; // commits currently in the window
};

struct GroupVerdict {
    std::string group;
    Verdict verdict = Verdict::Ok;          // the worst partition verdict
    std::vector<PartitionVerdict> partitions; // sorted by topic, partition
    LagAggregate totals;
};

// An alert-level change of a group's verdict, after hysteresis.
struct VerdictChange {
    std::string group;
    std::optional<Verdict> from; // nullopt: first verdict reported for the group
    std::optional<Verdict> to;   // nullopt: the group disappeared (reported at once)
    TimePoint at;
    friend bool operator==(const VerdictChange&, const VerdictChange&) = default;
};

struct LagEvaluation {
    TimePoint evaluatedAt;
    std::vector<GroupVerdict> groups; // sorted by group id
    std::vector<VerdictChange> changes;

    const GroupVerdict* group(std::string_view id) const;
};

// Keeps the commit windows of every (group, partition) of one cluster and judges them.
// Not thread-safe: one instance belongs to one worker (the lag sampler of a cluster).
// Time comes from the injected clock; it must outlive the evaluator.
class LagEvaluator {
public:
    explicit LagEvaluator(const Clock& clock, EvaluatorSettings settings = {});

    // Feed one refresh. Observations must come in time order; older ones are ignored.
    void observe(const LagObservation& observation);

    // Judge every tracked partition at clock.now(). Each call counts as one evaluation for
    // hysteresis, so call it once per refresh.
    LagEvaluation evaluate();

    std::size_t groupCount() const { return m_groups.size(); }
    std::size_t partitionCount() const;
    const EvaluatorSettings& settings() const { return m_settings; }

private:
    struct CommitPoint {
        TimePoint at;          // first observation that saw this committed offset
        Offset committed = 0;
        std::int64_t lagRecords = 0;
        bool isRewind = false; // the committed offset went backwards to get here
    };
    struct PartitionState {
        std::vector<CommitPoint> window; // oldest first, at most windowSize
        PartitionLag lag;
        std::optional<TimeLag> timeLag;
        Ownership ownership = Ownership::Unknown;
        std::optional<TimePoint> lastCaughtUpAt;
        std::uint64_t seenInRefresh = 0;
    };
    using Partitions = std::map<domain::TopicPartition, PartitionState>;

    void observePartition(PartitionState& state, const PartitionObservation& obs, TimePoint at,
                          const LagThresholds& thresholds);
    PartitionVerdict judge(const domain::TopicPartition& tp, const PartitionState& state, TimePoint now,
                           const LagThresholds& thresholds) const;
    LagThresholds thresholdsFor(std::string_view group) const;

    const Clock& m_clock;
    EvaluatorSettings m_settings;
    std::map<std::string, Partitions, std::less<>> m_groups;
    std::optional<TimePoint> m_lastObservedAt;
    std::uint64_t m_refreshSeq = 0;
    VerdictHysteresis m_hysteresis;
};

} // namespace sluice::lag
