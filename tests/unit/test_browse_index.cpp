// SPDX-License-Identifier: Apache-2.0
// The record index: 40 bytes per entry and ≤ 48 bytes of resident memory per record at
// 1 M records, rows invisible until published, bounded mode dropping the oldest rows
// (memory and spool segments with them), lookups by offset and by key, and a reader
// thread that reads while the writer appends.
#include "browse/index_feed.h"
#include "browse/record_index.h"
#include "support/qtest_printers.h"

#include <QFile>
#include <QTemporaryDir>
#include <QTest>
#include <atomic>
#include <thread>

using namespace sluice;
using namespace sluice::browse;

namespace {

#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
constexpr bool kSanitized = true;
#elif defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(thread_sanitizer)
constexpr bool kSanitized = true;
#else
constexpr bool kSanitized = false;
#endif
#else
constexpr bool kSanitized = false;
#endif

// Resident set size of this process in bytes (Linux); 0 where unknown.
std::uint64_t residentBytes()
{
    QFile statm(QStringLiteral("/proc/self/statm"));
    if (!statm.open(QIODevice::ReadOnly))
        return 0;
    const QList<QByteArray> fields = statm.readAll().split(' ');
    return fields.size() > 1 ? fields[1].toULongLong() * 4096ULL : 0;
}

struct Fixture {
    std::string key;
    std::string value;
    decode::RecordView view;
    void set(std::int32_t partition, std::int64_t offset)
    {
        key = "key-" + std::to_string(offset % 1000);
        value = "value-" + std::to_string(offset) + std::string(80, 'x');
        view.topic = "t";
        view.partition = partition;
        view.offset = offset;
        view.timestamp = { 1700000000000 + offset, decode::TimestampType::CreateTime };
        view.key = decode::asBytes(key);
        view.value = decode::asBytes(value);
    }
};

} // namespace

class TestBrowseIndex : public QObject {
    Q_OBJECT
private:
    QTemporaryDir m_dir;

    std::shared_ptr<RecordIndex> makeIndex(std::uint64_t maxRows = 0, std::uint64_t segmentBytes = 256ULL << 20)
    {
        RecordIndex::Options options;
        options.topic = "t";
        options.maxRows = maxRows;
        options.spool.directory = m_dir.path().toStdString();
        options.spool.segmentBytes = segmentBytes;
        auto index = RecordIndex::create(options);
        if (!index)
            qFatal("index: %s", index.error().message.c_str());
        return *index;
    }

private slots:
    void initTestCase() { QVERIFY(m_dir.isValid()); }

    void entryIsFortyBytes() { QCOMPARE(sizeof(IndexEntry), std::size_t { 40 }); }

    void memoryPerRecordAtOneMillion()
    {
        constexpr std::uint64_t kRows = 1'000'000;
        auto index = makeIndex();
        Fixture f;
        const std::uint64_t before = residentBytes();
        for (std::uint64_t i = 0; i < kRows; ++i) {
            f.set(static_cast<std::int32_t>(i % 8), static_cast<std::int64_t>(i / 8));
            QVERIFY(index->append(f.view).hasValue());
            if (i % 100000 == 0)
                QVERIFY(index->publish().hasValue());
        }
        QVERIFY(index->publish().hasValue());
        const std::uint64_t after = residentBytes();
        const IndexMemory memory = index->memory();
        QCOMPARE(memory.rows, kRows);
        const double accounted = memory.bytesPerRow();
        const double measured = before && after ? static_cast<double>(after - before) / kRows : accounted;
        qInfo("index memory: %.2f B/record accounted, %.2f B/record resident growth, spool %.1f MB on disk", accounted,
            measured, static_cast<double>(memory.spoolBytesOnDisk) / 1e6);
        QVERIFY2(accounted <= 42.0, qPrintable(QString::number(accounted)));
        if (!kSanitized) // sanitizer shadow memory inflates the resident size
            QVERIFY2(measured <= 48.0, qPrintable(QString::number(measured)));
        QVERIFY(memory.spoolBytesOnDisk >= kRows * 90);

        // Spot checks over the whole range.
        for (std::uint64_t row : { std::uint64_t { 0 }, std::uint64_t { 123457 }, kRows - 1 }) {
            f.set(static_cast<std::int32_t>(row % 8), static_cast<std::int64_t>(row / 8));
            auto record = index->fetch(row);
            QVERIFY(record.hasValue());
            QCOMPARE(record->offset, f.view.offset);
            QVERIFY(decode::sameBytes(*record->value, *f.view.value));
        }
    }

    void rowsAreInvisibleUntilPublished()
    {
        auto index = makeIndex();
        Fixture f;
        f.set(0, 0);
        QVERIFY(index->append(f.view).hasValue());
        QCOMPARE(index->appendedRows(), std::uint64_t { 1 });
        QCOMPARE(index->rows().size(), std::uint64_t { 0 });
        QVERIFY(!index->entry(0));
        QCOMPARE(index->fetch(0).error().kind, ErrorKind::NotFound);
        QVERIFY(index->publish().hasValue());
        QVERIFY(index->entry(0));
    }

    void boundedModeDropsOldest()
    {
        // 1 000 rows kept; small spool segments so dropped rows free disk as well.
        auto index = makeIndex(1000, 16 << 10);
        Fixture f;
        for (std::int64_t i = 0; i < 50000; ++i) {
            f.set(static_cast<std::int32_t>(i % 2), i);
            QVERIFY(index->append(f.view).hasValue());
            if (i % 777 == 0)
                QVERIFY(index->publish().hasValue());
        }
        auto visible = index->publish();
        QVERIFY(visible.hasValue());
        QCOMPARE(*visible, (RowRange { 49000, 50000 }));
        QCOMPARE(index->droppedRows(), std::uint64_t { 49000 });
        QVERIFY(!index->entry(48999));
        QCOMPARE(index->fetch(48999).error().kind, ErrorKind::NotFound);
        QCOMPARE(index->entry(49000)->offset, std::int64_t { 49000 });
        auto last = index->fetch(49999);
        QVERIFY(last.hasValue());
        QCOMPARE(last->offset, std::int64_t { 49999 });
        const IndexMemory memory = index->memory();
        QCOMPARE(memory.rows, std::uint64_t { 1000 });
        // At most the writer's chunk and one more stay allocated; the spool keeps about
        // what the window needs (rows are ~100 bytes) plus a segment or two.
        QVERIFY(memory.entryBytes <= 2ULL * RecordIndex::kChunkRows * sizeof(IndexEntry));
        QVERIFY2(memory.spoolBytesOnDisk < 200'000, qPrintable(QString::number(memory.spoolBytesOnDisk)));
        QVERIFY(!index->findRow(0, 100));
        QCOMPARE(index->findRow(1, 49001).value_or(0), std::uint64_t { 49001 });
        std::vector<IndexEntry> window;
        QCOMPARE(index->copyEntries(48990, 20, window), std::size_t { 10 });
        QCOMPARE(window.front().offset, std::int64_t { 49000 });
    }

    void boundedModeFreesChunks()
    {
        auto index = makeIndex(100);
        Fixture f;
        for (std::int64_t i = 0; i < 10 * RecordIndex::kChunkRows; ++i) {
            f.set(0, i);
            QVERIFY(index->append(f.view).hasValue());
            if (i % 1000 == 0)
                QVERIFY(index->publish().hasValue());
        }
        QVERIFY(index->publish().hasValue());
        QVERIFY(index->memory().entryBytes <= 2ULL * RecordIndex::kChunkRows * sizeof(IndexEntry));
    }

    void findRowByOffset()
    {
        auto index = makeIndex();
        Fixture f;
        // Partition 0 has even offsets only (as if odd ones were filtered out); partition
        // 1 arrives in runs, as librdkafka delivers fetch batches.
        std::uint64_t row = 0;
        std::map<std::pair<int, std::int64_t>, std::uint64_t> expected;
        for (std::int64_t run = 0; run < 200; ++run) {
            for (std::int64_t k = 0; k < 37; ++k) {
                const std::int64_t offset = (run * 37 + k) * 2;
                f.set(0, offset);
                QVERIFY(index->append(f.view).hasValue());
                expected[{ 0, offset }] = row++;
            }
            for (std::int64_t k = 0; k < 11; ++k) {
                const std::int64_t offset = 1000 + run * 11 + k;
                f.set(1, offset);
                QVERIFY(index->append(f.view).hasValue());
                expected[{ 1, offset }] = row++;
            }
        }
        QVERIFY(index->publish().hasValue());
        for (const auto& [key, r] : expected)
            QCOMPARE(index->findRow(key.first, key.second).value_or(~0ULL), r);
        QVERIFY(!index->findRow(0, 3)); // filtered out
        QCOMPARE(index->findRow(0, 3, RecordIndex::Match::AtOrAfter).value_or(~0ULL), (expected[{ 0, 4 }]));
        QVERIFY(!index->findRow(1, 999)); // before the first
        QCOMPARE(index->findRow(1, 0, RecordIndex::Match::AtOrAfter).value_or(~0ULL), (expected[{ 1, 1000 }]));
        QVERIFY(!index->findRow(1, 1000 + 200 * 11)); // past the last
        QVERIFY(!index->findRow(2, 0)); // no such partition
        QVERIFY(!index->findRow(-1, 0));
    }

    void findSameKeyConfirmsBytes()
    {
        auto index = makeIndex();
        // Keys "a", "b", null, "a", "b", null, … and two keys with a forced equal hash are
        // impossible to build portably, so check that only equal bytes match.
        const std::vector<std::optional<std::string>> keys { "a", "b", std::nullopt, "a", "bb", std::nullopt, "a",
            "b" };
        for (std::size_t i = 0; i < keys.size(); ++i) {
            decode::RecordView view;
            view.partition = 0;
            view.offset = static_cast<std::int64_t>(i);
            if (keys[i])
                view.key = decode::asBytes(*keys[i]);
            QVERIFY(index->append(view).hasValue());
        }
        QVERIFY(index->publish().hasValue());
        QCOMPARE(index->findSameKey(0, true).value_or(99), std::uint64_t { 3 });
        QCOMPARE(index->findSameKey(3, true).value_or(99), std::uint64_t { 6 });
        QVERIFY(!index->findSameKey(6, true));
        QCOMPARE(index->findSameKey(6, false).value_or(99), std::uint64_t { 3 });
        QCOMPARE(index->findSameKey(1, true).value_or(99), std::uint64_t { 7 }); // skips "bb"
        QCOMPARE(index->findSameKey(2, true).value_or(99), std::uint64_t { 5 }); // null matches null
        QVERIFY(!index->findSameKey(0, false));
        QVERIFY(!index->findSameKey(100, true));
    }

    void readerSeesOnlyCompleteRowsWhileWriterAppends()
    {
        auto index = makeIndex(0, 1 << 20);
        std::atomic<bool> done { false };
        std::atomic<std::uint64_t> checked { 0 };
        std::atomic<bool> bad { false };
        std::thread reader([&] {
            std::vector<IndexEntry> window;
            while (!done.load()) {
                const RowRange rows = index->rows();
                if (rows.size() == 0)
                    continue;
                const std::uint64_t row = rows.first + (checked.load() * 7919) % rows.size();
                auto record = index->fetch(row);
                if (!record || record->offset != static_cast<std::int64_t>(row)
                    || record->value->size() != static_cast<std::size_t>(row % 300))
                    bad = true;
                window.clear();
                index->copyEntries(rows.end > 50 ? rows.end - 50 : 0, 50, window);
                for (const auto& e : window)
                    if (e.valueSize != static_cast<std::uint32_t>(e.offset % 300))
                        bad = true;
                ++checked;
            }
        });
        std::string value(300, 'v');
        for (std::int64_t i = 0; i < 200000; ++i) {
            decode::RecordView view;
            view.partition = 0;
            view.offset = i;
            view.value = decode::asBytes(std::string_view(value).substr(0, static_cast<std::size_t>(i % 300)));
            QVERIFY(index->append(view).hasValue());
            if (i % 5000 == 0)
                QVERIFY(index->publish().hasValue());
        }
        QVERIFY(index->publish().hasValue());
        QTRY_VERIFY(checked.load() > 100);
        done = true;
        reader.join();
        QVERIFY(!bad.load());
    }

    void indexFeedOnItsOwnThread()
    {
        // The scanner's hand-over: batches filled here, indexed and published on the feed's
        // thread, which also delivers the updates; a reader reads all the while.
        auto index = makeIndex();
        std::vector<std::uint64_t> published;
        std::thread::id callbackThread;
        UpdateCallback onUpdate = [&](const ScanUpdate& update) {
            published.push_back(update.rows.end);
            callbackThread = std::this_thread::get_id();
        };
        std::atomic<bool> done { false };
        std::atomic<bool> bad { false };
        std::thread reader([&] {
            while (!done.load()) {
                const RowRange rows = index->rows();
                if (rows.size() > 0) {
                    auto record = index->fetch(rows.end - 1);
                    if (!record || record->offset != static_cast<std::int64_t>(rows.end - 1)
                        || record->headers.size() != 2)
                        bad = true;
                }
            }
        });
        const std::string value(64, 'v');
        const std::string headerValue = "h";
        {
            IndexFeed feed(*index, onUpdate, true, 2);
            std::int64_t offset = 0;
            for (int b = 0; b < 200; ++b) {
                FeedBatch& batch = feed.batch();
                for (int i = 0; i < 500; ++i, ++offset) {
                    decode::RecordView view;
                    view.partition = 0;
                    view.offset = offset;
                    view.value = decode::asBytes(value);
                    batch.headers.push_back({ "a", decode::asBytes(headerValue) });
                    batch.headers.push_back({ "a", std::nullopt });
                    batch.addRecord(view, 2);
                }
                if (b % 10 == 9)
                    batch.update = ScanUpdate {};
                feed.submit();
            }
            feed.finish();
            QVERIFY(!feed.hasFailed());
        }
        done = true;
        reader.join();
        QVERIFY(!bad.load());
        QCOMPARE(index->rows().end, std::uint64_t { 100000 });
        QCOMPARE(published.size(), std::size_t { 20 });
        QVERIFY(std::is_sorted(published.begin(), published.end()));
        QCOMPARE(published.back(), std::uint64_t { 100000 });
        QVERIFY(callbackThread != std::this_thread::get_id());
        auto last = index->fetch(99999);
        QVERIFY(last.hasValue());
        QCOMPARE(last->headers.size(), std::size_t { 2 });
        QVERIFY(!last->headers[1].value);
    }

    void firstRowsGoOutWithoutWaitingForTheNextUpdate()
    {
        auto index = makeIndex();
        std::vector<ScanUpdate> seen;
        const UpdateCallback onUpdate = [&](const ScanUpdate& update) { seen.push_back(update); };
        IndexFeed feed(*index, onUpdate, false);
        auto addRecords = [&](int count, std::int64_t& offset) {
            for (int i = 0; i < count; ++i, ++offset) {
                decode::RecordView view;
                view.partition = 3;
                view.offset = offset;
                feed.batch().addRecord(view, 0);
            }
        };
        ScanUpdate start;
        start.state = ScanState::Scanning;
        PartitionProgress p3;
        p3.partition = 3;
        start.progress.partitions.push_back(p3);
        feed.batch().update = start;
        feed.submit();
        QCOMPARE(seen.size(), std::size_t { 1 });
        QCOMPARE(seen[0].rows.size(), std::uint64_t { 0 });

        std::int64_t offset = 0;
        addRecords(3, offset); // no update attached: the first rows still go out now
        feed.submit();
        QCOMPARE(seen.size(), std::size_t { 2 });
        QCOMPARE(seen[1].rows.size(), std::uint64_t { 3 });
        QCOMPARE(seen[1].state, ScanState::Scanning);
        QCOMPARE(seen[1].progress.recordsRead, std::uint64_t { 3 }); // raised to what was indexed
        QCOMPARE(seen[1].progress.partitions.at(0).recordsRead, std::uint64_t { 3 });

        addRecords(2, offset); // after that, rows wait for the next update again
        feed.submit();
        QCOMPARE(seen.size(), std::size_t { 2 });
        QCOMPARE(index->rows().end, std::uint64_t { 3 });
        feed.batch().update = start;
        feed.submit();
        QCOMPARE(seen.size(), std::size_t { 3 });
        QCOMPARE(seen[2].rows.end, std::uint64_t { 5 });
    }

    void partitionBeyondRangeIsRefused()
    {
        auto index = makeIndex();
        decode::RecordView view;
        view.partition = 70000;
        auto status = index->append(view);
        QVERIFY(!status.hasValue());
        QCOMPARE(status.error().kind, ErrorKind::Configuration);
    }
};

QTEST_APPLESS_MAIN(TestBrowseIndex)
#include "test_browse_index.moc"
