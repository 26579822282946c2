// SPDX-License-Identifier: Apache-2.0
// The whole lag path on the real broker: a session samples lag on its worker thread, the
// history service writes the samples on its own thread, and after both are stopped and
// started again (an app restart) the rows are still there and new ones join them, and the
// restarted sampler, seeded from them, has lag seconds and rates at its first sample.

#include "history/evaluator_seed.h"
#include "history/history_service.h"
#include "kafka/cluster_session.h"
#include "support/qtest_printers.h"
#include "support/stack_env.h"

#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <chrono>
#include <filesystem>

using namespace std::chrono_literals;
using namespace sluice;

namespace {

config::ClusterConfig clusterAt(const std::string& bootstrap)
{
    config::ClusterConfig cluster;
    cluster.name = "local";
    cluster.bootstrapServers = { bootstrap };
    return cluster;
}

// `seedFrom`: a history file the first sample reads the stored refreshes from, as the app does.
std::unique_ptr<kafka::ClusterSession> startSession(
    const std::string& bootstrap, const std::filesystem::path& seedFrom = {})
{
    auto session = std::make_unique<kafka::ClusterSession>(clusterAt(bootstrap), 10s, kafka::makeEnvSecretResolver());
    kafka::LagSamplingOptions options;
    options.interval = 300ms;
    if (!seedFrom.empty()) {
        options.sampler.storedRefreshes = [seedFrom](const std::vector<std::string>& groups, history::TimePoint now) {
            auto store = history::HistoryStore::open(seedFrom); // on the worker thread, like the app
            if (!store)
                return std::vector<lag::LagObservation> {};
            auto stored = history::storedRefreshes(*store.value(), "local", groups, now, 30min);
            return stored ? std::move(stored.value().refreshes) : std::vector<lag::LagObservation> {};
        };
    }
    session->setLagSampling(options);
    return session;
}

// Points of the group series over the last hour, or nothing when no answer came in 10 s.
std::vector<history::HistoryPoint> groupPoints(history::HistoryService& service, const std::string& group)
{
    QSignalSpy spy(&service, &history::HistoryService::answered);
    const auto now = std::chrono::system_clock::now();
    const std::uint64_t id
        = service.query({ { history::SeriesKey::forGroup("local", group) }, { now - 1h, now + 1min }, 10000 });
    const auto deadline = std::chrono::steady_clock::now() + 10s;
    while (std::chrono::steady_clock::now() < deadline) {
        if (spy.isEmpty() && !spy.wait(200))
            continue;
        const auto answer = spy.takeFirst().at(0).value<history::SeriesAnswerPtr>();
        if (answer->id == id)
            return answer->series.at(0);
    }
    return {};
}

} // namespace

class TestLagHistory : public QObject {
    Q_OBJECT

    std::string m_bootstrap;
    testing::Client m_admin;

private slots:
    void initTestCase()
    {
        const auto env = testing::stackEnvOrFail();
        m_bootstrap = env.at(QStringLiteral("SLUICE_KAFKA_BOOTSTRAP")).toStdString();
        m_admin = testing::makeClient(m_bootstrap, RD_KAFKA_PRODUCER);
    }

    void historyRowsExistAfterRestartingTheSampler()
    {
        const std::string topic = testing::uniqueName("lag-history");
        const std::string group = testing::uniqueName("lag-history-g");
        QCOMPARE(testing::createTopic(m_admin.get(), topic, 1), std::string());
        QVERIFY(testing::produce(m_admin.get(), topic, 0, 10));
        QCOMPARE(testing::commitOffsets(m_bootstrap, group, topic, { { 0, 4 } }), std::string());

        QTemporaryDir dir;
        const std::filesystem::path path = std::filesystem::path(dir.path().toStdString()) / "history.sqlite";
        std::size_t before = 0;
        std::chrono::system_clock::time_point producedFrom;
        std::chrono::system_clock::time_point producedTo;
        lag::Verdict verdictBefore = lag::Verdict::Ok;
        lag::VerdictSince sinceBefore;
        {
            history::HistoryService service(path);
            auto session = startSession(m_bootstrap);
            service.watch(session.get());
            session->start();
            // Until a sample holds the group with its lag, and the store has it.
            QTRY_VERIFY_WITH_TIMEOUT(session->lagSnapshot() && session->lagSnapshot()->group(group)
                    && session->lagSnapshot()->group(group)->totals.totalLagRecords == 6,
                30000);
            QVERIFY(session->lagSnapshot()->cost.requests > 0);
            QTRY_VERIFY_WITH_TIMEOUT(groupPoints(service, group).size() >= 2, 30000);
            // Records 10..19 arrive while it samples; the group then commits 12.
            producedFrom = std::chrono::system_clock::now();
            QVERIFY(testing::produce(m_admin.get(), topic, 0, 10));
            producedTo = std::chrono::system_clock::now();
            QCOMPARE(testing::commitOffsets(m_bootstrap, group, topic, { { 0, 12 } }), std::string());
            QTRY_VERIFY_WITH_TIMEOUT(!groupPoints(service, group).empty()
                    && groupPoints(service, group).back().lagMax == std::optional<std::int64_t>(8),
                30000);
            before = groupPoints(service, group).size();
            const lag::LagGroupSnapshot* last = session->lagSnapshot()->group(group);
            QVERIFY(last);
            verdictBefore = last->verdict;
            sinceBefore = last->verdictSince;
            session->stop();
        } // service closes its store and joins its thread

        // "Restart": a new store object on the same file sees the rows at once.
        history::HistoryService service(path);
        const auto after = groupPoints(service, group);
        QVERIFY(after.size() >= before);
        QCOMPARE(after.back().lagMax, std::optional<std::int64_t>(8));
        QCOMPARE(after.back().verdict.has_value(), true);

        // A new sampler, seeded from the file, appends to the same series; its very first
        // sample already dates the record at the committed offset 12 (produced between
        // producedFrom and producedTo) and has both rates.
        auto session = startSession(m_bootstrap, path);
        QSignalSpy samples(session.get(), &kafka::ClusterSession::lagSnapshotUpdated);
        service.watch(session.get());
        session->start();
        QTRY_VERIFY_WITH_TIMEOUT(!samples.isEmpty(), 30000);
        const auto first = samples.at(0).at(0).value<kafka::LagSnapshotPtr>();
        QVERIFY(first && first->group(group));
        const lag::LagPartitionRow* row = first->group(group)->partition(topic, 0);
        QVERIFY(row && row->timeLag);
        QCOMPARE(row->lag.lagRecords, std::optional<std::int64_t>(8));
        QVERIFY(!row->timeLag->isLowerBound);
        // Interpolated between the samples around the produce: one sample interval (300 ms)
        // either side of it, plus what a sample takes.
        const double latest = std::chrono::duration<double>(first->sampledAt - producedTo).count();
        const double earliest = std::chrono::duration<double>(first->sampledAt - producedFrom).count();
        QVERIFY2(row->timeLag->seconds >= latest - 1.0 && row->timeLag->seconds <= earliest + 1.0,
            qPrintable(QStringLiteral("lag %1 s, produced %2-%3 s ago").arg(row->timeLag->seconds).arg(latest).arg(earliest)));
        QVERIFY(row->produceRate && row->consumeRate);
        QVERIFY(row->produceRate->recordsPerSecond > 0.0);
        QVERIFY(row->consumeRate->recordsPerSecond > 0.0);
        // Since when: the same verdict keeps the start it had before the restart (stored to the
        // millisecond), never the restart's time; a new verdict began with this sample.
        const lag::LagGroupSnapshot* restarted = first->group(group);
        const auto ms = [](const std::optional<std::chrono::system_clock::time_point>& t) {
            return t ? std::optional(std::chrono::duration_cast<std::chrono::milliseconds>(t->time_since_epoch()))
                     : std::nullopt;
        };
        if (restarted->verdict == verdictBefore) {
            QCOMPARE(ms(restarted->verdictSince.at), ms(sinceBefore.at));
            QCOMPARE(restarted->verdictSince.isLowerBound, sinceBefore.isLowerBound);
        } else {
            QVERIFY(restarted->verdictSince.at == first->sampledAt);
        }
        // The trend's past: the total lag of the replayed refreshes, the newest of them 8.
        QVERIFY(restarted->storedTotalLag.size() >= 2);
        QCOMPARE(restarted->storedTotalLag.back(), std::int64_t { 8 });
        QTRY_VERIFY_WITH_TIMEOUT(groupPoints(service, group).size() > after.size(), 30000);
        session->stop();
    }
};

QTEST_GUILESS_MAIN(TestLagHistory)
#include "test_lag_history.moc"
