// SPDX-License-Identifier: Apache-2.0
#include "lag/partition_lag.h"

#include <QTest>

using namespace sluice::lag;
using sluice::domain::TopicPartition;

namespace sluice::lag {
inline char* toString(const LagState& state) { return qstrdup(std::string(nameOf(state)).c_str()); }
} // namespace sluice::lag

Q_DECLARE_METATYPE(sluice::lag::LagState)

namespace {

using OptOffset = std::optional<Offset>;

PartitionLagRow row(std::string topic, int partition, OptOffset committed, Offset end,
                    std::optional<TimeLag> timeLag = std::nullopt, OptOffset logStart = std::nullopt)
{
    return {TopicPartition{std::move(topic), partition}, computePartitionLag({committed, logStart, end}), timeLag};
}

} // namespace

class TestLagPartitionLag : public QObject {
    Q_OBJECT
private slots:
    void arithmetic_data()
    {
        QTest::addColumn<qint64>("committed"); // -1: no commit
        QTest::addColumn<qint64>("logStart");  // -1: unknown
        QTest::addColumn<qint64>("end");
        QTest::addColumn<LagState>("state");
        QTest::addColumn<qint64>("lag"); // -1: no lag figure
        QTest::addColumn<qint64>("retained");
        QTest::addColumn<qint64>("lost");
        QTest::addColumn<qint64>("ahead");

        QTest::newRow("behind") << 40LL << 0LL << 100LL << LagState::Normal << 60LL << 60LL << 0LL << 0LL;
        QTest::newRow("caught up") << 100LL << 0LL << 100LL << LagState::Normal << 0LL << 0LL << 0LL << 0LL;
        QTest::newRow("log start unknown") << 10LL << -1LL << 100LL << LagState::Normal << 90LL << 90LL << 0LL << 0LL;
        QTest::newRow("empty partition") << 0LL << 0LL << 0LL << LagState::Normal << 0LL << 0LL << 0LL << 0LL;
        QTest::newRow("no commit") << -1LL << 0LL << 100LL << LagState::NoCommit << -1LL << -1LL << 0LL << 0LL;
        QTest::newRow("no commit, empty partition")
            << -1LL << 0LL << 0LL << LagState::NoCommit << -1LL << -1LL << 0LL << 0LL;
        // The log was truncated under the group (unclean election, DeleteRecords past it...).
        QTest::newRow("committed past end") << 150LL << 0LL << 100LL << LagState::AheadOfEnd << 0LL << 0LL << 0LL << 50LL;
        // The topic was deleted and recreated: offsets start again at 0.
        QTest::newRow("topic recreated") << 5000LL << 0LL << 3LL << LagState::AheadOfEnd << 0LL << 0LL << 0LL << 4997LL;
        // Retention deleted [10, 50) before the group read it. Lag stays end - committed, as
        // Kafka's consumer-group tool prints it; only 50 records are still there to read.
        QTest::newRow("behind log start") << 10LL << 50LL << 100LL << LagState::BehindLogStart << 90LL << 50LL << 40LL << 0LL;
        QTest::newRow("retention emptied the log")
            << 10LL << 100LL << 100LL << LagState::BehindLogStart << 90LL << 0LL << 90LL << 0LL;
        QTest::newRow("committed at log start") << 50LL << 50LL << 100LL << LagState::Normal << 50LL << 50LL << 0LL << 0LL;
    }

    void arithmetic()
    {
        QFETCH(qint64, committed);
        QFETCH(qint64, logStart);
        QFETCH(qint64, end);
        QFETCH(LagState, state);
        QFETCH(qint64, lag);
        QFETCH(qint64, retained);
        QFETCH(qint64, lost);
        QFETCH(qint64, ahead);

        const PartitionOffsets in{committed < 0 ? OptOffset{} : OptOffset{committed},
                                  logStart < 0 ? OptOffset{} : OptOffset{logStart}, end};
        const PartitionLag out = computePartitionLag(in);
        QCOMPARE(out.state, state);
        QCOMPARE(out.offsets, in);
        QCOMPARE(out.hasCommit(), committed >= 0);
        QCOMPARE(out.lagRecords.has_value(), lag >= 0);
        if (lag >= 0)
            QCOMPARE(*out.lagRecords, lag);
        QCOMPARE(out.retainedLagRecords.has_value(), retained >= 0);
        if (retained >= 0)
            QCOMPARE(*out.retainedLagRecords, retained);
        QCOMPARE(out.lostToRetention, lost);
        QCOMPARE(out.aheadOfEndBy, ahead);
        QCOMPARE(out.isCaughtUp(), lag == 0);
    }

    // A missing commit is never a lag of 0, and a group with no commit is not "caught up".
    void missingCommitIsNotZero()
    {
        const PartitionLag out = computePartitionLag({std::nullopt, 0, 0});
        QVERIFY(!out.lagRecords.has_value());
        QVERIFY(!out.isCaughtUp());
    }

    // Compacted topic: offsets 0..99 written, compaction kept only 30 of them. Nothing in the
    // offsets tells how many survive, so lag is end - committed: an upper bound of records.
    void compactedTopicLagIsAnUpperBound()
    {
        const PartitionLag out = computePartitionLag({40, 0, 100});
        QCOMPARE(out.state, LagState::Normal);
        QCOMPARE(*out.lagRecords, 60);
        const int recordsActuallyLeft = 12; // e.g. keys 40..99 compacted to 12 survivors
        QVERIFY(*out.lagRecords >= recordsActuallyLeft);
    }

    void aggregateGroup()
    {
        const std::vector<PartitionLagRow> rows{
            row("orders", 0, 40, 100, TimeLag{12.5, false}),
            row("orders", 1, 100, 100, TimeLag{0.0, false}),
            row("orders", 2, std::nullopt, 70),
            row("payments", 0, 10, 500, TimeLag{30.0, true}),
            row("payments", 1, 900, 800), // ahead of end after truncation
            row("payments", 2, 5, 100, TimeLag{30.0, false}, 20),
        };
        const LagAggregate all = aggregateLag(rows);
        QCOMPARE(all.partitions, 6);
        QCOMPARE(all.partitionsWithoutCommit, 1);
        QCOMPARE(all.partitionsAheadOfEnd, 1);
        QCOMPARE(all.partitionsBehindLogStart, 1);
        QCOMPARE(all.totalLagRecords, 60 + 0 + 490 + 0 + 95);
        QCOMPARE(all.maxLagRecords, 490);
        QCOMPARE(all.maxLagPartition.value(), (TopicPartition{"payments", 0}));
        QCOMPARE(all.lostToRetention, 15);
        // Equal seconds: the lower bound wins, it may be the older record.
        QCOMPARE(all.maxTimeLag.value(), (TimeLag{30.0, true}));
        QCOMPARE(all.maxTimeLagPartition.value(), (TopicPartition{"payments", 0}));

        const auto byTopic = aggregateLagByTopic(rows);
        QCOMPARE(byTopic.size(), std::size_t(2));
        const LagAggregate& orders = byTopic.at("orders");
        QCOMPARE(orders.partitions, 3);
        QCOMPARE(orders.totalLagRecords, 60);
        QCOMPARE(orders.maxLagRecords, 60);
        QCOMPARE(orders.partitionsWithoutCommit, 1);
        QCOMPARE(orders.maxTimeLag.value(), (TimeLag{12.5, false}));
        const LagAggregate& payments = byTopic.at("payments");
        QCOMPARE(payments.totalLagRecords, 585);
        QCOMPARE(payments.partitionsAheadOfEnd, 1);
    }

    void aggregateWithoutLag()
    {
        const std::vector<PartitionLagRow> rows{row("t", 0, 5, 5), row("t", 1, std::nullopt, 9)};
        const LagAggregate a = aggregateLag(rows);
        QCOMPARE(a.totalLagRecords, 0);
        QCOMPARE(a.maxLagRecords, 0);
        QVERIFY(!a.maxLagPartition.has_value());
        QVERIFY(!a.maxTimeLag.has_value());
        QCOMPARE(a.partitionsWithoutCommit, 1);
        QCOMPARE(aggregateLag({}), LagAggregate{});
    }
};

QTEST_APPLESS_MAIN(TestLagPartitionLag)
#include "test_lag_partition_lag.moc"
