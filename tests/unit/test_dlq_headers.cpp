// SPDX-License-Identifier: Apache-2.0
// Dead-letter header decoding: Kafka Connect (decimal text, -1/empty unknown), Spring
// (big-endian int/long, wrong lengths reported per field), custom mappings, duplicates
// (the last header wins) and convention detection by topic name and by headers.
#include "dlq/convention_detector.h"
#include "dlq/header_decoding.h"

#include <QTest>

using namespace sluice;
using namespace sluice::dlq;

namespace {

// Owns header names and values; hands out views.
class HeaderList {
public:
    HeaderList& text(std::string name, std::string_view value)
    {
        m_headers.push_back({std::move(name), decode::toBytes(value)});
        return *this;
    }
    HeaderList& raw(std::string name, decode::Bytes value)
    {
        m_headers.push_back({std::move(name), std::move(value)});
        return *this;
    }
    HeaderList& null(std::string name)
    {
        m_headers.push_back({std::move(name), std::nullopt});
        return *this;
    }
    Headers views()
    {
        m_views.clear();
        for (const auto& h : m_headers)
            m_views.push_back({h.name, h.value ? std::optional<decode::ByteView>(*h.value) : std::nullopt});
        return m_views;
    }

private:
    std::vector<decode::Header> m_headers;
    std::vector<decode::HeaderView> m_views;
};

decode::Bytes int32be(std::int32_t v)
{
    const auto u = static_cast<std::uint32_t>(v);
    return {static_cast<std::uint8_t>(u >> 24U), static_cast<std::uint8_t>(u >> 16U), static_cast<std::uint8_t>(u >> 8U),
            static_cast<std::uint8_t>(u)};
}

decode::Bytes int64be(std::int64_t v)
{
    const auto u = static_cast<std::uint64_t>(v);
    decode::Bytes out;
    for (int shift = 56; shift >= 0; shift -= 8)
        out.push_back(static_cast<std::uint8_t>(u >> static_cast<unsigned>(shift)));
    return out;
}

HeaderList connectHeaders()
{
    HeaderList h;
    h.text("__connect.errors.topic", "orders")
        .text("__connect.errors.partition", "2")
        .text("__connect.errors.offset", "81723")
        .text("__connect.errors.connector.name", "orders-sink")
        .text("__connect.errors.task.id", "0")
        .text("__connect.errors.stage", "VALUE_CONVERTER")
        .text("__connect.errors.class.name", "org.apache.kafka.connect.json.JsonConverter")
        .text("__connect.errors.exception.class.name", "org.apache.kafka.connect.errors.DataException")
        .text("__connect.errors.exception.message", "Converting byte[] to Kafka Connect data failed")
        .text("__connect.errors.exception.stacktrace", "org.apache.kafka.connect.errors.DataException: …\n\tat x")
        .text("other", "kept out");
    return h;
}

} // namespace

class TestDlqHeaders : public QObject {
    Q_OBJECT
private slots:
    void connectAllFields()
    {
        auto h = connectHeaders();
        const DeadLetterInfo info = decodeConnectHeaders(h.views());
        QVERIFY(info.convention == Convention::KafkaConnect);
        QCOMPARE(info.originalTopic.value(), std::string("orders"));
        QCOMPARE(info.originalPartition.value(), 2);
        QCOMPARE(info.originalOffset.value(), std::int64_t{81723});
        QCOMPARE(info.connectorName.value(), std::string("orders-sink"));
        QCOMPARE(info.taskId.value(), 0);
        QCOMPARE(info.stage.value(), std::string("VALUE_CONVERTER"));
        QCOMPARE(info.className.value(), std::string("org.apache.kafka.connect.json.JsonConverter"));
        QCOMPARE(info.exceptionClass.value(), std::string("org.apache.kafka.connect.errors.DataException"));
        QCOMPARE(info.exceptionMessage.value(), std::string("Converting byte[] to Kafka Connect data failed"));
        QVERIFY(info.stackTrace->starts_with("org.apache.kafka.connect.errors.DataException"));
        QVERIFY(!info.originalTimestampMs && !info.originalConsumerGroup);
        QVERIFY(info.problems.empty());
        QVERIFY(info.hasOriginalCoordinates());
        QCOMPARE(info.originalTopicPartition()->partition, 2);
    }

    void connectUnknownCoordinates()
    {
        HeaderList h;
        h.text("__connect.errors.topic", "orders")
            .text("__connect.errors.partition", "-1")
            .text("__connect.errors.offset", "")
            .text("__connect.errors.task.id", " 3 ")
            .null("__connect.errors.stage");
        const DeadLetterInfo info = decodeConnectHeaders(h.views());
        QVERIFY(!info.originalPartition);
        QVERIFY(!info.originalOffset);
        QVERIFY(!info.stage);
        QCOMPARE(info.taskId.value(), 3);
        QVERIFY(info.problems.empty());
        QVERIFY(!info.hasOriginalCoordinates()); // "say clearly when they are not"
    }

    void connectBadNumbersAreProblems()
    {
        HeaderList h;
        h.text("__connect.errors.partition", "two")
            .text("__connect.errors.offset", "-7")
            .text("__connect.errors.task.id", "99999999999")
            .raw("__connect.errors.exception.message", decode::Bytes{'b', 'a', 0xFF, 'd'});
        const DeadLetterInfo info = decodeConnectHeaders(h.views());
        QVERIFY(!info.originalPartition && !info.originalOffset && !info.taskId);
        QCOMPARE(info.problems.size(), std::size_t{4});
        QVERIFY(info.problems[0].field == DeadLetterField::OriginalPartition);
        QVERIFY(info.problems[0].message.find("decimal") != std::string::npos);
        QCOMPARE(info.problems[0].headerName, std::string("__connect.errors.partition"));
        QVERIFY(info.problems[1].message.find("negative") != std::string::npos);
        QVERIFY(info.problems[2].message.find("32-bit") != std::string::npos);
        QCOMPARE(info.exceptionMessage.value(), std::string("ba\xEF\xBF\xBD" "d")); // U+FFFD
        QVERIFY(info.problems[3].message.find("UTF-8") != std::string::npos);
    }

    void duplicateHeadersLastWins()
    {
        auto h = connectHeaders();
        h.text("__connect.errors.exception.message", "second");
        QCOMPARE(decodeConnectHeaders(h.views()).exceptionMessage.value(), std::string("second"));
        QCOMPARE(std::string(decode::asChars(*lastHeader(h.views(), "__connect.errors.exception.message")->value)),
                 std::string("second"));
        QVERIFY(lastHeader(h.views(), "absent") == nullptr);
    }

    void springBinaryFields()
    {
        HeaderList h;
        h.text("kafka_dlt-original-topic", "payments")
            .raw("kafka_dlt-original-partition", int32be(7))
            .raw("kafka_dlt-original-offset", int64be(5'000'000'123LL))
            .raw("kafka_dlt-original-timestamp", int64be(1'790'000'000'000LL))
            .text("kafka_dlt-original-consumer-group", "payments-app")
            .text("kafka_dlt-exception-fqcn", "org.springframework.kafka.listener.ListenerExecutionFailedException")
            .text("kafka_dlt-exception-cause-fqcn", "java.lang.IllegalStateException")
            .text("kafka_dlt-exception-message", "Listener failed; amount must be positive")
            .text("kafka_dlt-exception-stacktrace", "trace");
        const DeadLetterInfo info = decodeSpringHeaders(h.views());
        QVERIFY(info.convention == Convention::Spring);
        QCOMPARE(info.originalTopic.value(), std::string("payments"));
        QCOMPARE(info.originalPartition.value(), 7);
        QCOMPARE(info.originalOffset.value(), std::int64_t{5'000'000'123LL});
        QCOMPARE(info.originalTimestampMs.value(), std::int64_t{1'790'000'000'000LL});
        QCOMPARE(info.originalConsumerGroup.value(), std::string("payments-app"));
        QCOMPARE(info.exceptionCauseClass.value(), std::string("java.lang.IllegalStateException"));
        QCOMPARE(info.stackTrace.value(), std::string("trace"));
        QVERIFY(info.problems.empty());
        QVERIFY(info.hasOriginalCoordinates());
    }

    void springWrongLengthsAreProblemsPerField()
    {
        HeaderList h;
        h.text("kafka_dlt-original-topic", "payments")
            .raw("kafka_dlt-original-partition", decode::Bytes{0, 0, 7})
            .raw("kafka_dlt-original-offset", int32be(12))
            .raw("kafka_dlt-original-timestamp", decode::Bytes{})
            .text("kafka_dlt-exception-message", "still read");
        const DeadLetterInfo info = decodeSpringHeaders(h.views());
        QCOMPARE(info.originalTopic.value(), std::string("payments"));
        QVERIFY(!info.originalPartition && !info.originalOffset && !info.originalTimestampMs);
        QCOMPARE(info.exceptionMessage.value(), std::string("still read"));
        QCOMPARE(info.problems.size(), std::size_t{3});
        QCOMPARE(info.problems[0].message, std::string("expected 4 bytes (big-endian int), got 3"));
        QCOMPARE(info.problems[1].message, std::string("expected 8 bytes (big-endian long), got 4"));
        QCOMPARE(info.problems[2].message, std::string("expected 8 bytes (big-endian long), got 0"));
        QVERIFY(info.problems[1].field == DeadLetterField::OriginalOffset);
    }

    void springNegativePartitionAndKeyException()
    {
        HeaderList h;
        h.raw("kafka_dlt-original-partition", int32be(-1))
            .raw("kafka_dlt-original-offset", int64be(-5))
            .text("kafka_dlt-key-exception-fqcn", "org.apache.kafka.common.errors.SerializationException")
            .text("kafka_dlt-key-exception-message", "bad key");
        const DeadLetterInfo info = decodeSpringHeaders(h.views());
        QVERIFY(!info.originalPartition);
        QVERIFY(!info.originalOffset);
        QCOMPARE(info.problems.size(), std::size_t{1});
        QCOMPARE(info.exceptionClass.value(), std::string("org.apache.kafka.common.errors.SerializationException"));
        QCOMPARE(info.exceptionMessage.value(), std::string("bad key"));
    }

    void customMappings()
    {
        const std::vector<HeaderMapping> mappings{
            {"x-original-topic", DeadLetterField::OriginalTopic, HeaderEncoding::Utf8Text},
            {"x-original-partition", DeadLetterField::OriginalPartition, HeaderEncoding::Utf8Text},
            {"x-original-offset", DeadLetterField::OriginalOffset, HeaderEncoding::Int64BigEndian},
            {"x-ts", DeadLetterField::OriginalTimestamp, HeaderEncoding::Int64BigEndian},
            {"x-task", DeadLetterField::TaskId, HeaderEncoding::Int32BigEndian},
            {"x-error", DeadLetterField::ExceptionClass, HeaderEncoding::Utf8Text},
            {"x-code", DeadLetterField::Stage, HeaderEncoding::Int32BigEndian},
        };
        HeaderList h;
        h.text("x-original-topic", "billing")
            .text("x-original-partition", "4")
            .raw("x-original-offset", int64be(99))
            .raw("x-ts", decode::Bytes{1, 2})
            .raw("x-task", int32be(12))
            .text("x-error", "com.acme.BillingRejected")
            .raw("x-code", int32be(503));
        const DeadLetterInfo info = decodeMappedHeaders(h.views(), mappings, "billing");
        QVERIFY(info.convention == Convention::Custom);
        QCOMPARE(info.conventionName, std::string("billing"));
        QCOMPARE(info.originalTopic.value(), std::string("billing"));
        QCOMPARE(info.originalPartition.value(), 4);
        QCOMPARE(info.originalOffset.value(), std::int64_t{99});
        QCOMPARE(info.taskId.value(), 12);
        QCOMPARE(info.stage.value(), std::string("503")); // a number for a text field, as text
        QCOMPARE(info.exceptionClass.value(), std::string("com.acme.BillingRejected"));
        QVERIFY(!info.originalTimestampMs);
        QCOMPARE(info.problems.size(), std::size_t{1});
        QVERIFY(info.problems[0].field == DeadLetterField::OriginalTimestamp);
    }

    void originalCoordinatesOnly()
    {
        // What a replay decodes per record: topic and partition, last header wins, nothing else.
        HeaderList connect;
        connect.text("__connect.errors.topic", "orders")
            .text("__connect.errors.partition", "2")
            .text("__connect.errors.partition", "5")
            .text("__connect.errors.exception.stacktrace", "java.lang.RuntimeException\n\tat x");
        const DeadLetterInfo c = decodeOriginalCoordinates(connect.views());
        QCOMPARE(c.convention, Convention::KafkaConnect);
        QCOMPARE(c.originalTopic.value_or(""), std::string("orders"));
        QCOMPARE(c.originalPartition.value_or(-9), 5);
        QVERIFY(!c.stackTrace);
        QVERIFY(!c.originalOffset);

        HeaderList spring;
        spring.text("kafka_dlt-original-topic", "payments").raw("kafka_dlt-original-partition", int32be(7));
        const DeadLetterInfo s = decodeOriginalCoordinates(spring.views());
        QCOMPARE(s.convention, Convention::Spring);
        QCOMPARE(s.originalTopic.value_or(""), std::string("payments"));
        QCOMPARE(s.originalPartition.value_or(-9), 7);

        HeaderList none;
        none.text("__connect.errors.exception.class.name", "DataException").text("trace", "abc");
        const DeadLetterInfo n = decodeOriginalCoordinates(none.views());
        QCOMPARE(n.convention, Convention::None);
        QVERIFY(!n.originalTopic && !n.originalPartition);
    }

    void fieldAndEncodingNames()
    {
        for (int i = 0; i <= static_cast<int>(DeadLetterField::StackTrace); ++i) {
            const auto field = static_cast<DeadLetterField>(i);
            QVERIFY(deadLetterFieldFromName(nameOf(field)) == field);
        }
        QVERIFY(!deadLetterFieldFromName("nope"));
        QVERIFY(headerEncodingFromName("int64be") == HeaderEncoding::Int64BigEndian);
        QVERIFY(!headerEncodingFromName("int16be"));
    }

    void detectionByName()
    {
        const DeadLetterConventions conventions;
        const auto spring = conventions.classifyByName("payments.DLT");
        QVERIFY(spring.isDeadLetterTopic && spring.convention == Convention::Spring);
        QVERIFY(spring.evidence == Evidence::TopicName);
        QCOMPARE(spring.sourceTopic.value(), std::string("payments"));
        QVERIFY(conventions.classifyByName("payments-dlt").convention == Convention::Spring);
        for (const char* name : {"orders.dlq", "orders-DLQ", "orders_dlq", "dlq-orders", "DLQ.orders", "orders.deadletter",
                                 "orders-dead-letter"}) {
            const auto c = conventions.classifyByName(name);
            QVERIFY2(c.isDeadLetterTopic && c.convention == Convention::None, name);
            QCOMPARE(c.sourceTopic.value(), std::string("orders"));
        }
        for (const char* name : {"orders", "dlq", ".dlq", "orders.dlqx", "DLT", "orders.dlt.archive"})
            QVERIFY2(!conventions.classifyByName(name).isDeadLetterTopic, name);
    }

    void detectionByHeadersAndConfiguration()
    {
        DeadLetterConventions conventions({CustomConvention{
            "billing", {"billing.*.dead", "legacy-errors"}, {{"x-original-topic", DeadLetterField::OriginalTopic, HeaderEncoding::Utf8Text}}}});
        auto connect = connectHeaders();
        HeaderList plain;
        plain.text("trace", "1");
        HeaderList spring;
        spring.text("kafka_dlt-original-topic", "p");

        // Headers outvote the name; the most common convention wins.
        const std::vector<Headers> sample{connect.views(), plain.views(), spring.views()};
        std::vector<Headers> sample2{connect.views(), connect.views(), spring.views()};
        auto byHeaders = conventions.classify("weird-name", sample2);
        QVERIFY(byHeaders.isDeadLetterTopic && byHeaders.convention == Convention::KafkaConnect);
        QVERIFY(byHeaders.evidence == Evidence::HeaderSample);
        const std::vector<Headers> nothing{plain.views()};
        QVERIFY(!conventions.classify("orders", nothing).isDeadLetterTopic);
        QVERIFY(conventions.classify("orders.DLT", nothing).convention == Convention::Spring);

        // Configuration beats everything.
        const auto configured = conventions.classify("billing.eu.dead", sample);
        QVERIFY(configured.convention == Convention::Custom && configured.evidence == Evidence::Configured);
        QCOMPARE(configured.conventionName, std::string("billing"));
        QVERIFY(conventions.customFor("legacy-errors") != nullptr);
        QVERIFY(conventions.customFor("billing.dead") == nullptr);

        // decode() follows the same order.
        HeaderList custom;
        custom.text("x-original-topic", "invoices").text("__connect.errors.topic", "ignored");
        QCOMPARE(conventions.decode("billing.eu.dead", custom.views()).originalTopic.value(), std::string("invoices"));
        QCOMPARE(conventions.decode("elsewhere", custom.views()).originalTopic.value(), std::string("ignored"));
        QVERIFY(conventions.decode("orders", plain.views()).convention == Convention::None);
        QVERIFY(conventions.decode("orders", plain.views()).isEmpty());
        QCOMPARE(conventions.decode("orders", connect.views()).connectorName.value(), std::string("orders-sink"));
    }
};

QTEST_APPLESS_MAIN(TestDlqHeaders)
#include "test_dlq_headers.moc"
