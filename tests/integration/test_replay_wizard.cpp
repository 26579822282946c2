// SPDX-License-Identifier: Apache-2.0
// The replay wizard on the real broker, driven as an operator would: 200 dead letters
// (Kafka Connect headers, binary keys, null values) are selected, previewed (dry run),
// confirmed and replayed to their original topic; the report must account for every
// record and an independent read_committed consumer must find each one in the target.
// Then a rate-limited replay is cancelled half-way, found again in the data folder as an
// unfinished replay, resumed from the wizard, and accounted for in full.
#include "config/workspace_io.h"
#include "replay/replay_catalog.h"
#include "replay/replay_controller.h"
#include "replay/replay_result_models.h"
#include "replay/replay_wizard.h"
#include "support/replay_fixture.h"

#include <QDoubleSpinBox>
#include <QLabel>
#include <QPushButton>
#include <QTest>

using namespace sluice;
using namespace sluice::testing;
using namespace sluice::ui;

namespace {

constexpr int kRecords = 200;
constexpr int kDlqPartitions = 2;
constexpr int kOriginalPartitions = 3;

struct Fixture {
    std::string dlq;
    std::string original;
    std::vector<RawRecord> deadLetters;
};

dlq::SelectionModel selectAll(const std::string& topic)
{
    auto selection = dlq::SelectionModel::explicitRecords(topic);
    for (int p = 0; p < kDlqPartitions; ++p)
        selection.selectRange(p, 0, kRecords / kDlqPartitions - 1);
    return selection;
}

} // namespace

class TestReplayWizardLive : public QObject {
    Q_OBJECT
private:
    QString m_bootstrap;
    QTemporaryDir m_dir;
    Client m_producer;
    Client m_admin;
    std::optional<config::Workspace> m_workspace;

    Fixture makeFixture(const std::string& prefix)
    {
        Fixture f;
        f.dlq = uniqueName(prefix + "-dlq");
        f.original = uniqueName(prefix + "-orig");
        const std::string e1 = createTopic(m_admin.get(), f.dlq, kDlqPartitions);
        const std::string e2 = createTopic(m_admin.get(), f.original, kOriginalPartitions);
        if (!e1.empty() || !e2.empty())
            qFatal("cannot create topics: %s %s", e1.c_str(), e2.c_str());
        if (!produceRecords(m_producer.get(), f.dlq, kDlqPartitions, kRecords, f.original))
            qFatal("cannot produce the dead letters");
        f.deadLetters = readAll(m_bootstrap.toStdString(), f.dlq, kDlqPartitions);
        if (static_cast<int>(f.deadLetters.size()) != kRecords)
            qFatal("read %zu dead letters back, expected %d", f.deadLetters.size(), kRecords);
        return f;
    }

    QString dataDir() const { return m_dir.filePath(QStringLiteral("data")); }

    ReplayWizard* openWizard(const Fixture& f)
    {
        auto* controller = new ReplayController(*m_workspace, kafka::makeEnvSecretResolver(), dataDir());
        controller->setPlan(replay::planFromSelection("local", selectAll(f.dlq)));
        auto* wizard = new ReplayWizard(controller, true, [](const QString&) { return QStringList(); });
        wizard->setConfirmer([](const TypedConfirmation::Request&, QWidget*) { return true; });
        return wizard;
    }

    static void checkAccounts(const replay::ReplayReport& r)
    {
        QCOMPARE(r.selected, std::uint64_t(kRecords));
        QCOMPARE(r.delivered + r.skipped + r.failed + r.notYetSent, std::uint64_t(kRecords));
        QVERIFY(r.accountsForEveryRecord());
        QCOMPARE(r.lost, std::uint64_t(0));
    }

private slots:
    void initTestCase()
    {
        auto env = stackEnvOrFail();
        m_bootstrap = env[QStringLiteral("SLUICE_KAFKA_BOOTSTRAP")];
        m_producer = makeClient(
            m_bootstrap.toStdString(), RD_KAFKA_PRODUCER, { { "linger.ms", "5" }, { "enable.idempotence", "true" } });
        m_admin = makeClient(m_bootstrap.toStdString(), RD_KAFKA_PRODUCER);
        const QString path = m_dir.filePath(QStringLiteral("ws.yaml"));
        writeFile(path, workspaceYaml(QStringLiteral("local"), m_bootstrap, false).toUtf8());
        auto ws = config::loadWorkspace(path.toStdString());
        QVERIFY2(ws, ws ? "" : ws.error().message.c_str());
        m_workspace = *ws;
    }

    void dryRunExecuteReport()
    {
        const Fixture f = makeFixture("wizard");
        const auto before = endOffsets(m_bootstrap.toStdString(), f.original, kOriginalPartitions);
        std::unique_ptr<ReplayWizard> wizard(openWizard(f));
        ReplayController* controller = wizard->controller();

        wizard->next(); // Target → Transforms
        wizard->next(); // → Options
        QCOMPARE(wizard->step(), ReplayWizard::OptionsStep);
        wizard->next(); // Dry run
        QCOMPARE(wizard->step(), ReplayWizard::PreviewStep);
        QTRY_VERIFY_WITH_TIMEOUT(controller->phase() == ReplayController::Phase::Previewed, 60000);
        const replay::DryRunReport& preview = *controller->preview();
        QCOMPARE(preview.selected, std::uint64_t(kRecords));
        QCOMPARE(preview.toSend, std::uint64_t(kRecords));
        QCOMPARE(preview.perTarget.size(), std::size_t(1));
        QVERIFY(preview.perTarget.count(f.original));
        QVERIFY(wizard->targetModel()->rowCount() > 0);
        QVERIFY(wizard->sampleModel()->rowCount() > 0);
        QVERIFY(wizard->planHashLabel()->text().contains(QString::fromStdString(preview.planHash)));
        QVERIFY(!preview.warnings.empty()); // the original topic feeds this dead-letter topic

        wizard->next(); // → Confirm
        QCOMPARE(wizard->step(), ReplayWizard::ConfirmStep);
        QVERIFY(wizard->confirmAndRun());
        QCOMPARE(wizard->step(), ReplayWizard::ProgressStep);
        QTRY_VERIFY_WITH_TIMEOUT(controller->phase() == ReplayController::Phase::Finished, 120000);
        QCOMPARE(wizard->step(), ReplayWizard::ReportStep);

        const replay::ReplayReport& report = *controller->report();
        QVERIFY2(report.completed, report.stopReason.c_str());
        checkAccounts(report);
        QCOMPARE(report.delivered, std::uint64_t(kRecords));
        QVERIFY(report.verification.performed);
        QCOMPARE(report.verification.missing, std::uint64_t(0));
        QCOMPARE(report.verification.corrupted, std::uint64_t(0));
        QCOMPARE(report.verification.duplicates, std::uint64_t(0));
        QVERIFY(QFile::exists(controller->reportPath()));
        QVERIFY(wizard->reportPathLabel()->text().contains(controller->reportPath()));
        QVERIFY(wizard->reportVerdictLabel()->text().contains(QStringLiteral("accounted")));

        // Independent check: every dead letter arrived once, byte for byte, in order.
        const auto target = readAll(m_bootstrap.toStdString(), f.original, kOriginalPartitions, before);
        const VerifierResult v = verifyReplay(f.deadLetters, target, f.dlq, report.replayId);
        QVERIFY2(v.firstProblem.isEmpty(), qPrintable(v.firstProblem));
        QCOMPARE(v.found, kRecords);
        QCOMPARE(v.duplicated, 0);
        // Finished replays are not offered for resuming.
        for (const auto& stored : replay::unfinishedReplays(dataDir()))
            QVERIFY(stored.id != report.replayId);
    }

    void cancelThenResume()
    {
        const Fixture f = makeFixture("wizard-resume");
        const auto before = endOffsets(m_bootstrap.toStdString(), f.original, kOriginalPartitions);
        std::string replayId;
        {
            std::unique_ptr<ReplayWizard> wizard(openWizard(f));
            ReplayController* controller = wizard->controller();
            wizard->recordsPerSecondField()->setValue(100); // about 2 s for everything
            controller->plan().checkpointEvery = 10;
            wizard->runDryRun();
            QTRY_VERIFY_WITH_TIMEOUT(controller->phase() == ReplayController::Phase::Previewed, 60000);
            replayId = controller->preview()->plan.id;
            wizard->goToStep(ReplayWizard::ConfirmStep);
            QVERIFY(wizard->confirmAndRun());
            QTRY_VERIFY_WITH_TIMEOUT(controller->progress().delivered >= 30, 60000);
            {
                // Time left is estimated from the rate so far: (records left) / (records/s).
                const replay::ReplayProgress& p = controller->progress();
                QVERIFY2(p.etaSeconds > 0, "no estimate of the time left while rate-limited");
                const double left = static_cast<double>(p.toSend - p.delivered - p.skipped - p.failed);
                QVERIFY(p.recordsPerSecond > 0);
                QCOMPARE(p.etaSeconds, left / p.recordsPerSecond);
            }
            wizard->pauseButton()->click(); // pause, then cancel while paused
            QVERIFY(controller->isPaused());
            wizard->cancelButton()->click();
            QTRY_VERIFY_WITH_TIMEOUT(controller->phase() == ReplayController::Phase::Finished, 60000);
            const replay::ReplayReport& stopped = *controller->report();
            QVERIFY(!stopped.completed);
            QVERIFY(stopped.notYetSent > 0);
            checkAccounts(stopped);
            QVERIFY(controller->canResume());
        }

        // As after a restart: the data folder offers it, with what is left.
        const auto unfinished = replay::unfinishedReplays(dataDir());
        auto it = std::find_if(unfinished.begin(), unfinished.end(), [&](const auto& r) { return r.id == replayId; });
        QVERIFY(it != unfinished.end());
        QVERIFY(it->remaining && *it->remaining > 0 && *it->remaining < std::uint64_t(kRecords));

        auto* controller = new ReplayController(*m_workspace, kafka::makeEnvSecretResolver(), dataDir());
        controller->setResumable(it->plan, QString::fromStdString(it->planHash));
        ReplayWizard wizard(controller, true, [](const QString&) { return QStringList(); });
        QCOMPARE(wizard.step(), ReplayWizard::ProgressStep);
        wizard.startResume();
        QCOMPARE(controller->phase(), ReplayController::Phase::Executing);
        QTRY_VERIFY_WITH_TIMEOUT(controller->phase() == ReplayController::Phase::Finished, 120000);
        const replay::ReplayReport& report = *controller->report();
        QVERIFY2(report.completed, report.stopReason.c_str());
        checkAccounts(report);
        QCOMPARE(report.runs, 2);
        QCOMPARE(report.verification.missing, std::uint64_t(0));
        QCOMPARE(report.verification.corrupted, std::uint64_t(0));
        QVERIFY(report.verification.duplicates <= report.possibleDuplicates);
        // The stop was orderly (paused, then cancelled): the bound is what that run had sent
        // past its journal position, not every record the resume could send again.
        QVERIFY2(report.possibleDuplicates < *it->remaining,
            qPrintable(QStringLiteral("bound %1, %2 left").arg(report.possibleDuplicates).arg(*it->remaining)));

        const auto target = readAll(m_bootstrap.toStdString(), f.original, kOriginalPartitions, before);
        const VerifierResult v = verifyReplay(f.deadLetters, target, f.dlq, replayId);
        QCOMPARE(v.lost, 0);
        QCOMPARE(v.corrupted, 0);
        QVERIFY(static_cast<std::uint64_t>(v.duplicated) <= report.possibleDuplicates);
        for (const auto& stored : replay::unfinishedReplays(dataDir()))
            QVERIFY(stored.id != replayId);
    }
};

QTEST_MAIN(TestReplayWizardLive)
#include "test_replay_wizard.moc"
