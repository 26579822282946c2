// SPDX-License-Identifier: Apache-2.0
// A replay survives the broker going away mid-run: it waits, resumes when the broker is
// back, and loses nothing (idempotent mode retries through the outage; the verifier reads
// everything back). Uses a broker of its own so other tests are not disturbed.
#include "config/workspace_io.h"
#include "replay/replay_engine.h"
#include "support/replay_fixture.h"

#include <QTest>
#include <thread>

using namespace sluice;
using namespace sluice::testing;

class TestReplayBrokerOutage : public QObject {
    Q_OBJECT
private:
    QTemporaryDir m_dir;

private slots:
    void cleanupTestCase() { runStackScript({ QStringLiteral("stop"), QStringLiteral("--dir"), m_dir.path() }); }

    void waitsAndResumes()
    {
        stackEnvOrFail(); // the suite's stack must exist too (its tools are shared)
        QVERIFY(m_dir.isValid());
        QCOMPARE(runStackScript({ QStringLiteral("start"), QStringLiteral("--dir"), m_dir.path() }), 0);
        auto env = readStackEnv(m_dir.filePath(QStringLiteral("stack.env")));
        const std::string bootstrap = env[QStringLiteral("SLUICE_KAFKA_BOOTSTRAP")].toStdString();
        QVERIFY(!bootstrap.empty());

        const int count = recordCount(10000);
        const std::string dlq = uniqueName("outage-dlq"), original = uniqueName("outage-orig");
        {
            Client admin = makeClient(bootstrap, RD_KAFKA_PRODUCER);
            QCOMPARE(createTopic(admin.get(), dlq, 2), std::string());
            QCOMPARE(createTopic(admin.get(), original, 3), std::string());
            QVERIFY(produceRecords(admin.get(), dlq, 2, count, original));
        }
        const auto deadLetters = readAll(bootstrap, dlq, 2);
        QCOMPARE(static_cast<int>(deadLetters.size()), count);

        config::Workspace workspace;
        config::ClusterConfig cluster;
        cluster.name = "outage";
        cluster.bootstrapServers = { bootstrap };
        workspace.clusters.push_back(cluster);
        replay::EngineOptions options;
        options.dataDirectory = m_dir.filePath(QStringLiteral("data"));
        std::atomic<std::uint64_t> delivered { 0 };
        options.onProgress = [&delivered](const replay::ReplayProgress& p) { delivered = p.delivered; };
        replay::ReplayEngine engine(workspace, kafka::makeEnvSecretResolver(), options);

        replay::ReplayPlan plan;
        plan.sourceCluster = "outage";
        plan.sourceTopic = dlq;
        plan.offsets[0] = { { 0, 1'000'000'000 } };
        plan.offsets[1] = { { 0, 1'000'000'000 } };
        plan.partitioning = replay::Partitioning::OriginalPartition;
        plan.recordsPerSecond = count / 4.0; // about four seconds: the outage falls inside
        plan.maxInFlight = 500;
        auto dry = engine.dryRun(plan);
        QVERIFY2(dry, dry ? "" : dry.error().message.c_str());
        QCOMPARE(dry->toSend, static_cast<std::uint64_t>(count));

        Result<replay::ReplayReport> result = Error {};
        std::thread worker([&] { result = engine.execute(dry->plan, dry->planHash); });
        QTRY_VERIFY_WITH_TIMEOUT(delivered.load() >= static_cast<std::uint64_t>(count / 5), 60000);
        QCOMPARE(runStackScript({ QStringLiteral("stop-broker"), QStringLiteral("--dir"), m_dir.path() }), 0);
        const std::uint64_t atStop = delivered.load();
        QVERIFY2(atStop < static_cast<std::uint64_t>(count), "the replay finished before the broker stopped");
        QCOMPARE(runStackScript({ QStringLiteral("start-broker"), QStringLiteral("--dir"), m_dir.path() }), 0);
        worker.join();
        QVERIFY2(result, result ? "" : result.error().message.c_str());
        QVERIFY(result->completed);
        QCOMPARE(result->delivered, static_cast<std::uint64_t>(count));
        QCOMPARE(result->lost, std::uint64_t(0));
        QVERIFY(result->accountsForEveryRecord());

        const auto target = readAll(bootstrap, original, 3);
        const VerifierResult v = verifyReplay(deadLetters, target, dlq, dry->plan.id);
        QVERIFY2(v.firstProblem.isEmpty(), qPrintable(v.firstProblem));
        QCOMPARE(v.lost, 0);
        QCOMPARE(v.corrupted, 0);
        QCOMPARE(v.reordered, 0);
        QCOMPARE(v.duplicated, 0); // the idempotent producer de-duplicates its own retries
    }
};

QTEST_GUILESS_MAIN(TestReplayBrokerOutage)
#include "test_replay_broker_outage.moc"
