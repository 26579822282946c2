// SPDX-License-Identifier: Apache-2.0
#pragma once

// Decides, record by record in offset order, whether a source record is part of a pinned
// plan's selection, and which selected offsets turned out to hold no record. Used by the
// dry run, the execution and the verification alike.

#include "decode/record.h"
#include "filter/filter.h"
#include "replay/replay_plan.h"
#include "support/result.h"

#include <cstdint>
#include <functional>
#include <map>
#include <optional>

namespace sluice::replay {

// Where reading starts and ends (exclusive) per partition for a pinned plan.
struct ReadRange {
    std::map<std::int32_t, std::int64_t> start;
    std::map<std::int32_t, std::int64_t> end;
};
ReadRange readRange(const ReplayPlan& plan, const std::map<std::int32_t, std::int64_t>& logStart);

// Records the plan selects by offsets alone in [from, to) of one partition (Offsets kind).
std::uint64_t countSelectedOffsets(const ReplayPlan& plan, std::int32_t partition, std::int64_t from, std::int64_t to);

// Records a resumed run can send again: those selected at or past `positions` (where the
// resume starts reading, per partition; see resumePositions) up to the range's end. Records
// written before an interruption but not yet journalled are among them, so this caps how
// many duplicates a resume can make.
std::uint64_t resendableRecords(
    const ReplayPlan& plan, const ReadRange& range, const std::map<std::int32_t, std::int64_t>& positions);

class SelectionCursor {
public:
    enum class Verdict { Selected, NotSelected, BudgetExceeded };
    static Result<SelectionCursor> create(const ReplayPlan& plan);

    Verdict check(const decode::RecordView& record);
    // Selected offsets in [from, to) with no record (Offsets kind only; a filter cannot
    // select a record that is not there). `each` gets every offset, in order.
    std::uint64_t missing(std::int32_t partition, std::int64_t from, std::int64_t to,
        const std::function<void(std::int64_t)>& each) const;

private:
    explicit SelectionCursor(const ReplayPlan& plan)
        : m_plan(&plan)
    {
    }
    bool inRanges(std::int32_t partition, std::int64_t offset) const;
    const ReplayPlan* m_plan;
    std::optional<filter::Evaluator> m_evaluator;
};

} // namespace sluice::replay
