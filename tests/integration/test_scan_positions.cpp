// SPDX-License-Identifier: Apache-2.0
// Start positions (beginning, end minus N, offset, timestamp, a group's committed offset,
// per-partition overrides), stop conditions (record count, timestamp), partition selection
// and not-found errors give exactly the expected records; records come back byte-exact
// through the spool and through the broker (binary keys, null versus empty, duplicate
// headers, timestamps).
#include "browse/record_fetcher.h"
#include "browse/scanner.h"
#include "support/qtest_printers.h"
#include "support/stack_env.h"

#include <QTest>

using namespace sluice;
using namespace sluice::browse;

namespace {

constexpr std::int64_t kBaseTs = 1'700'000'000'000;

// Partition 0: 20 records, partition 1: 10, partition 2: none. Record i of a partition has
// timestamp kBaseTs + i * 1000; a few of partition 0 have odd shapes.
decode::Record recordFor(std::int32_t partition, std::int64_t i)
{
    decode::Record r;
    r.partition = partition;
    r.offset = i;
    r.timestamp = { kBaseTs + i * 1000, decode::TimestampType::CreateTime };
    r.key = decode::toBytes("k" + std::to_string(partition) + "-" + std::to_string(i));
    r.value = decode::toBytes("value " + std::to_string(i));
    if (partition != 0)
        return r;
    switch (i) {
    case 5:
        r.key.reset();
        break;
    case 6:
        r.value = decode::Bytes {};
        break;
    case 7:
        r.value.reset();
        break;
    case 8:
        r.key = decode::Bytes { 0x00, 0x00, 0x00, 0x00, 0x00, 0xFF }; // schema id 0: not framed
        r.value = decode::Bytes { 0x00, 0x00, 0x00, 0x00, 0x2A, 0x00 };
        break;
    case 9:
        r.key = decode::Bytes {};
        r.headers = { { "trace", decode::toBytes("a") }, { "trace", decode::Bytes { 0x00, 0xFE } },
            { "empty", decode::Bytes {} }, { "nil", std::nullopt }, { "trace", decode::toBytes("c") } };
        break;
    default:
        break;
    }
    return r;
}

// librdkafka reads a null pointer as a null key or value, so empty ones point here.
std::uint8_t* bytesPointer(const decode::Bytes& bytes)
{
    static std::uint8_t empty = 0;
    return bytes.empty() ? &empty : const_cast<std::uint8_t*>(bytes.data());
}

// rd_kafka_produceva rather than the RD_KAFKA_V_* macros, whose C casts trip our warnings.
void produce(rd_kafka_t* rk, const std::string& topic, const decode::Record& r)
{
    std::vector<rd_kafka_vu_t> vu;
    auto add = [&](rd_kafka_vtype_t type) -> rd_kafka_vu_t& {
        vu.emplace_back();
        vu.back().vtype = type;
        return vu.back();
    };
    add(RD_KAFKA_VTYPE_TOPIC).u.cstr = topic.c_str();
    add(RD_KAFKA_VTYPE_PARTITION).u.i32 = r.partition;
    add(RD_KAFKA_VTYPE_MSGFLAGS).u.i = RD_KAFKA_MSG_F_COPY;
    add(RD_KAFKA_VTYPE_TIMESTAMP).u.i64 = r.timestamp.ms;
    if (r.key) {
        auto& k = add(RD_KAFKA_VTYPE_KEY);
        k.u.mem.ptr = bytesPointer(*r.key);
        k.u.mem.size = r.key->size();
    }
    if (r.value) {
        auto& v = add(RD_KAFKA_VTYPE_VALUE);
        v.u.mem.ptr = bytesPointer(*r.value);
        v.u.mem.size = r.value->size();
    }
    for (const auto& h : r.headers) {
        auto& hv = add(RD_KAFKA_VTYPE_HEADER);
        hv.u.header.name = h.name.c_str();
        hv.u.header.val = h.value ? bytesPointer(*h.value) : nullptr;
        hv.u.header.size = h.value ? static_cast<ssize_t>(h.value->size()) : -1;
    }
    rd_kafka_error_t* error = rd_kafka_produceva(rk, vu.data(), vu.size());
    if (error) {
        qWarning("produce: %s", rd_kafka_error_string(error));
        rd_kafka_error_destroy(error);
    }
}

} // namespace

class TestScanPositions : public QObject {
    Q_OBJECT
private:
    std::string m_bootstrap;
    std::string m_topic;
    std::string m_group;

    ScanRequest request() const
    {
        ScanRequest r;
        r.cluster.name = "it";
        r.cluster.bootstrapServers = { m_bootstrap };
        r.topic = m_topic;
        return r;
    }

    // Runs a scan; returns (partition, offset) of every row, in row order.
    static std::vector<std::pair<int, std::int64_t>> scan(
        const ScanRequest& r, ScanUpdate* result = nullptr, std::shared_ptr<RecordIndex>* indexOut = nullptr)
    {
        auto scanner = Scanner::create(r, nullptr);
        if (!scanner)
            qFatal("scanner: %s", scanner.error().message.c_str());
        const ScanUpdate update = (*scanner)->run();
        if (result)
            *result = update;
        std::vector<IndexEntry> entries;
        (*scanner)->index()->copyEntries(0, 1000, entries);
        std::vector<std::pair<int, std::int64_t>> out;
        for (const auto& e : entries)
            out.emplace_back(e.partition, e.offset);
        std::sort(out.begin(), out.end());
        if (indexOut)
            *indexOut = (*scanner)->index();
        return out;
    }

    static std::vector<std::pair<int, std::int64_t>> range(int partition, std::int64_t from, std::int64_t to)
    {
        std::vector<std::pair<int, std::int64_t>> out;
        for (std::int64_t o = from; o < to; ++o)
            out.emplace_back(partition, o);
        return out;
    }

    static std::vector<std::pair<int, std::int64_t>> join(
        std::vector<std::pair<int, std::int64_t>> a, const std::vector<std::pair<int, std::int64_t>>& b)
    {
        a.insert(a.end(), b.begin(), b.end());
        std::sort(a.begin(), a.end());
        return a;
    }

private slots:
    void initTestCase()
    {
        auto env = testing::stackEnvOrFail();
        m_bootstrap = env[QStringLiteral("SLUICE_KAFKA_BOOTSTRAP")].toStdString();
        m_topic = testing::uniqueName("it-scan-pos");
        m_group = testing::uniqueName("it-scan-group");
        auto producer = testing::makeClient(m_bootstrap, RD_KAFKA_PRODUCER, { { "enable.idempotence", "true" } });
        QCOMPARE(testing::createTopic(producer.get(), m_topic, 3, 1, testing::kKeepForever), std::string());
        for (std::int64_t i = 0; i < 20; ++i)
            produce(producer.get(), m_topic, recordFor(0, i));
        for (std::int64_t i = 0; i < 10; ++i)
            produce(producer.get(), m_topic, recordFor(1, i));
        QCOMPARE(rd_kafka_flush(producer.get(), 30000), RD_KAFKA_RESP_ERR_NO_ERROR);

        // The group commits offset 12 on partition 0 and nothing on partition 1.
        auto consumer = testing::makeClient(m_bootstrap, RD_KAFKA_CONSUMER, { { "group.id", m_group } });
        rd_kafka_topic_partition_list_t* offsets = rd_kafka_topic_partition_list_new(1);
        rd_kafka_topic_partition_list_add(offsets, m_topic.c_str(), 0)->offset = 12;
        QCOMPARE(rd_kafka_commit(consumer.get(), offsets, 0), RD_KAFKA_RESP_ERR_NO_ERROR);
        rd_kafka_topic_partition_list_destroy(offsets);
        rd_kafka_consumer_close(consumer.get());
    }

    void beginningReadsEverythingByteExact()
    {
        ScanUpdate result;
        std::shared_ptr<RecordIndex> index;
        const auto rows = scan(request(), &result, &index);
        QCOMPARE(result.state, ScanState::Finished);
        QCOMPARE(rows, join(range(0, 0, 20), range(1, 0, 10)));
        QCOMPARE(result.progress.partitions.size(), std::size_t { 3 });
        QVERIFY(result.progress.partitions[2].isDone); // empty: never fetched
        QCOMPARE(result.progress.partitions[2].recordsRead, std::uint64_t { 0 });
        for (int p = 0; p < 2; ++p) {
            for (std::int64_t i = 0; i < (p == 0 ? 20 : 10); ++i) {
                auto row = index->findRow(p, i);
                QVERIFY(row);
                auto record = index->fetch(*row);
                QVERIFY(record.hasValue());
                decode::Record expected = recordFor(p, i);
                expected.topic = m_topic;
                QVERIFY2(*record == expected, qPrintable(QStringLiteral("partition %1 offset %2").arg(p).arg(i)));
            }
        }
        const auto e9 = index->entry(*index->findRow(0, 9));
        QCOMPARE(e9->headerCount, std::uint16_t { 5 });
        QVERIFY(!e9->hasNullKey());
        QCOMPARE(e9->keySize, 0U);
        QVERIFY(index->entry(*index->findRow(0, 5))->hasNullKey());
        QVERIFY(index->entry(*index->findRow(0, 7))->hasNullValue());
        QVERIFY(!index->entry(*index->findRow(0, 6))->hasNullValue());
        const auto e8 = index->entry(*index->findRow(0, 8));
        QVERIFY(e8->isValueFramed());
        QCOMPARE(index->schemaIds(*e8).value.value_or(-1), 42);
        QVERIFY(!e8->isKeyFramed());
    }

    void endMinusN()
    {
        ScanRequest r = request();
        r.start = StartPosition::endMinus(3);
        QCOMPARE(scan(r), join(range(0, 17, 20), range(1, 7, 10)));
        r.start = StartPosition::endMinus(0);
        ScanUpdate result;
        QCOMPARE(scan(r, &result), (std::vector<std::pair<int, std::int64_t>> {}));
        QCOMPARE(result.state, ScanState::Finished);
    }

    void offsetWithOverrideAndNotes()
    {
        ScanRequest r = request();
        r.start = StartPosition::atOffset(15);
        r.startOverrides[1] = StartPosition::atOffset(2);
        ScanUpdate result;
        QCOMPARE(scan(r, &result), join(range(0, 15, 20), range(1, 2, 10)));
        // Partition 2 is empty: offset 15 is past its end, and the update says so.
        QCOMPARE(result.notes.size(), std::size_t { 1 });
        QVERIFY(result.notes[0].find("Partition 2") == 0);
    }

    void timestampStart()
    {
        ScanRequest r = request();
        r.start = StartPosition::atTimestamp(kBaseTs + 5500);
        QCOMPARE(scan(r), join(range(0, 6, 20), range(1, 6, 10)));
        r.start = StartPosition::atTimestamp(kBaseTs + 5000); // equal: included
        QCOMPARE(scan(r), join(range(0, 5, 20), range(1, 5, 10)));
        r.start = StartPosition::atTimestamp(kBaseTs + 10'000'000); // after everything
        QCOMPARE(scan(r), (std::vector<std::pair<int, std::int64_t>> {}));
    }

    void groupCommittedStart()
    {
        ScanRequest r = request();
        r.start = StartPosition::committedBy(m_group);
        ScanUpdate result;
        QCOMPARE(scan(r, &result), join(range(0, 12, 20), range(1, 0, 10)));
        QVERIFY(!result.notes.empty()); // partitions 1 and 2 fell back to the beginning
        r.start = StartPosition::committedBy(m_group, StartPosition::Kind::End);
        QCOMPARE(scan(r), range(0, 12, 20));
    }

    void stopAfterRecordsAndAtTimestamp()
    {
        ScanRequest r = request();
        r.partitions = { 0 };
        r.stop = StopCondition::afterRecords(4);
        ScanUpdate result;
        QCOMPARE(scan(r, &result), range(0, 0, 4));
        QCOMPARE(result.state, ScanState::Finished);

        r = request();
        r.stop.untilTimestampMs = kBaseTs + 3000;
        QCOMPARE(scan(r), join(range(0, 0, 4), range(1, 0, 4)));

        // A live tail with a stop time in the past ends once caught up.
        r.stop = StopCondition::atTimestamp(kBaseTs + 3000);
        QCOMPARE(scan(r, &result), join(range(0, 0, 4), range(1, 0, 4)));
        QCOMPARE(result.state, ScanState::Finished);
    }

    void partitionSelectionAndNotFound()
    {
        ScanRequest r = request();
        r.partitions = { 1 };
        QCOMPARE(scan(r), range(1, 0, 10));

        r.partitions = { 7 };
        ScanUpdate result;
        QVERIFY(scan(r, &result).empty());
        QCOMPARE(result.state, ScanState::Failed);
        QCOMPARE(result.error->kind, ErrorKind::NotFound);
        QVERIFY(result.error->message.find("Partition 7") != std::string::npos);

        r = request();
        r.topic = testing::uniqueName("it-no-such-topic");
        QVERIFY(scan(r, &result).empty());
        QCOMPARE(result.state, ScanState::Failed);
        QCOMPARE(result.error->kind, ErrorKind::NotFound);
        QVERIFY(result.error->message.find(r.topic) != std::string::npos);
    }

    void fetchFromBrokerWhenNotIndexed()
    {
        // Only partition 1 is indexed; partition 0's records come from the broker.
        ScanRequest r = request();
        r.predicate = makePredicate([](const decode::RecordView& record) { return record.partition == 1; });
        std::shared_ptr<RecordIndex> index;
        QCOMPARE(scan(r, nullptr, &index), range(1, 0, 10));

        config::ClusterConfig cluster;
        cluster.name = "it";
        cluster.bootstrapServers = { m_bootstrap };
        RecordFetcher fetcher(cluster, nullptr);
        for (std::int64_t i : { 0, 5, 6, 7, 8, 9, 19 }) {
            auto record = fetchRecord(*index, fetcher, 0, i);
            QVERIFY2(record.hasValue(), record ? "" : record.error().message.c_str());
            decode::Record expected = recordFor(0, i);
            expected.topic = m_topic;
            QVERIFY2(*record == expected, qPrintable(QStringLiteral("offset %1").arg(i)));
        }
        auto indexed = fetchRecord(*index, fetcher, 1, 3);
        QVERIFY(indexed.hasValue());
        QCOMPARE(indexed->offset, std::int64_t { 3 });

        auto pastEnd = fetcher.fetch(m_topic, 0, 20);
        QVERIFY(!pastEnd.hasValue());
        QCOMPARE(pastEnd.error().kind, ErrorKind::NotFound);
        auto farPastEnd = fetcher.fetch(m_topic, 0, 5000);
        QVERIFY(!farPastEnd.hasValue());
        QCOMPARE(farPastEnd.error().kind, ErrorKind::NotFound);
    }
};

QTEST_GUILESS_MAIN(TestScanPositions)
#include "test_scan_positions.moc"
