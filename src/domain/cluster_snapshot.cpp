// SPDX-License-Identifier: Apache-2.0
#include "domain/cluster_snapshot.h"

#include <algorithm>
#include <charconv>

namespace sluice::domain {

std::optional<std::int64_t> PartitionInfo::approxRecords() const
{
    if (lowWatermark < 0 || highWatermark < 0)
        return std::nullopt;
    return std::max<std::int64_t>(0, highWatermark - lowWatermark);
}

int TopicInfo::replicationFactor() const
{
    return partitions.empty() ? 0 : static_cast<int>(partitions.front().replicas.size());
}

int TopicInfo::underReplicatedCount() const
{
    return static_cast<int>(std::count_if(partitions.begin(), partitions.end(),
                                          [](const PartitionInfo& p) { return p.isUnderReplicated(); }));
}

int TopicInfo::offlineCount() const
{
    return static_cast<int>(std::count_if(partitions.begin(), partitions.end(),
                                          [](const PartitionInfo& p) { return p.isOffline(); }));
}

std::optional<std::int64_t> TopicInfo::approxRecords() const
{
    std::optional<std::int64_t> total;
    for (const PartitionInfo& p : partitions) {
        if (auto n = p.approxRecords())
            total = total.value_or(0) + *n;
    }
    return total;
}

const ConfigEntry* TopicInfo::config(std::string_view configName) const
{
    auto it = std::find_if(configs.begin(), configs.end(), [&](const ConfigEntry& c) { return c.name == configName; });
    return it == configs.end() ? nullptr : &*it;
}

std::optional<std::int64_t> TopicInfo::retentionMs() const
{
    const ConfigEntry* entry = config("retention.ms");
    if (!entry)
        return std::nullopt;
    std::int64_t value = 0;
    const auto* end = entry->value.data() + entry->value.size();
    auto [ptr, ec] = std::from_chars(entry->value.data(), end, value);
    if (ec != std::errc() || ptr != end)
        return std::nullopt;
    return value;
}

std::string TopicInfo::cleanupPolicy() const
{
    const ConfigEntry* entry = config("cleanup.policy");
    return entry ? entry->value : std::string();
}

std::vector<std::string> ConsumerGroupInfo::topics() const
{
    std::vector<std::string> out = committedTopics;
    for (const GroupMember& m : members) {
        for (const TopicPartition& tp : m.assignment)
            out.push_back(tp.topic);
    }
    std::sort(out.begin(), out.end());
    out.erase(std::unique(out.begin(), out.end()), out.end());
    return out;
}

int ClusterSnapshot::partitionCount() const
{
    int n = 0;
    for (const TopicInfo& t : topics)
        n += static_cast<int>(t.partitions.size());
    return n;
}

int ClusterSnapshot::underReplicatedCount() const
{
    int n = 0;
    for (const TopicInfo& t : topics)
        n += t.underReplicatedCount();
    return n;
}

int ClusterSnapshot::offlineCount() const
{
    int n = 0;
    for (const TopicInfo& t : topics)
        n += t.offlineCount();
    return n;
}

const TopicInfo* ClusterSnapshot::topic(std::string_view topicName) const
{
    auto it = std::lower_bound(topics.begin(), topics.end(), topicName,
                               [](const TopicInfo& t, std::string_view n) { return t.name < n; });
    return (it != topics.end() && it->name == topicName) ? &*it : nullptr;
}

const ConsumerGroupInfo* ClusterSnapshot::group(std::string_view id) const
{
    auto it = std::lower_bound(groups.begin(), groups.end(), id,
                               [](const ConsumerGroupInfo& g, std::string_view n) { return g.groupId < n; });
    return (it != groups.end() && it->groupId == id) ? &*it : nullptr;
}

const BrokerInfo* ClusterSnapshot::broker(std::int32_t id) const
{
    auto it = std::find_if(brokers.begin(), brokers.end(), [&](const BrokerInfo& b) { return b.id == id; });
    return it == brokers.end() ? nullptr : &*it;
}

namespace {

const PartitionInfo* partitionOf(const TopicInfo& topic, std::int32_t id)
{
    const auto index = static_cast<std::size_t>(id);
    if (id >= 0 && index < topic.partitions.size() && topic.partitions[index].partition == id)
        return &topic.partitions[index]; // the usual layout: partition i at index i
    auto it = std::find_if(topic.partitions.begin(), topic.partitions.end(),
                           [id](const PartitionInfo& p) { return p.partition == id; });
    return it == topic.partitions.end() ? nullptr : &*it;
}

} // namespace

std::map<std::string, double, std::less<>> topicProduceRates(const ClusterSnapshot& earlier,
                                                             const ClusterSnapshot& later)
{
    std::map<std::string, double, std::less<>> rates;
    using Seconds = std::chrono::duration<double>;
    if (earlier.watermarksReadAt == std::chrono::system_clock::time_point{}
        || later.watermarksReadAt == std::chrono::system_clock::time_point{})
        return rates;
    const double seconds = Seconds(later.watermarksReadAt - earlier.watermarksReadAt).count();
    if (seconds <= 0)
        return rates;
    for (const TopicInfo& topic : later.topics) {
        const TopicInfo* before = earlier.topic(topic.name);
        if (!before)
            continue;
        std::int64_t appended = 0;
        bool isKnown = false;
        bool wentBack = false;
        for (const PartitionInfo& p : topic.partitions) {
            const PartitionInfo* old = partitionOf(*before, p.partition);
            if (!old || old->highWatermark < 0 || p.highWatermark < 0)
                continue;
            if (p.highWatermark < old->highWatermark) {
                wentBack = true;
                break;
            }
            appended += p.highWatermark - old->highWatermark;
            isKnown = true;
        }
        if (isKnown && !wentBack)
            rates.emplace(topic.name, static_cast<double>(appended) / seconds);
    }
    return rates;
}

} // namespace sluice::domain
