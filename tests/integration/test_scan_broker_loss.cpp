// SPDX-License-Identifier: Apache-2.0
// The broker goes away in the middle of a scan: the scan reports a Transient error within
// its broker-loss bound, stops cleanly and keeps what it read. A real broker cannot be made
// to vanish on cue without a second stack, so this uses librdkafka's in-process mock
// cluster (the same scanner code path: metadata, ListOffsets, Fetch).
#include "browse/scanner.h"
#include "support/qtest_printers.h"

#include <QElapsedTimer>
#include <QTest>
#include <array>
#include <atomic>
#include <librdkafka/rdkafka.h>
#include <librdkafka/rdkafka_mock.h>
#include <thread>

using namespace sluice;
using namespace sluice::browse;
using namespace std::chrono_literals;

class TestScanBrokerLoss : public QObject {
    Q_OBJECT
private slots:
    void brokerGoneMidScan()
    {
        std::array<char, 512> err {};
        rd_kafka_conf_t* conf = rd_kafka_conf_new();
        rd_kafka_t* host = rd_kafka_new(RD_KAFKA_PRODUCER, conf, err.data(), err.size());
        QVERIFY(host);
        rd_kafka_mock_cluster_t* cluster = rd_kafka_mock_cluster_new(host, 1);
        QVERIFY(cluster);
        const std::string bootstrap = rd_kafka_mock_cluster_bootstraps(cluster);
        const std::string topic = "scan-broker-loss";
        QCOMPARE(rd_kafka_mock_topic_create(cluster, topic.c_str(), 2, 1), RD_KAFKA_RESP_ERR_NO_ERROR);

        rd_kafka_conf_t* pconf = rd_kafka_conf_new();
        QCOMPARE(
            rd_kafka_conf_set(pconf, "bootstrap.servers", bootstrap.c_str(), err.data(), err.size()), RD_KAFKA_CONF_OK);
        rd_kafka_t* producer = rd_kafka_new(RD_KAFKA_PRODUCER, pconf, err.data(), err.size());
        QVERIFY(producer);
        rd_kafka_topic_t* rkt = rd_kafka_topic_new(producer, topic.c_str(), nullptr);
        const std::string value = "payload";
        for (int i = 0; i < 500; ++i)
            QCOMPARE(rd_kafka_produce(rkt, i % 2, RD_KAFKA_MSG_F_COPY, const_cast<char*>(value.data()), value.size(),
                         nullptr, 0, nullptr),
                0);
        QCOMPARE(rd_kafka_flush(producer, 10000), RD_KAFKA_RESP_ERR_NO_ERROR);
        rd_kafka_topic_destroy(rkt);
        rd_kafka_destroy(producer);

        ScanRequest r;
        r.cluster.name = "mock";
        r.cluster.bootstrapServers = { bootstrap };
        r.topic = topic;
        r.stop = StopCondition::liveTail();
        r.tuning.stallProbeInterval = 300ms;
        r.tuning.brokerLossTimeout = 2000ms;
        auto scanner = Scanner::create(r, nullptr);
        QVERIFY(scanner.hasValue());
        auto index = (*scanner)->index();
        std::atomic<bool> caughtUp { false };
        std::atomic<bool> finished { false };
        std::optional<ScanUpdate> result;
        std::thread thread([&] {
            result = (*scanner)->run([&](const ScanUpdate& u) {
                if (u.rows.size() == 500)
                    caughtUp = true;
            });
            finished = true;
        });
        struct Joiner { // never leave the scan thread running when a check fails
            Scanner& scanner;
            std::thread& thread;
            ~Joiner()
            {
                scanner.cancel();
                thread.join();
            }
        } joiner { **scanner, thread };
        QTRY_VERIFY_WITH_TIMEOUT(caughtUp.load(), 20000);
        QElapsedTimer timer;
        timer.start();
        QCOMPARE(rd_kafka_mock_broker_set_down(cluster, 1), RD_KAFKA_RESP_ERR_NO_ERROR);
        QTRY_VERIFY_WITH_TIMEOUT(finished.load(), 15000);
        qInfo("broker loss reported %lld ms after the broker went down", static_cast<long long>(timer.elapsed()));
        QVERIFY(timer.elapsed() < 10000);
        QVERIFY(result);
        QCOMPARE(result->state, ScanState::Failed);
        QCOMPARE(result->error->kind, ErrorKind::Transient);
        QVERIFY2(result->error->message.find("mock") != std::string::npos, result->error->message.c_str());
        QCOMPARE(result->rows.size(), std::uint64_t { 500 });
        QVERIFY(index->fetch(499).hasValue());

        rd_kafka_mock_cluster_destroy(cluster);
        rd_kafka_destroy(host);
    }
};

QTEST_GUILESS_MAIN(TestScanBrokerLoss)
#include "test_scan_broker_loss.moc"
