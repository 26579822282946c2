// SPDX-License-Identifier: Apache-2.0
// Exact lag seconds on the real broker: records produced with known timestamps, the
// timestamp of the record at each committed offset read back (directly and through a
// ClusterSession's worker, as the group page does), seconds within 1 s of the truth.
#include "kafka/cluster_session.h"
#include "kafka/rdkafka_handles.h"
#include "lag/record_times.h"
#include "support/qtest_printers.h"
#include "support/stack_env.h"

#include <QSignalSpy>
#include <QTest>

using namespace sluice;
using namespace std::chrono_literals;

namespace {

std::int64_t nowMs()
{
    return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
        .count();
}

// One record per timestamp, in order, to one partition; waits for every delivery.
bool produceAt(rd_kafka_t* producer, const std::string& topic, int partition, const std::vector<std::int64_t>& times)
{
    for (std::int64_t ts : times) {
        const std::string value = "at " + std::to_string(ts);
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wold-style-cast" // librdkafka's RD_KAFKA_V_* macros
        const rd_kafka_resp_err_t err = rd_kafka_producev(producer, RD_KAFKA_V_TOPIC(topic.c_str()),
            RD_KAFKA_V_PARTITION(partition), RD_KAFKA_V_VALUE(const_cast<char*>(value.data()), value.size()),
            RD_KAFKA_V_TIMESTAMP(ts), RD_KAFKA_V_MSGFLAGS(RD_KAFKA_MSG_F_COPY), RD_KAFKA_V_END);
#pragma GCC diagnostic pop
        if (err)
            return false;
    }
    return rd_kafka_flush(producer, 30000) == RD_KAFKA_RESP_ERR_NO_ERROR;
}

} // namespace

class TestLagExactSeconds : public QObject {
    Q_OBJECT
private:
    std::string m_bootstrap;
    testing::Client m_admin;
    std::string m_topic;
    std::vector<std::int64_t> m_times; // partition 0, offsets 0..3
    std::int64_t m_p1First = 0; // partition 1, offset 0 (offset 1 is 40 s newer)

private slots:
    void initTestCase()
    {
        auto env = testing::stackEnvOrFail();
        m_bootstrap = env[QStringLiteral("SLUICE_KAFKA_BOOTSTRAP")].toStdString();
        m_admin = testing::makeClient(m_bootstrap, RD_KAFKA_PRODUCER);
        m_topic = testing::uniqueName("it-exact");
        QCOMPARE(testing::createTopic(m_admin.get(), m_topic, 3), std::string());
        const std::int64_t now = nowMs();
        m_times = { now - 600'000, now - 300'000, now - 120'000, now - 30'000 };
        QVERIFY(produceAt(m_admin.get(), m_topic, 0, m_times));
        m_p1First = now - 45'000;
        QVERIFY(produceAt(m_admin.get(), m_topic, 1, { m_p1First, now - 5'000 }));
        QVERIFY(produceAt(m_admin.get(), m_topic, 2, { now - 1'000 }));
    }

    void recordTimesAtOffsets()
    {
        auto consumer = lag::createRecordTimeConsumer({ { "bootstrap.servers", m_bootstrap } });
        QVERIFY2(consumer.hasValue(), consumer ? "" : consumer.error().message.c_str());
        const std::vector<lag::RecordTimeQuery> queries { { { m_topic, 0 }, 1 }, { { m_topic, 2 }, 1 },
            { { m_topic, 1 }, 0 } };
        const auto times = lag::readRecordTimes(consumer->get(), queries, 10s);
        const std::int64_t now = nowMs();
        QCOMPARE(times.size(), std::size_t(3));
        QVERIFY2(times[0].error.empty(), times[0].error.c_str());
        QCOMPARE(times[0].recordOffset, std::optional<std::int64_t>(1));
        QCOMPARE(times[0].timestampMs, std::optional<std::int64_t>(m_times[1]));
        const double truth = static_cast<double>(now - m_times[1]) / 1000.0;
        QVERIFY(std::abs(lag::exactLagSeconds(times[0], now).value() - truth) <= 1.0);
        QVERIFY2(times[1].atEnd, times[1].error.c_str()); // caught up: nothing to wait for
        QCOMPARE(lag::exactLagSeconds(times[1], now), std::optional<double>(0.0));
        QCOMPARE(times[2].timestampMs, std::optional<std::int64_t>(m_p1First));
        QVERIFY(std::abs(lag::exactLagSeconds(times[2], now).value() - static_cast<double>(now - m_p1First) / 1000.0)
            <= 1.0);

        // The same consumer serves a second read (it is reused by the worker).
        const std::vector<lag::RecordTimeQuery> again { { { m_topic, 0 }, 3 } };
        const auto second = lag::readRecordTimes(consumer->get(), again, 10s);
        QCOMPARE(second.at(0).timestampMs, std::optional<std::int64_t>(m_times[3]));
    }

    // Through the session's worker, as the group page asks for the partitions on screen.
    void throughTheSession()
    {
        config::ClusterConfig cluster;
        cluster.name = "it";
        cluster.bootstrapServers = { m_bootstrap };
        kafka::ClusterSession session(cluster, 5s, kafka::makeEnvSecretResolver());
        QSignalSpy answers(&session, &kafka::ClusterSession::exactLagReady);
        session.start();
        session.requestExactLag(QStringLiteral("some-group"), { { { m_topic, 0 }, 2 }, { { m_topic, 1 }, 1 } });
        QTRY_COMPARE_WITH_TIMEOUT(answers.count(), 1, 30000);
        const auto answer = answers.at(0).at(0).value<kafka::ExactLagAnswerPtr>();
        QCOMPARE(answer->group, QStringLiteral("some-group"));
        QCOMPARE(answer->times.size(), std::size_t(2));
        const std::int64_t readAt
            = std::chrono::duration_cast<std::chrono::milliseconds>(answer->readAt.time_since_epoch()).count();
        QVERIFY2(answer->times[0].error.empty(), answer->times[0].error.c_str());
        QCOMPARE(answer->times[0].timestampMs, std::optional<std::int64_t>(m_times[2]));
        const double truth = static_cast<double>(readAt - m_times[2]) / 1000.0;
        QVERIFY(std::abs(lag::exactLagSeconds(answer->times[0], readAt).value() - truth) <= 1.0);
        QVERIFY(answer->times[1].timestampMs.has_value());
        session.stop();
    }
};

QTEST_GUILESS_MAIN(TestLagExactSeconds)
#include "test_lag_exact_seconds.moc"
