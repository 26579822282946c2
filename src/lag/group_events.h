// SPDX-License-Identifier: Apache-2.0
#pragma once

// Events of a consumer group worth marking on its lag chart, found by comparing two lag
// samples of the group: a rebalance (members joined or left, partitions moved between members,
// or the group was caught mid-rebalance) and an offset reset (a committed offset moved
// backwards). Plain C++; the sampler feeds it one observation per group per refresh.

#include "domain/cluster_snapshot.h"
#include "lag/offset_history.h"

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace sluice::lag {

// Stored in the history database: never renumber, only append.
enum class GroupEventKind { Rebalance = 0, OffsetReset = 1 };

struct GroupEvent {
    std::string group;
    TimePoint at;
    GroupEventKind kind = GroupEventKind::Rebalance;
    std::string detail; // "members 2 → 3", "orders-0 1200 → 0"
    friend bool operator==(const GroupEvent&, const GroupEvent&) = default;
};

// What one sample saw of a group.
struct GroupObservation {
    std::string state; // Stable, Empty, PreparingRebalance, ...
    std::map<std::string, std::string> members; // member id → client id
    std::map<domain::TopicPartition, std::string> owners; // partition → member id
    std::map<domain::TopicPartition, std::int64_t> committed; // partitions with a commit
};

class GroupEventDetector {
public:
    // The events between the group's previous observation and this one (none the first time).
    // A rebalance is reported once: when the group is seen rebalancing, or, if a rebalance
    // happened entirely between two samples, when its members or their partitions differ.
    std::vector<GroupEvent> observe(const std::string& group, TimePoint at, GroupObservation now);
    // Drops what is known of groups not in `present` (deleted groups), so a group created
    // again later starts fresh.
    void retain(const std::vector<std::string>& present);

private:
    std::map<std::string, GroupObservation, std::less<>> m_last;
};

std::string_view nameOf(GroupEventKind kind); // "rebalance", "offset reset"

} // namespace sluice::lag
