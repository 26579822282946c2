// SPDX-License-Identifier: Apache-2.0
// A 20 MB record (topic max.message.bytes and producer message.max.bytes raised) scans
// into the index and reads back byte-exact from the spool and from the broker, next to
// small records on both sides of it.
#include "browse/record_fetcher.h"
#include "browse/scanner.h"
#include "support/qtest_printers.h"
#include "support/stack_env.h"

#include <QElapsedTimer>
#include <QTest>
#include <array>
#include <cstring>
#include <random>

using namespace sluice;
using namespace sluice::browse;

namespace {

constexpr std::size_t kBigBytes = 20U << 20;

std::string createTopicWithMaxMessageBytes(rd_kafka_t* rk, const std::string& name, const std::string& maxBytes)
{
    std::array<char, 512> err {};
    rd_kafka_NewTopic_t* topic = rd_kafka_NewTopic_new(name.c_str(), 1, 1, err.data(), err.size());
    rd_kafka_NewTopic_set_config(topic, "max.message.bytes", maxBytes.c_str());
    rd_kafka_queue_t* queue = rd_kafka_queue_new(rk);
    rd_kafka_CreateTopics(rk, &topic, 1, nullptr, queue);
    rd_kafka_NewTopic_destroy(topic);
    std::string error;
    rd_kafka_event_t* event = rd_kafka_queue_poll(queue, 30000);
    if (!event) {
        error = "CreateTopics timed out";
    } else {
        std::size_t count = 0;
        const auto** results = rd_kafka_CreateTopics_result_topics(rd_kafka_event_CreateTopics_result(event), &count);
        for (std::size_t i = 0; error.empty() && i < count; ++i)
            if (rd_kafka_topic_result_error(results[i]))
                error = rd_kafka_topic_result_error_string(results[i]);
        rd_kafka_event_destroy(event);
    }
    rd_kafka_queue_destroy(queue);
    return error;
}

decode::Bytes randomBytes(std::size_t size, std::uint32_t seed)
{
    std::mt19937 rng(seed);
    decode::Bytes out(size);
    for (std::size_t i = 0; i + 4 <= size; i += 4) {
        const std::uint32_t word = rng();
        std::memcpy(out.data() + i, &word, 4);
    }
    return out;
}

} // namespace

class TestScanBigRecord : public QObject {
    Q_OBJECT
private slots:
    void twentyMegabyteRecord()
    {
        auto env = testing::stackEnvOrFail();
        const std::string bootstrap = env[QStringLiteral("SLUICE_KAFKA_BOOTSTRAP")].toStdString();
        const std::string topic = testing::uniqueName("it-scan-big");
        auto producer = testing::makeClient(
            bootstrap, RD_KAFKA_PRODUCER, { { "message.max.bytes", "26214400" }, { "compression.type", "none" } });
        QCOMPARE(createTopicWithMaxMessageBytes(producer.get(), topic, "26214400"), std::string());

        const decode::Bytes big = randomBytes(kBigBytes, 20);
        const std::string key = std::string("big\0key", 7);
        rd_kafka_topic_t* rkt = rd_kafka_topic_new(producer.get(), topic.c_str(), nullptr);
        const std::string small = "small";
        QCOMPARE(rd_kafka_produce(
                     rkt, 0, RD_KAFKA_MSG_F_COPY, const_cast<char*>(small.data()), small.size(), nullptr, 0, nullptr),
            0);
        QCOMPARE(rd_kafka_produce(rkt, 0, RD_KAFKA_MSG_F_COPY, const_cast<std::uint8_t*>(big.data()), big.size(),
                     key.data(), key.size(), nullptr),
            0);
        QCOMPARE(rd_kafka_produce(
                     rkt, 0, RD_KAFKA_MSG_F_COPY, const_cast<char*>(small.data()), small.size(), nullptr, 0, nullptr),
            0);
        QCOMPARE(rd_kafka_flush(producer.get(), 60000), RD_KAFKA_RESP_ERR_NO_ERROR);
        rd_kafka_topic_destroy(rkt);

        ScanRequest r;
        r.cluster.name = "it";
        r.cluster.bootstrapServers = { bootstrap };
        r.topic = topic;
        auto scanner = Scanner::create(r, nullptr);
        QVERIFY(scanner.hasValue());
        QElapsedTimer timer;
        timer.start();
        const ScanUpdate result = (*scanner)->run();
        qInfo("scanned the 20 MB record in %lld ms", static_cast<long long>(timer.elapsed()));
        QCOMPARE(result.state, ScanState::Finished);
        QCOMPARE(result.rows.size(), std::uint64_t { 3 });
        const auto& index = *(*scanner)->index();
        QCOMPARE(index.entry(1)->valueSize, std::uint32_t(kBigBytes));
        QCOMPARE(index.entry(1)->keySize, std::uint32_t { 7 });
        QVERIFY(result.progress.bytesRead >= kBigBytes);

        timer.restart();
        auto record = index.fetch(1);
        qInfo("read it back from the spool in %lld ms", static_cast<long long>(timer.elapsed()));
        QVERIFY(record.hasValue());
        QVERIFY(record->value && *record->value == big);
        QVERIFY(record->key && decode::asChars(*record->key) == key);
        QVERIFY(index.fetch(2)->value == decode::toBytes(small));

        RecordFetcher fetcher(r.cluster, nullptr);
        timer.restart();
        auto fetched = fetcher.fetch(topic, 0, 1);
        qInfo("fetched it from the broker in %lld ms", static_cast<long long>(timer.elapsed()));
        QVERIFY2(fetched.hasValue(), fetched ? "" : fetched.error().message.c_str());
        QVERIFY(*fetched == *record);
    }
};

QTEST_GUILESS_MAIN(TestScanBigRecord)
#include "test_scan_big_record.moc"
