// SPDX-License-Identifier: Apache-2.0
#include "browse/scan_plan.h"

#include <algorithm>

namespace sluice::browse {
namespace {

std::int64_t clampInto(std::int64_t offset, Watermarks w)
{
    return std::clamp(offset, w.low, std::max(w.low, w.high));
}

} // namespace

ResolvedStart resolveStartOffset(const StartPosition& start, Watermarks w, std::optional<std::int64_t> lookedUp)
{
    using Kind = StartPosition::Kind;
    switch (start.kind) {
    case Kind::Beginning:
        return { w.low, {} };
    case Kind::End:
        return { clampInto(w.high, w), {} };
    case Kind::EndMinus: {
        const std::int64_t count = std::max<std::int64_t>(start.value, 0);
        return { clampInto(w.high - std::min(count, w.high), w), {} };
    }
    case Kind::Offset:
        if (start.value < w.low)
            return { w.low,
                "offset " + std::to_string(start.value) + " is no longer in the log (retention); started at "
                    + std::to_string(w.low) };
        if (start.value > w.high)
            return { clampInto(w.high, w),
                "offset " + std::to_string(start.value) + " is past the end; started at the end, "
                    + std::to_string(w.high) };
        return { start.value, {} };
    case Kind::Timestamp:
        if (!lookedUp || *lookedUp < 0)
            return { clampInto(w.high, w), "no record at or after the timestamp; started at the end" };
        return { clampInto(*lookedUp, w), {} };
    case Kind::GroupCommitted: {
        if (!lookedUp || *lookedUp < 0) {
            StartPosition fallback;
            fallback.kind = start.fallback == Kind::End ? Kind::End : Kind::Beginning;
            auto resolved = resolveStartOffset(fallback, w, std::nullopt);
            resolved.note = "group " + start.group + " has no committed offset here; started at the "
                + (fallback.kind == Kind::End ? "end" : "beginning");
            return resolved;
        }
        if (*lookedUp < w.low)
            return { w.low,
                "group " + start.group + "'s committed offset " + std::to_string(*lookedUp)
                    + " is no longer in the log; started at " + std::to_string(w.low) };
        return { clampInto(*lookedUp, w), {} };
    }
    }
    return { w.low, {} };
}

PartitionPlan planPartition(
    std::int32_t partition, Watermarks watermarks, std::int64_t startOffset, const StopCondition& stop)
{
    PartitionPlan plan;
    plan.partition = partition;
    plan.watermarks = watermarks;
    plan.startOffset = startOffset;
    if (stop.end == StopCondition::End::AtScanStart)
        plan.stopOffset = watermarks.high;
    return plan;
}

StopTracker::StopTracker(const StopCondition& stop, const std::vector<PartitionPlan>& plans)
    : m_stop(stop)
{
    m_partitions.reserve(plans.size());
    for (const auto& plan : plans) {
        State state;
        state.stopOffset = plan.stopOffset;
        state.isDone = plan.stopOffset && plan.startOffset >= *plan.stopOffset;
        state.isCaughtUp = state.isDone;
        if (!state.isDone)
            ++m_open;
        m_partitions.push_back(state);
    }
}

void StopTracker::finish(State& state)
{
    if (state.isDone)
        return;
    state.isDone = true;
    --m_open;
}

StopTracker::Decision StopTracker::onRecord(std::size_t slot, std::int64_t offset, std::int64_t timestampMs)
{
    State& state = m_partitions[slot];
    if (state.isDone || reachedMaxRecords())
        return Decision::Skip;
    state.isCaughtUp = false;
    if (state.stopOffset && offset >= *state.stopOffset) {
        finish(state);
        return Decision::Skip;
    }
    if (m_stop.untilTimestampMs && timestampMs >= 0 && timestampMs > *m_stop.untilTimestampMs) {
        finish(state);
        return Decision::Skip;
    }
    if (state.stopOffset && offset + 1 >= *state.stopOffset) {
        finish(state);
        state.isCaughtUp = true;
        return Decision::TakeLast;
    }
    return Decision::Take;
}

void StopTracker::onEndOfPartition(std::size_t slot, std::int64_t wallClockMs)
{
    State& state = m_partitions[slot];
    state.isCaughtUp = true;
    if (state.isDone)
        return;
    // At-scan-start: reaching the end before the snapshot's high watermark means the rest
    // cannot be read now (an open transaction under read_committed, or truncation).
    if (m_stop.end == StopCondition::End::AtScanStart
        || (m_stop.untilTimestampMs && wallClockMs > *m_stop.untilTimestampMs))
        finish(state);
}

void StopTracker::onTick(std::int64_t wallClockMs)
{
    if (!m_stop.untilTimestampMs || wallClockMs <= *m_stop.untilTimestampMs)
        return;
    for (auto& state : m_partitions) {
        if (state.isCaughtUp)
            finish(state);
    }
}

void StopTracker::onMatched()
{
    ++m_matched;
}

bool StopTracker::reachedMaxRecords() const
{
    return m_stop.maxRecords && m_matched >= *m_stop.maxRecords;
}

} // namespace sluice::browse
