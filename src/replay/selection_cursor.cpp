// SPDX-License-Identifier: Apache-2.0
#include "replay/selection_cursor.h"

#include <algorithm>

namespace sluice::replay {

ReadRange readRange(const ReplayPlan& plan, const std::map<std::int32_t, std::int64_t>& logStart)
{
    ReadRange out;
    for (const auto& [partition, pinned] : plan.pinnedEnd) {
        std::int64_t start = 0;
        std::int64_t end = pinned;
        if (auto it = logStart.find(partition); it != logStart.end())
            start = it->second;
        const auto ranges = plan.offsets.find(partition);
        const bool bounded = ranges != plan.offsets.end() && !ranges->second.empty();
        if (plan.selection == SelectionKind::Offsets
            || (plan.selection == SelectionKind::Filter && !plan.offsets.empty())) {
            if (!bounded)
                continue; // not selected at all
            start = std::max(start, ranges->second.front().first);
            end = std::min(end, ranges->second.back().second + 1);
        }
        if (start < end) {
            out.start[partition] = start;
            out.end[partition] = end;
        }
    }
    return out;
}

std::uint64_t resendableRecords(
    const ReplayPlan& plan, const ReadRange& range, const std::map<std::int32_t, std::int64_t>& positions)
{
    std::uint64_t total = 0;
    for (const auto& [partition, from] : positions) {
        const auto end = range.end.find(partition);
        if (end == range.end.end() || from >= end->second)
            continue;
        total += plan.selection == SelectionKind::Offsets ? countSelectedOffsets(plan, partition, from, end->second)
                                                          : static_cast<std::uint64_t>(end->second - from);
    }
    return total;
}

std::uint64_t countSelectedOffsets(const ReplayPlan& plan, std::int32_t partition, std::int64_t from, std::int64_t to)
{
    const auto ranges = plan.offsets.find(partition);
    if (ranges == plan.offsets.end())
        return 0;
    std::uint64_t count = 0;
    for (const auto& [first, last] : ranges->second) {
        const std::int64_t a = std::max(first, from);
        const std::int64_t b = std::min(last + 1, to);
        if (b > a)
            count += static_cast<std::uint64_t>(b - a);
    }
    return count;
}

Result<SelectionCursor> SelectionCursor::create(const ReplayPlan& plan)
{
    SelectionCursor cursor(plan);
    if (plan.selection == SelectionKind::Filter) {
        filter::CompileOptions options;
        options.nowMs = plan.filterNowMs;
        auto compiled = filter::compileFilter(plan.filter, options);
        if (!compiled)
            return Error { ErrorKind::Configuration, "The plan's filter does not compile: " + compiled.error().message,
                {} };
        cursor.m_evaluator.emplace(*compiled);
    }
    return cursor;
}

bool SelectionCursor::inRanges(std::int32_t partition, std::int64_t offset) const
{
    const auto ranges = m_plan->offsets.find(partition);
    if (ranges == m_plan->offsets.end())
        return false;
    const auto& list = ranges->second;
    auto it
        = std::upper_bound(list.begin(), list.end(), std::make_pair(offset, std::numeric_limits<std::int64_t>::max()));
    if (it == list.begin())
        return false;
    --it;
    return offset >= it->first && offset <= it->second;
}

SelectionCursor::Verdict SelectionCursor::check(const decode::RecordView& record)
{
    if (auto end = m_plan->pinnedEnd.find(record.partition);
        end == m_plan->pinnedEnd.end() || record.offset >= end->second)
        return Verdict::NotSelected;
    switch (m_plan->selection) {
    case SelectionKind::Offsets:
    case SelectionKind::TimeRange: // pinned plans hold time ranges as offsets
        return inRanges(record.partition, record.offset) ? Verdict::Selected : Verdict::NotSelected;
    case SelectionKind::Filter: {
        if (!m_plan->offsets.empty() && !inRanges(record.partition, record.offset))
            return Verdict::NotSelected;
        if (auto excluded = m_plan->excluded.find(record.partition); excluded != m_plan->excluded.end()
            && std::binary_search(excluded->second.begin(), excluded->second.end(), record.offset))
            return Verdict::NotSelected;
        const auto evaluation = m_evaluator->evaluate(record);
        if (evaluation.verdict == filter::Verdict::BudgetExceeded)
            return Verdict::BudgetExceeded;
        return evaluation.verdict == filter::Verdict::Match ? Verdict::Selected : Verdict::NotSelected;
    }
    }
    return Verdict::NotSelected;
}

std::uint64_t SelectionCursor::missing(
    std::int32_t partition, std::int64_t from, std::int64_t to, const std::function<void(std::int64_t)>& each) const
{
    if (m_plan->selection == SelectionKind::Filter || to <= from)
        return 0;
    const auto ranges = m_plan->offsets.find(partition);
    if (ranges == m_plan->offsets.end())
        return 0;
    std::uint64_t count = 0;
    for (const auto& [first, last] : ranges->second) {
        const std::int64_t a = std::max(first, from);
        const std::int64_t b = std::min(last + 1, to);
        for (std::int64_t offset = a; offset < b; ++offset) {
            ++count;
            if (each)
                each(offset);
        }
    }
    return count;
}

} // namespace sluice::replay
