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
    std::string topic;
    std::vector<std::int32_t> partitions; // empty: every partition of the topic
    ResetKind kind = ResetKind::Earliest;
    std::int64_t value = 0; // Offset: the offset; Timestamp: epoch ms; DurationAgo: ms; ShiftBy: N (may be negative)
    std::map<std::int32_t, std::int64_t> fileOffsets; // FromFile: partition → offset (this topic)
};

// The Kafka tool's CSV: "topic,partition,offset" lines. Lines of other topics are ignored.
Result<std::map<std::int32_t, std::int64_t>> parseOffsetsFile(const std::string& text, const std::string& topic);

struct PartitionState {
    std::int64_t logStart = 0;
    std::int64_t logEnd = 0;
    std::optional<std::int64_t> committed;
    std::optional<std::int64_t>
        offsetForTime; // Timestamp/DurationAgo: first offset at or after the time (logEnd when none)
};

struct ResetRow {
    std::int32_t partition = -1;
    std::optional<std::int64_t> current;
    std::int64_t logStart = 0;
    std::int64_t logEnd = 0;
    std::int64_t requested = 0; // before clamping
    std::int64_t target = 0; // what is applied
    std::string clamped; // why the target differs from the request; empty when it does not
    std::int64_t toReprocess = 0; // records from the target to the log end
    friend bool operator==(const ResetRow&, const ResetRow&) = default;
};

// The row for one partition, or an error when the spec cannot apply to it (e.g. a shift
// with no committed offset to shift from, a file without this partition).
Result<ResetRow> planRow(const ResetSpec& spec, std::int32_t partition, const PartitionState& state);

struct ResetPreview {
    ResetSpec spec;
    std::string groupState; // Empty, Stable, Dead, …
    int activeMembers = 0;
    std::vector<ResetRow> rows;
    bool canApply() const { return activeMembers == 0; }
};

class OffsetResetter {
public:
    OffsetResetter(config::ClusterConfig cluster, std::shared_ptr<kafka::SecretResolver> secrets, QString auditPath);
    ~OffsetResetter();
    OffsetResetter(const OffsetResetter&) = delete;
    OffsetResetter& operator=(const OffsetResetter&) = delete;

    // Blocking (a worker thread or the command line).
    Result<ResetPreview> preview(const ResetSpec& spec);
    // Refused with active members, when the preview no longer matches, on a read-only
    // cluster, or when the audit log cannot be written.
    Status apply(const ResetPreview& reviewed);

private:
    struct Impl;
    std::unique_ptr<Impl> m_impl;
};

} // namespace sluice::reset
