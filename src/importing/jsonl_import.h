// SPDX-License-Identifier: Apache-2.0
#pragma once

// Import of a JSON Lines export (decode/jsonl.h) into a topic: the records are produced
// byte-exact (keys, values, null vs empty, headers in order with duplicates). Two steps:
// validate() reads the whole file and writes nothing; execute() validates again, refuses a
// file with errors, then produces every record with an idempotent producer created by the
// write gate (read-only clusters are refused before any producer exists), with an audit
// entry before and after (no intent written, no import). Blocking calls for a worker
// thread or the headless CLI; cancel() may be called from any thread.

#include "config/workspace.h"
#include "kafka/secret_resolver.h"
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

namespace sluice::importing {

enum class PartitionMode {
    ByKey, // the target's partitioner (murmur2 of the key, as Java clients do)
    FromFile, // the partition in the file when the target has it, else by key
};
enum class TimestampMode {
    Keep, // the timestamp in the file (a record without one gets the time of sending)
    Now, // the time of sending
};

std::string_view nameOf(PartitionMode mode);
std::string_view nameOf(TimestampMode mode);

struct LineProblem {
    std::uint64_t line = 0; // 1-based line of the file
    std::string message;
};

struct ImportValidation {
    QString file;
    std::uint64_t fileBytes = 0;
    std::uint64_t lines = 0; // non-blank lines read
    std::uint64_t records = 0; // lines that parsed
    std::uint64_t bytes = 0; // keys + values + header names and values
    std::uint64_t nullValues = 0;
    std::map<std::int32_t, std::uint64_t> perPartition; // partition in the file → records (-1: none given)
    std::uint64_t errorCount = 0; // exact
    std::vector<LineProblem> errors; // the first kErrorListLimit
    std::string advice; // what to do about the errors; empty when there are none
    bool ok() const { return errorCount == 0 && records > 0; }
    QJsonObject toJson() const;
};

struct ImportProgress {
    std::uint64_t total = 0; // records in the file
    std::uint64_t read = 0;
    std::uint64_t sent = 0;
    std::uint64_t produced = 0; // acknowledged
    std::uint64_t failed = 0;
    std::string state; // "validating", "sending", "waiting for acknowledgements", "done"
};

struct ImportReport {
    std::string actionId;
    std::string cluster;
    std::string topic;
    PartitionMode partitionMode = PartitionMode::ByKey;
    TimestampMode timestampMode = TimestampMode::Keep;
    bool completed = false; // false: cancelled or stopped by an error
    std::string stopReason;
    std::uint64_t read = 0; // records read from the file
    std::uint64_t produced = 0;
    std::uint64_t failed = 0;
    std::uint64_t notSent = 0; // cancelled or stopped: records never handed over or purged
    std::uint64_t partitionFallbacks = 0; // FromFile: records whose partition the target lacks
    std::map<std::string, std::uint64_t> failedByReason;
    std::vector<LineProblem> failures; // the first kErrorListLimit, by file line
    bool accountsForEveryRecord() const { return read == produced + failed + notSent; }
    QJsonObject toJson() const;
};

inline constexpr std::size_t kErrorListLimit = 20;

// Reads the whole file once and counts; writes nothing. Fails only when the file cannot be
// opened or read; parse errors are listed in the result.
Result<ImportValidation> validateJsonlFile(const QString& path);

struct ImportOptions {
    std::string cluster; // workspace cluster name
    std::string topic; // must exist
    PartitionMode partitionMode = PartitionMode::ByKey;
    TimestampMode timestampMode = TimestampMode::Keep;
    QString auditPath; // empty: AuditLog::defaultPath()
    int messageTimeoutMs = 120000; // a record not acknowledged by then fails with the reason
    std::function<void(const ImportProgress&)> onProgress; // on the importing thread, ≤ 5 Hz
};

class JsonlImporter {
public:
    JsonlImporter(config::Workspace workspace, std::shared_ptr<kafka::SecretResolver> secrets, ImportOptions options);
    ~JsonlImporter();
    JsonlImporter(const JsonlImporter&) = delete;
    JsonlImporter& operator=(const JsonlImporter&) = delete;

    // Validates `path`, then produces every record to the target. A file with errors, an
    // unknown cluster or topic, a read-only cluster or an audit log that cannot be written
    // is refused (an error, nothing produced). Once sending started, a report is returned
    // even when cancelled or stopped (completed = false).
    Result<ImportReport> execute(const QString& path);

    void cancel() { m_cancelled = true; }

private:
    config::Workspace m_workspace;
    std::shared_ptr<kafka::SecretResolver> m_secrets;
    ImportOptions m_options;
    std::atomic<bool> m_cancelled { false };
};

} // namespace sluice::importing
