// SPDX-License-Identifier: Apache-2.0
#pragma once

// Reprocess by offset reset: move a consumer group's committed offsets on one topic (all
// or some partitions) to the earliest or latest offset, an offset, a timestamp, a duration
// ago, a shift by N, or offsets from a file. A preview shows per partition the current
// offset, the requested and the applied target (clamping to the log start or end is shown,
// never silent) and the records to reprocess. Applying is refused while the group has
// active members, re-checks that nothing changed since the preview, goes through the
// write gate (read-only clusters are refused) and is recorded in the audit log.

#include "config/workspace.h"
#include "domain/cluster_snapshot.h"
#include "kafka/secret_resolver.h"
#include "support/result.h"

#include <QString>
#include <atomic>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace sluice::reset {

enum class ResetKind { Earliest, Latest, Offset, Timestamp, DurationAgo, ShiftBy, FromFile };
std::string_view nameOf(ResetKind kind);

struct ResetSpec {
    std::string group;
    // Empty: every topic the group has committed offsets for (FromFile: every topic the
    // file names); `partitions` is then ignored.
    std::string topic;
    std::vector<std::int32_t> partitions; // empty: every partition of the topic
    ResetKind kind = ResetKind::Earliest;
    std::int64_t value = 0; // Offset: the offset; Timestamp: epoch ms; DurationAgo: ms; ShiftBy: N (may be negative)
    std::map<domain::TopicPartition, std::int64_t> fileOffsets; // FromFile: (topic, partition) → offset
};

// The Kafka tool's CSV: "topic,partition,offset" lines. Lines of other topics are ignored.
Result<std::map<std::int32_t, std::int64_t>> parseOffsetsFile(const std::string& text, const std::string& topic);
// The same file, every topic.
Result<std::map<domain::TopicPartition, std::int64_t>> parseOffsetsFile(const std::string& text);

struct PartitionState {
    std::int64_t logStart = 0;
    std::int64_t logEnd = 0;
    std::optional<std::int64_t> committed;
    std::optional<std::int64_t>
        offsetForTime; // Timestamp/DurationAgo: first offset at or after the time (logEnd when none)
};

struct ResetRow {
    std::string topic;
    std::int32_t partition = -1;
    std::optional<std::int64_t> current;
    std::int64_t logStart = 0;
    std::int64_t logEnd = 0;
    std::int64_t requested = 0; // before clamping
    std::int64_t target = 0; // what is applied
    std::string clamped; // why the target differs from the request; empty when it does not
    std::int64_t toReprocess = 0; // records from the target to the log end
    // Timestamps (ms since epoch) of the first record at or after the target, at or after
    // the current offset, and of the last record (logEnd - 1): the time span the records
    // to reprocess cover. Empty when unknown (no record there, not read, or no timestamp).
    std::optional<std::int64_t> targetTimeMs;
    std::optional<std::int64_t> currentTimeMs;
    std::optional<std::int64_t> lastTimeMs;
    friend bool operator==(const ResetRow&, const ResetRow&) = default;
};

// The row for one partition of spec.topic, or an error when the spec cannot apply to it
// (e.g. a shift with no committed offset to shift from, a file without this partition).
Result<ResetRow> planRow(const ResetSpec& spec, std::int32_t partition, const PartitionState& state);

struct ResetPreview {
    ResetSpec spec;
    std::string groupState; // Empty, Stable, Dead, …
    int activeMembers = 0;
    std::vector<std::string> activeClients; // "client-id (host)" of each active member
    std::vector<ResetRow> rows; // sorted by topic, partition
    std::int64_t previewedAtMs = 0;
    bool canApply() const { return activeMembers == 0; }
    std::int64_t totalToReprocess() const;
    int clampedRows() const;
};

// SHA-256 (hex) of what an execution would write: group, mode and per partition the
// offset it starts from and the target. Recorded as the plan in the audit log.
std::string planHashOf(const ResetPreview& preview);

// What differs between a reviewed preview and a fresh one, one line per difference
// ("orders/0: committed 5 → 7", "orders/3: new partition"); empty when the reviewed one
// still holds. A "duration ago" target moves with the clock and is not compared.
std::vector<std::string> changesSince(const ResetPreview& reviewed, const ResetPreview& now);

// The outcome of an execution: its audit action id and report file (JSON).
struct ResetOutcome {
    std::string actionId;
    std::string planHash;
    QString reportPath;
};

class OffsetResetter {
public:
    OffsetResetter(config::ClusterConfig cluster, std::shared_ptr<kafka::SecretResolver> secrets, QString auditPath);
    ~OffsetResetter();
    OffsetResetter(const OffsetResetter&) = delete;
    OffsetResetter& operator=(const OffsetResetter&) = delete;

    // Blocking (a worker thread or the command line). `cancel`, set from another thread,
    // makes a call give up at its next check (within about 100 ms while waiting for the
    // broker) with a Transient "cancelled" error; an execution is never cancelled once its
    // write request has been sent.
    Result<ResetPreview> preview(const ResetSpec& spec, const std::atomic<bool>* cancel = nullptr);
    // Refused with active members (naming their clients), when the preview no longer
    // matches (listing what changed), on a read-only cluster, or when the audit log cannot
    // be written. Writes an intent and an outcome entry to the audit log and a JSON report
    // next to it (resets/<action id>.json).
    Result<ResetOutcome> execute(const ResetPreview& reviewed, const std::atomic<bool>* cancel = nullptr);
    Status apply(const ResetPreview& reviewed);

    // Whether previews read record timestamps for the time span (default true; one
    // consumer, a few fetches per partition).
    void setReadsRecordTimes(bool reads);

private:
    struct Impl;
    std::unique_ptr<Impl> m_impl;
};

} // namespace sluice::reset
