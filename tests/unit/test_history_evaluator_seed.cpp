// SPDX-License-Identifier: Apache-2.0
// Verdict windows seeded from the history store after a restart (history/evaluator_seed.h).
#include "history/evaluator_seed.h"

#include <QTemporaryDir>
#include <QTest>
#include <filesystem>

using namespace sluice;
using namespace sluice::history;
using namespace sluice::lag;
using namespace std::chrono_literals;

namespace sluice::lag {
inline char* toString(const Verdict& v)
{
    return qstrdup(std::string(nameOf(v)).c_str());
}
} // namespace sluice::lag

namespace {

const TimePoint kNow = TimePoint {} + 1'700'000'040s;

class ManualClock final : public Clock {
public:
    TimePoint now() const override { return m_now; }
    std::chrono::steady_clock::time_point steadyNow() const override
    {
        return std::chrono::steady_clock::time_point {} + (m_now - kNow);
    }

private:
    TimePoint m_now = kNow;
};

LagSample partitionSample(const std::string& group, TimePoint at, std::int64_t committed, std::int64_t end)
{
    LagSample s;
    s.key = SeriesKey::forPartition("prod", group, "orders", 0);
    s.at = at;
    s.committed = committed;
    s.endOffset = end;
    s.lagRecords = end - committed;
    return s;
}

// What the sampler wrote before the restart, one sample per 5 s refresh over the last 10 min:
// "stopped" committed every 5 s until 5 min ago, then nothing while records kept arriving;
// "healthy" committed at every refresh, its lag going up and down between 20 and 30.
std::vector<LagSample> pastRefreshes()
{
    std::vector<LagSample> out;
    for (int i = 0; i < 120; ++i) {
        const TimePoint at = kNow - 600s + i * 5s;
        const std::int64_t stoppedCommit = i < 60 ? 1000 + 10 * i : 1590;
        out.push_back(partitionSample("stopped", at, stoppedCommit, 1010 + 10 * i));
        out.push_back(partitionSample("healthy", at, 500 + 10 * i, 520 + 10 * i + (i % 2) * 10));
    }
    return out;
}

// The first live refresh after the restart, at kNow.
LagObservation firstLiveRefresh()
{
    LagObservation o;
    o.observedAt = kNow;
    o.partitions.push_back(
        { "stopped", { "orders", 0 }, { 1590, std::nullopt, 2210 }, std::nullopt, Ownership::Unknown });
    o.partitions.push_back(
        { "healthy", { "orders", 0 }, { 1710, std::nullopt, 1730 }, std::nullopt, Ownership::Unknown });
    return o;
}

} // namespace

class TestHistoryEvaluatorSeed : public QObject {
    Q_OBJECT

private slots:
    void seededWindowsJudgeAStoppedGroupAtTheFirstRefresh()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        auto opened = HistoryStore::open(std::filesystem::path(dir.path().toStdString()) / "h.sqlite");
        QVERIFY(opened.hasValue());
        HistoryStore& store = *opened.value();
        const auto samples = pastRefreshes();
        QVERIFY(store.write(samples).hasValue());

        ManualClock clock;
        // Without the seed: a fresh window has a single commit, so the cadence is unknown and
        // the stopped group still looks fine. This is what the seed fixes.
        {
            LagEvaluator fresh(clock);
            fresh.observe(firstLiveRefresh());
            const LagEvaluation e = fresh.evaluate();
            QCOMPARE(e.group("stopped")->verdict, Verdict::Ok);
        }

        LagEvaluator evaluator(clock);
        const std::vector<std::string> groups { "stopped", "healthy", "never-written" };
        auto report = seedEvaluator(store, "prod", groups, kNow, 30min, evaluator);
        QVERIFY(report.hasValue());
        QCOMPARE(report.value().groups, 2);
        QCOMPARE(report.value().partitions, 2);
        QCOMPARE(report.value().observations, 120);

        evaluator.observe(firstLiveRefresh());
        const LagEvaluation e = evaluator.evaluate();
        const GroupVerdict* stopped = e.group("stopped");
        QVERIFY(stopped);
        QCOMPARE(stopped->verdict, Verdict::Stop);
        QCOMPARE(stopped->partitions.at(0).windowFill, 10);
        QVERIFY(stopped->partitions.at(0).stalledFor >= 5min);
        QCOMPARE(e.group("healthy")->verdict, Verdict::Ok);
    }

    void samplesOutsideTheLookbackOrOfAnotherClusterAreIgnored()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        auto opened = HistoryStore::open(std::filesystem::path(dir.path().toStdString()) / "h.sqlite");
        QVERIFY(opened.hasValue());
        HistoryStore& store = *opened.value();
        const auto samples = pastRefreshes();
        QVERIFY(store.write(samples).hasValue());

        ManualClock clock;
        LagEvaluator evaluator(clock);
        const std::vector<std::string> groups { "stopped" };
        auto other = seedEvaluator(store, "staging", groups, kNow, 30min, evaluator);
        QVERIFY(other.hasValue());
        QCOMPARE(other.value().observations, 0);
        auto old = seedEvaluator(store, "prod", groups, kNow - 1h, 10min, evaluator);
        QVERIFY(old.hasValue());
        QCOMPARE(old.value().observations, 0);
        QCOMPARE(evaluator.groupCount(), std::size_t { 0 });
    }
};

QTEST_GUILESS_MAIN(TestHistoryEvaluatorSeed)
#include "test_history_evaluator_seed.moc"
