// SPDX-License-Identifier: Apache-2.0
// The catalog of stored replays: which ones did not finish (and may be resumed), how many
// selected offsets are left, and that finished, discarded or damaged ones are not offered.
#include "replay/replay_catalog.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using namespace sluice;
using namespace sluice::replay;

namespace {

ReplayPlan pinnedPlan(const std::string& id)
{
    ReplayPlan plan;
    plan.id = id;
    plan.sourceCluster = "local";
    plan.sourceTopic = "orders.dlq";
    plan.offsets[0] = { { 0, 9 }, { 20, 29 } }; // 20 offsets
    plan.offsets[1] = { { 5, 14 } }; // 10 offsets
    plan.pinnedEnd = { { 0, 30 }, { 1, 12 } }; // partition 1 ends at 12: offsets 12..14 are not selected
    return plan;
}

QString store(const QString& data, const ReplayPlan& plan)
{
    const QString folder = QDir(data).filePath(QStringLiteral("replays/") + QString::fromStdString(plan.id));
    QDir().mkpath(folder);
    const QString hash = QString::fromStdString(planHash(plan));
    if (!writePlanFile(plan, QDir(folder).filePath(QLatin1String(kReviewedPlanFile)), hash))
        qFatal("cannot write the plan");
    return folder;
}

} // namespace

class TestReplayCatalog : public QObject {
    Q_OBJECT
private slots:
    void remainingCountsSelectedOffsetsBelowThePinnedEnd()
    {
        const ReplayPlan plan = pinnedPlan("r1");
        QCOMPARE(remainingOffsets(plan, {}), std::uint64_t(20 + 7));
        QCOMPARE(remainingOffsets(plan, { { 0, 25 } }), std::uint64_t(5 + 7));
        QCOMPARE(remainingOffsets(plan, { { 0, 30 }, { 1, 12 } }), std::uint64_t(0));
    }

    void offersUnfinishedNewestFirst()
    {
        QTemporaryDir data;
        store(data.path(), pinnedPlan("r20261122T080000-aaaa")); // never checkpointed
        const QString folder = store(data.path(), pinnedPlan("r20261122T090000-bbbb"));
        JournalState state;
        state.planHash = planHash(pinnedPlan("r20261122T090000-bbbb"));
        state.next = { { 0, 25 } };
        state.runs = 1;
        QVERIFY(Journal(folder).save(state));

        const auto found = unfinishedReplays(data.path());
        QCOMPARE(found.size(), std::size_t(2));
        QCOMPARE(found[0].id, std::string("r20261122T090000-bbbb"));
        QVERIFY(found[0].journal);
        QCOMPARE(found[0].remaining, std::optional<std::uint64_t>(12));
        QCOMPARE(found[0].selected, std::uint64_t(27));
        QCOMPARE(found[0].planHash, state.planHash);
        QCOMPARE(found[0].plan, pinnedPlan("r20261122T090000-bbbb"));
        QVERIFY(!found[1].journal);
        QCOMPARE(found[1].remaining, std::optional<std::uint64_t>(27));
    }

    void leavesOutFinishedDiscardedAndForeign()
    {
        QTemporaryDir data;
        const QString finished = store(data.path(), pinnedPlan("finished"));
        JournalState done;
        done.planHash = planHash(pinnedPlan("finished"));
        done.finished = true;
        QVERIFY(Journal(finished).save(done));

        const QString other = store(data.path(), pinnedPlan("other-plan"));
        JournalState foreign;
        foreign.planHash = "not-this-plan";
        QVERIFY(Journal(other).save(foreign));

        const QString discarded = store(data.path(), pinnedPlan("discarded"));
        QCOMPARE(unfinishedReplays(data.path()).size(), std::size_t(1));
        QVERIFY(discardReplay(discarded));
        QVERIFY(unfinishedReplays(data.path()).empty());
        QVERIFY(QFile::exists(QDir(discarded).filePath(QLatin1String(kReviewedPlanFile)))); // files stay

        QDir().mkpath(data.filePath(QStringLiteral("replays/cli-run"))); // no stored plan
        QFile damaged(data.filePath(QStringLiteral("replays/cli-run/plan.reviewed.json")));
        QVERIFY(damaged.open(QIODevice::WriteOnly));
        damaged.write("{ not json");
        damaged.close();
        QVERIFY(unfinishedReplays(data.path()).empty());
        QVERIFY(unfinishedReplays(data.filePath(QStringLiteral("missing"))).empty());
    }
};

QTEST_GUILESS_MAIN(TestReplayCatalog)
#include "test_replay_catalog.moc"
