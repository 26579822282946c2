// SPDX-License-Identifier: Apache-2.0
#pragma once

// What a dead-letter record says about itself, decoded from its headers: where it came
// from and why it failed. Every field is optional; a header that is there but cannot be
// read leaves its field empty and adds a FieldProblem instead of failing the record.

#include "domain/cluster_snapshot.h"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace sluice::dlq {

enum class Convention { None, KafkaConnect, Spring, Custom };

constexpr std::string_view nameOf(Convention convention)
{
    switch (convention) {
    case Convention::None: return "none";
    case Convention::KafkaConnect: return "kafka-connect";
    case Convention::Spring: return "spring";
    case Convention::Custom: return "custom";
    }
    return "none";
}

enum class DeadLetterField {
    OriginalTopic,
    OriginalPartition,
    OriginalOffset,
    OriginalTimestamp,
    OriginalConsumerGroup,
    ConnectorName,
    TaskId,
    Stage,
    ClassName,
    ExceptionClass,
    ExceptionCauseClass,
    ExceptionMessage,
    StackTrace,
};

// "original-topic", "exception-class", … as used in workspace mappings.
std::string_view nameOf(DeadLetterField field);
std::optional<DeadLetterField> deadLetterFieldFromName(std::string_view name);

struct FieldProblem {
    DeadLetterField field;
    std::string headerName;
    std::string message; // e.g. "expected 4 bytes (big-endian int), got 3"
    friend bool operator==(const FieldProblem&, const FieldProblem&) = default;
};

struct DeadLetterInfo {
    Convention convention = Convention::None;
    std::string conventionName; // the custom mapping's name, or nameOf(convention)

    std::optional<std::string> originalTopic;
    std::optional<std::int32_t> originalPartition;
    std::optional<std::int64_t> originalOffset;
    std::optional<std::int64_t> originalTimestampMs;  // Spring
    std::optional<std::string> originalConsumerGroup; // Spring
    std::optional<std::string> connectorName;         // Connect
    std::optional<std::int32_t> taskId;               // Connect
    std::optional<std::string> stage;                 // Connect: KEY_CONVERTER, TASK_PUT …
    std::optional<std::string> className;             // Connect: the converter/transform class
    std::optional<std::string> exceptionClass;
    std::optional<std::string> exceptionCauseClass;   // Spring: the cause of a wrapped exception
    std::optional<std::string> exceptionMessage;
    std::optional<std::string> stackTrace;

    std::vector<FieldProblem> problems;

    // Topic, partition and offset all known: the original record can be opened.
    bool hasOriginalCoordinates() const;
    std::optional<domain::TopicPartition> originalTopicPartition() const;
    // True when no field was found at all (not a dead letter of this convention).
    bool isEmpty() const;

    friend bool operator==(const DeadLetterInfo&, const DeadLetterInfo&) = default;
};

} // namespace sluice::dlq
