// SPDX-License-Identifier: Apache-2.0
#include "dlq/dead_letter_info.h"

#include <array>
#include <utility>

namespace sluice::dlq {

namespace {

constexpr std::array<std::pair<DeadLetterField, std::string_view>, 13> kFieldNames{{
    {DeadLetterField::OriginalTopic, "original-topic"},
    {DeadLetterField::OriginalPartition, "original-partition"},
    {DeadLetterField::OriginalOffset, "original-offset"},
    {DeadLetterField::OriginalTimestamp, "original-timestamp"},
    {DeadLetterField::OriginalConsumerGroup, "original-consumer-group"},
    {DeadLetterField::ConnectorName, "connector-name"},
    {DeadLetterField::TaskId, "task-id"},
    {DeadLetterField::Stage, "stage"},
    {DeadLetterField::ClassName, "class-name"},
    {DeadLetterField::ExceptionClass, "exception-class"},
    {DeadLetterField::ExceptionCauseClass, "exception-cause-class"},
    {DeadLetterField::ExceptionMessage, "exception-message"},
    {DeadLetterField::StackTrace, "stack-trace"},
}};

} // namespace

std::string_view nameOf(DeadLetterField field)
{
    for (const auto& [f, name] : kFieldNames) {
        if (f == field)
            return name;
    }
    return "unknown";
}

std::optional<DeadLetterField> deadLetterFieldFromName(std::string_view name)
{
    for (const auto& [f, fieldName] : kFieldNames) {
        if (fieldName == name)
            return f;
    }
    return std::nullopt;
}

bool DeadLetterInfo::hasOriginalCoordinates() const
{
    return originalTopic.has_value() && originalPartition.has_value() && originalOffset.has_value();
}

std::optional<domain::TopicPartition> DeadLetterInfo::originalTopicPartition() const
{
    if (!originalTopic || !originalPartition)
        return std::nullopt;
    return domain::TopicPartition{*originalTopic, *originalPartition};
}

bool DeadLetterInfo::isEmpty() const
{
    return !originalTopic && !originalPartition && !originalOffset && !originalTimestampMs && !originalConsumerGroup
           && !connectorName && !taskId && !stage && !className && !exceptionClass && !exceptionCauseClass
           && !exceptionMessage && !stackTrace && problems.empty();
}

} // namespace sluice::dlq
