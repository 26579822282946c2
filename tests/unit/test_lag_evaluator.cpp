// SPDX-License-Identifier: Apache-2.0
#include "lag/lag_evaluator.h"

#include <QTest>

using namespace sluice::lag;
using namespace std::chrono_literals;
using sluice::domain::TopicPartition;

namespace sluice::lag {
inline char* toString(const Verdict& v) { return qstrdup(std::string(nameOf(v)).c_str()); }
inline char* toString(const VerdictReason& r) { return qstrdup(std::string(nameOf(r)).c_str()); }
} // namespace sluice::lag

namespace {

const TimePoint kT0 = TimePoint{} + 1'700'000'000s;

class ManualClock final : public sluice::Clock {
public:
    TimePoint now() const override { return m_now; }
    std::chrono::steady_clock::time_point steadyNow() const override
    {
        return std::chrono::steady_clock::time_point{} + (m_now - kT0);
    }
    void advance(std::chrono::milliseconds d) { m_now += d; }

private:
    TimePoint m_now = kT0;
};

struct Part {
    std::optional<Offset> committed;
    Offset end = 0;
    Ownership ownership = Ownership::Unknown;
    std::string group = "g";
    TopicPartition partition{"t", 0};
    std::optional<TimeLag> timeLag = std::nullopt;
};

// One consumer group's life, observed and judged every `step` by an evaluator on a manual clock.
class Scenario {
public:
    explicit Scenario(EvaluatorSettings settings = {})
        : m_evaluator(m_clock, std::move(settings))
    {
    }

    LagEvaluation observe(std::chrono::milliseconds after, const std::vector<Part>& parts,
                          std::vector<std::string> unread = {})
    {
        m_clock.advance(after);
        LagObservation o{m_clock.now(), {}, std::move(unread), {}};
        for (const Part& p : parts)
            o.partitions.push_back({p.group, p.partition, {p.committed, std::nullopt, p.end}, p.timeLag, p.ownership});
        m_evaluator.observe(o);
        return m_evaluator.evaluate();
    }

    // One partition of group "g"; returns its verdict.
    PartitionVerdict step(std::chrono::milliseconds after, std::optional<Offset> committed, Offset end,
                          Ownership ownership = Ownership::Unknown, std::optional<TimeLag> timeLag = std::nullopt)
    {
        const LagEvaluation e = observe(after, {Part{committed, end, ownership, "g", {"t", 0}, timeLag}});
        last = e;
        return e.groups.at(0).partitions.at(0);
    }

    ManualClock& clock() { return m_clock; }
    LagEvaluator& evaluator() { return m_evaluator; }
    LagEvaluation last;

private:
    ManualClock m_clock;
    LagEvaluator m_evaluator;
};

// Ten commits 5 s apart whose lag goes up and down: a healthy consumer. Returns the last
// committed offset; the end offset sits 60 records ahead of it.
Offset healthyWarmUp(Scenario& s, Ownership ownership = Ownership::Unknown)
{
    Offset committed = 0;
    for (int i = 0; i < 10; ++i) {
        committed += 100;
        const Offset lag = (i % 2 == 0) ? 80 : 60;
        const PartitionVerdict v = s.step(i == 0 ? 0s : 5s, committed, committed + lag, ownership);
        if (v.verdict != Verdict::Ok)
            qFatal("warm-up not OK at commit %d", i);
    }
    return committed;
}

} // namespace

class TestLagEvaluator : public QObject {
    Q_OBJECT
private slots:
    void progressingIsOk()
    {
        Scenario s;
        healthyWarmUp(s);
        const PartitionVerdict v = s.step(5s, 1100, 1150);
        QCOMPARE(v.verdict, Verdict::Ok);
        QCOMPARE(v.reason, VerdictReason::Progressing);
        QCOMPARE(v.windowFill, 10);
        QCOMPARE(v.staleAfter, 45s); // ten commits 5 s apart
        QCOMPARE(v.stalledFor, 0s);
    }

    void caughtUpIsOk()
    {
        Scenario s;
        QCOMPARE(s.step(0s, 100, 100).reason, VerdictReason::CaughtUp);
        // Under the allowance counts as caught up too.
        EvaluatorSettings settings;
        settings.defaultThresholds.lagAllowanceRecords = 5;
        Scenario t(settings);
        QCOMPARE(t.step(0s, 95, 100).reason, VerdictReason::CaughtUp);
        QCOMPARE(t.step(5s, 95, 106).reason, VerdictReason::RecentlyCaughtUp);
    }

    void warnWhenLagNeverDecreases()
    {
        Scenario s;
        for (int i = 1; i <= 9; ++i) {
            const PartitionVerdict v = s.step(5s, 100 * i, 100 * i + 50 + 10 * i);
            QCOMPARE(v.verdict, Verdict::Ok); // window not full yet
        }
        PartitionVerdict v = s.step(5s, 1000, 1000 + 150);
        QCOMPARE(v.verdict, Verdict::Warn);
        QCOMPARE(v.reason, VerdictReason::LagNotDecreasing);
        // One commit where lag went down clears it.
        v = s.step(5s, 1100, 1100 + 20);
        QCOMPARE(v.verdict, Verdict::Ok);
        QCOMPARE(v.reason, VerdictReason::Progressing);
    }

    void warnWhenLagIsFixed()
    {
        Scenario s;
        PartitionVerdict v;
        for (int i = 1; i <= 10; ++i)
            v = s.step(5s, 100 * i, 100 * i + 70);
        QCOMPARE(v.verdict, Verdict::Warn);
    }

    void errOverRecords()
    {
        EvaluatorSettings settings;
        settings.defaultThresholds.maxLagRecords = 1000;
        Scenario s(settings);
        QCOMPARE(s.step(0s, 100, 1100).verdict, Verdict::Ok); // exactly at the limit
        const PartitionVerdict v = s.step(5s, 200, 1201);
        QCOMPARE(v.verdict, Verdict::Err);
        QCOMPARE(v.reason, VerdictReason::LagRecordsOverMax);
    }

    void errOverSeconds()
    {
        EvaluatorSettings settings;
        settings.defaultThresholds.maxLagSeconds = 60.0;
        Scenario s(settings);
        QCOMPARE(s.step(0s, 100, 200, Ownership::Unknown, TimeLag{60.0, false}).verdict, Verdict::Ok);
        PartitionVerdict v = s.step(5s, 150, 250, Ownership::Unknown, TimeLag{61.0, false});
        QCOMPARE(v.verdict, Verdict::Err);
        QCOMPARE(v.reason, VerdictReason::LagSecondsOverMax);
        // A lower bound over the limit is over the limit.
        v = s.step(5s, 200, 300, Ownership::Unknown, TimeLag{75.0, true});
        QCOMPARE(v.verdict, Verdict::Err);
        // No estimate: nothing to compare, no ERR.
        QCOMPARE(s.step(5s, 250, 350).verdict, Verdict::Ok);
    }

    void thresholdsPerGroup()
    {
        EvaluatorSettings settings;
        settings.thresholdsFor = [](std::string_view group) {
            LagThresholds t;
            if (group == "strict")
                t.maxLagRecords = 10;
            return t;
        };
        Scenario s(settings);
        const LagEvaluation e = s.observe(0s, {Part{100, 150, Ownership::Owned, "relaxed"},
                                               Part{100, 150, Ownership::Owned, "strict"}});
        QCOMPARE(e.group("relaxed")->verdict, Verdict::Ok);
        QCOMPARE(e.group("strict")->verdict, Verdict::Err);
    }

    // STOP: lag exists and no commit moved for longer than the last ten commits took.
    void stopWhenCommitsStopForLongerThanTheWindowSpans()
    {
        Scenario s;
        Offset committed = healthyWarmUp(s);
        Offset end = committed + 60;
        PartitionVerdict v;
        for (int i = 1; i <= 9; ++i) { // 45 s without a commit: not longer than the span yet
            end += 100;
            v = s.step(5s, committed, end);
            QCOMPARE(v.verdict, Verdict::Ok);
        }
        QCOMPARE(v.stalledFor, 45s);
        QCOMPARE(v.staleAfter, 45s);
        v = s.step(5s, committed, end + 100);
        QCOMPARE(v.verdict, Verdict::Stop);
        QCOMPARE(v.reason, VerdictReason::NoProgressUnowned);
        QCOMPARE(v.stalledFor, 50s);
        // A commit that moves ends it at once.
        v = s.step(5s, committed + 10, end + 200);
        QCOMPARE(v.verdict, Verdict::Ok);
        QCOMPARE(v.stalledFor, 0s);
    }

    // STALL: the same, but a live member owns the partition and is not moving.
    void stallWhenOwnedAndNotMoving()
    {
        Scenario s;
        const Offset committed = healthyWarmUp(s, Ownership::Owned);
        PartitionVerdict v;
        for (int i = 1; i <= 10; ++i)
            v = s.step(5s, committed, committed + 60 + 100 * i, Ownership::Owned);
        QCOMPARE(v.verdict, Verdict::Stall);
        QCOMPARE(v.reason, VerdictReason::NoProgressOwned);
        QCOMPARE(v.stalledFor, 50s);
    }

    // Nobody owns the partition: no one will commit, whatever the cadence was.
    void unownedStopsAfterTheFloor()
    {
        Scenario s;
        const Offset committed = healthyWarmUp(s, Ownership::Owned);
        PartitionVerdict v = s.step(30s, committed, committed + 500, Ownership::Unowned);
        QCOMPARE(v.verdict, Verdict::Ok);
        QCOMPARE(v.staleAfter, 30s);
        v = s.step(5s, committed, committed + 600, Ownership::Unowned);
        QCOMPARE(v.verdict, Verdict::Stop);
    }

    // A slow committer (Flink commits on checkpoints) is not called stopped between commits,
    // neither while its cadence is still unknown nor once the window has learnt it.
    void slowCommitterIsNotStopped()
    {
        Scenario s;
        Offset committed = 1000;
        Offset end = 1500;
        for (int second = 0; second <= 15 * 60; second += 5) {
            if (second % 60 == 0 && second > 0)
                committed += (second / 60) % 2 == 0 ? 700 : 500; // keeps pace: lag goes up and down
            end += 50;
            const PartitionVerdict v = s.step(second == 0 ? 0s : 5s, committed, end);
            QVERIFY2(v.verdict == Verdict::Ok, qPrintable(QStringLiteral("at %1 s: %2").arg(second).arg(
                                                   QString::fromUtf8(nameOf(v.verdict).data()))));
        }
        // Ten commits, a minute apart: it takes more than nine minutes of silence to STOP.
        PartitionVerdict v = s.step(0s, committed, end);
        QCOMPARE(v.staleAfter, 540s);
        v = s.step(540s, committed, end + 1000);
        QCOMPARE(v.verdict, Verdict::Ok);
        v = s.step(5s, committed, end + 1100);
        QCOMPARE(v.verdict, Verdict::Stop);
    }

    // Stopped before Sluice started: the cadence is unknown, so the ceiling applies.
    void stoppedBeforeLaunchStopsAfterTheCeiling()
    {
        Scenario s;
        PartitionVerdict v = s.step(0s, 100, 5000);
        QCOMPARE(v.staleAfter, 10min);
        v = s.step(10min, 100, 5000);
        QCOMPARE(v.verdict, Verdict::Ok);
        v = s.step(5s, 100, 5000);
        QCOMPARE(v.verdict, Verdict::Stop);
    }

    // Burrow's false positive #1: an idle topic and a caught-up group that no longer commits.
    void idleTopicWithCaughtUpGroupIsOk()
    {
        for (const Ownership ownership : {Ownership::Unknown, Ownership::Owned, Ownership::Unowned}) {
            Scenario s;
            for (int i = 0; i < 720; ++i) { // one hour, every 5 s
                const PartitionVerdict v = s.step(5s, 4242, 4242, ownership);
                QCOMPARE(v.verdict, Verdict::Ok);
                QCOMPARE(v.reason, VerdictReason::CaughtUp);
            }
        }
    }

    // Burrow's false positive #2: commits stopped long ago, but the group had caught up. Only
    // lag that has been waiting longer than the threshold can make it STOP.
    void caughtUpThenStoppedIsOkUntilLagWaits()
    {
        Scenario s;
        const Offset committed = healthyWarmUp(s, Ownership::Unowned);
        PartitionVerdict v = s.step(5s, committed, committed, Ownership::Unowned); // caught up
        for (int i = 0; i < 120; ++i) { // ten idle minutes without a commit
            v = s.step(5s, committed, committed, Ownership::Unowned);
            QCOMPARE(v.verdict, Verdict::Ok);
        }
        // New records arrive and nobody reads them. The last caught-up sight was 5 s before.
        for (int i = 1; i <= 5; ++i) {
            v = s.step(5s, committed, committed + 10 * i, Ownership::Unowned);
            QCOMPARE(v.verdict, Verdict::Ok);
            QCOMPARE(v.stalledFor, std::chrono::milliseconds(5s * i));
        }
        v = s.step(5s, committed, committed + 60, Ownership::Unowned);
        QCOMPARE(v.stalledFor, 30s);
        QCOMPARE(v.verdict, Verdict::Ok);
        v = s.step(5s, committed, committed + 70, Ownership::Unowned);
        QCOMPARE(v.verdict, Verdict::Stop);
    }

    void rewindDetectedAndExpires()
    {
        Scenario s;
        const Offset committed = healthyWarmUp(s, Ownership::Unowned);
        PartitionVerdict v = s.step(5s, 200, committed + 60, Ownership::Unowned); // offsets reset back
        QCOMPARE(v.verdict, Verdict::Rewind);
        QCOMPARE(v.reason, VerdictReason::OffsetRewound);
        QCOMPARE(v.windowFill, 1);
        v = s.step(4min + 55s, 200, committed + 60, Ownership::Unowned);
        QCOMPARE(v.verdict, Verdict::Rewind);
        // Past the hold, the ordinary rules: nobody consumes, lag waits -> STOP.
        v = s.step(5s, 200, committed + 60, Ownership::Unowned);
        QCOMPARE(v.verdict, Verdict::Stop);
    }

    void rewindEndsWhenTheWindowMovesOn()
    {
        Scenario s;
        healthyWarmUp(s, Ownership::Owned);
        Offset committed = 200;
        PartitionVerdict v = s.step(5s, committed, 2000, Ownership::Owned);
        QCOMPARE(v.verdict, Verdict::Rewind);
        for (int i = 1; i <= 9; ++i) { // nine commits: the rewind is still in the window
            committed += 100;
            v = s.step(5s, committed, 2000 + (i % 2) * 50, Ownership::Owned);
            QCOMPARE(v.verdict, Verdict::Rewind);
        }
        v = s.step(5s, committed + 100, 2000, Ownership::Owned);
        QCOMPARE(v.verdict, Verdict::Ok);
    }

    // Truncated log under the group: lag is clamped to 0 and flagged, the verdict is OK.
    void committedPastEndIsOk()
    {
        Scenario s;
        const PartitionVerdict v = s.step(0s, 900, 800);
        QCOMPARE(v.verdict, Verdict::Ok);
        QCOMPARE(v.lag.state, LagState::AheadOfEnd);
        QCOMPARE(v.lag.aheadOfEndBy, 100);
    }

    void noCommitIsCountedNotJudged()
    {
        Scenario s;
        const LagEvaluation e = s.observe(0s, {Part{std::nullopt, 500}, Part{100, 150, {}, "g", {"t", 1}}});
        const GroupVerdict& g = e.groups.at(0);
        QCOMPARE(g.partitions.at(0).reason, VerdictReason::NoCommit);
        QCOMPARE(g.partitions.at(0).verdict, Verdict::Ok);
        QCOMPARE(g.totals.partitionsWithoutCommit, 1);
        QCOMPARE(g.totals.totalLagRecords, 50);
        // A commit that disappears (offsets expired) clears the window.
        const LagEvaluation e2 = s.observe(5s, {Part{std::nullopt, 500}, Part{std::nullopt, 150, {}, "g", {"t", 1}}});
        QCOMPARE(e2.groups.at(0).partitions.at(1).windowFill, 0);
    }

    void groupTakesTheWorstPartition()
    {
        Scenario s;
        std::vector<Part> parts{Part{0, 0, {}, "g", {"a", 0}}, Part{0, 0, {}, "g", {"a", 1}},
                                Part{0, 0, {}, "g", {"b", 0}}};
        LagEvaluation e;
        for (int i = 1; i <= 10; ++i) {
            parts[0] = Part{100 * i, 100 * i, {}, "g", {"a", 0}};               // caught up
            parts[1] = Part{100 * i, 100 * i + 10 * i, {}, "g", {"a", 1}};      // lag creeping up
            parts[2] = Part{100, 100 + 50 * i, Ownership::Unowned, "g", {"b", 0}}; // gone
            e = s.observe(i == 1 ? 0s : 5s, parts);
        }
        const GroupVerdict& g = e.groups.at(0);
        QCOMPARE(g.partitions.at(0).verdict, Verdict::Ok);
        QCOMPARE(g.partitions.at(1).verdict, Verdict::Warn);
        QCOMPARE(g.partitions.at(2).verdict, Verdict::Stop);
        QCOMPARE(g.verdict, Verdict::Stop);
        QCOMPARE(g.totals.totalLagRecords, 100 + 500);
        QCOMPARE(g.totals.maxLagPartition.value(), (TopicPartition{"b", 0}));
    }

    // Burrow's false positive #3: a deleted group (or topic) lingers as STOP. Here it goes.
    void goneGroupsAndTopicsAreDropped()
    {
        EvaluatorSettings settings;
        settings.holdEvaluations = 1;
        Scenario s(settings);
        LagEvaluation e = s.observe(0s, {Part{10, 10, {}, "keep", {"t1", 0}}, Part{10, 10, {}, "keep", {"t2", 0}},
                                         Part{10, 99, {}, "deleted"}, Part{10, 99, {}, "unread"}});
        QCOMPARE(e.groups.size(), std::size_t(3));
        QCOMPARE(e.changes.size(), std::size_t(3)); // first verdicts
        QCOMPARE(s.evaluator().partitionCount(), std::size_t(4));

        // "deleted" is gone, topic t2 was deleted, "unread" could not be read this time.
        e = s.observe(5s, {Part{10, 10, {}, "keep", {"t1", 0}}}, {"unread"});
        QCOMPARE(e.groups.size(), std::size_t(2));
        QVERIFY(e.group("deleted") == nullptr);
        QCOMPARE(e.group("keep")->partitions.size(), std::size_t(1));
        QCOMPARE(e.group("keep")->partitions.at(0).partition, (TopicPartition{"t1", 0}));
        QVERIFY(e.group("unread") != nullptr);
        QCOMPARE(e.changes.size(), std::size_t(1));
        QCOMPARE(e.changes.at(0), (VerdictChange{"deleted", Verdict::Ok, std::nullopt, s.clock().now()}));

        // Long after, the dropped group does not come back as STOP.
        e = s.observe(1h, {Part{10, 10, {}, "keep", {"t1", 0}}});
        QCOMPARE(e.groups.size(), std::size_t(1));
        QCOMPARE(e.groups.at(0).verdict, Verdict::Ok);
        QCOMPARE(s.evaluator().groupCount(), std::size_t(1));
    }

    void olderObservationIsIgnored()
    {
        Scenario s;
        s.step(10s, 100, 200);
        LagObservation stale{s.clock().now() - 5s, {{"g", {"t", 0}, {50, std::nullopt, 60}, {}, {}}}, {}, {}};
        s.evaluator().observe(stale);
        const LagEvaluation e = s.evaluator().evaluate();
        QCOMPARE(*e.groups.at(0).partitions.at(0).lag.lagRecords, 100);
    }

    void verdictChangesWaitForHysteresis()
    {
        EvaluatorSettings settings;
        settings.defaultThresholds.maxLagRecords = 1000;
        settings.holdEvaluations = 3;
        Scenario s(settings);
        Offset c = 0;
        auto next = [&](Offset lag) {
            c += 100;
            return s.observe(5s, {Part{c, c + lag, Ownership::Owned}}).changes;
        };
        QVERIFY(next(10).empty());
        QVERIFY(next(10).empty());
        auto changes = next(10);
        QCOMPARE(changes.size(), std::size_t(1));
        QCOMPARE(changes.at(0).from, std::optional<Verdict>{});
        QCOMPARE(changes.at(0).to, std::optional<Verdict>{Verdict::Ok});
        // A two-refresh blip over the limit is not reported.
        QVERIFY(next(5000).empty());
        QVERIFY(next(4000).empty());
        QVERIFY(next(10).empty());
        // Three in a row is.
        QVERIFY(next(5000).empty());
        QVERIFY(next(4000).empty());
        changes = next(3000);
        QCOMPARE(changes.size(), std::size_t(1));
        QCOMPARE(changes.at(0).from, std::optional<Verdict>{Verdict::Ok});
        QCOMPARE(changes.at(0).to, std::optional<Verdict>{Verdict::Err});
        QCOMPARE(changes.at(0).at, s.clock().now());
    }

    void hysteresisRules()
    {
        VerdictHysteresis h(2);
        QVERIFY(!h.feed("g", Verdict::Warn));
        QCOMPARE(h.feed("g", Verdict::Warn), (ReportedChange{std::nullopt, Verdict::Warn}));
        QCOMPARE(h.reported("g"), std::optional<Verdict>{Verdict::Warn});
        // Flapping between two other verdicts never holds long enough.
        for (int i = 0; i < 5; ++i) {
            QVERIFY(!h.feed("g", Verdict::Err));
            QVERIFY(!h.feed("g", Verdict::Stop));
        }
        // Back to the reported verdict resets the count.
        QVERIFY(!h.feed("g", Verdict::Ok));
        QVERIFY(!h.feed("g", Verdict::Warn));
        QVERIFY(!h.feed("g", Verdict::Ok));
        QCOMPARE(h.feed("g", Verdict::Ok), (ReportedChange{Verdict::Warn, Verdict::Ok}));
        QCOMPARE(h.forget("g"), std::optional<Verdict>{Verdict::Ok});
        QVERIFY(!h.forget("g"));
        QVERIFY(h.keys().empty());

        VerdictHysteresis immediate(0); // clamped to 1
        QCOMPARE(immediate.holdEvaluations(), 1);
        QCOMPARE(immediate.feed("g", Verdict::Stop), (ReportedChange{std::nullopt, Verdict::Stop}));
        QCOMPARE(immediate.feed("g", Verdict::Ok), (ReportedChange{Verdict::Stop, Verdict::Ok}));
    }

    void severityOrder()
    {
        QVERIFY(severityOf(Verdict::Ok) < severityOf(Verdict::Warn));
        QVERIFY(severityOf(Verdict::Warn) < severityOf(Verdict::Rewind));
        QVERIFY(severityOf(Verdict::Rewind) < severityOf(Verdict::Err));
        QVERIFY(severityOf(Verdict::Err) < severityOf(Verdict::Stall));
        QVERIFY(severityOf(Verdict::Stall) < severityOf(Verdict::Stop));
        QCOMPARE(worseOf(Verdict::Err, Verdict::Warn), Verdict::Err);
        QCOMPARE(verdictFromCode(5), std::optional<Verdict>{Verdict::Stop});
        QVERIFY(!verdictFromCode(6));
        QVERIFY(!verdictFromCode(-1));
    }
};

QTEST_APPLESS_MAIN(TestLagEvaluator)
#include "test_lag_evaluator.moc"
