// SPDX-License-Identifier: Apache-2.0
// LagSampler against the local broker: numbers match Kafka's consumer-group tool, STOP for a
// group whose consumer consumed and then left while lag grows, WARN for a consumer slower than
// its producer (with lag seconds against the records' own timestamps), OK for a caught-up idle
// group, REWIND on an offset reset, and lag in seconds against records produced at known times.

#include "lag/lag_sampler.h"
#include "support/qtest_printers.h"
#include "support/stack_env.h"

#include <QProcess>
#include <QTest>

#include <chrono>
#include <cmath>
#include <map>
#include <string>
#include <thread>
#include <utility>
#include <vector>

using namespace std::chrono_literals;
using sluice::lag::LagGroupSnapshot;
using sluice::lag::LagSampler;
using sluice::lag::LagSamplerSettings;
using sluice::lag::LagSnapshot;
using sluice::lag::Verdict;

namespace {

constexpr auto kTimeout = 10s;

LagSamplerSettings shortWindow()
{
    LagSamplerSettings settings;
    settings.evaluator.windowSize = 3;
    settings.evaluator.minStaleAfter = 1s;
    settings.evaluator.maxStaleAfter = 3s;
    settings.evaluator.rewindHold = 30s;
    settings.rateWindow = 5s;
    return settings;
}

// Produces `count` records to one partition, each with CreateTime = now (ms), and waits for
// their delivery. Returns the timestamps in offset order, empty on failure.
std::vector<std::int64_t> produceStamped(rd_kafka_t* producer, const std::string& topic, int count)
{
    std::vector<std::int64_t> stamps;
    for (int i = 0; i < count; ++i) {
        const std::int64_t ms = std::chrono::duration_cast<std::chrono::milliseconds>(
            std::chrono::system_clock::now().time_since_epoch())
                                    .count();
        const std::string value = "{\"n\":" + std::to_string(i) + "}";
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wold-style-cast" // librdkafka's RD_KAFKA_V_* macros
        const rd_kafka_resp_err_t err = rd_kafka_producev(producer, RD_KAFKA_V_TOPIC(topic.c_str()),
            RD_KAFKA_V_PARTITION(0), RD_KAFKA_V_VALUE(const_cast<char*>(value.data()), value.size()),
            RD_KAFKA_V_TIMESTAMP(ms), RD_KAFKA_V_MSGFLAGS(RD_KAFKA_MSG_F_COPY), RD_KAFKA_V_END);
#pragma GCC diagnostic pop
        if (err)
            return {};
        stamps.push_back(ms);
    }
    if (rd_kafka_flush(producer, 10000) != RD_KAFKA_RESP_ERR_NO_ERROR)
        return {};
    return stamps;
}

// A real group member: subscribes, consumes a few records at a time and commits them.
class SlowConsumer {
public:
    SlowConsumer(const std::string& bootstrap, const std::string& group, const std::string& topic)
        : m_client(sluice::testing::makeClient(bootstrap, RD_KAFKA_CONSUMER,
              { { "group.id", group }, { "enable.auto.commit", "false" }, { "auto.offset.reset", "earliest" },
                  { "client.id", group + "-member" } }))
    {
        rd_kafka_topic_partition_list_t* topics = rd_kafka_topic_partition_list_new(1);
        rd_kafka_topic_partition_list_add(topics, topic.c_str(), RD_KAFKA_PARTITION_UA);
        m_subscribed = rd_kafka_subscribe(m_client.get(), topics) == RD_KAFKA_RESP_ERR_NO_ERROR;
        rd_kafka_topic_partition_list_destroy(topics);
    }
    ~SlowConsumer() { close(); }
    SlowConsumer(const SlowConsumer&) = delete;
    SlowConsumer& operator=(const SlowConsumer&) = delete;

    // Takes exactly `count` records (waiting up to `within` for them; the first call also waits
    // for the assignment), then commits synchronously. The offset committed, or -1.
    std::int64_t consumeAndCommit(int count, std::chrono::milliseconds within)
    {
        if (!m_subscribed || m_closed)
            return -1;
        const auto deadline = std::chrono::steady_clock::now() + within;
        int taken = 0;
        while (taken < count && std::chrono::steady_clock::now() < deadline) {
            rd_kafka_message_t* m = rd_kafka_consumer_poll(m_client.get(), 100);
            if (!m)
                continue;
            if (!m->err) {
                ++taken;
                m_next = m->offset + 1;
            }
            rd_kafka_message_destroy(m);
        }
        if (taken < count || rd_kafka_commit(m_client.get(), nullptr, 0) != RD_KAFKA_RESP_ERR_NO_ERROR)
            return -1;
        return m_next;
    }

    // Leaves the group: the partition is nobody's from now on.
    void close()
    {
        if (m_closed)
            return;
        m_closed = true;
        rd_kafka_consumer_close(m_client.get());
    }

private:
    sluice::testing::Client m_client;
    bool m_subscribed = false;
    bool m_closed = false;
    std::int64_t m_next = -1;
};

} // namespace

class TestLagSampler : public QObject {
    Q_OBJECT

    std::string m_bootstrap;
    sluice::testing::Client m_admin;
    sluice::SystemClock m_clock;

    // Commits explicit offsets for `group` with a consumer that never joins the group, so the
    // group stays Empty (no live member).
    void commit(const std::string& group, const std::string& topic,
        const std::vector<std::pair<int, std::int64_t>>& offsets)
    {
        QCOMPARE(sluice::testing::commitOffsets(m_bootstrap, group, topic, offsets), std::string());
    }

    std::string newTopic(const std::string& prefix, int partitions)
    {
        const std::string topic = sluice::testing::uniqueName(prefix);
        const std::string error = sluice::testing::createTopic(m_admin.get(), topic, partitions);
        if (!error.empty())
            qFatal("createTopic %s: %s", topic.c_str(), error.c_str());
        return topic;
    }

    // Samples until the group shows up with `partitions` rows (the coordinator can lag a commit).
    static LagSnapshot sampleUntilGroup(LagSampler& sampler, rd_kafka_t* rk, const std::string& group,
                                        std::size_t partitions)
    {
        LagSnapshot last;
        for (int attempt = 0; attempt < 40; ++attempt) {
            auto result = sampler.sample(rk, kTimeout);
            if (result) {
                last = std::move(*result);
                const LagGroupSnapshot* g = last.group(group);
                if (g && g->partitions.size() == partitions)
                    return last;
            }
            std::this_thread::sleep_for(250ms);
        }
        return last;
    }

private slots:
    void initTestCase()
    {
        const auto env = sluice::testing::stackEnvOrFail();
        m_bootstrap = env.at(QStringLiteral("SLUICE_KAFKA_BOOTSTRAP")).toStdString();
        m_admin = sluice::testing::makeClient(m_bootstrap, RD_KAFKA_PRODUCER);
    }

    void matchesConsumerGroupTool()
    {
        const std::string topic = newTopic("lag-tool", 3);
        const std::string group = sluice::testing::uniqueName("lag-tool-g");
        QVERIFY(sluice::testing::produce(m_admin.get(), topic, 0, 10));
        QVERIFY(sluice::testing::produce(m_admin.get(), topic, 1, 7));
        QVERIFY(sluice::testing::produce(m_admin.get(), topic, 2, 5));
        commit(group, topic, {{0, 4}, {1, 7}, {2, 0}});

        LagSampler sampler(m_clock);
        const LagSnapshot snapshot = sampleUntilGroup(sampler, m_admin.get(), group, 3);
        const LagGroupSnapshot* g = snapshot.group(group);
        QVERIFY(g);
        QVERIFY(snapshot.cost.requests >= 4);

        const auto env = sluice::testing::stackEnvOrFail();
        const QString lib = env.at(QStringLiteral("SLUICE_STACK_LIB"));
        QProcess tool;
        tool.start(QStringLiteral("java"),
                   {QStringLiteral("-cp"), lib + QStringLiteral("/tools/*:") + lib + QStringLiteral("/kafka/*"),
                    QStringLiteral("org.apache.kafka.tools.consumer.group.ConsumerGroupCommand"),
                    QStringLiteral("--bootstrap-server"), QString::fromStdString(m_bootstrap),
                    QStringLiteral("--describe"), QStringLiteral("--group"), QString::fromStdString(group)});
        QVERIFY(tool.waitForFinished(30000));
        const QString out = QString::fromUtf8(tool.readAllStandardOutput());
        QVERIFY2(tool.exitCode() == 0, qPrintable(out + QString::fromUtf8(tool.readAllStandardError())));

        int compared = 0;
        for (const QString& line : out.split(QLatin1Char('\n'))) {
            const QStringList cols = line.simplified().split(QLatin1Char(' '));
            if (cols.size() < 6 || cols[0] != QString::fromStdString(group) || cols[1] != QString::fromStdString(topic))
                continue;
            const int partition = cols[2].toInt();
            const auto* row = g->partition(topic, partition);
            QVERIFY2(row, qPrintable(line));
            QVERIFY(row->committed.has_value());
            QCOMPARE(QString::number(*row->committed), cols[3]);
            QCOMPARE(QString::number(row->end), cols[4]);
            QVERIFY(row->lag.lagRecords.has_value());
            QCOMPARE(QString::number(*row->lag.lagRecords), cols[5]);
            ++compared;
        }
        QVERIFY2(compared == 3, qPrintable(out));
        QCOMPARE(g->totals.totalLagRecords, 6 + 0 + 5);
    }

    // A real consumer reads and commits, then closes (leaves the group) while records keep
    // arriving: OK while it commits, STOP once nobody owns the partition and nothing moves.
    void abandonedGroupStops()
    {
        const std::string topic = newTopic("lag-stop", 1);
        const std::string group = sluice::testing::uniqueName("lag-stop-g");
        QVERIFY(sluice::testing::produce(m_admin.get(), topic, 0, 20));

        LagSampler sampler(m_clock, shortWindow());
        SlowConsumer consumer(m_bootstrap, group, topic);
        std::int64_t committed = 0;
        for (int i = 0; i < 4; ++i) {
            committed = consumer.consumeAndCommit(3, 15s);
            QVERIFY2(committed > 0, "the consumer did not get its records");
            auto result = sampler.sample(m_admin.get(), kTimeout);
            QVERIFY(result);
            const auto* g = result->group(group);
            QVERIFY(g);
            QCOMPARE(g->partitions.size(), std::size_t { 1 });
            QCOMPARE(*g->partitions[0].committed, committed);
            QCOMPARE(g->partitions[0].ownership, sluice::lag::Ownership::Owned);
            QVERIFY(g->verdict != Verdict::Stop && g->verdict != Verdict::Stall);
        }
        QCOMPARE(committed, std::int64_t { 12 });
        consumer.close();

        std::vector<std::int64_t> lags;
        bool stopped = false;
        const auto deadline = std::chrono::steady_clock::now() + 20s;
        while (!stopped && std::chrono::steady_clock::now() < deadline) {
            QVERIFY(sluice::testing::produce(m_admin.get(), topic, 0, 5));
            auto result = sampler.sample(m_admin.get(), kTimeout);
            QVERIFY(result);
            const auto* g = result->group(group);
            QVERIFY(g);
            QCOMPARE(g->partitions.size(), std::size_t { 1 });
            QCOMPARE(*g->partitions[0].committed, committed); // nothing moves after the close
            lags.push_back(*g->partitions[0].lag.lagRecords);
            stopped = g->verdict == Verdict::Stop;
            if (stopped) {
                // Nobody owns it now (Unowned, or Unknown if the broker dropped the protocol type).
                QCOMPARE(g->partitions[0].reason, sluice::lag::VerdictReason::NoProgressUnowned);
                QVERIFY(g->partitions[0].ownership != sluice::lag::Ownership::Owned);
            } else {
                std::this_thread::sleep_for(500ms);
            }
        }
        QVERIFY2(stopped, "no STOP within 20 s");
        QVERIFY(lags.size() >= 2);
        for (std::size_t i = 1; i < lags.size(); ++i)
            QVERIFY(lags[i] > lags[i - 1]);
    }

    // A real consumer that takes 2 records per step while the producer writes 5 (with their own
    // timestamps): its lag grows at every commit, which is WARN, and the lag in seconds is
    // within 10 % of the truth, now - timestamp of the record at the committed offset.
    void throttledConsumerWarns()
    {
        const std::string topic = newTopic("lag-slow", 1);
        const std::string group = sluice::testing::uniqueName("lag-slow-g");
        LagSamplerSettings settings = shortWindow();
        settings.evaluator.maxStaleAfter = 10s; // steps take a few hundred ms; never a STOP here
        LagSampler sampler(m_clock, settings);
        SlowConsumer consumer(m_bootstrap, group, topic);

        std::vector<std::int64_t> stamps; // CreateTime of each offset, ms
        bool warned = false;
        double lagSeconds = -1;
        double truth = 0;
        int steps = 0;
        const auto deadline = std::chrono::steady_clock::now() + 40s;
        // Until WARN with at least 4 s of true lag (so one step's interpolation error is small).
        while (!(warned && truth >= 4.0) && std::chrono::steady_clock::now() < deadline) {
            const auto produced = produceStamped(m_admin.get(), topic, 5);
            QCOMPARE(produced.size(), std::size_t { 5 });
            stamps.insert(stamps.end(), produced.begin(), produced.end());
            QVERIFY(sampler.sample(m_admin.get(), kTimeout)); // dates the batch just written
            const std::int64_t committed = consumer.consumeAndCommit(2, 15s);
            QVERIFY2(committed > 0, "the consumer did not get its records");
            std::this_thread::sleep_for(150ms);
            auto result = sampler.sample(m_admin.get(), kTimeout);
            QVERIFY(result);
            ++steps;
            const auto* g = result->group(group);
            if (!g || g->partitions.empty() || !g->partitions[0].committed)
                continue; // the coordinator has not shown the first commit yet
            const auto& row = g->partitions[0];
            if (*row.committed != committed)
                continue;
            QCOMPARE(row.ownership, sluice::lag::Ownership::Owned);
            QCOMPARE(*row.lag.lagRecords, static_cast<std::int64_t>(stamps.size()) - committed);
            QVERIFY2(row.verdict == Verdict::Ok || row.verdict == Verdict::Warn,
                qPrintable(QString::fromUtf8(std::string(sluice::lag::nameOf(row.reason)).c_str())));
            warned = row.verdict == Verdict::Warn;
            if (warned)
                QCOMPARE(row.reason, sluice::lag::VerdictReason::LagNotDecreasing);
            const auto nowMs = std::chrono::duration_cast<std::chrono::milliseconds>(
                result->sampledAt.time_since_epoch())
                                   .count();
            truth = static_cast<double>(nowMs - stamps.at(static_cast<std::size_t>(committed))) / 1000.0;
            QVERIFY(row.timeLag);
            lagSeconds = row.timeLag->seconds;
        }
        QVERIFY2(warned, qPrintable(QStringLiteral("no WARN in %1 steps").arg(steps)));
        QVERIFY2(truth >= 4.0, qPrintable(QStringLiteral("true lag only %1 s").arg(truth)));
        QVERIFY2(std::abs(lagSeconds - truth) <= 0.1 * truth,
            qPrintable(QStringLiteral("lag %1 s, truth %2 s").arg(lagSeconds).arg(truth)));
        qInfo("WARN after %d steps: lag %.3f s, truth %.3f s", steps, lagSeconds, truth);
        consumer.close();
    }

    void caughtUpIdleGroupStaysOk()
    {
        const std::string topic = newTopic("lag-idle", 2);
        const std::string group = sluice::testing::uniqueName("lag-idle-g");
        QVERIFY(sluice::testing::produce(m_admin.get(), topic, 0, 8));
        QVERIFY(sluice::testing::produce(m_admin.get(), topic, 1, 3));
        commit(group, topic, {{0, 8}, {1, 3}});

        LagSampler sampler(m_clock, shortWindow());
        QVERIFY(sampleUntilGroup(sampler, m_admin.get(), group, 2).group(group));
        // Longer than maxStaleAfter (3 s): a caught-up group must not turn STOP while idle.
        for (int i = 0; i < 9; ++i) {
            std::this_thread::sleep_for(500ms);
            auto result = sampler.sample(m_admin.get(), kTimeout);
            QVERIFY(result);
            const auto* g = result->group(group);
            QVERIFY(g);
            QCOMPARE(g->verdict, Verdict::Ok);
            QCOMPARE(g->totals.totalLagRecords, std::int64_t{0});
            for (const auto& row : g->partitions) {
                QVERIFY(row.timeLag.has_value());
                QCOMPARE(row.timeLag->seconds, 0.0);
            }
        }
    }

    void offsetResetIsRewind()
    {
        const std::string topic = newTopic("lag-rewind", 1);
        const std::string group = sluice::testing::uniqueName("lag-rewind-g");
        QVERIFY(sluice::testing::produce(m_admin.get(), topic, 0, 30));
        commit(group, topic, {{0, 25}});

        LagSampler sampler(m_clock, shortWindow());
        const LagSnapshot first = sampleUntilGroup(sampler, m_admin.get(), group, 1);
        QVERIFY(first.group(group));
        QCOMPARE(*first.group(group)->partitions[0].committed, std::int64_t{25});
        QVERIFY(first.group(group)->verdict != Verdict::Rewind);

        commit(group, topic, {{0, 3}});
        bool rewound = false;
        for (int attempt = 0; attempt < 20 && !rewound; ++attempt) {
            auto result = sampler.sample(m_admin.get(), kTimeout);
            QVERIFY(result);
            const auto* g = result->group(group);
            QVERIFY(g);
            if (*g->partitions[0].committed == 3) {
                QCOMPARE(g->verdict, Verdict::Rewind);
                QCOMPARE(*g->partitions[0].lag.lagRecords, std::int64_t{27});
                rewound = true;
            } else {
                std::this_thread::sleep_for(250ms);
            }
        }
        QVERIFY(rewound);
    }

    void lagSecondsFromHistory()
    {
        const std::string topic = newTopic("lag-secs", 1);
        const std::string group = sluice::testing::uniqueName("lag-secs-g");
        QVERIFY(sluice::testing::produce(m_admin.get(), topic, 0, 10)); // offsets 0..9 at t0
        commit(group, topic, {{0, 10}});

        LagSampler sampler(m_clock, shortWindow());
        QVERIFY(sampleUntilGroup(sampler, m_admin.get(), group, 1).group(group));

        // Batch at t0+~2s (offsets 10..19), then batch at t0+~4s (20..29), sampling around each.
        std::chrono::system_clock::time_point producedAt{};
        for (int batch = 0; batch < 2; ++batch) {
            for (int i = 0; i < 4; ++i) {
                std::this_thread::sleep_for(500ms);
                QVERIFY(sampler.sample(m_admin.get(), kTimeout));
            }
            QVERIFY(sampler.sample(m_admin.get(), kTimeout)); // right before
            const auto before = m_clock.now();
            QVERIFY(sluice::testing::produce(m_admin.get(), topic, 0, 10));
            const auto after = m_clock.now();
            if (batch == 0)
                producedAt = before + (after - before) / 2;
            QVERIFY(sampler.sample(m_admin.get(), kTimeout)); // right after
            QVERIFY((after - before) < 1s);
        }
        std::this_thread::sleep_for(500ms);
        auto result = sampler.sample(m_admin.get(), kTimeout);
        QVERIFY(result);
        const auto* g = result->group(group);
        QVERIFY(g);
        const auto& row = g->partitions[0];
        QCOMPARE(*row.lag.lagRecords, std::int64_t{20});
        QVERIFY(row.timeLag.has_value());
        QVERIFY(!row.timeLag->isLowerBound);
        const double truth = std::chrono::duration<double>(result->sampledAt - producedAt).count();
        // The interpolation error is bounded by the sample gap around the produce (< 1 s, usually
        // a few ms); the truth is about 3 s.
        QVERIFY2(std::abs(row.timeLag->seconds - truth) <= 0.3,
                 qPrintable(QStringLiteral("lag %1 s, truth %2 s").arg(row.timeLag->seconds).arg(truth)));
        QVERIFY(g->totals.maxTimeLag.has_value());
        QCOMPARE(g->totals.maxTimeLag->seconds, row.timeLag->seconds);
        QVERIFY(row.produceRate.has_value());
        QVERIFY(row.produceRate->recordsPerSecond > 0.0);
    }
};

QTEST_GUILESS_MAIN(TestLagSampler)
#include "test_lag_sampler.moc"
