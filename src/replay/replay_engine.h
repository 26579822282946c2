// SPDX-License-Identifier: Apache-2.0
#pragma once

// The replay engine: dry run, execution and verification of a ReplayPlan. Blocking calls
// for a worker thread (or the headless CLI); pause(), resume() and cancel() may be called
// from any thread. Every write goes through kafka/write_gate (read-only clusters are
// refused before a producer exists) and is recorded in the audit log before it starts;
// if the audit log cannot be written the execution is refused.

#include "audit/audit_log.h"
#include "config/workspace.h"
#include "kafka/secret_resolver.h"
#include "replay/journal.h"
#include "replay/replay_plan.h"
#include "replay/transform.h"
#include "support/result.h"

#include <QJsonObject>
#include <QString>
#include <atomic>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

namespace sluice::replay {

struct RecordOutcome {
    std::int32_t partition = -1;
    std::int64_t offset = -1;
    std::string reason; // nameOf(SkipReason) + ": " + detail, or the delivery error
};

struct DryRunReport {
    ReplayPlan plan; // pinned
    std::string planHash;
    std::uint64_t selected = 0; // records in the selection (present or not)
    std::uint64_t toSend = 0;
    std::uint64_t bytes = 0;
    std::map<std::string, std::map<std::int32_t, std::uint64_t>> perTarget; // topic → partition → records
    std::map<std::string, std::uint64_t> skippedByReason;
    std::vector<RecordOutcome> skipped; // at most kListLimit listed; counts are exact
    std::vector<QJsonObject> sample; // the first records as they will be sent
    std::vector<std::string> warnings;
    QJsonObject toJson() const;
};

struct ReplayProgress {
    std::uint64_t toSend = 0; // from the dry run
    std::uint64_t sent = 0; // this run
    std::uint64_t delivered = 0; // this run
    std::uint64_t skipped = 0;
    std::uint64_t failed = 0;
    std::uint64_t bytes = 0;
    double recordsPerSecond = 0;
    double etaSeconds = -1; // unknown
    bool paused = false;
    std::string state; // "reading", "waiting for the broker", "committing", "verifying", …
};

struct Verification {
    bool performed = false;
    std::string notPerformedReason;
    std::uint64_t expected = 0; // records that should be in the target
    std::uint64_t found = 0;
    std::uint64_t missing = 0; // lost
    std::uint64_t corrupted = 0; // checksum differs
    std::uint64_t duplicates = 0;
    std::uint64_t reordered = 0; // out of source order within a target partition
    std::vector<RecordOutcome> problems; // at most kListLimit
};

struct ReplayReport {
    std::string replayId;
    std::string planHash;
    ExecutionMode mode = ExecutionMode::Idempotent;
    bool completed = false; // false: cancelled or stopped by an error (resume to finish)
    std::string stopReason;
    std::uint64_t selected = 0;
    std::uint64_t delivered = 0;
    std::uint64_t skipped = 0;
    std::uint64_t failed = 0;
    std::uint64_t notYetSent = 0; // only when not completed: resume to send them
    std::uint64_t lost = 0; // completed, yet neither in the target nor failed
    std::map<std::string, std::uint64_t> skippedByReason;
    std::vector<RecordOutcome> skippedRecords; // at most kListLimit
    std::vector<RecordOutcome> failedRecords; // at most kListLimit
    int runs = 0;
    std::uint64_t possibleDuplicates = 0; // predicted bound (idempotent resumes)
    Verification verification;
    bool accountsForEveryRecord() const { return selected == delivered + skipped + failed + notYetSent + lost; }
    QJsonObject toJson() const;
};

inline constexpr std::size_t kListLimit = 10000;

struct EngineOptions {
    QString dataDirectory; // journals under <dir>/replays/<id>; empty: AuditLog::dataDirectory()
    QString auditPath; // empty: <dataDirectory>/audit.jsonl
    std::function<void(const ReplayProgress&)> onProgress; // called on the engine's thread, ≤ 5 Hz
    int sampleSize = 10;
    bool verify = true; // read the target back at the end (benchmarks turn it off to time the sending alone)
};

class ReplayEngine {
public:
    ReplayEngine(
        config::Workspace workspace, std::shared_ptr<kafka::SecretResolver> secrets, EngineOptions options = {});
    ~ReplayEngine();
    ReplayEngine(const ReplayEngine&) = delete;
    ReplayEngine& operator=(const ReplayEngine&) = delete;

    // Pins the plan (gives it an id when it has none) and reads the selection once: counts
    // per target, bytes, skips with reasons, a sample, warnings. Writes nothing anywhere.
    Result<DryRunReport> dryRun(ReplayPlan plan);

    // Runs a pinned plan whose hash is `reviewedHash`, resuming from its journal when one
    // exists, then verifies the target and writes the report. A stopped run (cancel, fatal
    // error) still returns a report with completed = false.
    Result<ReplayReport> execute(const ReplayPlan& plan, const std::string& reviewedHash);

    void pause();
    void resume();
    void cancel();

    QString journalFolder(const std::string& replayId) const;
    QString auditPath() const;

private:
    struct Impl;
    std::unique_ptr<Impl> m_impl;
};

} // namespace sluice::replay
