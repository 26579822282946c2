// SPDX-License-Identifier: Apache-2.0
// JSON Lines export/import: byte-exact round trips (binary keys with 0x00, null vs empty,
// duplicate header names in order, non-UTF-8 everywhere), the golden file in
// tests/data/jsonl/, and clear errors for lines that are not records.
#include "decode/jsonl.h"

#include <QTest>

#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>

using namespace sluice;
using namespace sluice::decode;

namespace {

std::filesystem::path dataDir()
{
    return std::filesystem::path(qgetenv("SLUICE_TEST_DATA").toStdString()) / "jsonl";
}

std::string readFile(const std::filesystem::path& path)
{
    std::ifstream in(path, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

// The records of tests/data/jsonl/records.jsonl, built by hand.
std::vector<Record> goldenRecords()
{
    std::vector<Record> out;
    Record plain;
    plain.topic = "orders";
    plain.partition = 0;
    plain.offset = 0;
    plain.timestamp = {1'767'225'600'000, TimestampType::CreateTime};
    plain.key = toBytes("order-1");
    plain.value = toBytes("{\"id\":1,\"note\":\"caf\xC3\xA9\"}");
    plain.headers = {{"source", toBytes("web")}};
    out.push_back(plain);

    Record binary;
    binary.topic = "orders";
    binary.partition = 2;
    binary.offset = 9'007'199'254'740'993; // beyond double precision
    binary.timestamp = {1'767'225'600'001, TimestampType::LogAppendTime};
    binary.key = Bytes{0x00, 0x00, 0x00, 0x00, 0x07, 0x00, 0xFF}; // framed, with NULs
    binary.value = Bytes{0x00, 0x00, 0x00, 0x00, 0x07, 0x02, 0x41, 0xC3}; // ends mid-sequence
    binary.headers = {{"trace", toBytes("a")}, {"trace", toBytes("b")}, {"bin", Bytes{0xFE, 0x00}},
                      {"nothing", std::nullopt}, {"empty", Bytes{}}};
    out.push_back(binary);

    Record nulls;
    nulls.topic = "orders";
    nulls.partition = 1;
    nulls.offset = 5;
    nulls.key = std::nullopt;   // null key
    nulls.value = Bytes{};      // empty value, not null
    out.push_back(nulls);

    Record tombstone;
    tombstone.topic = "orders";
    tombstone.partition = 1;
    tombstone.offset = 6;
    tombstone.timestamp = {1'767'225'600'002, TimestampType::CreateTime};
    tombstone.key = Bytes{};          // empty key, not null
    tombstone.value = std::nullopt;   // tombstone
    tombstone.headers = {{"quote\"and\\slash\n", toBytes("line\nbreak\ttab\x01")}};
    out.push_back(tombstone);
    return out;
}

std::string exportAll(const std::vector<Record>& records)
{
    std::ostringstream out;
    JsonlWriter writer(out);
    std::vector<HeaderView> headers;
    for (const auto& r : records) {
        if (!writer.write(r.view(headers)))
            return "write failed";
    }
    return out.str();
}

std::vector<Record> importAll(const std::string& text, std::string* error = nullptr)
{
    std::istringstream in(text);
    JsonlReader reader(in);
    std::vector<Record> out;
    while (true) {
        auto next = reader.next();
        if (!next) {
            if (error)
                *error = next.error().message;
            return out;
        }
        if (!next->has_value())
            return out;
        out.push_back(std::move(**next));
    }
}

Record randomRecord(std::mt19937& rng)
{
    auto randomBytes = [&](std::size_t maxLength) {
        std::uniform_int_distribution<std::size_t> length(0, maxLength);
        std::uniform_int_distribution<int> byte(0, 255);
        std::uniform_int_distribution<int> asciiOnly(0, 1);
        Bytes out(length(rng));
        const bool ascii = asciiOnly(rng) == 1;
        for (auto& b : out)
            b = static_cast<std::uint8_t>(ascii ? byte(rng) % 128 : byte(rng));
        return out;
    };
    auto maybe = [&](std::size_t maxLength) -> std::optional<Bytes> {
        if (std::uniform_int_distribution<int>(0, 4)(rng) == 0)
            return std::nullopt;
        return randomBytes(maxLength);
    };
    Record r;
    const Bytes topic = randomBytes(12);
    r.topic.assign(topic.begin(), topic.end());
    r.partition = std::uniform_int_distribution<std::int32_t>(-1, 1000)(rng);
    r.offset = std::uniform_int_distribution<std::int64_t>(-1, std::numeric_limits<std::int64_t>::max())(rng);
    r.timestamp = {std::uniform_int_distribution<std::int64_t>(-1, 4'000'000'000'000)(rng),
                   static_cast<TimestampType>(std::uniform_int_distribution<int>(0, 2)(rng))};
    r.key = maybe(40);
    r.value = maybe(300);
    const int headerCount = std::uniform_int_distribution<int>(0, 5)(rng);
    for (int i = 0; i < headerCount; ++i) {
        const Bytes name = randomBytes(6);
        r.headers.push_back({std::string(name.begin(), name.end()), maybe(20)});
    }
    return r;
}

} // namespace

class TestJsonlRoundtrip : public QObject {
    Q_OBJECT
private slots:
    void exportMatchesGoldenFile()
    {
        const std::string golden = readFile(dataDir() / "records.jsonl");
        QVERIFY(!golden.empty());
        QCOMPARE(exportAll(goldenRecords()), golden);
    }

    void goldenFileImportsByteExact()
    {
        std::string error;
        const auto records = importAll(readFile(dataDir() / "records.jsonl"), &error);
        QCOMPARE(error, std::string());
        const auto expected = goldenRecords();
        QCOMPARE(records.size(), expected.size());
        for (std::size_t i = 0; i < records.size(); ++i)
            QVERIFY2(records[i] == expected[i], ("record " + std::to_string(i)).c_str());
        // The details that matter most, spelled out.
        QVERIFY(!records[2].key.has_value());
        QVERIFY(records[2].value.has_value() && records[2].value->empty());
        QVERIFY(records[3].key.has_value() && records[3].key->empty());
        QVERIFY(!records[3].value.has_value());
        QCOMPARE(records[1].headers[0].name, std::string("trace"));
        QCOMPARE(records[1].headers[1].name, std::string("trace"));
        QCOMPARE(records[1].key->size(), std::size_t{7});
    }

    void bytesEncoding()
    {
        Record r;
        r.topic = "t";
        r.key = toBytes("text");
        r.value = Bytes{0xFF};
        std::vector<HeaderView> headers;
        const std::string line = toJsonLine(r.view(headers));
        QVERIFY(line.find("\"key\":\"text\"") != std::string::npos);
        QVERIFY(line.find("\"value\":{\"base64\":\"/w==\"}") != std::string::npos);
        QVERIFY(line.find('\n') == std::string::npos);
    }

    void randomRecordsRoundTrip()
    {
        std::mt19937 rng(20261122);
        std::vector<Record> records;
        for (int i = 0; i < 500; ++i)
            records.push_back(randomRecord(rng));
        std::string error;
        const auto back = importAll(exportAll(records), &error);
        QCOMPARE(error, std::string());
        QCOMPARE(back.size(), records.size());
        for (std::size_t i = 0; i < back.size(); ++i)
            QVERIFY2(back[i] == records[i], ("random record " + std::to_string(i)).c_str());
    }

    void importToleratesOtherShapes()
    {
        // Members in another order, unknown members, blank lines, CRLF, missing key/value/headers.
        const std::string text = "\r\n{\"value\":\"v\",\"extra\":{\"x\":[1,2]},\"offset\":3,\"topic\":\"t\"}\r\n\n"
                                 "{\"topic\":\"t\",\"partition\":1,\"offset\":4,\"key\":{\"base64\":\"AAE\"},"
                                 "\"headers\":null}\n";
        std::string error;
        const auto records = importAll(text, &error);
        QCOMPARE(error, std::string());
        QCOMPARE(records.size(), std::size_t{2});
        QCOMPARE(records[0].offset, std::int64_t{3});
        QVERIFY(!records[0].key.has_value());
        QVERIFY(records[0].headers.empty());
        QVERIFY(records[1].key == (Bytes{0x00, 0x01})); // unpadded base64 accepted
    }

    void importErrorsNameTheLine_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("message");
        const auto row = [](const char* name, const char* text, const char* message) {
            QTest::newRow(name) << QString::fromUtf8(text) << QString::fromUtf8(message);
        };
        row("not json", "{\"topic\":\"t\"}\nnope\n", "Line 2: Not a record line at byte 0: expected '{'");
        row("truncated", "{\"topic\":\"t\",\"key\":\"a", "Line 1: Not a record line at byte 21: expected the closing '\"'");
        row("bad base64", "{\"key\":{\"base64\":\"@@@@\"}}", "Line 1: Not a record line: \"key\" holds invalid base64");
        row("bad object", "{\"key\":{\"hex\":\"00\"}}", "Line 1: Not a record line: \"key\" may only hold \"base64\" in its object form");
        row("number as bytes", "{\"value\":5}", "Line 1: Not a record line: \"value\" must be a string, {\"base64\": ...} or null");
        row("partition range", "{\"partition\":3000000000}", "Line 1: Not a record line: \"partition\" is out of range or not an integer");
        row("fractional offset", "{\"offset\":1.5}", "Line 1: Not a record line: \"offset\" is out of range or not an integer");
        row("header without name", "{\"headers\":[{\"value\":\"x\"}]}", "Line 1: Not a record line: \"headers[]\" needs a \"name\"");
        row("bad type", "{\"timestampType\":\"Sometime\"}", "Line 1: Not a record line: \"timestampType\" must be NotAvailable, CreateTime or LogAppendTime");
        row("trailing", "{\"topic\":\"t\"} x", "Line 1: Not a record line at byte 14: nothing after the object");
    }

    void importErrorsNameTheLine()
    {
        QFETCH(QString, text);
        QFETCH(QString, message);
        std::string error;
        importAll(text.toStdString(), &error);
        QCOMPARE(QString::fromStdString(error), message);
    }
};

QTEST_APPLESS_MAIN(TestJsonlRoundtrip)
#include "test_jsonl_roundtrip.moc"
