// SPDX-License-Identifier: Apache-2.0
// Synthetic cluster snapshots and unstarted sessions for the UI tests (no broker needed).
#pragma once

#include "config/workspace.h"
#include "domain/cluster_snapshot.h"
#include "kafka/cluster_session.h"

#include <chrono>
#include <memory>
#include <string>
#include <vector>

namespace sluice::testing {

inline domain::PartitionInfo makePartition(int id, int leader, std::vector<std::int32_t> replicas,
    std::vector<std::int32_t> isr, std::int64_t low, std::int64_t high)
{
    domain::PartitionInfo p;
    p.partition = id;
    p.leader = leader;
    p.replicas = std::move(replicas);
    p.isr = std::move(isr);
    p.lowWatermark = low;
    p.highWatermark = high;
    return p;
}

// A healthy topic: partitions 0..n-1 on brokers 1..3, `recordsPerPartition` each.
inline domain::TopicInfo makeTopic(const std::string& name, int partitions, std::int64_t recordsPerPartition,
    std::int64_t retentionMs = 604'800'000, bool internal = false)
{
    domain::TopicInfo t;
    t.name = name;
    t.isInternal = internal;
    for (int i = 0; i < partitions; ++i) {
        const int leader = 1 + i % 3;
        std::vector<std::int32_t> replicas { leader, 1 + (i + 1) % 3, 1 + (i + 2) % 3 };
        t.partitions.push_back(makePartition(i, leader, replicas, replicas, 1000 * i, 1000 * i + recordsPerPartition));
    }
    t.configs = {
        { "cleanup.policy", internal ? "compact" : "delete", "DEFAULT_CONFIG", true, false, false },
        { "retention.ms", std::to_string(retentionMs), "DYNAMIC_TOPIC_CONFIG", false, false, false },
        { "min.insync.replicas", "2", "STATIC_BROKER_CONFIG", false, false, false },
        { "sasl.jaas.config", "super-secret-value", "DYNAMIC_TOPIC_CONFIG", false, true, false },
    };
    return t;
}

inline domain::GroupMember makeMember(
    const std::string& id, const std::string& client, std::vector<domain::TopicPartition> assignment)
{
    return { id, client, "/10.1.2." + std::to_string(id.size()), std::move(assignment) };
}

// Three brokers, five topics (one under-replicated, one with an offline partition, one
// internal) and three consumer groups in different states.
inline std::shared_ptr<domain::ClusterSnapshot> makeSnapshot(const std::string& cluster = "local")
{
    auto s = std::make_shared<domain::ClusterSnapshot>();
    s->clusterName = cluster;
    s->clusterId = "q1Sh-9_ISia_zwGINzRvyQ";
    s->controllerId = 1;
    s->brokers = { { 1, "kafka-1.local", 9092, "eu-west-1a" }, { 2, "kafka-2.local", 9092, "eu-west-1b" },
        { 3, "kafka-3.local", 9092, "eu-west-1c" } };
    s->topics.push_back(makeTopic("__consumer_offsets", 3, 40, 604'800'000, true));
    s->topics.push_back(makeTopic("audit.log", 2, 125'000, -1));
    s->topics.back().partitions[1].leader = -1;
    s->topics.back().partitions[1].isr = {};
    s->topics.push_back(makeTopic("orders", 6, 2'500'000));
    s->topics.push_back(makeTopic("orders.dlq", 1, 37, 1'209'600'000));
    s->topics.push_back(makeTopic("payments", 3, 810'000, 86'400'000));
    s->topics.back().partitions[2].isr = { 3, 1 };

    domain::ConsumerGroupInfo orders;
    orders.groupId = "orders-service";
    orders.state = "Stable";
    orders.protocolType = "consumer";
    orders.assignor = "cooperative-sticky";
    orders.coordinator = 2;
    orders.members = {
        makeMember("orders-service-1-6f0c", "orders-service-1", { { "orders", 0 }, { "orders", 1 }, { "orders", 2 } }),
        makeMember("orders-service-2-9a1e", "orders-service-2", { { "orders", 3 }, { "orders", 4 }, { "orders", 5 } })
    };
    orders.committedTopics = { "orders" };

    domain::ConsumerGroupInfo payments;
    payments.groupId = "payments-etl";
    payments.state = "Empty";
    payments.protocolType = "consumer";
    payments.coordinator = 1;
    payments.committedTopics = { "payments" };

    domain::ConsumerGroupInfo billing;
    billing.groupId = "connect-billing-sink";
    billing.state = "PreparingRebalance";
    billing.protocolType = "consumer";
    billing.assignor = "range";
    billing.coordinator = 3;
    billing.members = { makeMember(
        "connector-consumer-billing-0", "billing-0", { { "payments", 0 }, { "payments", 1 }, { "payments", 2 } }) };

    s->groups = { billing, orders, payments }; // sorted by id
    s->fetchedAt = std::chrono::system_clock::now();
    s->cost = { std::chrono::milliseconds(143), 7 };
    return s;
}

inline config::ClusterConfig makeClusterConfig(const std::string& name)
{
    config::ClusterConfig c;
    c.name = name;
    c.bootstrapServers = { "127.0.0.1:9" };
    return c;
}

// A session that is never started: tests drive it with applySnapshot/applyConnectionState.
inline std::unique_ptr<kafka::ClusterSession> makeSession(const std::string& name)
{
    return std::make_unique<kafka::ClusterSession>(
        makeClusterConfig(name), std::chrono::seconds(5), kafka::makeEnvSecretResolver());
}

inline config::Workspace makeWorkspace(const std::vector<std::string>& clusters)
{
    config::Workspace ws;
    ws.name = "test";
    for (const std::string& name : clusters)
        ws.clusters.push_back(makeClusterConfig(name));
    return ws;
}

} // namespace sluice::testing
