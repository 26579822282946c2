// SPDX-License-Identifier: Apache-2.0
// Replay under faults injected in librdkafka's mock cluster: the target's leader goes down
// mid-replay, produce requests fail with retriable errors, with permanent errors, and the
// broker is slow. Each run ends with 0 lost records and a report that accounts for every
// record truthfully (what it calls failed is absent from the target, what it calls
// delivered is there once).
#include "replay/replay_engine.h"
#include "support/replay_fixture.h"

#include <QTest>
#include <librdkafka/rdkafka_mock.h>
#include <thread>

using namespace sluice;
using namespace sluice::testing;

namespace {

constexpr int kRecords = 2000;
constexpr std::int16_t kProduceApiKey = 0; // the Kafka protocol's Produce request

struct MockCluster {
    Client host;
    rd_kafka_mock_cluster_t* cluster = nullptr;
    std::string bootstrap;
    MockCluster()
    {
        host = makeClient("", RD_KAFKA_PRODUCER, { { "bootstrap.servers", "" } });
        cluster = rd_kafka_mock_cluster_new(host.get(), 3);
        bootstrap = rd_kafka_mock_cluster_bootstraps(cluster);
    }
    ~MockCluster() { rd_kafka_mock_cluster_destroy(cluster); }
};

} // namespace

class TestReplayMock : public QObject {
    Q_OBJECT
private:
    QTemporaryDir m_dir;

    struct Run {
        std::string dlq, original, replayId;
        std::vector<RawRecord> deadLetters;
        Result<replay::ReplayReport> report = Error {};
    };

    // Creates the topics (original led by broker 1, dead letters by broker 3) and the dead letters.
    Run prepare(MockCluster& mock, const char* name)
    {
        Run run;
        run.dlq = uniqueName(std::string(name) + "-dlq");
        run.original = uniqueName(std::string(name) + "-orig");
        rd_kafka_mock_topic_create(mock.cluster, run.dlq.c_str(), 2, 3);
        rd_kafka_mock_topic_create(mock.cluster, run.original.c_str(), 3, 3);
        for (int p = 0; p < 3; ++p)
            rd_kafka_mock_partition_set_leader(mock.cluster, run.original.c_str(), p, 1);
        for (int p = 0; p < 2; ++p)
            rd_kafka_mock_partition_set_leader(mock.cluster, run.dlq.c_str(), p, 3);
        Client producer = makeClient(mock.bootstrap, RD_KAFKA_PRODUCER);
        if (!produceRecords(producer.get(), run.dlq, 2, kRecords, run.original))
            qFatal("cannot produce to the mock cluster");
        run.deadLetters = readAll(mock.bootstrap, run.dlq, 2);
        return run;
    }

    replay::ReplayEngine engine(const MockCluster& mock, std::atomic<std::uint64_t>* delivered = nullptr)
    {
        config::Workspace workspace;
        config::ClusterConfig cluster;
        cluster.name = "mock";
        cluster.bootstrapServers = { mock.bootstrap };
        workspace.clusters.push_back(cluster);
        replay::EngineOptions options;
        options.dataDirectory = m_dir.filePath(QStringLiteral("data"));
        if (delivered)
            options.onProgress = [delivered](const replay::ReplayProgress& p) {
                *delivered = std::max<std::uint64_t>(*delivered, p.delivered);
            };
        return replay::ReplayEngine(workspace, kafka::makeEnvSecretResolver(), options);
    }

    replay::ReplayPlan plan(const Run& run, double rate = 0)
    {
        replay::ReplayPlan plan;
        plan.sourceCluster = "mock";
        plan.sourceTopic = run.dlq;
        plan.offsets[0] = { { 0, 1'000'000 } };
        plan.offsets[1] = { { 0, 1'000'000 } };
        plan.partitioning = replay::Partitioning::OriginalPartition;
        plan.recordsPerSecond = rate;
        plan.maxInFlight = 200;
        return plan;
    }

    // The report against an independent read of the target.
    void checkTruthful(const MockCluster& mock, const Run& run)
    {
        QVERIFY2(run.report, run.report ? "" : run.report.error().message.c_str());
        const auto& report = *run.report;
        QVERIFY(report.accountsForEveryRecord());
        QCOMPARE(report.selected, static_cast<std::uint64_t>(kRecords));
        QCOMPARE(report.lost, std::uint64_t(0));
        const auto target = readAll(mock.bootstrap, run.original, 3);
        const VerifierResult v = verifyReplay(run.deadLetters, target, run.dlq, run.replayId);
        QCOMPARE(v.corrupted, 0);
        QCOMPARE(v.reordered, 0);
        QCOMPARE(static_cast<std::uint64_t>(v.found), report.delivered);
        QCOMPARE(static_cast<std::uint64_t>(v.lost), report.failed + report.notYetSent);
        // Every record called failed is really absent from the target.
        std::set<std::string> arrived;
        for (const auto& t : target)
            if (auto src = lastHeaderValue(t, "sluice.replay.source"))
                arrived.insert(*src);
        for (const auto& f : report.failedRecords)
            QVERIFY(!arrived.count(run.dlq + "/" + std::to_string(f.partition) + "/" + std::to_string(f.offset)));
    }

    void execute(const MockCluster& mock, Run& run, const replay::ReplayPlan& p)
    {
        auto e = engine(mock);
        auto dry = e.dryRun(p);
        QVERIFY2(dry, dry ? "" : dry.error().message.c_str());
        run.replayId = dry->plan.id;
        run.report = e.execute(dry->plan, dry->planHash);
    }

private slots:
    void leaderDownMidReplay()
    {
        MockCluster mock;
        Run run = prepare(mock, "leader");
        std::atomic<std::uint64_t> delivered { 0 };
        auto e = engine(mock, &delivered);
        auto dry = e.dryRun(plan(run, kRecords)); // about a second
        QVERIFY(dry);
        run.replayId = dry->plan.id;
        std::thread worker([&] { run.report = e.execute(dry->plan, dry->planHash); });
        const bool progressed = QTest::qWaitFor([&] { return delivered.load() >= kRecords / 4; }, 30000);
        if (!progressed) {
            e.cancel();
            worker.join();
            QFAIL(qPrintable(QStringLiteral("no progress: %1")
                                 .arg(run.report ? QString::number(run.report->delivered)
                                                 : QString::fromStdString(run.report.error().message))));
        }
        rd_kafka_mock_broker_set_down(mock.cluster, 1);
        for (int p = 0; p < 3; ++p)
            rd_kafka_mock_partition_set_leader(mock.cluster, run.original.c_str(), p, 2); // failover
        worker.join();
        rd_kafka_mock_broker_set_up(mock.cluster, 1);
        QVERIFY(run.report);
        QVERIFY(run.report->completed);
        QCOMPARE(run.report->delivered, static_cast<std::uint64_t>(kRecords));
        checkTruthful(mock, run);
    }

    void retriableProduceErrors()
    {
        MockCluster mock;
        Run run = prepare(mock, "retriable");
        rd_kafka_mock_push_request_errors(mock.cluster, kProduceApiKey, 6, RD_KAFKA_RESP_ERR_NOT_LEADER_FOR_PARTITION,
            RD_KAFKA_RESP_ERR_REQUEST_TIMED_OUT, RD_KAFKA_RESP_ERR_NOT_ENOUGH_REPLICAS,
            RD_KAFKA_RESP_ERR_LEADER_NOT_AVAILABLE, RD_KAFKA_RESP_ERR_NOT_ENOUGH_REPLICAS_AFTER_APPEND,
            RD_KAFKA_RESP_ERR_REQUEST_TIMED_OUT);
        execute(mock, run, plan(run));
        QVERIFY(run.report);
        QVERIFY(run.report->completed);
        QCOMPARE(run.report->delivered, static_cast<std::uint64_t>(kRecords));
        QCOMPARE(run.report->failed, std::uint64_t(0));
        checkTruthful(mock, run);
    }

    void permanentProduceErrors()
    {
        MockCluster mock;
        Run run = prepare(mock, "permanent");
        rd_kafka_mock_push_request_errors(mock.cluster, kProduceApiKey, 2, RD_KAFKA_RESP_ERR_TOPIC_AUTHORIZATION_FAILED,
            RD_KAFKA_RESP_ERR_TOPIC_AUTHORIZATION_FAILED);
        execute(mock, run, plan(run));
        QVERIFY(run.report);
        // Either the failed batches are reported failed and the rest delivered, or the
        // producer stopped and the report says what is not yet sent; nothing goes unaccounted.
        qInfo("permanent errors: completed=%d delivered=%llu failed=%llu not yet sent=%llu (%s)", run.report->completed,
            static_cast<unsigned long long>(run.report->delivered), static_cast<unsigned long long>(run.report->failed),
            static_cast<unsigned long long>(run.report->notYetSent), run.report->stopReason.c_str());
        QVERIFY(run.report->failed + run.report->notYetSent > 0);
        checkTruthful(mock, run);
    }

    void slowBroker()
    {
        MockCluster mock;
        Run run = prepare(mock, "slow");
        rd_kafka_mock_broker_set_rtt(mock.cluster, 1, 100);
        execute(mock, run, plan(run));
        QVERIFY(run.report);
        QVERIFY(run.report->completed);
        QCOMPARE(run.report->delivered, static_cast<std::uint64_t>(kRecords));
        checkTruthful(mock, run);
    }
};

QTEST_GUILESS_MAIN(TestReplayMock)
#include "test_replay_mock.moc"
