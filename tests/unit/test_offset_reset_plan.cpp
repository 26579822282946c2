// SPDX-License-Identifier: Apache-2.0
// Offset-reset rows: every kind, clamping shown with its reason, records to reprocess,
// and the offsets file.
#include "reset/offset_reset.h"

#include <QTest>

using namespace sluice;
using namespace sluice::reset;

namespace {

PartitionState state(std::int64_t start, std::int64_t end, std::optional<std::int64_t> committed)
{
    PartitionState s;
    s.logStart = start;
    s.logEnd = end;
    s.committed = committed;
    return s;
}

ResetSpec spec(ResetKind kind, std::int64_t value = 0)
{
    ResetSpec s;
    s.group = "g";
    s.topic = "t";
    s.kind = kind;
    s.value = value;
    return s;
}

} // namespace

class TestOffsetResetPlan : public QObject {
    Q_OBJECT
private slots:
    void kinds()
    {
        const auto st = state(100, 500, 300);
        QCOMPARE(planRow(spec(ResetKind::Earliest), 0, st)->target, 100);
        QCOMPARE(planRow(spec(ResetKind::Latest), 0, st)->target, 500);
        QCOMPARE(planRow(spec(ResetKind::Offset, 250), 0, st)->target, 250);
        auto shifted = planRow(spec(ResetKind::ShiftBy, -50), 0, st);
        QCOMPARE(shifted->target, 250);
        QCOMPARE(shifted->toReprocess, 250);
        QCOMPARE(shifted->current, std::optional<std::int64_t>(300));
        QVERIFY(shifted->clamped.empty());

        auto timed = st;
        timed.offsetForTime = 420;
        QCOMPARE(planRow(spec(ResetKind::Timestamp, 1700000000000), 0, timed)->target, 420);
        QCOMPARE(planRow(spec(ResetKind::DurationAgo, 3600000), 0, st)->target, 500); // nothing that recent: the end

        ResetSpec file = spec(ResetKind::FromFile);
        file.fileOffsets = { { domain::TopicPartition { "t", 0 }, 123 } };
        QCOMPARE(planRow(file, 0, st)->target, 123);
        QVERIFY(!planRow(file, 1, st)); // the file names no offset for partition 1
    }

    void clampingIsShown()
    {
        const auto st = state(100, 500, 300);
        auto low = planRow(spec(ResetKind::ShiftBy, -1000), 0, st);
        QCOMPARE(low->requested, -700);
        QCOMPARE(low->target, 100);
        QVERIFY(low->clamped.find("log start") != std::string::npos);
        QCOMPARE(low->toReprocess, 400);
        auto high = planRow(spec(ResetKind::Offset, 9999), 0, st);
        QCOMPARE(high->target, 500);
        QVERIFY(high->clamped.find("log end") != std::string::npos);
        QCOMPARE(high->toReprocess, 0);
    }

    void shiftNeedsACommit()
    {
        auto row = planRow(spec(ResetKind::ShiftBy, -5), 0, state(0, 10, std::nullopt));
        QVERIFY(!row);
        QVERIFY(row.error().message.find("no committed offset") != std::string::npos);
        QVERIFY(planRow(spec(ResetKind::Earliest), 0, state(0, 10, std::nullopt)));
    }

    void offsetsFile()
    {
        auto parsed = parseOffsetsFile("t,0,5\r\nother,0,9\n# comment\n\nt,2,70\nweird,topic,1,3\n", "t");
        QVERIFY(parsed);
        QCOMPARE(*parsed, (std::map<std::int32_t, std::int64_t> { { 0, 5 }, { 2, 70 } }));
        QVERIFY(!parseOffsetsFile("t,0\n", "t"));
        QVERIFY(!parseOffsetsFile("t,x,5\n", "t"));
        QVERIFY(!parseOffsetsFile("t,0,-5\n", "t"));
    }
};

QTEST_GUILESS_MAIN(TestOffsetResetPlan)
#include "test_offset_reset_plan.moc"
