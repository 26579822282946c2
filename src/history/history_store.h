// SPDX-License-Identifier: Apache-2.0
#pragma once

// The local time-series store behind the lag charts: SQLite through Qt SQL, in the user's
// data folder, so "when did this start?" still has an answer after the app restarts.

#include "history/history_types.h"
#include "lag/group_events.h"
#include "lag/verdict_since.h"
#include "support/result.h"

#include <filesystem>
#include <memory>
#include <span>
#include <string_view>
#include <vector>

namespace sluice::history {

// Lag and rate history per partition, group-topic, group and topic.
//
// Layout: raw samples are kept for rawRetention; compact() rolls older ones into buckets of
// bucketWidth (min/max/mean, see HistoryPoint), deletes buckets older than bucketRetention,
// then deletes the oldest buckets (then raw rows) until the database is under maxBytes.
// The file is in WAL mode with incremental auto-vacuum.
//
// Threads: Qt SQL connections belong to the thread that opened them. Open, use and destroy an
// instance on one worker thread (never the GUI thread); each instance has its own uniquely
// named connection, so several stores (or a store and a test) can coexist. Other threads get
// data through that worker's signals. Several processes on one file are serialised by SQLite
// (busy timeout 5 s), but one writer per file is the intended use.
class HistoryStore {
public:
    // Opens (creating if needed, with its folder) the database at `path`. Refuses a file
    // written by a newer schema version.
    static Result<std::unique_ptr<HistoryStore>> open(const std::filesystem::path& path,
                                                      HistorySettings settings = {});
    ~HistoryStore();
    HistoryStore(const HistoryStore&) = delete;
    HistoryStore& operator=(const HistoryStore&) = delete;

    // Appends raw samples in one transaction; all or nothing. A sample for a (series, time)
    // already stored replaces it.
    Status write(std::span<const LagSample> batch);

    // Appends group events (rebalances, offset resets) of `cluster`; an event already stored
    // (same group, time and kind) is replaced. Kept as long as buckets (bucketRetention).
    Status writeEvents(std::string_view cluster, std::span<const lag::GroupEvent> events);
    // Events of one group in `range`, oldest first.
    Result<std::vector<lag::GroupEvent>> events(std::string_view cluster, std::string_view group, TimeRange range);

    // Points of one series in `range`, oldest first: raw samples and stored buckets, merged
    // into at most `maxPoints` points (>= 2) of equal, epoch-aligned width when there are more.
    Result<std::vector<HistoryPoint>> query(const SeriesKey& key, TimeRange range, int maxPoints);

    // The newest run of one verdict in a series, from samples and buckets before `before`,
    // newest first: every point of that run plus the older point that ended it (if any). Points
    // without a verdict are skipped. Stops at the point that ended the run (for lag::verdictRunOf).
    Result<std::vector<lag::VerdictAt>> newestVerdictRun(const SeriesKey& key, TimePoint before);

    // Series stored for a group (every kind but Topic), optionally only those of one topic.
    Result<std::vector<SeriesKey>> seriesOfGroup(std::string_view cluster, std::string_view group,
                                                 std::optional<std::string_view> topic = std::nullopt);

    // Retention, downsampling and the size bound, as of `now`. Call it every few minutes.
    Result<CompactionReport> compact(TimePoint now);

    // Bytes in pages that hold data (the figure maxBytes bounds).
    Result<std::int64_t> usedBytes();

    const std::filesystem::path& path() const;
    const HistorySettings& settings() const;

private:
    struct Impl;
    explicit HistoryStore(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> m_impl;
};

} // namespace sluice::history
