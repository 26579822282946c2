// SPDX-License-Identifier: Apache-2.0
// Since when a group has had its verdict (lag/verdict_since.h): the stored run, and live
// refreshes on top of it.
#include "lag/verdict_since.h"

#include <QTest>
#include <vector>

using namespace sluice::lag;
using namespace std::chrono_literals;
using TimePoint = std::chrono::system_clock::time_point;

namespace {

const TimePoint kT0 = TimePoint {} + 1'700'000'000s;

// Stored points every 5 s from kT0, given oldest first, returned newest first as the store does.
std::vector<VerdictAt> newestFirst(const std::vector<Verdict>& oldestFirst)
{
    std::vector<VerdictAt> out;
    for (std::size_t i = 0; i < oldestFirst.size(); ++i)
        out.push_back({ kT0 + static_cast<int>(i) * 5s, oldestFirst[i] });
    return { out.rbegin(), out.rend() };
}

} // namespace

class TestLagVerdictSince : public QObject {
    Q_OBJECT

private slots:
    void storedRunIsDatedByItsFirstPoint()
    {
        const auto points = newestFirst({ Verdict::Ok, Verdict::Ok, Verdict::Warn, Verdict::Warn, Verdict::Warn });
        const auto run = verdictRunOf(points);
        QVERIFY(run);
        QCOMPARE(run->verdict, Verdict::Warn);
        QVERIFY(run->since.at == kT0 + 10s);
        QVERIFY(!run->since.isLowerBound);
    }

    void recoveryIsDatedToo()
    {
        const auto run = verdictRunOf(newestFirst({ Verdict::Stop, Verdict::Err, Verdict::Ok, Verdict::Ok }));
        QVERIFY(run);
        QCOMPARE(run->verdict, Verdict::Ok);
        QVERIFY(run->since.at == kT0 + 10s);
    }

    void runReachingTheOldestPointIsALowerBound()
    {
        const auto run = verdictRunOf(newestFirst({ Verdict::Stall, Verdict::Stall }));
        QVERIFY(run);
        QVERIFY(run->since.at == kT0);
        QVERIFY(run->since.isLowerBound);
    }

    void okForeverHasNoStart()
    {
        const auto run = verdictRunOf(newestFirst({ Verdict::Ok, Verdict::Ok, Verdict::Ok }));
        QVERIFY(run);
        QCOMPARE(run->verdict, Verdict::Ok);
        QVERIFY(!run->since.at);
        QVERIFY(!verdictRunOf({}));
    }

    void liveRefreshesDateChanges()
    {
        VerdictSinceTracker tracker;
        // First sighting, no history: OK has no start, a problem began at or before now.
        QVERIFY(!tracker.update("calm", Verdict::Ok, kT0).at);
        const VerdictSince first = tracker.update("busy", Verdict::Warn, kT0);
        QVERIFY(first.at == kT0 && first.isLowerBound);
        // Same verdict: unchanged. A change: dated by the refresh that showed it.
        QCOMPARE(tracker.update("busy", Verdict::Warn, kT0 + 5s), first);
        const VerdictSince err = tracker.update("busy", Verdict::Err, kT0 + 10s);
        QVERIFY(err.at == kT0 + 10s && !err.isLowerBound);
        const VerdictSince calmed = tracker.update("calm", Verdict::Stop, kT0 + 15s);
        QVERIFY(calmed.at == kT0 + 15s && !calmed.isLowerBound);
        const VerdictSince recovered = tracker.update("calm", Verdict::Ok, kT0 + 20s);
        QVERIFY(recovered.at == kT0 + 20s); // OK again, since the recovery
        tracker.retain({ "busy" });
        QVERIFY(!tracker.of("calm"));
        QVERIFY(tracker.of("busy"));
    }

    void seedCarriesTheStoredStartAcrossARestart()
    {
        VerdictSinceTracker tracker;
        tracker.seed("busy", { Verdict::Stop, { kT0 - 2h, false } });
        // The first live refresh agrees: the start is the stored one, not the restart.
        const VerdictSince same = tracker.update("busy", Verdict::Stop, kT0);
        QVERIFY(same.at == kT0 - 2h && !same.isLowerBound);
        // It disagrees: the new verdict began with this refresh.
        tracker.seed("other", { Verdict::Warn, { kT0 - 1h, false } });
        const VerdictSince changed = tracker.update("other", Verdict::Err, kT0);
        QVERIFY(changed.at == kT0 && !changed.isLowerBound);
    }
};

QTEST_APPLESS_MAIN(TestLagVerdictSince)
#include "test_lag_verdict_since.moc"
