// SPDX-License-Identifier: Apache-2.0
#include "domain/cluster_snapshot.h"

#include <QTest>

using namespace sluice::domain;

namespace {

PartitionInfo partition(int id, int leader, std::vector<int> replicas, std::vector<int> isr, long low, long high)
{
    PartitionInfo p;
    p.partition = id;
    p.leader = leader;
    p.replicas.assign(replicas.begin(), replicas.end());
    p.isr.assign(isr.begin(), isr.end());
    p.lowWatermark = low;
    p.highWatermark = high;
    return p;
}

} // namespace

class TestClusterSnapshot : public QObject {
    Q_OBJECT
private slots:
    void partitionHealth()
    {
        const auto healthy = partition(0, 1, {1, 2, 3}, {1, 2, 3}, 0, 10);
        const auto under = partition(1, 1, {1, 2, 3}, {1}, 5, 10);
        const auto offline = partition(2, -1, {1, 2, 3}, {}, -1, -1);
        QVERIFY(!healthy.isUnderReplicated() && !healthy.isOffline());
        QVERIFY(under.isUnderReplicated() && !under.isOffline());
        QVERIFY(offline.isOffline());
        QCOMPARE(under.approxRecords().value(), 5);
        QVERIFY(!offline.approxRecords().has_value());
    }

    void truncatedLogNeverCountsNegative()
    {
        const auto odd = partition(0, 1, {1}, {1}, 20, 10);
        QCOMPARE(odd.approxRecords().value(), 0);
    }

    void topicAggregates()
    {
        TopicInfo topic;
        topic.name = "orders";
        topic.partitions = {partition(0, 1, {1, 2}, {1, 2}, 0, 100), partition(1, 2, {2, 1}, {2}, 10, 30),
                            partition(2, -1, {1, 2}, {}, -1, -1)};
        topic.configs = {{"cleanup.policy", "compact,delete", "DYNAMIC_TOPIC_CONFIG", false, false, false},
                         {"retention.ms", "604800000", "DEFAULT_CONFIG", true, false, false}};
        QCOMPARE(topic.replicationFactor(), 2);
        QCOMPARE(topic.underReplicatedCount(), 2); // the offline one has an empty ISR too
        QCOMPARE(topic.offlineCount(), 1);
        QCOMPARE(topic.approxRecords().value(), 120);
        QCOMPARE(topic.retentionMs().value(), 604800000);
        QCOMPARE(topic.cleanupPolicy(), std::string("compact,delete"));
    }

    void unknownRetentionStaysUnknown()
    {
        TopicInfo topic;
        QVERIFY(!topic.retentionMs().has_value());
        topic.configs = {{"retention.ms", "not-a-number", "", false, false, false}};
        QVERIFY(!topic.retentionMs().has_value());
        topic.configs = {{"retention.ms", "-1", "", false, false, false}};
        QCOMPARE(topic.retentionMs().value(), -1);
        QVERIFY(!topic.approxRecords().has_value());
    }

    void groupTopicsUnionAssignmentsAndCommits()
    {
        ConsumerGroupInfo group;
        group.committedTopics = {"payments", "audit"};
        group.members = {{"m1", "c1", "/127.0.0.1", {{"orders", 0}, {"orders", 1}}},
                         {"m2", "c2", "/127.0.0.1", {{"payments", 0}}}};
        const auto topics = group.topics();
        QCOMPARE(topics, (std::vector<std::string>{"audit", "orders", "payments"}));
    }

    void snapshotLookups()
    {
        ClusterSnapshot snapshot;
        snapshot.brokers = {{1, "127.0.0.1", 9092, ""}, {2, "127.0.0.1", 9093, "eu-1a"}};
        TopicInfo a;
        a.name = "a";
        a.partitions = {partition(0, 1, {1}, {1}, 0, 1)};
        TopicInfo b;
        b.name = "b";
        b.partitions = {partition(0, -1, {1}, {}, -1, -1), partition(1, 1, {1}, {1}, 0, 0)};
        snapshot.topics = {a, b};
        ConsumerGroupInfo g;
        g.groupId = "g1";
        snapshot.groups = {g};
        QCOMPARE(snapshot.partitionCount(), 3);
        QCOMPARE(snapshot.offlineCount(), 1);
        QCOMPARE(snapshot.underReplicatedCount(), 1);
        QVERIFY(snapshot.topic("b") != nullptr);
        QVERIFY(snapshot.topic("c") == nullptr);
        QVERIFY(snapshot.group("g1") != nullptr);
        QVERIFY(snapshot.group("g0") == nullptr);
        QCOMPARE(snapshot.broker(2)->rack, std::string("eu-1a"));
        QVERIFY(snapshot.broker(3) == nullptr);
    }

    void produceRatesFromTwoRefreshes()
    {
        using namespace std::chrono_literals;
        const auto t0 = std::chrono::system_clock::time_point { 1'700'000'000s };
        auto topic = [](const std::string& name, std::vector<PartitionInfo> partitions) {
            TopicInfo t;
            t.name = name;
            t.partitions = std::move(partitions);
            return t;
        };
        ClusterSnapshot earlier;
        earlier.watermarksReadAt = t0;
        earlier.topics = {
            topic("idle", { partition(0, 1, {1}, {1}, 0, 70) }),
            topic("orders", { partition(0, 1, {1}, {1}, 0, 100), partition(1, 1, {1}, {1}, 0, 200),
                                partition(2, 1, {1}, {1}, -1, -1) }),
            topic("recreated", { partition(0, 1, {1}, {1}, 0, 500) }),
            topic("unknown", { partition(0, 1, {1}, {1}, -1, -1) }),
        };
        ClusterSnapshot later;
        later.watermarksReadAt = t0 + 4s;
        later.topics = {
            topic("fresh", { partition(0, 1, {1}, {1}, 0, 10) }), // created between the two
            topic("idle", { partition(0, 1, {1}, {1}, 0, 70) }),
            // p2's watermark was unknown before: it doesn't count, the two others do
            topic("orders", { partition(0, 1, {1}, {1}, 0, 140), partition(1, 1, {1}, {1}, 0, 280),
                                partition(2, 1, {1}, {1}, 0, 9000) }),
            topic("recreated", { partition(0, 1, {1}, {1}, 0, 3) }),
            topic("unknown", { partition(0, 1, {1}, {1}, 0, 40) }),
        };
        const auto rates = topicProduceRates(earlier, later);
        QCOMPARE(rates.size(), std::size_t { 2 });
        QCOMPARE(rates.at("orders"), 30.0); // (40 + 80) records over 4 s
        QCOMPARE(rates.at("idle"), 0.0);    // known and idle: 0/s, not unknown
        QVERIFY(!rates.count("recreated")); // its watermark went back
        QVERIFY(!rates.count("fresh"));
        QVERIFY(!rates.count("unknown"));

        // Out of order, simultaneous, or watermarks not read: no rates at all.
        QVERIFY(topicProduceRates(later, earlier).empty());
        QVERIFY(topicProduceRates(later, later).empty());
        ClusterSnapshot unread = later;
        unread.watermarksReadAt = {};
        QVERIFY(topicProduceRates(earlier, unread).empty());
    }
};

QTEST_APPLESS_MAIN(TestClusterSnapshot)
#include "test_cluster_snapshot.moc"
