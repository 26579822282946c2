// SPDX-License-Identifier: Apache-2.0
#include "lag/group_events.h"

#include <set>

namespace sluice::lag {

namespace {

bool isRebalancing(const std::string& state)
{
    return state == "PreparingRebalance" || state == "CompletingRebalance";
}

std::string partitionName(const domain::TopicPartition& tp)
{
    return tp.topic + "-" + std::to_string(tp.partition);
}

} // namespace

std::string_view nameOf(GroupEventKind kind)
{
    switch (kind) {
    case GroupEventKind::Rebalance:
        return "rebalance";
    case GroupEventKind::OffsetReset:
        return "offset reset";
    }
    return "event";
}

std::vector<GroupEvent> GroupEventDetector::observe(const std::string& group, TimePoint at, GroupObservation now)
{
    std::vector<GroupEvent> events;
    auto it = m_last.find(group);
    if (it == m_last.end()) {
        m_last.emplace(group, std::move(now));
        return events;
    }
    const GroupObservation& before = it->second;

    // Rebalance: entering a rebalancing state, or (not already reported as in progress) a
    // different member set or assignment.
    const bool entered = isRebalancing(now.state) && !isRebalancing(before.state);
    const bool membersChanged = now.members != before.members;
    const bool assignmentChanged = now.owners != before.owners;
    if (entered || (!isRebalancing(before.state) && (membersChanged || assignmentChanged))) {
        std::string detail
            = "members " + std::to_string(before.members.size()) + " \u2192 " + std::to_string(now.members.size());
        std::vector<std::string> joined;
        std::vector<std::string> left;
        for (const auto& [id, client] : now.members)
            if (!before.members.count(id))
                joined.push_back(client.empty() ? id : client);
        for (const auto& [id, client] : before.members)
            if (!now.members.count(id))
                left.push_back(client.empty() ? id : client);
        const auto list = [](const std::vector<std::string>& names) {
            std::string out;
            for (std::size_t i = 0; i < names.size() && i < 3; ++i)
                out += (i ? ", " : "") + names[i];
            if (names.size() > 3)
                out += ", +" + std::to_string(names.size() - 3);
            return out;
        };
        if (!joined.empty())
            detail += "; joined: " + list(joined);
        if (!left.empty())
            detail += "; left: " + list(left);
        if (joined.empty() && left.empty() && assignmentChanged)
            detail += "; partitions moved";
        if (entered)
            detail += "; " + now.state;
        events.push_back({ group, at, GroupEventKind::Rebalance, std::move(detail) });
    }

    // Offset reset: any committed offset lower than before (one event per sample).
    std::vector<std::string> moved;
    std::size_t count = 0;
    for (const auto& [tp, offset] : now.committed) {
        const auto old = before.committed.find(tp);
        if (old == before.committed.end() || offset >= old->second)
            continue;
        ++count;
        if (moved.size() < 3)
            moved.push_back(
                partitionName(tp) + " " + std::to_string(old->second) + " \u2192 " + std::to_string(offset));
    }
    if (count > 0) {
        std::string detail = std::to_string(count) + (count == 1 ? " partition" : " partitions") + " moved back: ";
        for (std::size_t i = 0; i < moved.size(); ++i)
            detail += (i ? ", " : "") + moved[i];
        if (count > moved.size())
            detail += ", \u2026";
        events.push_back({ group, at, GroupEventKind::OffsetReset, std::move(detail) });
    }
    it->second = std::move(now);
    return events;
}

void GroupEventDetector::retain(const std::vector<std::string>& present)
{
    const std::set<std::string, std::less<>> keep(present.begin(), present.end());
    for (auto it = m_last.begin(); it != m_last.end();)
        it = keep.count(it->first) ? std::next(it) : m_last.erase(it);
}

} // namespace sluice::lag
