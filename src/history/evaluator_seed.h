// SPDX-License-Identifier: Apache-2.0
#pragma once

// Seeds a fresh lag evaluator from the history store, so the verdict windows survive a restart:
// a group that stopped before the app was restarted is judged STOP at the first refresh, not
// OK until a new window has filled (see docs/lag-rules.md, "After a restart").

#include "history/history_store.h"
#include "lag/lag_evaluator.h"
#include "support/result.h"

#include <chrono>
#include <span>
#include <string>
#include <string_view>

namespace sluice::history {

struct SeedReport {
    int groups = 0; // groups that had stored partition samples in the lookback
    int partitions = 0; // partition series read
    int observations = 0; // past refreshes replayed into the evaluator
};

// Replays the stored raw partition samples of `groups` in [now - lookback, now) into
// `evaluator`, oldest first, as the refreshes that wrote them. Call it once, on a fresh
// evaluator, before the first live observation. Replayed refreshes carry no ownership
// (Unknown) and no time lag; the live refresh that follows sets both. A group missing from a
// replayed refresh is kept as it was (it was only not written at that instant).
Result<SeedReport> seedEvaluator(HistoryStore& store, std::string_view cluster, std::span<const std::string> groups,
    TimePoint now, std::chrono::milliseconds lookback, lag::LagEvaluator& evaluator);

} // namespace sluice::history
