// SPDX-License-Identifier: Apache-2.0
// Lag snapshots become history rows (partition, group-topic, group, topic series) with the
// right numbers, are written off the calling thread, and are still there after the service
// (and its store) is closed and opened again, as after an app restart.
#include "history/history_service.h"
#include "support/lag_snapshots.h"

#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <fstream>

using namespace sluice;
using namespace sluice::history;
using namespace std::chrono_literals;
using testing::makeLagGroup;
using testing::makeLagSnapshot;

namespace {

const auto kT0 = std::chrono::system_clock::time_point(std::chrono::seconds(1'800'000'000));

kafka::LagSnapshotPtr billingAt(std::chrono::system_clock::time_point at, std::int64_t committed0, lag::Verdict verdict)
{
    return makeLagSnapshot(at,
        { makeLagGroup("billing",
              { { "payments", 0, committed0, 1000, 40.0, 5.0, 20.0, verdict, "billing-1" },
                  { "payments", 1, std::nullopt, 500, std::nullopt, std::nullopt, 10.0, lag::Verdict::Ok, "" },
                  { "refunds", 0, 90, 100, 4.0, 1.0, 1.0, lag::Verdict::Ok, "billing-1" } }),
            makeLagGroup("audit", { { "payments", 0, 1000, 1000, 0.0, 0.0, 20.0, lag::Verdict::Ok, "" } }) });
}

const LagSample* find(const std::vector<LagSample>& samples, const SeriesKey& key)
{
    for (const LagSample& s : samples)
        if (s.key == key)
            return &s;
    return nullptr;
}

std::vector<HistoryPoint> ask(HistoryService& service, SeriesKey key, TimeRange range)
{
    QSignalSpy spy(&service, &HistoryService::answered);
    const std::uint64_t id = service.query({ { std::move(key) }, range, 100 });
    for (int i = 0; i < 100; ++i) {
        if (spy.isEmpty() && !spy.wait(100))
            continue;
        while (!spy.isEmpty()) {
            const auto answer = spy.takeFirst().at(0).value<SeriesAnswerPtr>();
            if (answer->id == id) {
                if (!answer->error.empty())
                    qWarning("query failed: %s", answer->error.c_str());
                return answer->series.at(0);
            }
        }
    }
    qWarning("no answer within 10 s");
    return {};
}

} // namespace

class TestHistoryService : public QObject {
    Q_OBJECT
private slots:
    void snapshotBecomesSamplesOfEveryKind()
    {
        const auto samples = samplesOfSnapshot("local", *billingAt(kT0, 400, lag::Verdict::Warn));
        // billing: 3 partitions + 2 group-topics + 1 group; audit: 1 + 1 + 1; topics: payments, refunds.
        QCOMPARE(samples.size(), std::size_t(11));

        const LagSample* p0 = find(samples, SeriesKey::forPartition("local", "billing", "payments", 0));
        QVERIFY(p0);
        QCOMPARE(p0->lagRecords, std::optional<std::int64_t>(600));
        QCOMPARE(p0->committed, std::optional<std::int64_t>(400));
        QCOMPARE(p0->lagSeconds, std::optional<double>(40.0));
        QCOMPARE(p0->verdict, std::optional<lag::Verdict>(lag::Verdict::Warn));

        const LagSample* p1 = find(samples, SeriesKey::forPartition("local", "billing", "payments", 1));
        QVERIFY(p1);
        QVERIFY(!p1->lagRecords); // no commit is unknown, never 0
        QCOMPARE(p1->partitionsWithoutCommit, 1);

        const LagSample* gt = find(samples, SeriesKey::forGroupTopic("local", "billing", "payments"));
        QVERIFY(gt);
        QCOMPARE(gt->lagRecords, std::optional<std::int64_t>(600));
        QCOMPARE(gt->partitionsWithoutCommit, 1);
        QCOMPARE(gt->produceRate, std::optional<double>(30.0));

        const LagSample* group = find(samples, SeriesKey::forGroup("local", "billing"));
        QVERIFY(group);
        QCOMPARE(group->lagRecords, std::optional<std::int64_t>(610));
        QCOMPARE(group->maxLagRecords, std::optional<std::int64_t>(600));
        QCOMPARE(group->lagSeconds, std::optional<double>(40.0));
        QCOMPARE(group->consumeRate, std::optional<double>(6.0));
        QCOMPARE(group->verdict, std::optional<lag::Verdict>(lag::Verdict::Warn));

        // payments partition 0 is read by two groups: its production is counted once.
        const LagSample* topic = find(samples, SeriesKey::forTopic("local", "payments"));
        QVERIFY(topic);
        QCOMPARE(topic->produceRate, std::optional<double>(30.0));
        QCOMPARE(topic->endOffset, std::optional<std::int64_t>(1500));
    }

    void groupWithoutAnyCommitHasUnknownLag()
    {
        const auto snapshot = makeLagSnapshot(
            kT0, { makeLagGroup("fresh", { { "t", 0, std::nullopt, 10, {}, {}, {}, lag::Verdict::Ok, "" } }) });
        const auto samples = samplesOfSnapshot("local", *snapshot);
        const LagSample* group = find(samples, SeriesKey::forGroup("local", "fresh"));
        QVERIFY(group);
        QVERIFY(!group->lagRecords);
        QCOMPARE(group->partitionsWithoutCommit, 1);
    }

    void historySurvivesReopening()
    {
        QTemporaryDir dir;
        const std::filesystem::path path = std::filesystem::path(dir.path().toStdString()) / "sub" / "history.sqlite";
        const auto now = std::chrono::system_clock::now();
        {
            HistoryService service(path);
            QSignalSpy written(&service, &HistoryService::recorded);
            for (int i = 0; i < 5; ++i) {
                auto snapshot = std::make_shared<lag::LagSnapshot>(
                    *billingAt(now - 5min + i * 1min, 400 + i * 10, i < 3 ? lag::Verdict::Ok : lag::Verdict::Stop));
                if (i == 3) // the sampler saw the only member leave
                    snapshot->events.push_back(
                        { "billing", snapshot->sampledAt, lag::GroupEventKind::Rebalance, "members 1 → 0" });
                service.record(QStringLiteral("local"), snapshot);
            }
            QTRY_COMPARE_WITH_TIMEOUT(written.count(), 5, 10000);
            QCOMPARE(service.samplesWritten(), 5 * 11);
            QVERIFY(service.lastError().isEmpty());
        } // closes the store on its thread and joins it
        QVERIFY(std::filesystem::exists(path));

        HistoryService reopened(path);
        const auto points = ask(reopened, SeriesKey::forGroup("local", "billing"), { now - 10min, now + 1min });
        QCOMPARE(points.size(), std::size_t(5));
        QCOMPARE(points.front().lagMax, std::optional<std::int64_t>(610));
        QCOMPARE(points.back().lagMax, std::optional<std::int64_t>(570));
        QCOMPARE(points.back().verdict, std::optional<lag::Verdict>(lag::Verdict::Stop));

        // Group events come back with the series when asked for.
        QSignalSpy spy(&reopened, &HistoryService::answered);
        SeriesQuery query { { SeriesKey::forGroup("local", "billing"), SeriesKey::forTopic("local", "payments") },
            { now - 10min, now + 1min }, 100, true };
        const std::uint64_t id = reopened.query(std::move(query));
        SeriesAnswerPtr answer;
        QTRY_VERIFY_WITH_TIMEOUT(
            [&] {
                for (const auto& args : spy)
                    if (args.at(0).value<SeriesAnswerPtr>()->id == id)
                        answer = args.at(0).value<SeriesAnswerPtr>();
                return answer != nullptr;
            }(),
            10000);
        QVERIFY2(answer->error.empty(), answer->error.c_str());
        QCOMPARE(answer->events.size(), std::size_t(2));
        QCOMPARE(answer->events[0].size(), std::size_t(1));
        QCOMPARE(answer->events[0][0].kind, lag::GroupEventKind::Rebalance);
        QCOMPARE(answer->events[0][0].detail, std::string("members 1 → 0"));
        QVERIFY(answer->events[1].empty()); // a topic key has no group events
    }

    void unwritableFolderIsReported()
    {
        QTemporaryDir dir;
        const std::filesystem::path blocker = std::filesystem::path(dir.path().toStdString()) / "file";
        {
            std::ofstream(blocker.string()) << "x";
        }
        HistoryService service(blocker / "history.sqlite");
        QSignalSpy failed(&service, &HistoryService::failed);
        QTRY_COMPARE_WITH_TIMEOUT(failed.count(), 1, 10000);
        QVERIFY(service.lastError().contains(QStringLiteral("Couldn't open the lag history")));
    }
};

QTEST_GUILESS_MAIN(TestHistoryService)
#include "test_history_service.moc"
