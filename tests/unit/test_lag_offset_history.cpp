// SPDX-License-Identifier: Apache-2.0
#include "lag/offset_history.h"

#include <QTest>

using namespace sluice::lag;
using namespace std::chrono_literals;

namespace {

// A fixed origin far from the epoch, so nothing works by accident at t = 0.
const TimePoint kT0 = TimePoint{} + 1'700'000'000s;

TimePoint at(std::chrono::duration<double> sinceT0)
{
    return kT0 + std::chrono::duration_cast<TimePoint::duration>(sinceT0);
}

// End offsets of a partition sampled every 10 s:
//   t = 0..10   10 records/s   (50 -> 150)
//   t = 10..30  idle           (150)
//   t = 30..40  30 records/s   (150 -> 450)
//   t = 40..50  60 records/s   (450 -> 1050)
OffsetHistory syntheticTimeline()
{
    OffsetHistory h;
    for (const auto& [t, end] : std::vector<std::pair<int, Offset>>{
             {0, 50}, {10, 150}, {20, 150}, {30, 150}, {40, 450}, {50, 1050}})
        h.append(at(std::chrono::seconds(t)), end);
    return h;
}

} // namespace

class TestLagOffsetHistory : public QObject {
    Q_OBJECT
private slots:
    // Record o exists once the end offset passes o, i.e. when the line reaches o + 1.
    void interpolatesProductionTime_data()
    {
        QTest::addColumn<qint64>("offset");
        QTest::addColumn<double>("producedAtSeconds");
        QTest::newRow("first record of the first segment") << 50LL << 0.1;
        QTest::newRow("middle of the first segment") << 99LL << 5.0;
        QTest::newRow("last record of the first segment") << 149LL << 10.0;
        // 150 was written after the idle stretch: between the last idle sample and the next.
        QTest::newRow("first record after idle") << 159LL << 30.0 + 10.0 * 10.0 / 300.0;
        QTest::newRow("middle of the 30/s segment") << 299LL << 35.0;
        QTest::newRow("middle of the 60/s segment") << 749LL << 45.0;
        QTest::newRow("newest record") << 1049LL << 50.0;
    }

    void interpolatesProductionTime()
    {
        QFETCH(qint64, offset);
        QFETCH(double, producedAtSeconds);
        const auto estimate = syntheticTimeline().estimateProducedAt(offset);
        QVERIFY(estimate.has_value());
        QCOMPARE(estimate->kind, ProducedAtKind::Interpolated);
        const double got = std::chrono::duration<double>(estimate->at - kT0).count();
        QVERIFY2(std::abs(got - producedAtSeconds) < 1e-6, qPrintable(QString::number(got, 'f', 9)));
    }

    void exactValuesAreExact()
    {
        const OffsetHistory h = syntheticTimeline();
        QCOMPARE(h.estimateProducedAt(99)->at, at(5s));
        QCOMPARE(h.estimateProducedAt(299)->at, at(35s));
        QCOMPARE(h.estimateProducedAt(749)->at, at(45s));
    }

    void edges()
    {
        const OffsetHistory h = syntheticTimeline();
        // Already there at the oldest sample: written at or before it.
        const auto old = h.estimateProducedAt(49);
        QCOMPARE(old->kind, ProducedAtKind::AtOrBefore);
        QCOMPARE(old->at, at(0s));
        QCOMPARE(h.estimateProducedAt(0)->kind, ProducedAtKind::AtOrBefore);
        // Not written yet at the newest sample.
        QCOMPARE(h.estimateProducedAt(1050)->kind, ProducedAtKind::NotYetProduced);
        QCOMPARE(h.estimateProducedAt(5000)->kind, ProducedAtKind::NotYetProduced);
        QVERIFY(!OffsetHistory().estimateProducedAt(1).has_value());
    }

    void timeLag()
    {
        const OffsetHistory h = syntheticTimeline();
        QCOMPARE(h.timeLag(299, at(60s)).value(), (TimeLag{25.0, false}));
        QCOMPARE(h.timeLag(749, at(60s)).value(), (TimeLag{15.0, false}));
        // Caught up: nothing is waiting, whatever the time.
        QCOMPARE(h.timeLag(1050, at(600s)).value(), (TimeLag{0.0, false}));
        QCOMPARE(h.timeLag(1100, at(600s)).value(), (TimeLag{0.0, false})); // committed past end
        // Older than the history: "at least 60 s".
        QCOMPARE(h.timeLag(10, at(60s)).value(), (TimeLag{60.0, true}));
        // A clock behind the samples never gives negative lag.
        QCOMPARE(h.timeLag(749, at(40s)).value(), (TimeLag{0.0, false}));
        QVERIFY(!OffsetHistory().timeLag(0, at(0s)).has_value());
    }

    // Idle samples after the last write don't move the production time of earlier records.
    void idleTailKeepsEstimates()
    {
        OffsetHistory h = syntheticTimeline();
        h.append(at(60s), 1050);
        h.append(at(70s), 1050);
        QCOMPARE(h.estimateProducedAt(1049)->at, at(50s));
        QCOMPARE(h.timeLag(1049, at(70s)).value(), (TimeLag{20.0, false}));
    }

    void singleSample()
    {
        OffsetHistory h;
        h.append(at(0s), 100);
        QCOMPARE(h.estimateProducedAt(99)->kind, ProducedAtKind::AtOrBefore);
        QCOMPARE(h.timeLag(99, at(8s)).value(), (TimeLag{8.0, true}));
        QCOMPARE(h.timeLag(100, at(8s)).value(), (TimeLag{0.0, false}));
        QVERIFY(!h.rate(10s).has_value());
    }

    void appendRules()
    {
        OffsetHistory h = syntheticTimeline();
        QCOMPARE(h.append(at(50s), 2000), AppendOutcome::IgnoredNotNewer);
        QCOMPARE(h.append(at(49s), 2000), AppendOutcome::IgnoredNotNewer);
        QCOMPARE(h.size(), std::size_t(6));
        // The end offset went backwards: the topic was recreated; old samples mean nothing now.
        QCOMPARE(h.append(at(60s), 7), AppendOutcome::Restarted);
        QCOMPARE(h.size(), std::size_t(1));
        QCOMPARE(h.samples().front(), (OffsetSample{at(60s), 7}));
        QCOMPARE(h.append(at(70s), 7), AppendOutcome::Appended);
    }

    void productionRate()
    {
        const OffsetHistory h = syntheticTimeline();
        QCOMPARE(h.rate(10s).value(), (Rate{60.0, 10s}));
        QCOMPARE(h.rate(20s).value(), (Rate{45.0, 20s}));     // 150 at t=30 -> 1050 at t=50
        QCOMPARE(h.rate(15s).value(), (Rate{50.0, 15s}));     // start interpolated: 300 at t=35
        QCOMPARE(h.rate(1000s).value(), (Rate{20.0, 50s}));   // whole history: 1000 records in 50 s
        QCOMPARE(h.offsetAt(at(35s)).value(), 300.0);
        QVERIFY(!h.offsetAt(at(51s)).has_value());
        QVERIFY(!h.rate(0s).has_value());
    }

    void consumptionRateFromCommits()
    {
        OffsetHistory committed;
        committed.append(at(0s), 0);
        committed.append(at(5s), 40);
        committed.append(at(10s), 80);
        committed.append(at(15s), 80); // no commit move in this interval
        committed.append(at(20s), 160);
        QCOMPARE(committed.rate(20s).value(), (Rate{8.0, 20s}));
        QCOMPARE(committed.rate(10s).value(), (Rate{8.0, 10s}));
        QCOMPARE(committed.rate(5s).value(), (Rate{16.0, 5s}));
    }

    void catchUp()
    {
        const Rate produce{20.0, 60s};
        QCOMPARE(estimateCatchUp(1000, Rate{60.0, 60s}, produce), (CatchUpEstimate{CatchUpState::CatchingUp, 25.0}));
        QCOMPARE(estimateCatchUp(1000, Rate{20.0, 60s}, produce).state, CatchUpState::NotCatchingUp);
        QCOMPARE(estimateCatchUp(1000, Rate{5.0, 60s}, produce).state, CatchUpState::NotCatchingUp);
        QVERIFY(!estimateCatchUp(1000, Rate{5.0, 60s}, produce).etaSeconds.has_value());
        QCOMPARE(estimateCatchUp(0, std::nullopt, std::nullopt).state, CatchUpState::CaughtUp);
        QCOMPARE(estimateCatchUp(10, std::nullopt, produce).state, CatchUpState::Unknown);
        QCOMPARE(estimateCatchUp(std::nullopt, produce, produce).state, CatchUpState::Unknown);
    }

    // A full history drops points that lie on a straight line first, keeps the oldest (reach)
    // and the knees (accuracy): estimates stay exact on a piecewise-steady timeline.
    void boundedHistoryKeepsReachAndKnees()
    {
        OffsetHistory h(8);
        // 10/s for 100 s, then 100/s for 100 s, sampled every second.
        for (int t = 0; t <= 200; ++t) {
            const Offset end = t <= 100 ? 10 * t : 1000 + 100 * (t - 100);
            h.append(at(std::chrono::seconds(t)), end);
            QVERIFY(h.size() <= 8);
        }
        QCOMPARE(h.size(), std::size_t(8));
        QCOMPARE(h.samples().front(), (OffsetSample{at(0s), 0}));
        QCOMPARE(h.samples().back(), (OffsetSample{at(200s), 11000}));
        QVERIFY(std::find(h.samples().begin(), h.samples().end(), OffsetSample{at(100s), 1000}) != h.samples().end());
        QCOMPARE(h.estimateProducedAt(499)->at, at(50s));     // (499 + 1) / 10
        QCOMPARE(h.estimateProducedAt(5999)->at, at(150s));   // 100 + (5999 + 1 - 1000) / 100
        QCOMPARE(h.estimateProducedAt(0)->at, at(100ms)); // the end offset was 0 at t = 0
        QCOMPARE(h.rate(50s).value(), (Rate{100.0, 50s}));
    }

    void capacityHasAFloor()
    {
        OffsetHistory h(0);
        QCOMPARE(h.capacity(), OffsetHistory::kMinCapacity);
        for (int t = 0; t < 10; ++t)
            h.append(at(std::chrono::seconds(t)), t);
        QCOMPARE(h.size(), OffsetHistory::kMinCapacity);
    }
};

QTEST_APPLESS_MAIN(TestLagOffsetHistory)
#include "test_lag_offset_history.moc"
