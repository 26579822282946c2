// SPDX-License-Identifier: Apache-2.0
// The replay wizard without a broker: its tables pass the model tester, the form edits the
// plan, the confirm step refuses read-only targets up front and asks production clusters
// for their typed name, and stored unfinished replays are offered in the resume banner.
#include "common/typed_confirmation.h"
#include "replay/replay_catalog.h"
#include "replay/replay_controller.h"
#include "replay/replay_launcher.h"
#include "replay/replay_result_models.h"
#include "replay/replay_resume_banner.h"
#include "replay/replay_wizard.h"

#include <QAbstractItemModelTester>
#include <QApplication>
#include <QCheckBox>
#include <QComboBox>
#include <QDir>
#include <QDoubleSpinBox>
#include <QJsonArray>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QRadioButton>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

using namespace sluice;
using namespace sluice::ui;
using namespace Qt::Literals::StringLiterals;

namespace {

config::Workspace workspace()
{
    config::Workspace ws;
    ws.name = "test";
    for (const auto& [name, readOnly, production] : { std::tuple { "dev", false, false },
             std::tuple { "audit-copy", true, false }, std::tuple { "prod-eu", false, true } }) {
        config::ClusterConfig c;
        c.name = name;
        c.bootstrapServers = { "127.0.0.1:1" }; // never contacted by these tests
        c.readOnly = readOnly;
        c.production = production;
        ws.clusters.push_back(c);
    }
    return ws;
}

dlq::SelectionModel selection()
{
    auto s = dlq::SelectionModel::explicitRecords("orders.dlq");
    s.selectRange(0, 0, 99);
    s.selectRange(1, 10, 19);
    return s;
}

replay::ReplayPlan pinned(const std::string& id, const std::string& target)
{
    replay::ReplayPlan plan = replay::planFromSelection("dev", selection());
    plan.id = id;
    plan.targetMode = replay::TargetMode::Topic;
    plan.targetTopic = "orders";
    plan.targetCluster = target;
    plan.pinnedEnd = { { 0, 100 }, { 1, 20 } };
    return plan;
}

ReplayWizard* wizardFor(ReplayController* controller, bool deadLetters = true)
{
    return new ReplayWizard(controller, deadLetters, [](const QString&) {
        return QStringList { u"orders"_s, u"payments"_s };
    });
}

} // namespace

class TestReplayWizard : public QObject {
    Q_OBJECT
private:
    QTemporaryDir m_data;

private slots:
    void modelsPassTheTester()
    {
        ReplayTargetModel targets;
        QAbstractItemModelTester t1(&targets, QAbstractItemModelTester::FailureReportingMode::QtTest);
        targets.setTargets({ { "orders", { { 0, 10 }, { 1, 5 } } }, { "payments", { { 0, 1 } } } });
        QCOMPARE(targets.rowCount(), 3);
        QCOMPARE(targets.index(2, ReplayTargetModel::Topic).data().toString(), u"payments"_s);
        targets.setTargets({});
        QCOMPARE(targets.rowCount(), 0);

        ReplayOutcomeModel outcomes;
        QAbstractItemModelTester t2(&outcomes, QAbstractItemModelTester::FailureReportingMode::QtTest);
        outcomes.setOutcomes({ { 0, 4, "no-original-topic" }, { 1, 7, "replay-limit: count 3" } });
        QCOMPARE(outcomes.rowCount(), 2);
        QCOMPARE(outcomes.index(1, ReplayOutcomeModel::Reason).data().toString(), u"replay-limit: count 3"_s);

        ReplaySampleModel sample;
        QAbstractItemModelTester t3(&sample, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QJsonObject record { { u"source"_s, u"orders.dlq/0/4"_s }, { u"topic"_s, u"orders"_s }, { u"partition"_s, 2 },
            { u"timestampMs"_s, 0 }, { u"key"_s, QJsonObject { { u"base64"_s, u"AAE="_s } } },
            { u"value"_s, QJsonValue::Null },
            { u"headers"_s,
                QJsonArray { QJsonObject {
                    { u"name"_s, u"trace"_s }, { u"value"_s, QJsonObject { { u"text"_s, u"a"_s } } } } } } };
        sample.setSample({ record });
        QCOMPARE(sample.index(0, ReplaySampleModel::Target).data().toString(), u"orders / 2"_s);
        QCOMPARE(sample.index(0, ReplaySampleModel::Key).data().toString(), u"base64:AAE="_s);
        QCOMPARE(sample.index(0, ReplaySampleModel::Value).data().toString(), u"null"_s);
        QCOMPARE(sample.index(0, ReplaySampleModel::Headers).data().toString(), u"trace=a"_s);
    }

    void formEditsThePlan()
    {
        auto* controller = new ReplayController(workspace(), nullptr, m_data.path());
        controller->setPlan(replay::planFromSelection("dev", selection()));
        std::unique_ptr<ReplayWizard> wizard(wizardFor(controller));
        QVERIFY(wizard->originalTopicChoice()->isChecked()); // dead letters: original topic by default
        QVERIFY(wizard->dropHeadersCheck()->isChecked());
        QVERIFY(!wizard->keepTimestampChoice()->isChecked());
        QCOMPARE(controller->validationProblem(), QString());

        wizard->chosenTopicChoice()->setChecked(true);
        QVERIFY(!controller->validationProblem().isEmpty()); // a topic is needed
        wizard->targetTopicChoice()->setCurrentText(u"payments"_s);
        QCOMPARE(controller->plan().targetMode, replay::TargetMode::Topic);
        QCOMPARE(controller->plan().targetTopic, std::string("payments"));
        QVERIFY(controller->plan().targetCluster.empty()); // the source cluster

        wizard->keepTimestampChoice()->setChecked(true);
        wizard->dropHeadersCheck()->setChecked(false);
        wizard->recordsPerSecondField()->setValue(500);
        wizard->maxReplayCountField()->setValue(5);
        QCOMPARE(controller->plan().timestamp, replay::TimestampPolicy::Keep);
        QVERIFY(!controller->plan().dropDeadLetterHeaders);
        QVERIFY(controller->plan().provenance); // always
        QCOMPARE(controller->plan().recordsPerSecond, 500.0);
        QCOMPARE(controller->plan().maxReplayCount, 5);

        // Exactly-once to another cluster is refused before any dry run.
        wizard->targetClusterChoice()->setCurrentIndex(wizard->targetClusterChoice()->findData(u"prod-eu"_s));
        wizard->exactlyOnceChoice()->setChecked(true);
        QCOMPARE(controller->plan().targetCluster, std::string("prod-eu"));
        QVERIFY(controller->validationProblem().contains(u"Exactly-once"_s));
        wizard->goToStep(ReplayWizard::OptionsStep);
        QVERIFY(!wizard->nextButton()->isEnabled());
        QVERIFY(!controller->startDryRun());
        QCOMPARE(controller->phase(), ReplayController::Phase::Editing);
    }

    void browserSelectionNeedsATarget()
    {
        auto* controller = new ReplayController(workspace(), nullptr, m_data.path());
        replay::ReplayPlan plan = replay::planFromSelection("dev", selection());
        plan.targetMode = replay::TargetMode::Topic;
        controller->setPlan(plan);
        std::unique_ptr<ReplayWizard> wizard(wizardFor(controller, false));
        QVERIFY(wizard->chosenTopicChoice()->isChecked());
        QVERIFY(controller->validationProblem().contains(u"target topic"_s));
        QVERIFY(!controller->startDryRun());
    }

    void readOnlyTargetIsRefusedUpFront()
    {
        auto* controller = new ReplayController(workspace(), nullptr, m_data.path());
        controller->setResumable(pinned("r-readonly", "audit-copy"), u"hash"_s);
        std::unique_ptr<ReplayWizard> wizard(wizardFor(controller));
        int asked = 0;
        wizard->setConfirmer([&](const TypedConfirmation::Request&, QWidget*) { return ++asked > 0; });
        const auto check = controller->confirmCheck();
        QVERIFY(check.isRefused);
        QVERIFY(check.refusal.contains(u"read-only"_s));
        QVERIFY(!wizard->confirmAndRun());
        QVERIFY(wizard->confirmRefusalLabel()->text().contains(u"read-only"_s));
        wizard->startResume();
        QCOMPARE(asked, 0);
        QVERIFY(!controller->startExecution());
        QVERIFY(controller->lastError().contains(u"read-only"_s));
        QCOMPARE(controller->phase(), ReplayController::Phase::Resumable);
        QVERIFY(!controller->isRunning());
    }

    void nothingRunsWithoutADryRun()
    {
        auto* controller = new ReplayController(workspace(), nullptr, m_data.path());
        controller->setPlan(replay::planFromSelection("dev", selection()));
        std::unique_ptr<ReplayWizard> wizard(wizardFor(controller));
        int asked = 0;
        wizard->setConfirmer([&](const TypedConfirmation::Request&, QWidget*) { return ++asked > 0; });
        QVERIFY(controller->confirmCheck().isRefused);
        QVERIFY(!wizard->confirmAndRun());
        QCOMPARE(asked, 0);
        QVERIFY(!controller->startExecution());
        QCOMPARE(controller->phase(), ReplayController::Phase::Editing);
    }

    void productionNeedsTheTypedName()
    {
        auto* controller = new ReplayController(workspace(), nullptr, m_data.path());
        controller->setResumable(pinned("r-prod", "prod-eu"), u"hash"_s);
        std::unique_ptr<ReplayWizard> wizard(wizardFor(controller));
        QCOMPARE(wizard->step(), ReplayWizard::ProgressStep);
        const auto check = controller->confirmCheck();
        QVERIFY(!check.isRefused);
        QVERIFY(check.isProduction);

        // The real dialog: its action stays disabled until the name is typed; then we cancel.
        bool sawDisabled = false;
        bool sawEnabled = false;
        QTimer::singleShot(0, this, [&] {
            auto* dialog = qobject_cast<TypedConfirmation*>(QApplication::activeModalWidget());
            QVERIFY(dialog);
            sawDisabled = !dialog->acceptButton()->isEnabled();
            dialog->nameField()->setText(u"prod-eu"_s);
            sawEnabled = dialog->acceptButton()->isEnabled();
            dialog->reject();
        });
        wizard->startResume();
        QVERIFY(sawDisabled);
        QVERIFY(sawEnabled);
        QCOMPARE(controller->phase(), ReplayController::Phase::Resumable); // cancelled: nothing started
    }

    void resumeBannerOffersStoredReplays()
    {
        QTemporaryDir data;
        const replay::ReplayPlan plan = pinned("r20261122T090000-beef", "");
        const QString folder = QDir(data.path()).filePath(u"replays/r20261122T090000-beef"_s);
        QVERIFY(QDir().mkpath(folder));
        QVERIFY(replay::writePlanFile(plan, QDir(folder).filePath(QLatin1String(replay::kReviewedPlanFile)),
            QString::fromStdString(replay::planHash(plan))));

        QWidget window;
        ReplayLauncher launcher(nullptr, &window);
        launcher.setDataDirectory(data.path());
        QSignalSpy changed(&launcher, &ReplayLauncher::unfinishedChanged);
        launcher.setWorkspace(workspace());
        QTRY_VERIFY(launcher.hasScanned());
        QCOMPARE(launcher.unfinished().size(), std::size_t(1));
        QCOMPARE(launcher.banner()->shownCount(), 1);
        QVERIFY(!launcher.banner()->isHidden());
        const QString text = ReplayResumeBanner::describe(launcher.unfinished().front());
        QVERIFY2(text.contains(u"up to 110 of 110"_s), qPrintable(text));
        QVERIFY(text.contains(u"orders.dlq"_s));

        ReplayWizard* wizard = launcher.openForResume(launcher.unfinished().front());
        QVERIFY(wizard);
        QCOMPARE(wizard->step(), ReplayWizard::ProgressStep);
        QCOMPARE(wizard->controller()->phase(), ReplayController::Phase::Resumable);
        QCOMPARE(wizard->controller()->reviewedHash(), QString::fromStdString(replay::planHash(plan)));
        QCOMPARE(launcher.openForResume(launcher.unfinished().front()), wizard); // one window per replay
        wizard->close();

        QVERIFY(launcher.discard(launcher.unfinished().front()));
        QVERIFY(launcher.unfinished().empty());
        QVERIFY(launcher.banner()->isHidden());
        const auto before = changed.count();
        launcher.scanUnfinished();
        QTRY_VERIFY(changed.count() > before);
        QVERIFY(launcher.unfinished().empty()); // a discarded replay stays discarded
    }
};

QTEST_MAIN(TestReplayWizard)
#include "test_replay_wizard.moc"
