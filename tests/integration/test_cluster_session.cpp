// SPDX-License-Identifier: Apache-2.0
// A ClusterSession against the real broker sees exactly the topics, partitions, watermarks,
// configs and consumer groups that the test created.
#include "kafka/cluster_session.h"
#include "support/qtest_printers.h"
#include "support/stack_env.h"

#include <QSignalSpy>
#include <QTest>

using namespace sluice;
using namespace std::chrono_literals;

class TestClusterSession : public QObject {
    Q_OBJECT
private:
    std::string m_bootstrap;
    testing::Client m_admin;

    std::unique_ptr<kafka::ClusterSession> makeSession()
    {
        config::ClusterConfig cluster;
        cluster.name = "it";
        cluster.bootstrapServers = { m_bootstrap };
        return std::make_unique<kafka::ClusterSession>(cluster, 1s, kafka::makeEnvSecretResolver());
    }

private slots:
    void initTestCase()
    {
        auto env = testing::stackEnvOrFail();
        m_bootstrap = env[QStringLiteral("SLUICE_KAFKA_BOOTSTRAP")].toStdString();
        m_admin = testing::makeClient(m_bootstrap, RD_KAFKA_PRODUCER);
    }

    void topicsPartitionsAndWatermarks()
    {
        const std::string topic = testing::uniqueName("it-topic");
        QCOMPARE(testing::createTopic(m_admin.get(), topic, 3), std::string());
        QVERIFY(testing::produce(m_admin.get(), topic, 0, 5));
        QVERIFY(testing::produce(m_admin.get(), topic, 1, 7));

        auto session = makeSession();
        QSignalSpy states(session.get(), &kafka::ClusterSession::connectionStateChanged);
        session->start();
        QTRY_VERIFY_WITH_TIMEOUT(session->snapshot() && session->snapshot()->topic(topic)
                && session->snapshot()->topic(topic)->partitions.size() == 3
                && session->snapshot()->topic(topic)->partitions[1].highWatermark == 7
                && !session->snapshot()->topic(topic)->configs.empty(),
            30000);
        QCOMPARE(session->state(), domain::ConnectionState::Connected);
        QVERIFY(!states.isEmpty());

        const auto snapshot = session->snapshot();
        const domain::TopicInfo* info = snapshot->topic(topic);
        QCOMPARE(info->partitions[0].lowWatermark, 0);
        QCOMPARE(info->partitions[0].highWatermark, 5);
        QCOMPARE(info->partitions[1].highWatermark, 7);
        QCOMPARE(info->partitions[2].highWatermark, 0);
        QCOMPARE(info->approxRecords().value(), 12);
        QCOMPARE(info->replicationFactor(), 1);
        QCOMPARE(info->underReplicatedCount(), 0);
        QVERIFY(!info->isInternal);
        QVERIFY(info->retentionMs().has_value());
        QCOMPARE(info->cleanupPolicy(), std::string("delete"));

        QCOMPARE(snapshot->brokers.size(), std::size_t(1));
        const std::string port = m_bootstrap.substr(m_bootstrap.rfind(':') + 1);
        QCOMPARE(std::to_string(snapshot->brokers[0].port), port);
        QCOMPARE(snapshot->controllerId, snapshot->brokers[0].id);
        QVERIFY(!snapshot->clusterId.empty());
        QVERIFY(snapshot->cost.requests >= 4);
        QVERIFY(snapshot->warnings.empty());
        if (const auto* offsets = snapshot->topic("__consumer_offsets"))
            QVERIFY(offsets->isInternal);
        session->stop();
    }

    void consumerGroupWithMembersThenEmpty()
    {
        const std::string topic = testing::uniqueName("it-group-topic");
        const std::string group = testing::uniqueName("it-group");
        QCOMPARE(testing::createTopic(m_admin.get(), topic, 2), std::string());
        QVERIFY(testing::produce(m_admin.get(), topic, 0, 3));

        std::atomic<bool> stop { false };
        std::atomic<int> consumed { 0 };
        std::thread consumer([&] {
            auto rk = testing::makeClient(m_bootstrap, RD_KAFKA_CONSUMER,
                { { "group.id", group }, { "client.id", "it-consumer" }, { "auto.offset.reset", "earliest" },
                    { "enable.auto.commit", "false" } });
            rd_kafka_poll_set_consumer(rk.get());
            rd_kafka_topic_partition_list_t* subscription = rd_kafka_topic_partition_list_new(1);
            rd_kafka_topic_partition_list_add(subscription, topic.c_str(), RD_KAFKA_PARTITION_UA);
            rd_kafka_subscribe(rk.get(), subscription);
            rd_kafka_topic_partition_list_destroy(subscription);
            while (!stop) {
                if (rd_kafka_message_t* msg = rd_kafka_consumer_poll(rk.get(), 100)) {
                    if (!msg->err) {
                        ++consumed;
                        rd_kafka_commit_message(rk.get(), msg, 0);
                    }
                    rd_kafka_message_destroy(msg);
                }
            }
            rd_kafka_consumer_close(rk.get());
        });

        auto session = makeSession();
        session->start();
        auto groupIs = [&](const char* state, std::size_t members) {
            auto snapshot = session->snapshot();
            const domain::ConsumerGroupInfo* info = snapshot ? snapshot->group(group) : nullptr;
            return info && info->state == state && info->members.size() == members;
        };
        QTRY_VERIFY_WITH_TIMEOUT(groupIs("Stable", 1) && consumed == 3, 60000);
        const domain::ConsumerGroupInfo* info = session->snapshot()->group(group);
        QCOMPARE(info->members[0].clientId, std::string("it-consumer"));
        QCOMPARE(info->members[0].assignment.size(), std::size_t(2));
        QCOMPARE(info->members[0].assignment[0].topic, topic);
        QCOMPARE(info->protocolType, std::string("consumer"));
        QVERIFY(!info->assignor.empty());
        QVERIFY(info->coordinator >= 0);

        stop = true;
        consumer.join();
        QTRY_VERIFY_WITH_TIMEOUT(groupIs("Empty", 0), 30000);
        info = session->snapshot()->group(group);
        QCOMPARE(info->committedTopics, std::vector<std::string> { topic });
        QCOMPARE(info->topics(), std::vector<std::string> { topic });
        session->stop();
    }

    void refreshTakesCommittedTopicsFromTheLagSample()
    {
        // Eight Empty groups with commits. A session that samples lag knows their committed
        // topics from the sample, so its metadata refreshes stop asking each group again:
        // fewer requests per refresh than a session without lag sampling (at least five
        // fewer: other tests may add groups between the two sessions' refreshes), and the
        // same committed topics.
        const std::string topic = testing::uniqueName("it-lagtopics");
        QCOMPARE(testing::createTopic(m_admin.get(), topic, 2), std::string());
        QVERIFY(testing::produce(m_admin.get(), topic, 0, 4));
        std::vector<std::string> groups;
        for (int i = 0; i < 8; ++i) {
            groups.push_back(testing::uniqueName("it-lagtopics-group"));
            QCOMPARE(testing::commitOffsets(m_bootstrap, groups.back(), topic, { { 0, 2 } }), std::string());
        }

        auto plain = makeSession();
        kafka::LagSamplingOptions off;
        off.enabled = false;
        plain->setLagSampling(off);
        auto sampled = makeSession();
        kafka::LagSamplingOptions on;
        on.interval = 500ms;
        sampled->setLagSampling(on);
        plain->start();
        sampled->start();

        auto knowsAll = [&](const kafka::ClusterSession& session) {
            const auto snapshot = session.snapshot();
            if (!snapshot)
                return false;
            for (const std::string& group : groups) {
                const domain::ConsumerGroupInfo* info = snapshot->group(group);
                if (!info || info->committedTopics != std::vector<std::string> { topic })
                    return false;
            }
            return true;
        };
        // Refreshes after a lag sample that saw all five groups (configs are cached by then).
        auto sampledAll = [&] {
            const auto lagSnapshot = sampled->lagSnapshot();
            if (!lagSnapshot)
                return false;
            for (const std::string& group : groups) {
                const auto it = std::find_if(lagSnapshot->groups.begin(), lagSnapshot->groups.end(),
                    [&](const lag::LagGroupSnapshot& g) { return g.group == group; });
                if (it == lagSnapshot->groups.end())
                    return false;
            }
            return true;
        };
        QTRY_VERIFY_WITH_TIMEOUT(sampledAll(), 30000);
        QSignalSpy sampledRefreshes(sampled.get(), &kafka::ClusterSession::snapshotUpdated);
        QSignalSpy plainRefreshes(plain.get(), &kafka::ClusterSession::snapshotUpdated);
        QTRY_VERIFY_WITH_TIMEOUT(sampledRefreshes.count() >= 2 && plainRefreshes.count() >= 2, 30000);
        QVERIFY(knowsAll(*sampled));
        QVERIFY(knowsAll(*plain));
        const int withLag = sampled->snapshot()->cost.requests;
        const int without = plain->snapshot()->cost.requests;
        QVERIFY2(withLag + 5 <= without,
            qPrintable(QStringLiteral("refresh requests: %1 with lag sampling, %2 without").arg(withLag).arg(without)));
        plain->stop();
        sampled->stop();
    }

    void lagSampledInTheRefreshRoundReusesItsReads()
    {
        // Lag at the metadata interval rides the refresh: the sample takes the refresh's group
        // listing and end/log-start offsets and only reads committed offsets itself, so it
        // costs fewer requests than a sample on a timer of its own, with the same lag.
        const std::string topic = testing::uniqueName("it-laground");
        const std::string group = testing::uniqueName("it-laground-group");
        QCOMPARE(testing::createTopic(m_admin.get(), topic, 2), std::string());
        QVERIFY(testing::produce(m_admin.get(), topic, 0, 6));
        QCOMPARE(testing::commitOffsets(m_bootstrap, group, topic, { { 0, 2 } }), std::string());

        auto riding = makeSession(); // refresh every 1 s
        kafka::LagSamplingOptions same;
        same.interval = 1s;
        riding->setLagSampling(same);
        auto apart = makeSession();
        kafka::LagSamplingOptions own;
        own.interval = 900ms;
        apart->setLagSampling(own);
        riding->start();
        apart->start();

        auto lagOf = [&](const kafka::ClusterSession& session) -> std::optional<std::int64_t> {
            const auto snapshot = session.lagSnapshot();
            const lag::LagGroupSnapshot* g = snapshot ? snapshot->group(group) : nullptr;
            const lag::LagPartitionRow* row = g ? g->partition(topic, 0) : nullptr;
            return row ? row->lag.lagRecords : std::nullopt;
        };
        QTRY_VERIFY_WITH_TIMEOUT(lagOf(*riding) == std::optional<std::int64_t>(4), 30000);
        QTRY_VERIFY_WITH_TIMEOUT(lagOf(*apart) == std::optional<std::int64_t>(4), 30000);
        QSignalSpy ridingSamples(riding.get(), &kafka::ClusterSession::lagSnapshotUpdated);
        QSignalSpy apartSamples(apart.get(), &kafka::ClusterSession::lagSnapshotUpdated);
        QTRY_VERIFY_WITH_TIMEOUT(ridingSamples.count() >= 1 && apartSamples.count() >= 1, 30000);
        const int ridingCost = riding->lagSnapshot()->cost.requests;
        const int apartCost = apart->lagSnapshot()->cost.requests;
        // Saved: ListGroups, DescribeGroups and the two batched ListOffsets.
        QVERIFY2(ridingCost + 3 <= apartCost,
            qPrintable(QStringLiteral("lag sample requests: %1 in the refresh round, %2 apart")
                           .arg(ridingCost)
                           .arg(apartCost)));
        riding->stop();
        apart->stop();
    }
};

QTEST_GUILESS_MAIN(TestClusterSession)
#include "test_cluster_session.moc"
