// SPDX-License-Identifier: Apache-2.0
#pragma once

// The replay journal: persisted progress so that an interrupted replay resumes where it
// stopped. One folder per replay id under <data folder>/replays/<id>/:
//   journal.json    the checkpoint (written to a temporary file, fsync'ed, renamed)
//   failures.jsonl  records whose delivery failed for good, appended as they happen
//   report.json     the final report
//
// Idempotent mode: the checkpoint holds, per source partition, the next offset whose
// outcome is not yet known (every record before it was delivered, skipped or failed).
// At most maxInFlight records were handed to the producer past it and at most
// checkpointEvery - 1 acknowledged since it was written, so a resume sends at most
// maxInFlight + checkpointEvery - 1 records a second time: that bound is reported.
//
// Exactly-once mode: the progress lives in Kafka (offsets of the consumer group
// "sluice-replay-<id>", committed inside each transaction); the journal keeps the rest.

#include "replay/replay_plan.h"
#include "support/result.h"

#include <QString>
#include <cstdint>
#include <deque>
#include <map>
#include <set>
#include <string>
#include <vector>

namespace sluice::replay {

struct JournalState {
    std::string planHash;
    std::map<std::int32_t, std::int64_t> next; // source partition → next offset
    std::map<std::string, std::map<std::int32_t, std::int64_t>> targetStart; // end offsets before the first write
    int runs = 0; // executions started (1 + resumes)
    std::uint64_t possibleDuplicates = 0; // sum of the bounds of interrupted runs (idempotent)
    // The last run stopped in an orderly way (cancel, error) and saved how many records it
    // had sent at or past `next` (sent, outcome unknown or acknowledged after a gap): a
    // resume sends those again. False while a run is going, so a crash is assumed otherwise.
    bool stoppedCleanly = false;
    std::uint64_t sentPastNext = 0;
    bool finished = false;
};

class Journal {
public:
    // `folder` is <data folder>/replays/<id>.
    explicit Journal(QString folder);
    const QString& folder() const { return m_folder; }

    bool exists() const;
    Result<JournalState> load() const;
    Status save(const JournalState& state) const;

    struct Failure {
        std::int32_t partition = -1;
        std::int64_t offset = -1;
        std::string reason;
    };
    Status appendFailure(const Failure& failure) const;
    std::vector<Failure> failures() const; // last reason per record wins

    QString reportPath() const;

private:
    QString m_folder;
};

// Resume positions for a plan: where each source partition starts. A journal's position
// wins over the plan's start when it is further on; partitions that are done are absent.
std::map<std::int32_t, std::int64_t> resumePositions(const std::map<std::int32_t, std::int64_t>& planStart,
    const std::map<std::int32_t, std::int64_t>& planEnd, const std::map<std::int32_t, std::int64_t>& journalNext);

// Tracks, per source partition, which records are still in flight, so that the journal
// only ever claims records whose outcome is known.
class ProgressTracker {
public:
    void start(std::int32_t partition, std::int64_t offset); // where reading begins
    void sent(std::int32_t partition, std::int64_t offset); // handed to the producer
    void settled(std::int32_t partition, std::int64_t offset); // delivered or failed for good
    void passed(std::int32_t partition, std::int64_t nextOffset); // read up to here (skips included)
    std::map<std::int32_t, std::int64_t> next() const; // the checkpoint to write
    std::size_t inFlight() const { return m_inFlight; }
    // Records handed to the producer at or past next(): a resume from next() sends them again.
    std::uint64_t sentPastNext() const;

private:
    struct Partition {
        std::int64_t read = 0; // next offset after the last record read
        // Offsets handed to the producer, ascending, with whether each is settled; settled
        // ones leave from the front. Sends come in source order, so this is a queue in
        // practice: no allocation per record, unlike a node-based set.
        std::deque<std::pair<std::int64_t, bool>> pending;
    };
    std::map<std::int32_t, Partition> m_partitions;
    std::size_t m_inFlight = 0;
};

} // namespace sluice::replay
