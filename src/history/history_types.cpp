// SPDX-License-Identifier: Apache-2.0
#include "history/history_types.h"

namespace sluice::history {

std::string_view nameOf(SeriesKind kind)
{
    switch (kind) {
    case SeriesKind::Partition: return "partition";
    case SeriesKind::GroupTopic: return "group-topic";
    case SeriesKind::Group: return "group";
    case SeriesKind::Topic: return "topic";
    }
    return "unknown";
}

SeriesKey SeriesKey::forPartition(std::string cluster, std::string group, std::string topic, std::int32_t partition)
{
    return {SeriesKind::Partition, std::move(cluster), std::move(group), std::move(topic), partition};
}

SeriesKey SeriesKey::forGroupTopic(std::string cluster, std::string group, std::string topic)
{
    return {SeriesKind::GroupTopic, std::move(cluster), std::move(group), std::move(topic), -1};
}

SeriesKey SeriesKey::forGroup(std::string cluster, std::string group)
{
    return {SeriesKind::Group, std::move(cluster), std::move(group), {}, -1};
}

SeriesKey SeriesKey::forTopic(std::string cluster, std::string topic)
{
    return {SeriesKind::Topic, std::move(cluster), {}, std::move(topic), -1};
}

} // namespace sluice::history
