// SPDX-License-Identifier: Apache-2.0
// Replay on the real broker, through the `sluice replay` CLI (a child process) and the
// engine in-process: dead letters with binary keys, null values and duplicate header names
// go back to their original topics; an independent read_committed verifier reports 0 lost,
// 0 corrupted, order kept per source partition; a replay killed at a random point resumes
// (exactly-once: 0 duplicates; idempotent: duplicates within the reported bound); a
// read-only cluster refuses every path and nothing reaches the broker.
//
// Sizes: SLUICE_REPLAY_RECORDS (default 10000) dead letters per fixture.
#include "audit/audit_log.h"
#include "config/workspace_io.h"
#include "kafka/admin_calls.h"
#include "kafka/write_gate.h"
#include "replay/replay_engine.h"
#include "support/replay_fixture.h"

#include <QRandomGenerator>
#include <QTest>
#include <csignal>

using namespace sluice;
using namespace sluice::testing;

namespace {

struct Fixture {
    std::string dlq;
    std::string original;
    int count = 0;
    std::vector<RawRecord> deadLetters;
};

} // namespace

class TestReplay : public QObject {
    Q_OBJECT
private:
    QString m_bootstrap;
    QTemporaryDir m_dir;
    Client m_producer;
    Client m_admin;

    Fixture makeFixture(const std::string& prefix)
    {
        Fixture f;
        f.dlq = uniqueName(prefix + "-dlq");
        f.original = uniqueName(prefix + "-orig");
        f.count = recordCount(10000);
        const std::string e1 = createTopic(m_admin.get(), f.dlq, 2);
        const std::string e2 = createTopic(m_admin.get(), f.original, 3);
        if (!e1.empty() || !e2.empty())
            qFatal("cannot create topics: %s %s", e1.c_str(), e2.c_str());
        if (!produceRecords(m_producer.get(), f.dlq, 2, f.count, f.original))
            qFatal("cannot produce the dead letters");
        f.deadLetters = readAll(m_bootstrap.toStdString(), f.dlq, 2);
        if (static_cast<int>(f.deadLetters.size()) != f.count)
            qFatal("read %zu dead letters back, expected %d", f.deadLetters.size(), f.count);
        return f;
    }

    QString planFile(const Fixture& f, const QString& name, const QString& mode, double rate = 0,
        const QString& cluster = QStringLiteral("local"))
    {
        QJsonObject plan = QJsonDocument::fromJson(QStringLiteral(R"({
            "source": {"cluster": "%1", "topic": "%2", "selection": {"kind": "offsets",
                       "partitions": {"0": [[0, 1000000000]], "1": [[0, 1000000000]]}}},
            "target": {"mode": "original-topic", "partitioning": "original-partition"},
            "execution": {"mode": "%3", "recordsPerSecond": %4, "checkpointEvery": 500, "maxInFlight": 2000,
                          "transactionRecords": 500}
        })")
                                                       .arg(cluster, QString::fromStdString(f.dlq), mode)
                                                       .arg(rate)
                                                       .toUtf8())
                               .object();
        const QString path = m_dir.filePath(name + QStringLiteral(".json"));
        writeFile(path, QJsonDocument(plan).toJson());
        return path;
    }

    QString workspace(bool readOnly)
    {
        const QString path = m_dir.filePath(readOnly ? QStringLiteral("ro.yaml") : QStringLiteral("rw.yaml"));
        writeFile(path, workspaceYaml(QStringLiteral("local"), m_bootstrap, readOnly).toUtf8());
        return path;
    }

    // Dry run through the CLI: returns (reviewed plan path, hash).
    std::pair<QString, QString> review(const QString& plan, const QString& ws)
    {
        const QString reviewed = plan + QStringLiteral(".reviewed");
        const CliResult dry
            = runCli({ QStringLiteral("--workspace"), ws, QStringLiteral("--plan"), plan, QStringLiteral("--dry-run"),
                QStringLiteral("--reviewed"), reviewed, QStringLiteral("--data-dir"), dataDir() });
        if (dry.exitCode != 0)
            qWarning("dry run failed: %s", dry.err.constData());
        return { reviewed, dry.json().value(QStringLiteral("planHash")).toString() };
    }

    QString dataDir() const { return m_dir.filePath(QStringLiteral("data")); }

    QStringList executeArgs(const QString& reviewed, const QString& hash, const QString& ws)
    {
        return { QStringLiteral("--workspace"), ws, QStringLiteral("--plan"), reviewed, QStringLiteral("--execute"),
            QStringLiteral("--plan-hash"), hash, QStringLiteral("--data-dir"), dataDir(), QStringLiteral("--quiet") };
    }

    std::int64_t sumEnds(const Fixture& f)
    {
        std::int64_t sum = 0;
        for (const auto& [p, end] : endOffsets(m_bootstrap.toStdString(), f.original, 3))
            sum += end;
        return sum;
    }

    // Starts the CLI, waits until at least `threshold` records reached the target (written,
    // committed or not), then sends it `signal` (SIGKILL by default); `ended` gets what it
    // printed and its exit code.
    bool killMidway(const QStringList& args, const Fixture& f, std::int64_t baseline, std::int64_t threshold,
        int signal = SIGKILL, CliResult* ended = nullptr)
    {
        QProcess process;
        process.start(sluiceBinary(), QStringList { QStringLiteral("replay") } + args);
        if (!process.waitForStarted())
            return false;
        const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(120);
        while (std::chrono::steady_clock::now() < deadline && process.state() == QProcess::Running) {
            if (sumEnds(f) - baseline >= threshold)
                break;
            process.waitForFinished(20);
        }
        const bool killedMidway = process.state() == QProcess::Running;
        if (killedMidway)
            ::kill(static_cast<pid_t>(process.processId()), signal);
        process.waitForFinished(60000);
        if (ended) {
            ended->exitCode = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
            ended->out = process.readAllStandardOutput();
            ended->err = process.readAllStandardError();
        }
        return killedMidway;
    }

private slots:
    void initTestCase()
    {
        auto env = stackEnvOrFail();
        m_bootstrap = env[QStringLiteral("SLUICE_KAFKA_BOOTSTRAP")];
        QVERIFY2(QFile::exists(sluiceBinary()), "SLUICE_BINARY must name the sluice executable (build target sluice)");
        m_producer = makeClient(
            m_bootstrap.toStdString(), RD_KAFKA_PRODUCER, { { "linger.ms", "5" }, { "enable.idempotence", "true" } });
        m_admin = makeClient(m_bootstrap.toStdString(), RD_KAFKA_PRODUCER);
    }

    void replayToOriginalTopics()
    {
        const Fixture f = makeFixture("replay-basic");
        const QString ws = workspace(false);
        const auto [reviewed, hash] = review(planFile(f, QStringLiteral("basic"), QStringLiteral("idempotent")), ws);
        QCOMPARE(hash.size(), 64);
        const auto before = endOffsets(m_bootstrap.toStdString(), f.original, 3);

        // A wrong hash is refused: what runs is what was reviewed.
        CliResult refused = runCli(executeArgs(reviewed, QString(64, QLatin1Char('0')), ws));
        QCOMPARE(refused.exitCode, 1);
        QVERIFY(refused.err.contains("differs from the one reviewed"));

        const CliResult run = runCli(executeArgs(reviewed, hash, ws));
        QVERIFY2(run.exitCode == 0, run.err.constData());
        const QJsonObject report = run.json();
        QCOMPARE(report.value(QStringLiteral("selected")).toInteger(), f.count);
        QCOMPARE(report.value(QStringLiteral("delivered")).toInteger(), f.count);
        QCOMPARE(report.value(QStringLiteral("lost")).toInteger(), 0);
        QVERIFY(report.value(QStringLiteral("accountsForEveryRecord")).toBool());
        const QJsonObject verification = report.value(QStringLiteral("verification")).toObject();
        QVERIFY(verification.value(QStringLiteral("performed")).toBool());
        QCOMPARE(verification.value(QStringLiteral("corrupted")).toInteger(), 0);
        QCOMPARE(verification.value(QStringLiteral("duplicates")).toInteger(), 0);

        const auto target = readAll(m_bootstrap.toStdString(), f.original, 3, before);
        const QString replayId = report.value(QStringLiteral("replayId")).toString();
        const VerifierResult v = verifyReplay(f.deadLetters, target, f.dlq, replayId.toStdString());
        QVERIFY2(v.firstProblem.isEmpty(), qPrintable(v.firstProblem));
        QCOMPARE(v.expected, f.count);
        QCOMPARE(v.lost, 0);
        QCOMPARE(v.duplicated, 0);
        QCOMPARE(v.corrupted, 0);
        QCOMPARE(v.reordered, 0);
        // The audit log has the intent and the outcome, chained.
        audit::AuditLog log(QDir(dataDir()).filePath(QStringLiteral("audit.jsonl")));
        const auto verdict = audit::AuditLog::verify(log.path());
        QVERIFY2(verdict.ok, qPrintable(verdict.problem));
        int intents = 0, outcomes = 0;
        for (const auto& e : log.readAll()) {
            if (e.value(QStringLiteral("actionId")).toString() != replayId)
                continue;
            intents += e.value(QStringLiteral("phase")).toString() == QLatin1String("intent");
            outcomes += e.value(QStringLiteral("phase")).toString() == QLatin1String("outcome");
        }
        QCOMPARE(intents, 1); // the wrong hash was refused before anything was attempted
        QCOMPARE(outcomes, 1);

        // Running a finished replay again is refused.
        const CliResult again = runCli(executeArgs(reviewed, hash, ws));
        QCOMPARE(again.exitCode, 1);
        QVERIFY(again.err.contains("finished already"));
    }

    void exactlyOnceKilledAndResumed()
    {
        const Fixture f = makeFixture("replay-eos");
        const QString ws = workspace(false);
        // Slow enough to be killed midway; the resume runs at full speed.
        const auto [reviewed, hash]
            = review(planFile(f, QStringLiteral("eos"), QStringLiteral("exactly-once"), f.count / 2.0), ws);
        QCOMPARE(hash.size(), 64);
        const auto before = endOffsets(m_bootstrap.toStdString(), f.original, 3);
        std::int64_t baseline = 0;
        for (const auto& [p, o] : before)
            baseline += o;
        auto* random = QRandomGenerator::global();
        int kills = 0;
        for (int trial = 0; trial < 2; ++trial) {
            const std::int64_t threshold = (trial + 1) * f.count / 4 + random->bounded(f.count / 8);
            kills += killMidway(executeArgs(reviewed, hash, ws), f, baseline, threshold);
        }
        QVERIFY2(kills >= 1, "the replay finished before it could be killed");
        const CliResult run = runCli(executeArgs(reviewed, hash, ws));
        QVERIFY2(run.exitCode == 0, run.err.constData());
        const QJsonObject report = run.json();
        QCOMPARE(report.value(QStringLiteral("delivered")).toInteger(), f.count);
        QCOMPARE(report.value(QStringLiteral("runs")).toInt(), kills + 1);

        const auto target = readAll(m_bootstrap.toStdString(), f.original, 3, before);
        const VerifierResult v = verifyReplay(
            f.deadLetters, target, f.dlq, report.value(QStringLiteral("replayId")).toString().toStdString());
        QVERIFY2(v.firstProblem.isEmpty(), qPrintable(v.firstProblem));
        QCOMPARE(v.lost, 0);
        QCOMPARE(v.duplicated, 0); // read_committed: aborted writes of killed runs are invisible
        QCOMPARE(v.corrupted, 0);
        QCOMPARE(v.reordered, 0);
    }

    void idempotentKilledAndResumed()
    {
        const Fixture f = makeFixture("replay-idem");
        const QString ws = workspace(false);
        const auto [reviewed, hash]
            = review(planFile(f, QStringLiteral("idem"), QStringLiteral("idempotent"), f.count / 2.0), ws);
        const auto before = endOffsets(m_bootstrap.toStdString(), f.original, 3);
        std::int64_t baseline = 0;
        for (const auto& [p, o] : before)
            baseline += o;
        int kills = 0;
        for (int trial = 0; trial < 2; ++trial) {
            const std::int64_t threshold = (trial + 1) * f.count / 4 + QRandomGenerator::global()->bounded(f.count / 8);
            kills += killMidway(executeArgs(reviewed, hash, ws), f, baseline, threshold);
        }
        QVERIFY2(kills >= 1, "the replay finished before it could be killed");
        const CliResult run = runCli(executeArgs(reviewed, hash, ws));
        QVERIFY2(run.exitCode == 0, run.err.constData());
        const QJsonObject report = run.json();
        const qint64 predicted = report.value(QStringLiteral("possibleDuplicates")).toInteger();
        // At most maxInFlight + checkpointEvery - 1 per killed run that got as far as starting
        // (less when fewer records were left for its resume to send again).
        const int runs = report.value(QStringLiteral("runs")).toInt();
        QVERIFY(runs >= 2 && runs <= kills + 1);
        QVERIFY(predicted > 0);
        QVERIFY(predicted <= (runs - 1) * (2000 + 500 - 1));

        const auto target = readAll(m_bootstrap.toStdString(), f.original, 3, before);
        const VerifierResult v = verifyReplay(
            f.deadLetters, target, f.dlq, report.value(QStringLiteral("replayId")).toString().toStdString());
        qInfo(
            "idempotent resume after %d kills: %d duplicates, predicted at most %lld", kills, v.duplicated, predicted);
        QCOMPARE(v.lost, 0);
        QCOMPARE(v.corrupted, 0);
        QVERIFY(v.duplicated <= predicted);
        QCOMPARE(
            report.value(QStringLiteral("verification")).toObject().value(QStringLiteral("duplicates")).toInteger(),
            v.duplicated);
    }

    void terminatedReplayStopsInOrder()
    {
        // SIGTERM (or Ctrl-C) cancels: the run ends in order with a report and exit code 3,
        // and its resume's duplicate bound is what it had sent past its journal position
        // (at most the in-flight window), not the crash bound.
        const Fixture f = makeFixture("replay-term");
        const QString ws = workspace(false);
        const auto [reviewed, hash]
            = review(planFile(f, QStringLiteral("term"), QStringLiteral("idempotent"), f.count / 2.0), ws);
        const auto before = endOffsets(m_bootstrap.toStdString(), f.original, 3);
        std::int64_t baseline = 0;
        for (const auto& [p, o] : before)
            baseline += o;
        CliResult stopped;
        QVERIFY2(killMidway(executeArgs(reviewed, hash, ws), f, baseline, f.count / 4, SIGTERM, &stopped),
            "the replay finished before it could be stopped");
        QVERIFY2(stopped.exitCode == 3, stopped.err.constData());
        const QJsonObject first = stopped.json();
        QCOMPARE(first.value(QStringLiteral("completed")).toBool(true), false);
        QCOMPARE(first.value(QStringLiteral("stopReason")).toString(), QStringLiteral("cancelled"));

        const CliResult run = runCli(executeArgs(reviewed, hash, ws));
        QVERIFY2(run.exitCode == 0, run.err.constData());
        const QJsonObject report = run.json();
        QCOMPARE(report.value(QStringLiteral("runs")).toInt(), 2);
        QCOMPARE(report.value(QStringLiteral("delivered")).toInteger(), f.count);
        const qint64 predicted = report.value(QStringLiteral("possibleDuplicates")).toInteger();
        QVERIFY2(predicted <= 2000, qPrintable(QStringLiteral("bound %1").arg(predicted)));

        const auto target = readAll(m_bootstrap.toStdString(), f.original, 3, before);
        const VerifierResult v = verifyReplay(
            f.deadLetters, target, f.dlq, report.value(QStringLiteral("replayId")).toString().toStdString());
        QVERIFY2(v.firstProblem.isEmpty(), qPrintable(v.firstProblem));
        QCOMPARE(v.lost, 0);
        QCOMPARE(v.corrupted, 0);
        QVERIFY(v.duplicated <= predicted);
    }

    void readOnlyClusterRefusesEverything()
    {
        const Fixture f = makeFixture("replay-ro");
        const QString ws = workspace(true);
        const auto before = endOffsets(m_bootstrap.toStdString(), f.original, 3);
        const auto gateBefore = kafka::gateCounts();

        // The dry run only reads: it works on a read-only cluster, and warns.
        const QString plan = planFile(f, QStringLiteral("ro"), QStringLiteral("exactly-once"));
        const QString reviewed = plan + QStringLiteral(".reviewed");
        const CliResult dry
            = runCli({ QStringLiteral("--workspace"), ws, QStringLiteral("--plan"), plan, QStringLiteral("--dry-run"),
                QStringLiteral("--reviewed"), reviewed, QStringLiteral("--data-dir"), dataDir() });
        QCOMPARE(dry.exitCode, 0);
        QVERIFY(dry.err.contains("read-only"));
        const QString hash = dry.json().value(QStringLiteral("planHash")).toString();

        // The CLI refuses to execute, in both modes.
        const CliResult run = runCli(executeArgs(reviewed, hash, ws));
        QCOMPARE(run.exitCode, 1);
        QVERIFY(run.err.contains("read-only"));

        // In-process, every mode: refused, and the gate allowed nothing.
        auto workspaceValue = config::loadWorkspace(ws.toStdString());
        QVERIFY(workspaceValue);
        replay::EngineOptions options;
        options.dataDirectory = dataDir();
        replay::ReplayEngine engine(*workspaceValue, kafka::makeEnvSecretResolver(), options);
        auto planValue = replay::readPlanFile(reviewed);
        QVERIFY(planValue);
        for (auto mode : { replay::ExecutionMode::ExactlyOnce, replay::ExecutionMode::Idempotent }) {
            replay::ReplayPlan p = *planValue;
            p.mode = mode;
            auto result = engine.execute(p, replay::planHash(p));
            QVERIFY(!result);
            QVERIFY(QString::fromStdString(result.error().message).contains(QLatin1String("read-only")));
        }
        const auto gateAfter = kafka::gateCounts();
        QCOMPARE(gateAfter.allowedTotal(), gateBefore.allowedTotal());
        QVERIFY(gateAfter.refusedTotal() >= gateBefore.refusedTotal() + 2);

        // And on the broker: nothing written, no progress committed.
        QCOMPARE(endOffsets(m_bootstrap.toStdString(), f.original, 3), before);
        auto committed = kafka::committedOffsets(
            m_admin.get(), "sluice-replay-" + planValue->id, std::chrono::milliseconds(10000));
        QVERIFY(committed);
        QVERIFY(committed->empty());
    }

    void cleanupTestCase()
    {
        m_producer.reset();
        m_admin.reset();
    }
};

QTEST_GUILESS_MAIN(TestReplay)
#include "test_replay.moc"
