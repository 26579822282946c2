// SPDX-License-Identifier: Apache-2.0
// Golden dead letters: the records of tests/data/dlq/*.jsonl decoded with
// DeadLetterConventions must read exactly as NAME.expected says, and their message-pattern
// group keys as groups.expected (see tests/data/dlq/README.md).
#include "decode/jsonl.h"
#include "dlq/convention_detector.h"
#include "dlq/grouping.h"

#include <QTest>

#include <filesystem>
#include <fstream>
#include <sstream>

using namespace sluice;
using namespace sluice::dlq;

namespace {

std::filesystem::path dataDir()
{
    return std::filesystem::path(qgetenv("SLUICE_TEST_DATA").toStdString()) / "dlq";
}

std::vector<std::string> readLines(const std::filesystem::path& path)
{
    std::ifstream in(path, std::ios::binary);
    std::vector<std::string> lines;
    std::string line;
    while (std::getline(in, line))
        lines.push_back(line);
    return lines;
}

std::vector<decode::Record> readRecords(const std::filesystem::path& path)
{
    std::ifstream in(path, std::ios::binary);
    decode::JsonlReader reader(in);
    std::vector<decode::Record> out;
    while (true) {
        auto next = reader.next();
        if (!next) {
            qWarning("%s: %s", path.string().c_str(), next.error().message.c_str());
            return out;
        }
        if (!next->has_value())
            return out;
        out.push_back(std::move(**next));
    }
}

template <typename T>
std::string show(const std::optional<T>& value)
{
    if (!value)
        return "-";
    if constexpr (std::is_same_v<T, std::string>)
        return *value;
    else
        return std::to_string(*value);
}

std::string quoted(const std::optional<std::string>& value)
{
    return value ? "\"" + *value + "\"" : "-";
}

std::string render(const decode::Record& record, const DeadLetterInfo& info)
{
    std::ostringstream out;
    std::optional<std::string> traceLine;
    if (info.stackTrace)
        traceLine = info.stackTrace->substr(0, info.stackTrace->find('\n'));
    out << record.topic << '/' << record.partition << '@' << record.offset << " convention=" << nameOf(info.convention)
        << " topic=" << show(info.originalTopic) << " partition=" << show(info.originalPartition)
        << " offset=" << show(info.originalOffset) << " timestamp=" << show(info.originalTimestampMs)
        << " group=" << show(info.originalConsumerGroup) << " connector=" << show(info.connectorName)
        << " task=" << show(info.taskId) << " stage=" << show(info.stage) << " class=" << show(info.className)
        << " exception=" << show(info.exceptionClass) << " cause=" << show(info.exceptionCauseClass)
        << " message=" << quoted(info.exceptionMessage) << " trace=" << quoted(traceLine)
        << " coordinates=" << (info.hasOriginalCoordinates() ? "yes" : "no") << " problems=[";
    for (std::size_t i = 0; i < info.problems.size(); ++i)
        out << (i ? "; " : "") << nameOf(info.problems[i].field) << ": " << info.problems[i].message;
    out << ']';
    return out.str();
}

DeadLetterConventions conventions()
{
    return DeadLetterConventions({CustomConvention{
        "billing",
        {"billing.*.dead"},
        {{"x-original-topic", DeadLetterField::OriginalTopic, HeaderEncoding::Utf8Text},
         {"x-original-partition", DeadLetterField::OriginalPartition, HeaderEncoding::Utf8Text},
         {"x-original-offset", DeadLetterField::OriginalOffset, HeaderEncoding::Int64BigEndian},
         {"x-error-class", DeadLetterField::ExceptionClass, HeaderEncoding::Utf8Text},
         {"x-error", DeadLetterField::ExceptionMessage, HeaderEncoding::Utf8Text}}}});
}

} // namespace

class TestDlqGolden : public QObject {
    Q_OBJECT
private slots:
    void decodedAsExpected_data()
    {
        QTest::addColumn<QString>("name");
        QTest::newRow("connect") << QStringLiteral("connect");
        QTest::newRow("spring") << QStringLiteral("spring");
        QTest::newRow("custom") << QStringLiteral("custom");
    }

    void decodedAsExpected()
    {
        QFETCH(QString, name);
        const auto records = readRecords(dataDir() / (name.toStdString() + ".jsonl"));
        const auto expected = readLines(dataDir() / (name.toStdString() + ".expected"));
        QVERIFY(!records.empty());
        QCOMPARE(records.size(), expected.size());
        const DeadLetterConventions known = conventions();
        std::vector<decode::HeaderView> headers;
        for (std::size_t i = 0; i < records.size(); ++i) {
            const auto view = records[i].view(headers);
            QCOMPARE(QString::fromStdString(render(records[i], known.decode(view.topic, view.headers))),
                     QString::fromStdString(expected[i]));
        }
    }

    void topicsClassifiedFromTheirRecords()
    {
        const DeadLetterConventions known = conventions();
        for (const char* name : {"connect", "spring", "custom"}) {
            const auto records = readRecords(dataDir() / (std::string(name) + ".jsonl"));
            std::vector<std::vector<decode::HeaderView>> storage(records.size());
            std::vector<Headers> sample;
            for (std::size_t i = 0; i < records.size(); ++i)
                sample.push_back(records[i].view(storage[i]).headers);
            const auto classification = known.classify(records.front().topic, sample);
            QVERIFY2(classification.isDeadLetterTopic, name);
            QCOMPARE(classification.conventionName, std::string(name == std::string("connect") ? "kafka-connect" : name == std::string("spring") ? "spring" : "billing"));
        }
    }

    void messagePatternGroups()
    {
        const DeadLetterConventions known = conventions();
        std::vector<std::string> keys;
        std::vector<decode::HeaderView> headers;
        for (const char* name : {"connect", "spring", "custom"}) {
            for (const auto& record : readRecords(dataDir() / (std::string(name) + ".jsonl"))) {
                const auto view = record.view(headers);
                keys.push_back("\"" + groupKey(known.decode(view.topic, view.headers), GroupBy::MessagePattern) + "\"");
            }
        }
        const auto expected = readLines(dataDir() / "groups.expected");
        QCOMPARE(keys.size(), expected.size());
        for (std::size_t i = 0; i < keys.size(); ++i)
            QCOMPARE(QString::fromStdString(keys[i]), QString::fromStdString(expected[i]));
    }
};

QTEST_APPLESS_MAIN(TestDlqGolden)
#include "test_dlq_golden.moc"
