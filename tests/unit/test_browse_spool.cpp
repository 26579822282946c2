// SPDX-License-Identifier: Apache-2.0
// The payload spool gives back exactly what went in: binary keys with zero bytes, null
// versus empty keys, values and header values, duplicate header names in order, records
// larger than the write buffer, records on both sides of a segment boundary.
#include "browse/record_index.h"
#include "browse/spool.h"
#include "browse/spool_record.h"

#include <QTemporaryDir>
#include <QTest>
#include <random>

using namespace sluice;
using namespace sluice::browse;

namespace {

decode::Bytes bytesOf(std::initializer_list<int> values)
{
    decode::Bytes out;
    for (int v : values)
        out.push_back(static_cast<std::uint8_t>(v));
    return out;
}

decode::Bytes randomBytes(std::size_t size, std::uint32_t seed)
{
    std::mt19937 rng(seed);
    decode::Bytes out(size);
    for (auto& b : out)
        b = static_cast<std::uint8_t>(rng());
    return out;
}

decode::Record makeRecord(std::int32_t partition, std::int64_t offset)
{
    decode::Record r;
    r.topic = "t";
    r.partition = partition;
    r.offset = offset;
    r.timestamp = { 1700000000000 + offset, decode::TimestampType::CreateTime };
    return r;
}

} // namespace

class TestBrowseSpool : public QObject {
    Q_OBJECT
private:
    QTemporaryDir m_dir;

    std::shared_ptr<RecordIndex> makeIndex(
        std::uint64_t maxRows = 0, std::uint64_t segmentBytes = 256ULL << 20, std::size_t bufferBytes = 1U << 20)
    {
        RecordIndex::Options options;
        options.topic = "t";
        options.maxRows = maxRows;
        options.spool.directory = m_dir.path().toStdString();
        options.spool.segmentBytes = segmentBytes;
        options.spool.writeBufferBytes = bufferBytes;
        auto index = RecordIndex::create(options);
        if (!index)
            qFatal("index: %s", index.error().message.c_str());
        return *index;
    }

    static void append(RecordIndex& index, const decode::Record& record)
    {
        std::vector<decode::HeaderView> storage;
        auto status = index.append(record.view(storage));
        QVERIFY2(status.hasValue(), status ? "" : status.error().message.c_str());
    }

private slots:
    void initTestCase() { QVERIFY(m_dir.isValid()); }

    void roundTripIsByteExact()
    {
        auto index = makeIndex();
        std::vector<decode::Record> records;

        auto binary = makeRecord(0, 10);
        binary.key = bytesOf({ 0x00, 0x01, 0x00, 0xFF, 0x00 });
        binary.value = bytesOf({ 0x00, 0x00, 0x00, 0x00, 0x07, 'x', 0x00 });
        binary.headers = { { "dup", bytesOf({ 0x00 }) }, { "dup", decode::toBytes("second") }, { "", bytesOf({}) },
            { "nullv", std::nullopt }, { "dup", std::nullopt } };
        records.push_back(binary);

        auto nulls = makeRecord(1, 0);
        nulls.timestamp = { -1, decode::TimestampType::NotAvailable };
        records.push_back(nulls); // null key, null value, no headers

        auto empties = makeRecord(1, 1);
        empties.key = decode::Bytes {};
        empties.value = decode::Bytes {};
        empties.headers = { { "h", decode::Bytes {} } };
        empties.timestamp = { 42, decode::TimestampType::LogAppendTime };
        records.push_back(empties);

        auto nullKeyEmptyValue = makeRecord(2, 5);
        nullKeyEmptyValue.value = decode::Bytes {};
        records.push_back(nullKeyEmptyValue);

        auto big = makeRecord(3, 7); // larger than the 1 MiB write buffer, headers past the read guess
        big.key = randomBytes(3000, 1);
        big.value = randomBytes(3 << 20, 2);
        for (int i = 0; i < 100; ++i)
            big.headers.push_back(
                { "header-" + std::to_string(i % 7), randomBytes(static_cast<std::size_t>(i * 13), 3) });
        records.push_back(big);

        for (const auto& r : records)
            append(*index, r);
        QCOMPARE(index->rows(), (RowRange { 0, 0 })); // nothing visible before publish
        auto visible = index->publish();
        QVERIFY(visible.hasValue());
        QCOMPARE(*visible, (RowRange { 0, records.size() }));

        for (std::size_t row = 0; row < records.size(); ++row) {
            auto back = index->fetch(row);
            QVERIFY2(back.hasValue(), back ? "" : back.error().message.c_str());
            QVERIFY2(*back == records[row], qPrintable(QStringLiteral("row %1 differs").arg(row)));
        }

        const auto e0 = *index->entry(0);
        QCOMPARE(e0.keySize, 5U);
        QCOMPARE(e0.headerCount, std::uint16_t { 5 });
        QVERIFY(!e0.hasNullKey() && !e0.hasNullValue());
        QCOMPARE(e0.keyHash, keyHash32(*binary.key));
        const auto e1 = *index->entry(1);
        QVERIFY(e1.hasNullKey() && e1.hasNullValue());
        QCOMPARE(e1.timestampType(), decode::TimestampType::NotAvailable);
        const auto e2 = *index->entry(2);
        QVERIFY(!e2.hasNullKey() && !e2.hasNullValue());
        QCOMPARE(e2.keySize, 0U);
        QCOMPARE(e2.timestampType(), decode::TimestampType::LogAppendTime);
        const auto e3 = *index->entry(3);
        QVERIFY(e3.hasNullKey() && !e3.hasNullValue());
    }

    void schemaFramingIsIndexed()
    {
        auto index = makeIndex();
        auto framed = makeRecord(0, 0);
        framed.key = bytesOf({ 0x00, 0x00, 0x00, 0x00, 0x05, 'k' });
        framed.value = bytesOf({ 0x00, 0x00, 0x00, 0x01, 0x00, 'v' });
        auto valueOnly = makeRecord(0, 1);
        valueOnly.key = bytesOf({ 0x00, 0x00, 0x00, 0x00, 0x00 }); // schema id 0 is never issued
        valueOnly.value = bytesOf({ 0x00, 0x00, 0x00, 0x01, 0x00 });
        auto plain = makeRecord(0, 2);
        plain.value = decode::toBytes("{\"a\":1}");
        append(*index, framed);
        append(*index, valueOnly);
        append(*index, plain);
        QVERIFY(index->publish().hasValue());

        const auto e0 = *index->entry(0);
        QVERIFY(e0.isKeyFramed() && e0.isValueFramed());
        QCOMPARE(index->schemaIds(e0).key.value_or(-1), 5);
        QCOMPARE(index->schemaIds(e0).value.value_or(-1), 256);
        const auto e1 = *index->entry(1);
        QVERIFY(!e1.isKeyFramed() && e1.isValueFramed());
        QVERIFY(!index->schemaIds(e1).key);
        QCOMPARE(index->schemaIds(e1).value.value_or(-1), 256);
        const auto e2 = *index->entry(2);
        QCOMPARE(e2.schemaSlot, std::uint16_t { 0 });
        QVERIFY(!index->schemaIds(e2).value);
    }

    void recordsStayIntactAcrossSegments()
    {
        // 64 KiB segments and a 4 KiB buffer: records land on both sides of many boundaries,
        // and a 200 KiB record gets a segment of its own.
        auto index = makeIndex(0, 64 << 10, 4096);
        std::vector<decode::Record> records;
        for (int i = 0; i < 300; ++i) {
            auto r = makeRecord(i % 3, i / 3);
            r.key = randomBytes(static_cast<std::size_t>(i % 17), static_cast<std::uint32_t>(i));
            r.value = randomBytes(
                i == 150 ? 200 << 10 : static_cast<std::size_t>(i * 37 % 5000), static_cast<std::uint32_t>(i + 1000));
            if (i % 5 == 0)
                r.headers = { { "a", randomBytes(10, static_cast<std::uint32_t>(i)) }, { "a", std::nullopt } };
            records.push_back(r);
            append(*index, r);
        }
        QVERIFY(index->publish().hasValue());
        for (std::size_t row = 0; row < records.size(); ++row) {
            auto back = index->fetch(row);
            QVERIFY(back.hasValue());
            QVERIFY(*back == records[row]);
        }
        QVERIFY(index->memory().spoolBytesOnDisk > 300 << 10);
    }

    void spoolReadsStopAtSegmentEndAndRefuseDroppedBytes()
    {
        Spool::Options options;
        options.directory = m_dir.path().toStdString();
        options.segmentBytes = 8192;
        options.writeBufferBytes = 4096;
        auto spool = Spool::create(options);
        QVERIFY(spool.hasValue());
        auto& s = **spool;
        const auto a = randomBytes(6000, 7);
        const auto b = randomBytes(6000, 8);
        QCOMPARE(*s.beginRecord(a.size()), std::uint64_t { 0 });
        QVERIFY(s.append(a).hasValue());
        const auto posB = s.beginRecord(b.size());
        QCOMPARE(*posB, std::uint64_t { 6000 }); // does not fit the first segment: a new one starts here
        QVERIFY(s.append(b).hasValue());
        QVERIFY(s.flush().hasValue());

        decode::Bytes out(10000);
        auto got = s.read(0, out);
        QCOMPARE(*got, std::size_t { 6000 }); // stops at the end of the first segment
        QVERIFY(std::equal(a.begin(), a.end(), out.begin()));
        got = s.read(6000, out);
        QCOMPARE(*got, std::size_t { 6000 });
        QVERIFY(std::equal(b.begin(), b.end(), out.begin()));

        s.dropBefore(6000);
        QCOMPARE(s.bytesOnDisk(), std::uint64_t { 6000 });
        auto dropped = s.read(10, out);
        QVERIFY(!dropped.hasValue());
        QCOMPARE(dropped.error().kind, ErrorKind::NotFound);
        QVERIFY(s.read(6000, out).hasValue());
    }

    void decodeRejectsDamagedBytes()
    {
        IndexEntry entry {};
        entry.keySize = 4;
        entry.valueSize = 4;
        entry.headerCount = 1;
        const decode::Bytes shortBytes(6);
        QVERIFY(!decodeSpoolRecord(shortBytes, entry).hasValue());
        decode::Bytes noBlock(8 + 8);
        QVERIFY(!decodeSpoolRecord(noBlock, entry).hasValue()); // count 0 ≠ 1
    }

    void spoolInUnwritableFolderIsAnError()
    {
        Spool::Options options;
        options.directory = "/nonexistent/sluice-spool-test";
        auto spool = Spool::create(options);
        QVERIFY(!spool.hasValue());
        QCOMPARE(spool.error().kind, ErrorKind::Fatal);
        QVERIFY(spool.error().message.find("/nonexistent/sluice-spool-test") != std::string::npos);
    }
};

QTEST_APPLESS_MAIN(TestBrowseSpool)
#include "test_browse_spool.moc"
