// SPDX-License-Identifier: Apache-2.0
#include "history/history_store.h"

#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

#include <filesystem>

using namespace sluice::history;
using namespace std::chrono_literals;
using sluice::lag::Verdict;

namespace sluice::lag {
inline char* toString(const Verdict& v) { return qstrdup(std::string(nameOf(v)).c_str()); }
} // namespace sluice::lag

namespace {

// "Now" for every test: a whole minute, far from the epoch.
const TimePoint kNow = TimePoint{} + 1'700'000'040s;

std::filesystem::path fileIn(const QTemporaryDir& dir, const char* name = "history.sqlite")
{
    return std::filesystem::path(dir.path().toStdString()) / name;
}

std::unique_ptr<HistoryStore> openOrFail(const std::filesystem::path& path, HistorySettings settings = {})
{
    auto store = HistoryStore::open(path, settings);
    if (!store)
        qFatal("open failed: %s (%s)", store.error().message.c_str(), store.error().detail.c_str());
    return std::move(store).value();
}

const SeriesKey kPartition = SeriesKey::forPartition("prod", "payments-etl", "orders", 3);
const SeriesKey kGroup = SeriesKey::forGroup("prod", "payments-etl");

LagSample sample(const SeriesKey& key, TimePoint at, std::int64_t lag, Verdict verdict = Verdict::Ok)
{
    LagSample s;
    s.key = key;
    s.at = at;
    s.committed = 1000 + lag;
    s.endOffset = 1000 + 2 * lag;
    s.lagRecords = lag;
    s.maxLagRecords = lag;
    s.lagSeconds = static_cast<double>(lag) / 10.0;
    s.produceRate = 100.0;
    s.consumeRate = 90.0;
    s.verdict = verdict;
    return s;
}

std::vector<HistoryPoint> readAll(HistoryStore& store, const SeriesKey& key, int maxPoints = 100'000)
{
    auto points = store.query(key, {kNow - 30 * 24h, kNow + 1h}, maxPoints);
    if (!points)
        qFatal("query failed: %s", points.error().detail.c_str());
    return std::move(points).value();
}

} // namespace

class TestHistoryStore : public QObject {
    Q_OBJECT
private slots:
    void writeAndReadBack()
    {
        QTemporaryDir dir;
        auto store = openOrFail(fileIn(dir));
        LagSample full = sample(kPartition, kNow - 10s, 42, Verdict::Warn);
        full.partitionsWithoutCommit = 0;
        LagSample sparse; // a partition without commit: no lag, never 0
        sparse.key = kPartition;
        sparse.at = kNow - 5s;
        sparse.endOffset = 5000;
        sparse.partitionsWithoutCommit = 1;
        const std::vector<LagSample> batch{full, sparse, sample(kGroup, kNow - 10s, 420, Verdict::Stop)};
        QVERIFY(store->write(batch).hasValue());

        const auto points = readAll(*store, kPartition);
        QCOMPARE(points.size(), std::size_t(2));
        const HistoryPoint& a = points[0];
        QCOMPARE(a.at, kNow - 10s);
        QCOMPARE(a.lastAt, kNow - 10s);
        QCOMPARE(a.samples, 1);
        QCOMPARE(a.lagMin.value(), 42);
        QCOMPARE(a.lagMax.value(), 42);
        QCOMPARE(a.lagMean.value(), 42.0);
        QCOMPARE(a.maxLagRecords.value(), 42);
        QCOMPARE(a.lagSecondsMean.value(), 4.2);
        QCOMPARE(a.committed.value(), 1042);
        QCOMPARE(a.endOffset.value(), 1084);
        QCOMPARE(a.produceRate.value(), 100.0);
        QCOMPARE(a.consumeRate.value(), 90.0);
        QCOMPARE(a.verdict.value(), Verdict::Warn);
        const HistoryPoint& b = points[1];
        QVERIFY(!b.lagMin && !b.lagMean && !b.committed && !b.verdict && !b.produceRate);
        QCOMPARE(b.endOffset.value(), 5000);
        QCOMPARE(b.partitionsWithoutCommit, 1);

        QCOMPARE(readAll(*store, kGroup).at(0).verdict.value(), Verdict::Stop);
        // The same (series, time) again replaces the sample.
        QVERIFY(store->write(std::vector{sample(kPartition, kNow - 10s, 7)}).hasValue());
        QCOMPARE(readAll(*store, kPartition).at(0).lagMax.value(), 7);
        // Range is [from, to).
        const auto ranged = store->query(kPartition, {kNow - 10s, kNow - 5s}, 100);
        QCOMPARE(ranged->size(), std::size_t(1));
        QVERIFY(store->query(SeriesKey::forGroup("prod", "nobody"), {kNow - 1h, kNow}, 10)->empty());
        QVERIFY(store->write({}).hasValue());
    }

    void survivesReopen()
    {
        QTemporaryDir dir;
        const auto path = fileIn(dir, "nested/folder/history.sqlite"); // folders are created
        {
            auto store = openOrFail(path);
            std::vector<LagSample> batch;
            for (int i = 0; i < 50; ++i)
                batch.push_back(sample(kPartition, kNow - std::chrono::seconds(5 * (50 - i)), i));
            QVERIFY(store->write(batch).hasValue());
        }
        auto reopened = openOrFail(path);
        const auto points = readAll(*reopened, kPartition);
        QCOMPARE(points.size(), std::size_t(50));
        QCOMPARE(points.back().lagMax.value(), 49);
        QCOMPARE(reopened->seriesOfGroup("prod", "payments-etl")->size(), std::size_t(1));
    }

    void walModeAndIndependentConnections()
    {
        QTemporaryDir dir;
        const auto path = fileIn(dir);
        auto first = openOrFail(path);
        auto second = openOrFail(path); // its own connection name: no clash
        QVERIFY(first->write(std::vector{sample(kPartition, kNow, 1)}).hasValue());
        QCOMPARE(readAll(*second, kPartition).size(), std::size_t(1));
        {
            auto db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("probe"));
            db.setDatabaseName(QString::fromStdString(path.string()));
            QVERIFY(db.open());
            QSqlQuery q(db);
            QVERIFY(q.exec(QStringLiteral("PRAGMA journal_mode")) && q.next());
            QCOMPARE(q.value(0).toString(), QStringLiteral("wal"));
            QVERIFY(q.exec(QStringLiteral("PRAGMA auto_vacuum")) && q.next());
            QCOMPARE(q.value(0).toInt(), 2); // incremental
        }
        QSqlDatabase::removeDatabase(QStringLiteral("probe"));
    }

    void refusesNewerSchemaAndBadPaths()
    {
        QTemporaryDir dir;
        const auto path = fileIn(dir);
        openOrFail(path).reset();
        {
            auto db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("tamper"));
            db.setDatabaseName(QString::fromStdString(path.string()));
            QVERIFY(db.open());
            QSqlQuery q(db);
            QVERIFY(q.exec(QStringLiteral("UPDATE meta SET value = '99' WHERE key = 'schema_version'")));
        }
        QSqlDatabase::removeDatabase(QStringLiteral("tamper"));
        const auto newer = HistoryStore::open(path);
        QVERIFY(!newer);
        QCOMPARE(newer.error().kind, sluice::ErrorKind::Configuration);
        QVERIFY(newer.error().message.find("newer Sluice") != std::string::npos);

        QFile blocker(dir.filePath(QStringLiteral("a-file")));
        QVERIFY(blocker.open(QIODevice::WriteOnly));
        blocker.close();
        const auto underFile = HistoryStore::open(fileIn(dir, "a-file/history.sqlite"));
        QVERIFY(!underFile);
        QCOMPARE(underFile.error().kind, sluice::ErrorKind::Configuration);
    }

    // Raw samples older than 6 h become 1-minute buckets: min / max / mean of lag and lag
    // seconds, mean rates, last offsets, worst verdict, sample count.
    void compactionRollsUpIntoMinuteBuckets()
    {
        QTemporaryDir dir;
        auto store = openOrFail(fileIn(dir));
        const TimePoint base = kNow - 7h; // a whole minute
        const std::vector<std::int64_t> lags{10, 30, 20, 50, 40, 60,   // minute 0
                                             5, 5, 5, 5, 5, 5,         // minute 1
                                             100, 0, 100, 0, 100, 0};  // minute 2
        std::vector<LagSample> batch;
        for (std::size_t i = 0; i < lags.size(); ++i) {
            const Verdict v = (i == 3) ? Verdict::Err : (i == 13 ? Verdict::Rewind : Verdict::Ok);
            batch.push_back(sample(kPartition, base + std::chrono::seconds(10 * i), lags[i], v));
        }
        batch.push_back(sample(kPartition, kNow - 1h, 77)); // recent: stays raw
        QVERIFY(store->write(batch).hasValue());

        const auto report = store->compact(kNow);
        QVERIFY(report.hasValue());
        QCOMPARE(report->rawRowsRolledUp, 18);
        QCOMPARE(report->bucketsExpired, 0);
        QCOMPARE(report->rowsDroppedForSize, 0);
        QVERIFY(report->usedBytes > 0);

        const auto points = readAll(*store, kPartition);
        QCOMPARE(points.size(), std::size_t(4));
        const HistoryPoint& m0 = points[0];
        QCOMPARE(m0.at, base);
        QCOMPARE(m0.lastAt, base + 50s);
        QCOMPARE(m0.samples, 6);
        QCOMPARE(m0.lagMin.value(), 10);
        QCOMPARE(m0.lagMax.value(), 60);
        QCOMPARE(m0.lagMean.value(), 35.0);
        QCOMPARE(m0.maxLagRecords.value(), 60);
        QCOMPARE(m0.lagSecondsMin.value(), 1.0);
        QCOMPARE(m0.lagSecondsMax.value(), 6.0);
        QCOMPARE(m0.lagSecondsMean.value(), 3.5);
        QCOMPARE(m0.committed.value(), 1060); // the last sample's
        QCOMPARE(m0.endOffset.value(), 1120);
        QCOMPARE(m0.produceRate.value(), 100.0);
        QCOMPARE(m0.verdict.value(), Verdict::Err);
        QCOMPARE(points[1].at, base + 1min);
        QCOMPARE(points[1].lagMean.value(), 5.0);
        QCOMPARE(points[1].verdict.value(), Verdict::Ok);
        QCOMPARE(points[2].lagMin.value(), 0);
        QCOMPARE(points[2].lagMax.value(), 100);
        QCOMPARE(points[2].lagMean.value(), 50.0);
        QCOMPARE(points[2].verdict.value(), Verdict::Rewind);
        QCOMPARE(points[3].at, kNow - 1h);
        QCOMPARE(points[3].samples, 1);

        // A late sample for a bucket already rolled up is absorbed by it.
        QVERIFY(store->write(std::vector{sample(kPartition, base + 55s, 1, Verdict::Stop)}).hasValue());
        QCOMPARE(store->compact(kNow)->rawRowsRolledUp, 1);
        const HistoryPoint merged = readAll(*store, kPartition).at(0);
        QCOMPARE(merged.samples, 7);
        QCOMPARE(merged.lagMin.value(), 1);
        QCOMPARE(merged.lagMean.value(), 211.0 / 7.0);
        QCOMPARE(merged.committed.value(), 1001); // newest sample of the bucket
        QCOMPARE(merged.lastAt, base + 55s);
        QCOMPARE(merged.verdict.value(), Verdict::Stop);
    }

    void retentionDeletesExpiredBucketsAndEmptySeries()
    {
        QTemporaryDir dir;
        auto store = openOrFail(fileIn(dir));
        const SeriesKey gone = SeriesKey::forPartition("prod", "payments-etl", "orders", 9);
        QVERIFY(store->write(std::vector{sample(kPartition, kNow - 8 * 24h, 1), sample(kPartition, kNow - 6 * 24h, 2),
                                         sample(gone, kNow - 9 * 24h, 3)})
                    .hasValue());
        QCOMPARE(store->seriesOfGroup("prod", "payments-etl")->size(), std::size_t(2));
        const auto report = store->compact(kNow);
        QCOMPARE(report->rawRowsRolledUp, 3);
        QCOMPARE(report->bucketsExpired, 2);
        const auto points = readAll(*store, kPartition);
        QCOMPARE(points.size(), std::size_t(1));
        QCOMPARE(points[0].lagMax.value(), 2);
        const auto series = store->seriesOfGroup("prod", "payments-etl");
        QCOMPARE(series->size(), std::size_t(1));
        QCOMPARE(series->at(0), kPartition);
        // Configurable: keep raw for 1 h and buckets for 2 days.
        HistorySettings shortLived;
        shortLived.rawRetention = 1h;
        shortLived.bucketRetention = 48h;
        store.reset();
        auto again = openOrFail(fileIn(dir), shortLived);
        QVERIFY(again->write(std::vector{sample(kPartition, kNow - 2h, 5)}).hasValue());
        QCOMPARE(again->compact(kNow)->bucketsExpired, 1); // the 6-day-old bucket
        QCOMPARE(readAll(*again, kPartition).size(), std::size_t(1));
    }

    // Group events survive reopening, are read per group and range, and expire with buckets.
    void groupEventsRoundTripAndExpire()
    {
        QTemporaryDir dir;
        using sluice::lag::GroupEvent;
        using sluice::lag::GroupEventKind;
        {
            auto store = openOrFail(fileIn(dir));
            const std::vector<GroupEvent> events {
                { "payments-etl", kNow - 8 * 24h, GroupEventKind::Rebalance, "members 1 → 0; left: app-1" },
                { "payments-etl", kNow - 10min, GroupEventKind::Rebalance, "members 1 → 2; joined: app-2" },
                { "payments-etl", kNow - 5min, GroupEventKind::OffsetReset, "1 partition moved back: orders-3 9 → 0" },
                { "other", kNow - 5min, GroupEventKind::OffsetReset, "x" },
            };
            QVERIFY(store->writeEvents("prod", events).hasValue());
            QVERIFY(store->writeEvents("prod", std::span(events).subspan(1, 1)).hasValue()); // replaced, not doubled
        }
        auto store = openOrFail(fileIn(dir));
        auto read = store->events("prod", "payments-etl", { kNow - 1h, kNow });
        QVERIFY(read.hasValue());
        QCOMPARE(read->size(), std::size_t(2));
        QCOMPARE(read->at(0).kind, GroupEventKind::Rebalance);
        QCOMPARE(read->at(0).at, kNow - 10min);
        QCOMPARE(read->at(1).detail, std::string("1 partition moved back: orders-3 9 → 0"));
        QCOMPARE(store->events("dev", "payments-etl", { kNow - 1h, kNow })->size(), std::size_t(0));
        QCOMPARE(store->events("prod", "payments-etl", { kNow - 30 * 24h, kNow })->size(), std::size_t(3));
        QVERIFY(store->compact(kNow).hasValue());
        QCOMPARE(store->events("prod", "payments-etl", { kNow - 30 * 24h, kNow })->size(), std::size_t(2));
    }

    // More rows than points asked for: merged into equal, aligned buckets, extremes kept.
    void queryDownsamples()
    {
        QTemporaryDir dir;
        auto store = openOrFail(fileIn(dir));
        std::vector<LagSample> batch;
        const TimePoint start = kNow - 1000s;
        for (int i = 0; i < 1000; ++i)
            batch.push_back(sample(kPartition, start + std::chrono::seconds(i), i == 500 ? 99'999 : i % 10,
                                   i == 777 ? Verdict::Stall : Verdict::Ok));
        QVERIFY(store->write(batch).hasValue());
        const auto points = store->query(kPartition, {start, kNow}, 10);
        QVERIFY(points.hasValue());
        QVERIFY(points->size() <= 10);
        QVERIFY(points->size() >= 5);
        int samples = 0;
        std::int64_t maxLag = 0;
        int stalls = 0;
        for (const HistoryPoint& p : *points) {
            samples += p.samples;
            maxLag = std::max(maxLag, p.lagMax.value());
            stalls += p.verdict == Verdict::Stall ? 1 : 0;
            QCOMPARE(p.lagMin.value(), 0);
        }
        QCOMPARE(samples, 1000);
        QCOMPARE(maxLag, 99'999);
        QCOMPARE(stalls, 1);
        for (std::size_t i = 1; i < points->size(); ++i)
            QVERIFY((*points)[i - 1].at < (*points)[i].at);
        // Width is a whole number of minutes here (span / 9 > 1 min): buckets start on minutes.
        for (const HistoryPoint& p : *points)
            QCOMPARE(p.at.time_since_epoch() % std::chrono::minutes(1), TimePoint::duration::zero());
    }

    // The newest run of one verdict, across the compacted (bucket) and raw parts, newest first,
    // stopping at the point that ended it.
    void newestVerdictRunSpansBucketsAndRawSamples()
    {
        QTemporaryDir dir;
        auto store = openOrFail(fileIn(dir));
        std::vector<LagSample> batch;
        const TimePoint base = kNow - 8h; // a whole minute
        for (int i = 0; i < 12; ++i) // OK for a minute, then STOP: rolled into buckets below
            batch.push_back(
                sample(kGroup, base + std::chrono::seconds(10 * i), 5, i < 6 ? Verdict::Ok : Verdict::Stop));
        for (int i = 0; i < 6; ++i) // still STOP, recent enough to stay raw
            batch.push_back(sample(kGroup, kNow - 1h + std::chrono::seconds(10 * i), 5, Verdict::Stop));
        QVERIFY(store->write(batch).hasValue());
        QVERIFY(store->compact(kNow).hasValue());

        auto run = store->newestVerdictRun(kGroup, kNow);
        QVERIFY(run.hasValue());
        // six raw STOP samples, the STOP bucket of minute 1, then the OK bucket of minute 0
        QCOMPARE(run->size(), std::size_t { 8 });
        QVERIFY(run->front().at == kNow - 1h + 50s);
        QCOMPARE(run->at(6).verdict, Verdict::Stop);
        QVERIFY(run->at(6).at == base + 1min);
        QCOMPARE(run->back().verdict, Verdict::Ok);
        const auto since = sluice::lag::verdictRunOf(*run);
        QVERIFY(since && since->since.at == base + 1min && !since->since.isLowerBound);
        // Before the STOP samples, the run is the OK bucket alone: OK as far back as stored.
        auto earlier = store->newestVerdictRun(kGroup, base + 1min);
        QVERIFY(earlier.hasValue());
        QCOMPARE(earlier->size(), std::size_t { 1 });
        QVERIFY(!sluice::lag::verdictRunOf(*earlier)->since.at);
        // A series never written: nothing.
        auto none = store->newestVerdictRun(SeriesKey::forGroup("prod", "nobody"), kNow);
        QVERIFY(none.hasValue() && none->empty());
    }

    void seriesOfGroup()
    {
        QTemporaryDir dir;
        auto store = openOrFail(fileIn(dir));
        QVERIFY(store->write(std::vector{
                                 sample(kPartition, kNow, 1),
                                 sample(SeriesKey::forPartition("prod", "payments-etl", "refunds", 0), kNow, 1),
                                 sample(SeriesKey::forGroupTopic("prod", "payments-etl", "orders"), kNow, 1),
                                 sample(kGroup, kNow, 1),
                                 sample(SeriesKey::forTopic("prod", "orders"), kNow, 1),
                                 sample(SeriesKey::forGroup("prod", "other"), kNow, 1),
                                 sample(SeriesKey::forGroup("staging", "payments-etl"), kNow, 1),
                             })
                    .hasValue());
        const auto all = store->seriesOfGroup("prod", "payments-etl");
        QCOMPARE(all->size(), std::size_t(4));
        QCOMPARE(all->at(0), kPartition); // partitions first, by topic
        QCOMPARE(all->at(3), kGroup);
        const auto orders = store->seriesOfGroup("prod", "payments-etl", std::string_view("orders"));
        QCOMPARE(orders->size(), std::size_t(2));
    }

    // Past maxBytes, the oldest buckets go first; the newest data stays.
    void sizeBoundDropsOldestBuckets()
    {
        QTemporaryDir dir;
        HistorySettings settings;
        settings.maxBytes = 768 * 1024;
        auto store = openOrFail(fileIn(dir), settings);
        std::vector<SeriesKey> keys;
        for (int p = 0; p < 10; ++p)
            keys.push_back(SeriesKey::forPartition("prod", "payments-etl", "orders", p));
        std::vector<LagSample> batch;
        for (int minute = 0; minute < 1500; ++minute) // 25 h, one sample per minute and series
            for (const SeriesKey& key : keys)
                batch.push_back(sample(key, kNow - 26h + std::chrono::minutes(minute), minute));
        QVERIFY(store->write(batch).hasValue());
        QVERIFY(*store->usedBytes() > settings.maxBytes);

        const auto report = store->compact(kNow);
        QVERIFY(report.hasValue());
        QVERIFY(report->rowsDroppedForSize > 0);
        QVERIFY2(report->usedBytes <= settings.maxBytes, qPrintable(QString::number(report->usedBytes)));
        // Not much more than needed goes: the store stays reasonably full.
        QVERIFY2(report->usedBytes > settings.maxBytes / 2, qPrintable(QString::number(report->usedBytes)));
        QVERIFY(report->rowsDroppedForSize < 12'000); // some buckets remain
        QCOMPARE(*store->usedBytes(), report->usedBytes);
        const auto points = readAll(*store, keys.front());
        QVERIFY(!points.empty());
        QVERIFY(points.size() < 1500);
        QCOMPARE(points.back().lagMax.value(), 1499); // newest kept
        QVERIFY(points.front().at > kNow - 26h);     // oldest gone
        QVERIFY(points.front().at < kNow - 6h);      // but not every bucket
        // Dropped in time order: what is left is one contiguous, most recent stretch.
        QCOMPARE(points.back().at - points.front().at, std::chrono::minutes(points.size() - 1));
    }
};

QTEST_GUILESS_MAIN(TestHistoryStore)
#include "test_history_store.moc"
