// SPDX-License-Identifier: Apache-2.0
// Verdict windows and offset histories seeded from the history store after a restart
// (history/evaluator_seed.h, LagSamplerSettings::storedRefreshes).
#include "history/evaluator_seed.h"
#include "lag/lag_sampler.h"

#include <QTemporaryDir>
#include <cmath>
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

// A partition read by group "billing": before the restart, one refresh every 5 s for 10 min,
// the end offset growing by 20 per refresh (4 records/s) and the commit by 10 (2 records/s).
constexpr std::int64_t kEndAt(int i) { return 1000 + 20 * i; }
constexpr std::int64_t kCommitAt(int i) { return 500 + 10 * i; }

std::vector<LagSample> billingRefreshes()
{
    std::vector<LagSample> out;
    for (int i = 0; i < 120; ++i) {
        LagSample s;
        s.key = SeriesKey::forPartition("prod", "billing", "payments", 0);
        s.at = kNow - 600s + i * 5s;
        s.committed = kCommitAt(i);
        s.endOffset = kEndAt(i);
        s.lagRecords = kEndAt(i) - kCommitAt(i);
        out.push_back(s);
    }
    return out;
}

// The first refresh after the restart (at kNow, the 121st step of the same timeline), as a
// metadata refresh would hand it to the sampler: no broker is asked.
LagSampler::Prefetched firstBillingRefresh()
{
    const domain::TopicPartition tp { "payments", 0 };
    LagSampler::Prefetched p;
    domain::ConsumerGroupInfo info;
    info.groupId = "billing";
    info.state = "Stable";
    info.protocolType = "consumer";
    info.members.push_back({ "m-1", "billing-1", "/127.0.0.1", { tp } });
    p.listing.groups.push_back(info);
    p.ends[tp] = kEndAt(120);
    p.starts[tp] = 0;
    p.committed.emplace();
    (*p.committed)["billing"].committed[tp] = kCommitAt(120);
    return p;
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

    // After a restart the sampler's end- and committed-offset histories come from the stored
    // refreshes, so the first sample already has interpolated lag seconds and both rates.
    void seededSamplerHasLagSecondsAndRatesAtTheFirstSample()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        auto opened = HistoryStore::open(std::filesystem::path(dir.path().toStdString()) / "h.sqlite");
        QVERIFY(opened.hasValue());
        HistoryStore& store = *opened.value();
        const auto samples = billingRefreshes();
        QVERIFY(store.write(samples).hasValue());
        ManualClock clock;

        // Without stored refreshes: one end sample, so the lag time is only "at least 0 s" and
        // there are no rates.
        {
            LagSampler fresh(clock);
            auto snapshot = fresh.sample(nullptr, 1s, nullptr, firstBillingRefresh());
            QVERIFY(snapshot.hasValue());
            const LagPartitionRow* row = snapshot->group("billing")->partition("payments", 0);
            QVERIFY(row && row->timeLag);
            QVERIFY(row->timeLag->isLowerBound);
            QCOMPARE(row->timeLag->seconds, 0.0);
            QVERIFY(!row->consumeRate);
            QVERIFY(!row->produceRate);
        }

        LagSamplerSettings settings;
        std::vector<std::string> askedFor;
        settings.storedRefreshes = [&](const std::vector<std::string>& groups, TimePoint now) {
            askedFor = groups;
            auto stored = storedRefreshes(store, "prod", groups, now, 30min);
            return stored ? stored.value().refreshes : std::vector<LagObservation> {};
        };
        LagSampler sampler(clock, settings);
        auto snapshot = sampler.sample(nullptr, 1s, nullptr, firstBillingRefresh());
        QVERIFY(snapshot.hasValue());
        QCOMPARE(askedFor, std::vector<std::string> { "billing" });
        const LagGroupSnapshot* group = snapshot->group("billing");
        QVERIFY(group);
        const LagPartitionRow* row = group->partition("payments", 0);
        QVERIFY(row);
        QCOMPARE(row->lag.lagRecords, std::optional<std::int64_t>(kEndAt(120) - kCommitAt(120)));
        // The record at the committed offset 1700 exists once the end passes 1701, which the
        // end-offset line (1000 at kNow - 600 s, 4 records/s) reaches at kNow - 600 s + 175.25 s.
        QVERIFY(row->timeLag);
        QVERIFY(!row->timeLag->isLowerBound);
        QVERIFY2(std::abs(row->timeLag->seconds - 424.75) < 1e-6, std::to_string(row->timeLag->seconds).c_str());
        QVERIFY(row->produceRate && row->consumeRate);
        QVERIFY(std::abs(row->produceRate->recordsPerSecond - 4.0) < 1e-9);
        QVERIFY(std::abs(row->consumeRate->recordsPerSecond - 2.0) < 1e-9);
        QCOMPARE(row->produceRate->span, std::chrono::milliseconds(60s));
        QCOMPARE(row->catchUp.state, CatchUpState::NotCatchingUp);
        // The trend's past: the group's total lag at each replayed refresh, oldest first.
        QCOMPARE(group->storedTotalLag.size(), std::size_t { 120 });
        QCOMPARE(group->storedTotalLag.front(), kEndAt(0) - kCommitAt(0));
        QCOMPARE(group->storedTotalLag.back(), kEndAt(119) - kCommitAt(119));
        // The verdict windows came back too: ten commits, the lag growing at each → WARN.
        QCOMPARE(row->verdict, Verdict::Warn);
        QCOMPARE(row->reason, VerdictReason::LagNotDecreasing);
    }

    // "Since when" survives a restart: the group series' stored verdicts date the current one,
    // even when the change is older than the 30 minutes of replayed refreshes.
    void seededSamplerDatesTheVerdictFromTheStoredHistory()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        auto opened = HistoryStore::open(std::filesystem::path(dir.path().toStdString()) / "h.sqlite");
        QVERIFY(opened.hasValue());
        HistoryStore& store = *opened.value();
        std::vector<LagSample> samples = billingRefreshes();
        const auto groupSample = [](TimePoint at, Verdict verdict) {
            LagSample s;
            s.key = SeriesKey::forGroup("prod", "billing");
            s.at = at;
            s.verdict = verdict;
            return s;
        };
        const TimePoint warnBegan = kNow - 2h;
        samples.push_back(groupSample(warnBegan - 10s, Verdict::Ok));
        samples.push_back(groupSample(warnBegan - 5s, Verdict::Ok));
        for (TimePoint at = warnBegan; at < kNow - 600s; at += 1min)
            samples.push_back(groupSample(at, Verdict::Warn));
        for (int i = 0; i < 120; ++i)
            samples.push_back(groupSample(kNow - 600s + i * 5s, Verdict::Warn));
        QVERIFY(store.write(samples).hasValue());

        auto direct = storedVerdictSince(store, "prod", "billing", kNow);
        QVERIFY(direct.hasValue() && direct.value());
        QCOMPARE(direct.value()->verdict, Verdict::Warn);
        QVERIFY(direct.value()->since.at == warnBegan);
        QVERIFY(!direct.value()->since.isLowerBound);
        auto nothing = storedVerdictSince(store, "prod", "never-written", kNow);
        QVERIFY(nothing.hasValue() && !nothing.value());

        ManualClock clock;
        // Without the seed the first refresh knows neither the verdict (one commit: OK) nor a start.
        {
            LagSampler fresh(clock);
            auto snapshot = fresh.sample(nullptr, 1s, nullptr, firstBillingRefresh());
            QVERIFY(snapshot.hasValue());
            const LagGroupSnapshot* group = snapshot->group("billing");
            QCOMPARE(group->verdict, Verdict::Ok);
            QVERIFY(!group->verdictSince.at);
        }

        LagSamplerSettings settings;
        settings.storedRefreshes = [&](const std::vector<std::string>& groups, TimePoint now) {
            auto stored = storedRefreshes(store, "prod", groups, now, 30min);
            return stored ? stored.value().refreshes : std::vector<LagObservation> {};
        };
        LagSampler sampler(clock, settings);
        auto snapshot = sampler.sample(nullptr, 1s, nullptr, firstBillingRefresh());
        QVERIFY(snapshot.hasValue());
        const LagGroupSnapshot* group = snapshot->group("billing");
        QVERIFY(group);
        QCOMPARE(group->verdict, Verdict::Warn);
        QVERIFY(group->verdictSince.at == warnBegan);
        QVERIFY(!group->verdictSince.isLowerBound);
    }
};

QTEST_GUILESS_MAIN(TestHistoryEvaluatorSeed)
#include "test_history_evaluator_seed.moc"
