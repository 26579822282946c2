// SPDX-License-Identifier: Apache-2.0
#pragma once

// What a replay does to one record, as pure functions (no Kafka): the target topic and
// partition, the headers dropped and added, the timestamp, the loop guard, and the
// checksum the verification compares. Dry run, execution and verification all call
// transformRecord(), so what was previewed is what is sent and what is checked.

#include "decode/record.h"
#include "replay/replay_plan.h"

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

namespace sluice::replay {

inline constexpr std::string_view kHeaderReplayId = "sluice.replay.id";
inline constexpr std::string_view kHeaderReplaySource = "sluice.replay.source";
inline constexpr std::string_view kHeaderReplayCount = "sluice.replay.count";
inline constexpr std::string_view kHeaderOriginalTimestamp = "sluice.replay.original-timestamp";
inline constexpr std::string_view kProvenancePrefix = "sluice.replay.";

enum class SkipReason {
    NoOriginalTopic, // original-topic target, but the dead-letter headers name none
    NoOriginalPartition, // original-partition partitioning, but the headers name none
    PartitionOutOfRange, // the target topic has fewer partitions
    TargetTopicMissing, // the target topic does not exist
    ReplayLimit, // sluice.replay.count reached the loop guard's limit
    NotInTopic, // selected offset holds no record (retention, compaction, marker)
    FilterBudget, // the filter ran out of budget on this record
};
std::string_view nameOf(SkipReason reason);

struct Skip {
    SkipReason reason;
    std::string detail;
};

using HeaderList = std::vector<std::pair<std::string, std::optional<std::string>>>;

struct OutgoingRecord {
    std::string topic;
    std::int32_t partition = -1;
    std::optional<std::string> key;
    std::optional<std::string> value;
    HeaderList headers;
    std::int64_t timestampMs = 0;
    std::uint64_t checksum = 0; // of key, value and the non-provenance headers (when computed)
    std::size_t bytes() const;
};

struct TransformContext {
    const ReplayPlan* plan = nullptr;
    std::string replayId;
    std::int64_t nowMs = 0;
    // Partition count of a target topic, nullopt when the topic does not exist.
    std::function<std::optional<int>(const std::string& topic)> partitionCount;
    // Only the verification compares checksums; sending and dry runs skip computing them.
    bool computeChecksum = true;
};

std::variant<OutgoingRecord, Skip> transformRecord(const decode::RecordView& record, const TransformContext& context);

// The last sluice.replay.count header as a number; 0 when absent or not a number.
int replayCountOf(std::span<const decode::HeaderView> headers);

// Whether a header is dropped: dead-letter error headers (Kafka Connect "__connect.errors.",
// Spring "kafka_dlt-") when dropDeadLetterHeaders, the plan's extra prefixes, and old
// provenance headers when new ones are added.
bool isDroppedHeader(std::string_view name, const ReplayPlan& plan);

// FNV-1a 64 over key, value and headers (each length-prefixed, null distinct from empty),
// skipping headers whose name starts with "sluice.replay.".
std::uint64_t contentChecksum(const std::optional<std::string_view>& key, const std::optional<std::string_view>& value,
    const std::vector<std::pair<std::string_view, std::optional<std::string_view>>>& headers);
std::uint64_t contentChecksum(const decode::RecordView& record);

// Kafka's default partitioner for keyed records (murmur2, as the Java client), so that a
// replayed record lands where the original producer put it.
std::int32_t murmur2Partition(std::string_view key, int partitionCount);
std::uint32_t murmur2(std::string_view data);

} // namespace sluice::replay
