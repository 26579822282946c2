// SPDX-License-Identifier: Apache-2.0
// Replay plans: JSON round trip, validation errors, the plan hash, building from a selection.
#include "replay/replay_plan.h"

#include <QJsonDocument>
#include <QTemporaryDir>
#include <QTest>

using namespace sluice;
using namespace sluice::replay;

namespace {

ReplayPlan samplePlan()
{
    ReplayPlan plan;
    plan.id = "r1";
    plan.sourceCluster = "local";
    plan.sourceTopic = "orders.dlq";
    plan.offsets[0] = { { 0, 9 }, { 20, 29 } };
    plan.offsets[2] = { { 5, 5 } };
    plan.targetMode = TargetMode::Topic;
    plan.targetTopic = "orders";
    plan.partitioning = Partitioning::OriginalPartition;
    plan.timestamp = TimestampPolicy::Keep;
    plan.maxReplayCount = 2;
    plan.mode = ExecutionMode::ExactlyOnce;
    plan.recordsPerSecond = 500;
    RecordEdit edit;
    edit.partition = 0;
    edit.offset = 3;
    edit.replaceKey = true;
    edit.key = std::string("\x00\x00\x00\x01k", 5);
    edit.replaceValue = true;
    edit.value = std::nullopt;
    edit.replaceHeaders = true;
    edit.headers = { { "a", std::string("1") }, { "a", std::nullopt } };
    plan.edits.push_back(edit);
    plan.pinnedEnd = { { 0, 100 }, { 1, 0 }, { 2, 7 } };
    return plan;
}

QString errorOf(const char* json)
{
    auto plan = planFromJson(QJsonDocument::fromJson(json).object());
    return plan ? QString() : QString::fromStdString(plan.error().message);
}

} // namespace

class TestReplayPlan : public QObject {
    Q_OBJECT
private slots:
    void roundTrip()
    {
        const ReplayPlan plan = samplePlan();
        auto back = planFromJson(planToJson(plan));
        QVERIFY2(back, back ? "" : back.error().message.c_str());
        QVERIFY(*back == plan);
        QCOMPARE(planHash(*back), planHash(plan));
    }

    void filterAndTimeRoundTrip()
    {
        ReplayPlan plan;
        plan.sourceCluster = "c";
        plan.sourceTopic = "t";
        plan.selection = SelectionKind::Filter;
        plan.filter = "header.\"__connect.errors.exception.class.name\" contains \"Json\"";
        plan.excluded[1] = { 4, 8 };
        plan.filterNowMs = 1700000000000;
        auto back = planFromJson(planToJson(plan));
        QVERIFY(back);
        QVERIFY(*back == plan);

        plan.selection = SelectionKind::TimeRange;
        plan.fromMs = 1000;
        plan.toMs = 2000;
        plan.filter.clear();
        plan.excluded.clear();
        plan.filterNowMs.reset();
        back = planFromJson(planToJson(plan));
        QVERIFY(back);
        QCOMPARE(back->fromMs, 1000);
        QCOMPARE(back->toMs, 2000);
    }

    void defaults()
    {
        auto plan = planFromJson(QJsonDocument::fromJson(R"({"source":{"cluster":"c","topic":"t",
            "selection":{"kind":"offsets","partitions":{"0":[[1,2]]}}}})")
                                     .object());
        QVERIFY(plan);
        QCOMPARE(plan->targetMode, TargetMode::OriginalTopic);
        QCOMPARE(plan->partitioning, Partitioning::ByKey);
        QVERIFY(plan->dropDeadLetterHeaders);
        QVERIFY(plan->provenance);
        QCOMPARE(plan->timestamp, TimestampPolicy::Now);
        QCOMPARE(plan->mode, ExecutionMode::Idempotent);
        QCOMPARE(plan->maxReplayCount, 3);
        QVERIFY(!plan->isPinned());
    }

    void errorsNameTheMember()
    {
        QVERIFY(errorOf(R"({"source":{"topic":"t"}})").contains(QLatin1String("source.cluster")));
        QVERIFY(errorOf(
            R"({"source":{"cluster":"c","topic":"t","selection":{"kind":"offsets","partitions":{"0":[[5,2]]}}}})")
                    .contains(QLatin1String("source.selection.partitions.0")));
        QVERIFY(errorOf(R"({"source":{"cluster":"c","topic":"t","selection":{"kind":"bogus"}}})")
                    .contains(QLatin1String("source.selection.kind")));
        QVERIFY(
            errorOf(R"({"source":{"cluster":"c","topic":"t","selection":{"kind":"offsets","partitions":{"0":[[1,2]]}}},
                           "target":{"mode":"topic"}})")
                .contains(QLatin1String("target.topic")));
        QVERIFY(
            errorOf(R"({"source":{"cluster":"c","topic":"t","selection":{"kind":"offsets","partitions":{"0":[[1,2]]}}},
                           "execution":{"mode":"sometimes"}})")
                .contains(QLatin1String("execution.mode")));
        QVERIFY(errorOf(
            R"({"id":"../x","source":{"cluster":"c","topic":"t","selection":{"kind":"offsets","partitions":{"0":[[1,2]]}}}})")
                    .contains(QLatin1String("id")));
    }

    void hashChangesWithEveryField()
    {
        const ReplayPlan plan = samplePlan();
        const std::string base = planHash(plan);
        QCOMPARE(base.size(), std::size_t(64));
        auto changed = [&](auto mutate) {
            ReplayPlan copy = plan;
            mutate(copy);
            return planHash(copy) != base;
        };
        QVERIFY(changed([](ReplayPlan& p) { p.pinnedEnd[0] = 101; }));
        QVERIFY(changed([](ReplayPlan& p) { p.offsets[0].back().second = 30; }));
        QVERIFY(changed([](ReplayPlan& p) { p.targetTopic = "orders2"; }));
        QVERIFY(changed([](ReplayPlan& p) { p.dropDeadLetterHeaders = false; }));
        QVERIFY(changed([](ReplayPlan& p) { p.edits[0].key = std::string("\x00\x00\x00\x02k", 5); }));
        QVERIFY(changed([](ReplayPlan& p) { p.maxReplayCount = 5; }));
        QVERIFY(changed([](ReplayPlan& p) { p.mode = ExecutionMode::Idempotent; }));
    }

    void reviewedFileKeepsHash()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("p.reviewed.json"));
        const ReplayPlan plan = samplePlan();
        QVERIFY(writePlanFile(plan, path, QString::fromStdString(planHash(plan))));
        auto back = readPlanFile(path);
        QVERIFY(back);
        QVERIFY(*back == plan);
        QCOMPARE(storedPlanHash(path).toStdString(), planHash(plan));
    }

    void fromSelection()
    {
        auto explicitSelection = dlq::SelectionModel::explicitRecords("orders.dlq");
        explicitSelection.selectRange(1, 10, 19);
        explicitSelection.select({ 1, 25 });
        explicitSelection.select({ 0, 3 });
        ReplayPlan plan = planFromSelection("local", explicitSelection);
        QCOMPARE(plan.selection, SelectionKind::Offsets);
        QCOMPARE(plan.sourceTopic, std::string("orders.dlq"));
        QCOMPARE(plan.offsets.size(), std::size_t(2));
        QCOMPARE(plan.offsets[1].size(), std::size_t(2));
        QCOMPARE(plan.offsets[0].front().first, 3);

        auto filter = filter::compileFilter("value contains \"x\"");
        QVERIFY(filter);
        auto matching = dlq::SelectionModel::allMatching("orders.dlq", *filter);
        matching.exclude({ 2, 7 });
        plan = planFromSelection("local", matching);
        QCOMPARE(plan.selection, SelectionKind::Filter);
        QCOMPARE(plan.filter, std::string("value contains \"x\""));
        QCOMPARE(plan.excluded[2], std::vector<std::int64_t> { 7 });
    }

    void ids()
    {
        const std::string a = newReplayId();
        QVERIFY(a.size() > 10);
        QCOMPARE(a.front(), 'r');
    }
};

QTEST_GUILESS_MAIN(TestReplayPlan)
#include "test_replay_plan.moc"
