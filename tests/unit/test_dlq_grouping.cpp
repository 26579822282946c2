// SPDX-License-Identifier: Apache-2.0
// Grouping dead letters: keys, message normalisation, the aggregator (counts, first/last
// seen, histogram, merge of per-thread aggregators), bucket widths, and the selection
// model (offset ranges, explicit and all-matching forms).
#include "dlq/grouping.h"
#include "dlq/selection_model.h"

#include <QTest>

using namespace sluice;
using namespace sluice::dlq;

namespace {

DeadLetterInfo failure(std::string exceptionClass, std::string message, std::string stage = "TASK_PUT")
{
    DeadLetterInfo info;
    info.convention = Convention::KafkaConnect;
    info.exceptionClass = std::move(exceptionClass);
    info.exceptionMessage = std::move(message);
    info.stage = std::move(stage);
    info.originalTopic = "orders";
    return info;
}

} // namespace

class TestDlqGrouping : public QObject {
    Q_OBJECT
private slots:
    void messageNormalisation_data()
    {
        QTest::addColumn<QString>("message");
        QTest::addColumn<QString>("pattern");
        const auto row = [](const char* message, const char* pattern) {
            QTest::newRow(message) << QString::fromUtf8(message) << QString::fromUtf8(pattern);
        };
        row("Invalid order 4711 for customer 'bob'", "Invalid order # for customer '…'");
        row("Invalid order 12 for customer 'alice'", "Invalid order # for customer '…'");
        row("Timeout after 30.5s on partition 3", "Timeout after #s on partition #");
        row("Unknown id 123e4567-e89b-12d3-a456-426614174000 in batch", "Unknown id <uuid> in batch");
        row("Bad pointer 0x7ffd1234 seen", "Bad pointer <hex> seen");
        row("digest 9f86d081884c7d659a2feaa0c55ad015 mismatch", "digest <hex> mismatch");
        row("Field \"email\" is required", "Field \"…\" is required");
        row("  spaced   out\tmessage  ", "spaced out message");
        row("first line only\n\tat com.acme.Foo(Foo.java:12)", "first line only");
        row("order-77 failed", "order-# failed");
        row("deadbeef is a word not an id", "deadbeef is a word not an id");
        row("it's fine", "it's fine");
    }

    void messageNormalisation()
    {
        QFETCH(QString, message);
        QFETCH(QString, pattern);
        QCOMPARE(QString::fromStdString(normaliseMessage(message.toStdString())), pattern);
    }

    void normalisationIsBounded()
    {
        const std::string longMessage(10'000, 'x');
        QCOMPARE(normaliseMessage(longMessage, 50).size(), std::size_t{50});
        const std::string accents(100, '\xC3'); // truncated UTF-8 never ends mid-sequence… of garbage either
        QVERIFY(normaliseMessage(accents, 7).size() <= 7);
    }

    void groupKeys()
    {
        DeadLetterInfo info = failure("org.acme.Boom", "Order 5 broke", "VALUE_CONVERTER");
        info.connectorName = "sink-a";
        QCOMPARE(groupKey(info, GroupBy::ExceptionClass), std::string("org.acme.Boom"));
        QCOMPARE(groupKey(info, GroupBy::CauseClass), std::string("org.acme.Boom"));
        QCOMPARE(groupKey(info, GroupBy::Stage), std::string("VALUE_CONVERTER"));
        QCOMPARE(groupKey(info, GroupBy::MessagePattern), std::string("Order # broke"));
        QCOMPARE(groupKey(info, GroupBy::OriginalTopic), std::string("orders"));
        QCOMPARE(groupKey(info, GroupBy::Connector), std::string("sink-a"));
        info.exceptionCauseClass = "java.lang.IllegalStateException";
        QCOMPARE(groupKey(info, GroupBy::CauseClass), std::string("java.lang.IllegalStateException"));
        QCOMPARE(groupKey(DeadLetterInfo{}, GroupBy::Stage), std::string()); // unknown
        QCOMPARE(std::string(nameOf(GroupBy::MessagePattern)), std::string("message-pattern"));
    }

    void aggregatorCountsAndHistogram()
    {
        GroupAggregator aggregator(GroupBy::MessagePattern, 60'000, true);
        const std::int64_t t0 = 1'800'000'000'000; // a minute boundary
        aggregator.add(failure("A", "Order 1 failed"), t0 + 5'000, {0, 10});
        aggregator.add(failure("A", "Order 2 failed"), t0 + 65'000, {0, 11});
        aggregator.add(failure("A", "Order 3 failed"), t0 + 70'000, {1, 4});
        aggregator.add(failure("B", "Disk full"), t0 + 1'000, {2, 0});
        aggregator.add(failure("B", "Order 9 failed"), -1, {2, 1}); // no timestamp
        DeadLetterInfo noMessage = failure("C", "");
        noMessage.exceptionMessage.reset();
        aggregator.add(noMessage, t0, {3, 3});

        QCOMPARE(aggregator.totalCount(), std::uint64_t{6});
        QCOMPARE(aggregator.groupCount(), std::size_t{3});
        const auto groups = aggregator.groups();
        QCOMPARE(groups[0].key, std::string("Order # failed"));
        QCOMPARE(groups[0].count, std::uint64_t{4});
        QCOMPARE(groups[0].firstSeenMs, t0 + 5'000);
        QCOMPARE(groups[0].lastSeenMs, t0 + 70'000);
        QCOMPARE(groups[0].sampleMessage, std::string("Order 1 failed"));
        const std::vector<HistogramBucket> expected{{t0, 1}, {t0 + 60'000, 2}};
        QVERIFY(groups[0].histogram == expected);
        // Ties by key: "" (unknown) before "Disk full".
        QCOMPARE(groups[1].key, std::string());
        QCOMPARE(groups[2].key, std::string("Disk full"));

        const SelectionModel selection = aggregator.selectionFor("Order # failed", "orders.dlq");
        QCOMPARE(selection.explicitCount(), std::uint64_t{4});
        QVERIFY(selection.isCandidate({0, 10}) && selection.isCandidate({0, 11}) && selection.isCandidate({1, 4}));
        QVERIFY(selection.isCandidate({2, 1}));
        QVERIFY(!selection.isCandidate({2, 0}));
        QCOMPARE(selection.topic(), std::string("orders.dlq"));
        QCOMPARE(aggregator.selectionFor("nope", "t").explicitCount(), std::uint64_t{0});
    }

    void aggregatorsMerge()
    {
        const std::int64_t t0 = 1'800'000'000'000;
        GroupAggregator a(GroupBy::ExceptionClass, 1000, true);
        GroupAggregator b(GroupBy::ExceptionClass, 1000, true);
        a.add(failure("X", "m1"), t0 + 500, {0, 1});
        b.add(failure("X", "m2"), t0 + 200, {1, 1});
        b.add(failure("Y", "m3"), t0 + 3000, {1, 2});
        a.merge(b);
        QCOMPARE(a.totalCount(), std::uint64_t{3});
        const auto groups = a.groups();
        QCOMPARE(groups[0].key, std::string("X"));
        QCOMPARE(groups[0].count, std::uint64_t{2});
        QCOMPARE(groups[0].firstSeenMs, t0 + 200);
        QCOMPARE(groups[0].histogram.size(), std::size_t{1});
        QCOMPARE(groups[0].histogram[0].count, std::uint64_t{2});
        QCOMPARE(groups[1].sampleMessage, std::string("m3"));
        QCOMPARE(a.selectionFor("X", "t").explicitCount(), std::uint64_t{2});
    }

    void bucketWidths()
    {
        QCOMPARE(suggestBucketWidthMs(30'000), std::int64_t{1'000});
        QCOMPARE(suggestBucketWidthMs(60 * 60'000), std::int64_t{60'000});
        QCOMPARE(suggestBucketWidthMs(24 * 3'600'000LL), std::int64_t{3'600'000});
        QCOMPARE(suggestBucketWidthMs(365 * 86'400'000LL), std::int64_t{604'800'000});
        QCOMPARE(suggestBucketWidthMs(0), std::int64_t{1'000});
    }

    void offsetRanges()
    {
        OffsetRangeSet set;
        set.add(5, 9);
        set.add(10);     // touches: merged
        set.add(20, 30);
        set.add(12, 19); // bridges with 11 missing
        QCOMPARE(set.ranges().size(), std::size_t{2});
        set.add(11);
        QCOMPARE(set.ranges().size(), std::size_t{1});
        QCOMPARE(set.count(), std::uint64_t{26});
        set.remove(15);
        QCOMPARE(set.ranges().size(), std::size_t{2});
        QVERIFY(!set.contains(15) && set.contains(14) && set.contains(16) && set.contains(5) && set.contains(30));
        QVERIFY(!set.contains(4) && !set.contains(31));
        set.remove(5);
        set.remove(30);
        set.remove(100);
        QCOMPARE(set.count(), std::uint64_t{23});
        set.add(9, 3); // empty range: ignored
        QCOMPARE(set.count(), std::uint64_t{23});
        OffsetRangeSet big;
        big.add(0, 9'999'999);
        QCOMPARE(big.count(), std::uint64_t{10'000'000});
    }

    void explicitSelection()
    {
        SelectionModel selection = SelectionModel::explicitRecords("orders.dlq");
        QVERIFY(selection.kind() == SelectionModel::Kind::Explicit);
        selection.select({0, 5});
        selection.selectRange(1, 100, 199);
        selection.toggle({1, 150});
        selection.toggle({2, 7});
        QCOMPARE(selection.explicitCount(), std::uint64_t{101});
        QVERIFY(!selection.isCandidate({1, 150}));
        QVERIFY(selection.isCandidate({2, 7}));
        const std::vector<std::int32_t> partitions{0, 1, 2};
        QVERIFY(selection.partitions() == partitions);
        QCOMPARE(selection.offsets(1)->ranges().size(), std::size_t{2});
        selection.deselect({0, 5});
        QVERIFY(selection.offsets(0) == nullptr);

        decode::Record r;
        r.partition = 2;
        r.offset = 7;
        std::vector<decode::HeaderView> headers;
        QVERIFY(selection.evaluate(r.view(headers), nullptr) == filter::Verdict::Match);
        selection.clear();
        QVERIFY(selection.evaluate(r.view(headers), nullptr) == filter::Verdict::NoMatch);
    }

    void allMatchingSelection()
    {
        auto compiled = filter::compileFilter("value contains \"boom\"");
        QVERIFY(compiled.hasValue());
        SelectionModel selection = SelectionModel::allMatching("orders.dlq", *compiled);
        QVERIFY(selection.kind() == SelectionModel::Kind::AllMatching);
        QCOMPARE(selection.filter()->text(), std::string("value contains \"boom\""));
        filter::Evaluator evaluator(*selection.filter());

        decode::Record r;
        r.partition = 0;
        r.offset = 42;
        r.value = decode::toBytes("a boom here");
        std::vector<decode::HeaderView> headers;
        QVERIFY(selection.evaluate(r.view(headers), &evaluator) == filter::Verdict::Match);
        selection.exclude({0, 42});
        QVERIFY(selection.isExcluded({0, 42}));
        QVERIFY(selection.evaluate(r.view(headers), &evaluator) == filter::Verdict::NoMatch);
        selection.include({0, 42});
        QVERIFY(selection.evaluate(r.view(headers), &evaluator) == filter::Verdict::Match);
        selection.toggle({0, 42});
        QVERIFY(selection.isExcluded({0, 42}));
        selection.toggle({0, 42});
        QVERIFY(!selection.isExcluded({0, 42}));
        selection.restrictTo(0, 0, 10); // bounds: offset 42 now outside
        QVERIFY(selection.evaluate(r.view(headers), &evaluator) == filter::Verdict::NoMatch);
        r.offset = 3;
        QVERIFY(selection.evaluate(r.view(headers), &evaluator) == filter::Verdict::Match);
        r.value = decode::toBytes("calm");
        QVERIFY(selection.evaluate(r.view(headers), &evaluator) == filter::Verdict::NoMatch);
    }
};

QTEST_APPLESS_MAIN(TestDlqGrouping)
#include "test_dlq_grouping.moc"
