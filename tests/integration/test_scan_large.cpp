// SPDX-License-Identifier: Apache-2.0
// A 1 M-record topic (8 partitions, 100-byte values) scans completely into the message
// browser: exact counts per partition, contiguous offsets, payloads byte-exact, under the
// memory budget; end-minus-N and offset starts read exactly their records; a push-down
// predicate keeps exactly the reference set computed from the same generator.
#include "browse/scanner.h"
#include "support/qtest_printers.h"
#include "support/stack_env.h"

#include <QElapsedTimer>
#include <QTest>
#include <random>

using namespace sluice;
using namespace sluice::browse;

namespace {

constexpr int kPartitions = 8;
constexpr std::int64_t kRecords = 1'000'000;
constexpr std::int64_t kPerPartition = kRecords / kPartitions;

// Record i goes to partition i % 8 at offset i / 8: key "k<i>", a 100-byte value that
// starts with i in decimal and continues with letters from a generator seeded by i.
std::string valueOf(std::int64_t i)
{
    std::string value = std::to_string(i) + ":";
    std::uint64_t state = static_cast<std::uint64_t>(i) * 0x9E3779B97F4A7C15ULL + 1;
    while (value.size() < 100) {
        state = state * 6364136223846793005ULL + 1442695040888963407ULL;
        value.push_back(static_cast<char>('a' + (state >> 59) % 26));
    }
    return value;
}

std::string keyOf(std::int64_t i)
{
    return "k" + std::to_string(i);
}

// The predicate under test: the value's last byte is 'q' (about 1 in 26 records).
bool isSelected(decode::ByteView value)
{
    return !value.empty() && value.back() == 'q';
}

} // namespace

class TestScanLarge : public QObject {
    Q_OBJECT
private:
    std::string m_bootstrap;
    std::string m_topic;

    ScanRequest request() const
    {
        ScanRequest r;
        r.cluster.name = "it";
        r.cluster.bootstrapServers = { m_bootstrap };
        r.topic = m_topic;
        return r;
    }

    static ScanUpdate runScan(const ScanRequest& r, std::shared_ptr<RecordIndex>& index)
    {
        auto scanner = Scanner::create(r, nullptr);
        if (!scanner)
            qFatal("scanner: %s", scanner.error().message.c_str());
        index = (*scanner)->index();
        return (*scanner)->run();
    }

private slots:
    void initTestCase()
    {
        auto env = testing::stackEnvOrFail();
        m_bootstrap = env[QStringLiteral("SLUICE_KAFKA_BOOTSTRAP")].toStdString();
        m_topic = testing::uniqueName("it-scan-1m");
        auto producer = testing::makeClient(m_bootstrap, RD_KAFKA_PRODUCER,
            { { "linger.ms", "20" }, { "batch.size", "1000000" }, { "batch.num.messages", "100000" },
                { "queue.buffering.max.messages", "1000000" }, { "queue.buffering.max.kbytes", "1048576" },
                { "enable.idempotence", "true" } }); // keeps per-partition order
        QCOMPARE(testing::createTopic(producer.get(), m_topic, kPartitions), std::string());
        QElapsedTimer timer;
        timer.start();
        rd_kafka_topic_t* rkt = rd_kafka_topic_new(producer.get(), m_topic.c_str(), nullptr);
        for (std::int64_t i = 0; i < kRecords; ++i) {
            const std::string key = keyOf(i);
            std::string value = valueOf(i);
            while (rd_kafka_produce(rkt, static_cast<std::int32_t>(i % kPartitions), RD_KAFKA_MSG_F_COPY, value.data(),
                       value.size(), key.data(), key.size(), nullptr)
                != 0) {
                QCOMPARE(rd_kafka_last_error(), RD_KAFKA_RESP_ERR__QUEUE_FULL);
                rd_kafka_poll(producer.get(), 10);
            }
            if (i % 20000 == 0)
                rd_kafka_poll(producer.get(), 0);
        }
        QCOMPARE(rd_kafka_flush(producer.get(), 120000), RD_KAFKA_RESP_ERR_NO_ERROR);
        rd_kafka_topic_destroy(rkt);
        qInfo("produced %lld records in %lld ms", static_cast<long long>(kRecords),
            static_cast<long long>(timer.elapsed()));
    }

    void scansEverythingExactly()
    {
        std::shared_ptr<RecordIndex> index;
        QElapsedTimer timer;
        timer.start();
        int updates = 0;
        auto scanner = Scanner::create(request(), nullptr);
        QVERIFY(scanner.hasValue());
        index = (*scanner)->index();
        const ScanUpdate result = (*scanner)->run([&](const ScanUpdate&) { ++updates; });
        const auto ms = timer.elapsed();
        QCOMPARE(result.state, ScanState::Finished);
        QVERIFY(!result.error);
        QCOMPARE(result.progress.recordsRead, std::uint64_t(kRecords));
        QCOMPARE(result.rows, (RowRange { 0, std::uint64_t(kRecords) }));
        QCOMPARE(result.progress.partitions.size(), std::size_t(kPartitions));
        for (const auto& p : result.progress.partitions) {
            QCOMPARE(p.recordsRead, std::uint64_t(kPerPartition));
            QCOMPARE(p.startOffset, std::int64_t { 0 });
            QCOMPARE(p.stopOffset, kPerPartition);
            QCOMPARE(p.nextOffset, kPerPartition);
            QVERIFY(p.isDone);
            QCOMPARE(p.fraction().value_or(0), 1.0);
        }
        // At most ~20 updates a second, never one per record.
        QVERIFY2(updates <= 3 + static_cast<int>(ms / 45),
            qPrintable(QStringLiteral("%1 updates in %2 ms").arg(updates).arg(ms)));
        qInfo("scanned %lld records in %lld ms (%d updates), %.1f B/record in memory", static_cast<long long>(kRecords),
            static_cast<long long>(ms), updates, index->memory().bytesPerRow());
        QVERIFY(index->memory().bytesPerRow() <= 48.0);

        // Offsets contiguous per partition, in row order; sizes as produced.
        std::vector<std::int64_t> next(kPartitions, 0);
        std::vector<IndexEntry> window;
        for (std::uint64_t row = 0; row < std::uint64_t(kRecords); row += window.size()) {
            window.clear();
            QVERIFY(index->copyEntries(row, 65536, window) > 0);
            for (const IndexEntry& e : window) {
                if (e.offset != next[e.partition]++)
                    QFAIL(qPrintable(QStringLiteral("partition %1: offset %2, expected %3")
                                         .arg(e.partition)
                                         .arg(e.offset)
                                         .arg(next[e.partition] - 1)));
                if (e.valueSize != 100 || e.hasNullKey() || e.headerCount != 0
                    || e.timestampType() != decode::TimestampType::CreateTime)
                    QFAIL("entry does not describe the produced record");
            }
        }
        for (int p = 0; p < kPartitions; ++p)
            QCOMPARE(next[static_cast<std::size_t>(p)], kPerPartition);

        // Payloads read back byte-exact (a sample spread over the whole spool).
        std::mt19937 rng(7);
        for (int n = 0; n < 2000; ++n) {
            const std::uint64_t row = rng() % std::uint64_t(kRecords);
            const auto entry = index->entry(row);
            auto record = index->fetch(row);
            QVERIFY(entry && record.hasValue());
            const std::int64_t i = entry->offset * kPartitions + entry->partition;
            QCOMPARE(record->topic, m_topic);
            QVERIFY(record->key && decode::asChars(*record->key) == keyOf(i));
            QVERIFY(record->value && decode::asChars(*record->value) == valueOf(i));
            QCOMPARE(entry->keyHash, keyHash32(decode::asBytes(keyOf(i))));
        }
        QCOMPARE(index->findRow(5, 77777).has_value(), true);
        QCOMPARE(index->entry(*index->findRow(5, 77777))->offset, std::int64_t { 77777 });
    }

    void endMinusAndOffsetStarts()
    {
        std::shared_ptr<RecordIndex> index;
        ScanRequest r = request();
        r.start = StartPosition::endMinus(1000);
        ScanUpdate result = runScan(r, index);
        QCOMPARE(result.state, ScanState::Finished);
        QCOMPARE(result.rows.size(), std::uint64_t(kPartitions * 1000));
        std::vector<IndexEntry> entries;
        index->copyEntries(0, kPartitions * 1000, entries);
        std::vector<std::int64_t> next(kPartitions, kPerPartition - 1000);
        for (const auto& e : entries)
            QCOMPARE(e.offset, next[e.partition]++);

        r = request();
        r.partitions = { 3, 6 };
        r.start = StartPosition::atOffset(100000);
        r.startOverrides[6] = StartPosition::atOffset(124990);
        result = runScan(r, index);
        QCOMPARE(result.state, ScanState::Finished);
        QCOMPARE(result.progress.partitions.size(), std::size_t { 2 });
        QCOMPARE(result.progress.partitions[0].recordsRead, std::uint64_t(kPerPartition - 100000));
        QCOMPARE(result.progress.partitions[1].recordsRead, std::uint64_t { 10 });
        QCOMPARE(result.rows.size(), std::uint64_t(kPerPartition - 100000 + 10));
        QCOMPARE(index->entry(*index->findRow(6, 124990))->offset, std::int64_t { 124990 });
        QVERIFY(!index->findRow(6, 124989));
    }

    void predicateKeepsExactlyTheReferenceSet()
    {
        std::vector<std::pair<int, std::int64_t>> reference;
        for (std::int64_t i = 0; i < kRecords; ++i) {
            const std::string value = valueOf(i);
            if (isSelected(decode::asBytes(value)))
                reference.emplace_back(static_cast<int>(i % kPartitions), i / kPartitions);
        }
        std::sort(reference.begin(), reference.end());

        ScanRequest r = request();
        r.predicate
            = makePredicate([](const decode::RecordView& record) { return record.value && isSelected(*record.value); });
        std::shared_ptr<RecordIndex> index;
        QElapsedTimer timer;
        timer.start();
        const ScanUpdate result = runScan(r, index);
        qInfo("filtered scan: %llu of %lld kept in %lld ms", static_cast<unsigned long long>(result.rows.size()),
            static_cast<long long>(kRecords), static_cast<long long>(timer.elapsed()));
        QCOMPARE(result.state, ScanState::Finished);
        QCOMPARE(result.progress.recordsRead, std::uint64_t(kRecords));
        QCOMPARE(result.progress.recordsMatched, std::uint64_t(reference.size()));
        // The filter runs on the index thread; each partition's matched count comes from there.
        for (const PartitionProgress& p : result.progress.partitions) {
            const auto expected = std::count_if(
                reference.begin(), reference.end(), [&](const auto& ref) { return ref.first == p.partition; });
            QCOMPARE(p.recordsMatched, static_cast<std::uint64_t>(expected));
        }

        std::vector<IndexEntry> entries;
        index->copyEntries(0, reference.size(), entries);
        std::vector<std::pair<int, std::int64_t>> got;
        for (const auto& e : entries)
            got.emplace_back(e.partition, e.offset);
        std::sort(got.begin(), got.end());
        QVERIFY(got == reference);
        auto record = index->fetch(result.rows.end - 1);
        QVERIFY(record.hasValue() && isSelected(*record->value));
    }
};

QTEST_GUILESS_MAIN(TestScanLarge)
#include "test_scan_large.moc"
