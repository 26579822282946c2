// SPDX-License-Identifier: Apache-2.0
#pragma once

// Since when each group has had its current verdict: the "Since" column of the groups table.
// Plain C++. Live refreshes date each change; after a restart the verdicts stored in the
// history seed it (history::storedVerdictSince), so an incident keeps its start time.

#include "lag/verdict.h"

#include <chrono>
#include <map>
#include <optional>
#include <set>
#include <span>
#include <string>
#include <string_view>

namespace sluice::lag {

// When the current verdict began. Unset `at`: the group has been OK as far back as anything
// is known (shown as a dash, never as a made-up time).
struct VerdictSince {
    std::optional<std::chrono::system_clock::time_point> at;
    // The verdict began at or before `at`: the known history (stored or live) starts there.
    bool isLowerBound = false;
    friend bool operator==(const VerdictSince&, const VerdictSince&) = default;
};

// A group's verdict as the history store has it, and since when.
struct StoredVerdict {
    Verdict verdict = Verdict::Ok;
    VerdictSince since;
    friend bool operator==(const StoredVerdict&, const StoredVerdict&) = default;
};

// One stored point of a group's verdict (a raw sample or a bucket's worst verdict).
struct VerdictAt {
    std::chrono::system_clock::time_point at;
    Verdict verdict = Verdict::Ok;
};

// The run of the newest verdict in `newestFirst` (points ordered newest first): it began at
// the oldest point of the run when an older, different verdict precedes it; when the run
// reaches the oldest point, a non-OK verdict began at or before it (lower bound) and an OK one
// has no start (OK forever). nullopt for an empty history.
std::optional<StoredVerdict> verdictRunOf(std::span<const VerdictAt> newestFirst);

// Per group: the current verdict and since when. Feed it every refresh, in time order.
class VerdictSinceTracker {
public:
    // What the store knew before the first live refresh (call before update()).
    void seed(const std::string& group, const StoredVerdict& stored);

    // The group's verdict in the refresh at `at`; returns since when it has had it. A group
    // seen for the first time without a seed: non-OK began at or before `at` (lower bound),
    // OK has no start. A verdict different from the last one began at `at`.
    VerdictSince update(const std::string& group, Verdict verdict, std::chrono::system_clock::time_point at);

    // Drops the groups not in `present` (gone from the cluster, or not read).
    void retain(const std::set<std::string, std::less<>>& present);

    std::optional<StoredVerdict> of(std::string_view group) const;

private:
    std::map<std::string, StoredVerdict, std::less<>> m_groups;
};

} // namespace sluice::lag
