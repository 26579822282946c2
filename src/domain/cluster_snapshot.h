// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace sluice::domain {

struct TopicPartition {
    std::string topic;
    std::int32_t partition = -1;
    friend bool operator==(const TopicPartition&, const TopicPartition&) = default;
    friend auto operator<=>(const TopicPartition&, const TopicPartition&) = default;
};

struct BrokerInfo {
    std::int32_t id = -1;
    std::string host;
    int port = 0;
    std::string rack; // empty when the broker has none
};

struct PartitionInfo {
    std::int32_t partition = -1;
    std::int32_t leader = -1; // -1: no leader (offline)
    std::vector<std::int32_t> replicas;
    std::vector<std::int32_t> isr;
    std::int64_t lowWatermark = -1;  // -1: not known (query failed or not asked yet)
    std::int64_t highWatermark = -1;
    std::string error; // metadata error for this partition, empty when none

    bool isOffline() const { return leader < 0; }
    bool isUnderReplicated() const { return isr.size() < replicas.size(); }
    // Records currently retained, from watermarks; nullopt when either is unknown.
    std::optional<std::int64_t> approxRecords() const;
};

struct ConfigEntry {
    std::string name;
    std::string value;   // already masked when isSensitive
    std::string source;  // e.g. "DYNAMIC_TOPIC_CONFIG", "DEFAULT_CONFIG"
    bool isDefault = false;
    bool isSensitive = false;
    bool isReadOnly = false;
};

struct TopicInfo {
    std::string name;
    bool isInternal = false;
    std::vector<PartitionInfo> partitions;
    std::vector<ConfigEntry> configs; // empty until DescribeConfigs answered
    std::string error;                // metadata error for the topic, empty when none

    int replicationFactor() const;    // replicas of partition 0, 0 when no partitions
    int underReplicatedCount() const;
    int offlineCount() const;
    std::optional<std::int64_t> approxRecords() const; // sum over partitions with known watermarks
    const ConfigEntry* config(std::string_view name) const;
    std::optional<std::int64_t> retentionMs() const;   // nullopt when unknown; -1 means unlimited
    std::string cleanupPolicy() const;                 // empty when unknown
};

struct GroupMember {
    std::string memberId;
    std::string clientId;
    std::string host;
    std::vector<TopicPartition> assignment;
};

struct ConsumerGroupInfo {
    std::string groupId;
    std::string state;        // Stable, Empty, Dead, PreparingRebalance, CompletingRebalance, Unknown
    std::string protocolType; // "consumer" for classic consumer groups, empty for simple groups
    std::string assignor;     // partition assignor, e.g. "range", "cooperative-sticky"
    bool isSimple = false;
    std::int32_t coordinator = -1;
    std::vector<GroupMember> members;
    std::vector<std::string> committedTopics; // topics with committed offsets (lag seam), sorted
    std::string error;                        // describe failed for this group, empty when none

    // Topics assigned to members or with commits, sorted and unique.
    std::vector<std::string> topics() const;
};

// Cost of one refresh, shown in the status line.
struct RefreshCost {
    std::chrono::milliseconds duration{0};
    int requests = 0;
};

// Everything one refresh learned about a cluster. Immutable once published; shared
// between threads as std::shared_ptr<const ClusterSnapshot>.
struct ClusterSnapshot {
    std::string clusterName; // workspace name
    std::string clusterId;   // empty when the broker did not report one
    std::int32_t controllerId = -1;
    std::vector<BrokerInfo> brokers;
    std::vector<TopicInfo> topics;          // sorted by name
    std::vector<ConsumerGroupInfo> groups;  // sorted by id
    std::vector<std::string> warnings;      // partial failures of this refresh, for the banner
    std::chrono::system_clock::time_point fetchedAt{};
    // When the watermarks were read (midpoint of the query); unset when they were not.
    std::chrono::system_clock::time_point watermarksReadAt{};
    RefreshCost cost;

    int partitionCount() const;
    int underReplicatedCount() const;
    int offlineCount() const;
    const TopicInfo* topic(std::string_view name) const;
    const ConsumerGroupInfo* group(std::string_view id) const;
    const BrokerInfo* broker(std::int32_t id) const;
};

// Records appended per second to each topic between two refreshes of the same cluster,
// from the high watermarks: every partition whose watermark both snapshots know counts,
// whichever groups read it. A topic is absent when no partition is known in both, and
// when a watermark went backwards (the topic was deleted and created again). Empty when
// `later` was not read after `earlier`.
std::map<std::string, double, std::less<>> topicProduceRates(const ClusterSnapshot& earlier,
                                                             const ClusterSnapshot& later);

} // namespace sluice::domain
