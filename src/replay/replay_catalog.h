// SPDX-License-Identifier: Apache-2.0
#pragma once

// The replays kept in a data folder (<data folder>/replays/<id>/, see journal.h), for
// offering to resume the ones that did not finish. The engine stores the reviewed plan it
// executes as plan.reviewed.json in that folder before it sends anything, so a replay
// interrupted by a crash can be run again with the same plan and hash. Plain file reads,
// small ones; call from a worker when there may be many folders.

#include "replay/journal.h"
#include "replay/replay_plan.h"
#include "support/result.h"

#include <QString>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace sluice::replay {

inline constexpr const char* kReviewedPlanFile = "plan.reviewed.json";
inline constexpr const char* kDiscardedMarkerFile = "discarded";

struct StoredReplay {
    std::string id;
    QString folder;
    ReplayPlan plan; // pinned
    std::string planHash;
    std::optional<JournalState> journal; // none when the run died before its first checkpoint
    // Selected offsets at or past the journal's position (offset selections only): an upper
    // bound on the records still to send (some may be skipped). nullopt for filter and
    // time-range selections.
    std::optional<std::uint64_t> remaining;
    std::uint64_t selected = 0; // offsets in the selection (offset selections only)
};

// Replays whose reviewed plan is stored, that have not finished, and were not discarded.
// Newest first (by id, which starts with the UTC time for generated ids). Damaged folders
// are left out.
std::vector<StoredReplay> unfinishedReplays(const QString& dataDirectory);

// Marks a replay as not to be offered again; its files (journal, failures, report) stay.
Status discardReplay(const QString& folder);

// Selected offsets of an offset-selection plan at or past `next` (per partition; the plan's
// own start when a partition is absent) and below the pinned end.
std::uint64_t remainingOffsets(const ReplayPlan& plan, const std::map<std::int32_t, std::int64_t>& next);

} // namespace sluice::replay
