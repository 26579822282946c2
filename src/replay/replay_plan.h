// SPDX-License-Identifier: Apache-2.0
#pragma once

// A replay plan: which records to read (source), where each goes (target), how it is
// changed on the way (transforms), the loop guard and how it is executed. Plain data with
// a JSON form (docs/replay.md documents the file format).
//
// A dry run "pins" the plan: it fixes the end offset of every source partition and, for a
// time range, the offsets it maps to, so that the selection cannot grow afterwards. The
// plan hash is SHA-256 of the pinned plan's canonical JSON; execution refuses a plan that
// is not pinned or whose hash is not the one the operator reviewed.

#include "dlq/selection_model.h"
#include "support/result.h"

#include <QJsonObject>
#include <QString>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace sluice::replay {

using OffsetRanges = std::vector<std::pair<std::int64_t, std::int64_t>>; // inclusive, ascending

enum class SelectionKind { Offsets, Filter, TimeRange };
enum class TargetMode { OriginalTopic, Topic };
enum class Partitioning { ByKey, OriginalPartition, SourcePartition };
enum class TimestampPolicy { Now, Keep };
enum class LimitAction { Skip, Refuse };
enum class ExecutionMode { Idempotent, ExactlyOnce };

struct RecordEdit {
    std::int32_t partition = -1;
    std::int64_t offset = -1;
    bool replaceKey = false;
    std::optional<std::string> key; // bytes; nullopt: null key
    bool replaceValue = false;
    std::optional<std::string> value;
    bool replaceHeaders = false;
    std::vector<std::pair<std::string, std::optional<std::string>>> headers;
    friend bool operator==(const RecordEdit&, const RecordEdit&) = default;
};

struct ReplayPlan {
    int version = 1;
    std::string id; // also the transactional id suffix and the journal folder name

    // Source
    std::string sourceCluster;
    std::string sourceTopic;
    SelectionKind selection = SelectionKind::Offsets;
    std::map<std::int32_t, OffsetRanges> offsets; // Offsets: selected; Filter: bounds (empty: whole topic)
    std::string filter; // Filter
    std::map<std::int32_t, std::vector<std::int64_t>> excluded; // Filter: excluded one by one
    std::optional<std::int64_t> filterNowMs; // pinned `now` of the filter
    std::int64_t fromMs = 0, toMs = 0; // TimeRange, [from, to)

    // Target
    TargetMode targetMode = TargetMode::OriginalTopic;
    std::string targetTopic; // Topic mode
    std::string targetCluster; // empty: the source cluster
    Partitioning partitioning = Partitioning::ByKey;

    // Transforms
    bool dropDeadLetterHeaders = true;
    std::vector<std::string> extraDropPrefixes; // more header prefixes to drop
    bool provenance = true;
    TimestampPolicy timestamp = TimestampPolicy::Now;
    std::vector<RecordEdit> edits;

    // Loop guard
    int maxReplayCount = 3;
    LimitAction onLimit = LimitAction::Skip;

    // Execution
    ExecutionMode mode = ExecutionMode::Idempotent;
    double recordsPerSecond = 0; // 0: unlimited
    double bytesPerSecond = 0;
    int maxInFlight = 10000; // idempotent mode: records handed to the producer, not yet acknowledged
    int checkpointEvery = 1000; // idempotent mode: records acknowledged between journal checkpoints
    int transactionRecords = 2000; // exactly-once mode: records per transaction

    // Pinned by the dry run: end offset (exclusive) per source partition.
    std::map<std::int32_t, std::int64_t> pinnedEnd;
    bool isPinned() const { return !pinnedEnd.empty(); }

    const std::string& effectiveTargetCluster() const { return targetCluster.empty() ? sourceCluster : targetCluster; }

    friend bool operator==(const ReplayPlan&, const ReplayPlan&) = default;
};

std::string_view nameOf(SelectionKind kind);
std::string_view nameOf(TargetMode mode);
std::string_view nameOf(Partitioning partitioning);
std::string_view nameOf(TimestampPolicy policy);
std::string_view nameOf(LimitAction action);
std::string_view nameOf(ExecutionMode mode);

// JSON form; errors name the member that is wrong.
Result<ReplayPlan> planFromJson(const QJsonObject& json);
QJsonObject planToJson(const ReplayPlan& plan);
Result<ReplayPlan> readPlanFile(const QString& path);
Status writePlanFile(const ReplayPlan& plan, const QString& path, const QString& planHash);
// The hash stored next to the plan in a reviewed plan file, empty when none.
QString storedPlanHash(const QString& path);

// SHA-256 hex of the canonical JSON of the plan.
std::string planHash(const ReplayPlan& plan);

// A plan for the records an operator picked in the dead-letter inspector or the browser.
ReplayPlan planFromSelection(const std::string& cluster, const dlq::SelectionModel& selection);

// A fresh replay id: "r" + UTC time + random suffix, e.g. "r20261122T061502-3f9a".
std::string newReplayId();

} // namespace sluice::replay
