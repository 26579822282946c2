// SPDX-License-Identifier: Apache-2.0
#pragma once

// What the history store tells a fresh lag sampler after a restart: the refreshes it stored,
// replayed into the verdict windows (a group that stopped before the restart is judged STOP at
// the first refresh, not OK until a new window has filled) and into the offset histories
// (lag seconds and rates at the first refresh). See docs/lag-rules.md, "After a restart".

#include "history/history_store.h"
#include "lag/lag_evaluator.h"
#include "support/result.h"

#include <chrono>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace sluice::history {

struct SeedReport {
    int groups = 0; // groups that had stored partition samples in the lookback
    int partitions = 0; // partition series read
    int observations = 0; // past refreshes replayed into the evaluator
};

struct StoredRefreshes {
    std::vector<lag::LagObservation> refreshes; // oldest first
    SeedReport report;
};

// The stored raw partition samples of `groups` in [now - lookback, now), as the refreshes that
// wrote them, oldest first. They carry committed and end offsets only: no ownership (Unknown),
// no time lag, no log start; the live refresh that follows sets them. A group missing from one
// stored refresh is listed in its unreadGroups (kept as it was: it was only not written then).
// The newest refresh also carries each group's stored verdict and since when it had it
// (LagObservation::storedVerdicts), read from the whole stored history, not only the lookback.
Result<StoredRefreshes> storedRefreshes(HistoryStore& store, std::string_view cluster,
    std::span<const std::string> groups, TimePoint now, std::chrono::milliseconds lookback);

// storedRefreshes() replayed into `evaluator`. Call it once, on a fresh evaluator, before the
// first live observation. (The sampler replays them itself: LagSamplerSettings::storedRefreshes.)
// The group's verdict in the store as of `before` and since when (lag::verdictRunOf over the
// Group series); nullopt when nothing is stored for the group.
Result<std::optional<lag::StoredVerdict>> storedVerdictSince(
    HistoryStore& store, std::string_view cluster, std::string_view group, TimePoint before);

Result<SeedReport> seedEvaluator(HistoryStore& store, std::string_view cluster, std::span<const std::string> groups,
    TimePoint now, std::chrono::milliseconds lookback, lag::LagEvaluator& evaluator);

} // namespace sluice::history
