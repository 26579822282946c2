// SPDX-License-Identifier: Apache-2.0
// Live tail on a real broker: records produced after the scan started arrive; updates come
// at most ~20 per second; cancel stops within a bound while records stream in; a bounded
// tail keeps only the newest records; a topic deleted mid-scan ends the scan with NotFound
// and keeps what was read.
#include "browse/scan_job.h"
#include "support/qtest_printers.h"
#include "support/stack_env.h"

#include <QElapsedTimer>
#include <QTest>
#include <atomic>
#include <mutex>
#include <thread>

using namespace sluice;
using namespace sluice::browse;
using namespace std::chrono_literals;

namespace {

// Collects updates from the scan threads.
struct Updates {
    std::mutex mutex;
    std::vector<ScanUpdate> all;
    std::vector<std::chrono::steady_clock::time_point> times;
    UpdateCallback callback()
    {
        return [this](const ScanUpdate& update) {
            std::lock_guard lock(mutex);
            all.push_back(update);
            times.push_back(std::chrono::steady_clock::now());
        };
    }
    std::optional<ScanUpdate> last()
    {
        std::lock_guard lock(mutex);
        return all.empty() ? std::nullopt : std::optional<ScanUpdate>(all.back());
    }
};

bool deleteTopic(rd_kafka_t* rk, const std::string& name)
{
    rd_kafka_DeleteTopic_t* topic = rd_kafka_DeleteTopic_new(name.c_str());
    rd_kafka_queue_t* queue = rd_kafka_queue_new(rk);
    rd_kafka_DeleteTopics(rk, &topic, 1, nullptr, queue);
    rd_kafka_DeleteTopic_destroy(topic);
    rd_kafka_event_t* event = rd_kafka_queue_poll(queue, 30000);
    const bool ok = event && !rd_kafka_event_error(event);
    if (event)
        rd_kafka_event_destroy(event);
    rd_kafka_queue_destroy(queue);
    return ok;
}

} // namespace

class TestScanLive : public QObject {
    Q_OBJECT
private:
    std::string m_bootstrap;
    testing::Client m_producer;

    ScanRequest request(const std::string& topic) const
    {
        ScanRequest r;
        r.cluster.name = "it";
        r.cluster.bootstrapServers = { m_bootstrap };
        r.topic = topic;
        r.stop = StopCondition::liveTail();
        return r;
    }

    static std::unique_ptr<Scanner> makeScanner(const ScanRequest& r)
    {
        auto scanner = Scanner::create(r, nullptr);
        if (!scanner)
            qFatal("scanner: %s", scanner.error().message.c_str());
        return std::move(*scanner);
    }

private slots:
    void initTestCase()
    {
        auto env = testing::stackEnvOrFail();
        m_bootstrap = env[QStringLiteral("SLUICE_KAFKA_BOOTSTRAP")].toStdString();
        m_producer = testing::makeClient(m_bootstrap, RD_KAFKA_PRODUCER, { { "linger.ms", "5" } });
    }

    void tailSeesNewRecordsThenCancels()
    {
        const std::string topic = testing::uniqueName("it-scan-tail");
        QCOMPARE(testing::createTopic(m_producer.get(), topic, 2), std::string());
        QVERIFY(testing::produce(m_producer.get(), topic, 0, 5)); // before the scan: not read (start at end)

        ScanRequest r = request(topic);
        r.start = StartPosition::end();
        Updates updates;
        ScanJob job(makeScanner(r), updates.callback());
        QTRY_VERIFY_WITH_TIMEOUT(updates.last() && updates.last()->state == ScanState::Scanning, 15000);
        QTest::qWait(300); // the partitions are fetching from the end

        QVERIFY(testing::produce(m_producer.get(), topic, 0, 30));
        QVERIFY(testing::produce(m_producer.get(), topic, 1, 20));
        QTRY_COMPARE_WITH_TIMEOUT(job.index()->rows().size(), std::uint64_t { 50 }, 15000);
        QVERIFY(job.index()->findRow(0, 5)); // the first record produced after the start
        QVERIFY(!job.index()->findRow(0, 4));
        QTRY_VERIFY_WITH_TIMEOUT(updates.last() && updates.last()->progress.partitions.size() == 2
                && updates.last()->progress.partitions[0].isCaughtUp
                && updates.last()->progress.partitions[1].isCaughtUp,
            5000);

        QElapsedTimer timer;
        timer.start();
        job.cancel();
        QVERIFY(job.wait(5000ms));
        qInfo("idle tail cancelled in %lld ms", static_cast<long long>(timer.elapsed()));
        QVERIFY(timer.elapsed() < 1000);
        QCOMPARE(job.result()->state, ScanState::Cancelled);
        QCOMPARE(job.result()->rows.size(), std::uint64_t { 50 });
        QVERIFY(!job.result()->progress.partitions[0].isDone);

        // At most ~20 updates per second.
        std::lock_guard lock(updates.mutex);
        for (std::size_t i = 1; i + 1 < updates.times.size(); ++i)
            QVERIFY(updates.times[i] - updates.times[i - 1] >= 40ms);
    }

    void cancelWhileRecordsStreamIn()
    {
        const std::string topic = testing::uniqueName("it-scan-cancel");
        QCOMPARE(testing::createTopic(m_producer.get(), topic, 4), std::string());
        std::atomic<bool> producing { true };
        std::atomic<long> produced { 0 };
        std::thread producer([&] {
            auto rk = testing::makeClient(m_bootstrap, RD_KAFKA_PRODUCER, { { "linger.ms", "5" } });
            rd_kafka_topic_t* rkt = rd_kafka_topic_new(rk.get(), topic.c_str(), nullptr);
            std::string value(200, 'x');
            while (producing.load()) { // about 50 000 records a second
                for (int i = 0; i < 500; ++i)
                    if (rd_kafka_produce(rkt, RD_KAFKA_PARTITION_UA, RD_KAFKA_MSG_F_COPY, value.data(), value.size(),
                            nullptr, 0, nullptr)
                        != 0)
                        rd_kafka_poll(rk.get(), 5);
                    else
                        ++produced;
                rd_kafka_poll(rk.get(), 10);
            }
            rd_kafka_flush(rk.get(), 10000);
            rd_kafka_topic_destroy(rkt);
        });

        struct StopProducer { // never leave the producer running when a check fails
            std::atomic<bool>& flag;
            std::thread& thread;
            ~StopProducer()
            {
                flag = false;
                if (thread.joinable())
                    thread.join();
            }
        } stopProducer { producing, producer };

        Updates updates;
        ScanJob job(makeScanner(request(topic)), updates.callback());
        QElapsedTimer waited;
        waited.start();
        while (job.index()->rows().size() <= 20000 && waited.elapsed() < 20000)
            QTest::qWait(20);
        if (job.index()->rows().size() <= 20000) {
            const auto last = updates.last();
            QFAIL(qPrintable(QStringLiteral("after 20 s: %1 rows, %2 produced, state %3, read %4, error %5")
                                 .arg(job.index()->rows().size())
                                 .arg(produced.load())
                                 .arg(last ? QString::fromLatin1(nameOf(last->state).data()) : QStringLiteral("-"))
                                 .arg(last ? last->progress.recordsRead : 0)
                                 .arg(last && last->error
                                         ? QString::fromStdString(last->error->message + " / " + last->error->detail)
                                         : QString())));
        }
        QElapsedTimer timer;
        timer.start();
        job.cancel();
        const bool ended = job.wait(5000ms);
        const auto cancelMs = timer.elapsed();
        QVERIFY(ended);
        qInfo("streaming tail cancelled in %lld ms with %llu rows", static_cast<long long>(cancelMs),
            static_cast<unsigned long long>(job.result()->rows.size()));
        QVERIFY(cancelMs < 1000);
        QCOMPARE(job.result()->state, ScanState::Cancelled);
        QCOMPARE(job.result()->rows.size(), job.result()->progress.recordsMatched);
        auto last = job.index()->fetch(job.result()->rows.end - 1);
        QVERIFY(last.hasValue() && last->value->size() == 200);
    }

    void boundedTailKeepsNewest()
    {
        const std::string topic = testing::uniqueName("it-scan-bounded");
        QCOMPARE(testing::createTopic(m_producer.get(), topic, 1), std::string());
        ScanRequest r = request(topic);
        r.maxRetainedRecords = 100;
        Updates updates;
        ScanJob job(makeScanner(r), updates.callback());
        QTRY_VERIFY_WITH_TIMEOUT(updates.last() && updates.last()->state == ScanState::Scanning, 15000);
        QVERIFY(testing::produce(m_producer.get(), topic, 0, 1000));
        QTRY_COMPARE_WITH_TIMEOUT(job.index()->rows().end, std::uint64_t { 1000 }, 15000);
        const RowRange rows = job.index()->rows();
        QCOMPARE(rows, (RowRange { 900, 1000 }));
        QCOMPARE(job.index()->entry(900)->offset, std::int64_t { 900 });
        QVERIFY(!job.index()->entry(899));
        QVERIFY(job.index()->fetch(999).hasValue());
        job.cancel();
        QVERIFY(job.wait(5000ms));
        QCOMPARE(job.result()->progress.recordsMatched, std::uint64_t { 1000 });
    }

    void topicDeletedMidScan()
    {
        const std::string topic = testing::uniqueName("it-scan-deleted");
        QCOMPARE(testing::createTopic(m_producer.get(), topic, 2), std::string());
        QVERIFY(testing::produce(m_producer.get(), topic, 0, 10));
        Updates updates;
        ScanJob job(makeScanner(request(topic)), updates.callback());
        QTRY_COMPARE_WITH_TIMEOUT(job.index()->rows().size(), std::uint64_t { 10 }, 15000);
        QElapsedTimer timer;
        timer.start();
        QVERIFY(deleteTopic(m_producer.get(), topic));
        QVERIFY(job.wait(20000ms));
        qInfo("deletion noticed after %lld ms", static_cast<long long>(timer.elapsed()));
        const ScanUpdate result = *job.result();
        QCOMPARE(result.state, ScanState::Failed);
        QVERIFY(result.error);
        QCOMPARE(result.error->kind, ErrorKind::NotFound);
        QVERIFY2(result.error->message.find(topic) != std::string::npos, result.error->message.c_str());
        QCOMPARE(result.rows.size(), std::uint64_t { 10 }); // what was read is kept
        QVERIFY(job.index()->fetch(9).hasValue());
    }
};

QTEST_GUILESS_MAIN(TestScanLive)
#include "test_scan_live.moc"
