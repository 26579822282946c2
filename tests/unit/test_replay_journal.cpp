// SPDX-License-Identifier: Apache-2.0
// The replay journal: durable checkpoints, failures, resume positions, and the tracker
// that only ever claims records whose outcome is known.
#include "replay/journal.h"
#include "replay/selection_cursor.h"

#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using namespace sluice;
using namespace sluice::replay;

class TestReplayJournal : public QObject {
    Q_OBJECT
private slots:
    void saveLoad()
    {
        QTemporaryDir dir;
        Journal journal(dir.filePath(QStringLiteral("replays/r1")));
        QVERIFY(!journal.exists());
        JournalState state;
        state.planHash = "abc";
        state.next = { { 0, 10 }, { 3, 7 } };
        state.targetStart["orders"] = { { 0, 100 }, { 1, 200 } };
        state.runs = 2;
        state.possibleDuplicates = 11000;
        state.stoppedCleanly = true;
        state.sentPastNext = 17;
        QVERIFY(journal.save(state));
        QVERIFY(journal.exists());
        auto loaded = journal.load();
        QVERIFY(loaded);
        QCOMPARE(loaded->planHash, std::string("abc"));
        QCOMPARE(loaded->next, state.next);
        QCOMPARE(loaded->targetStart, state.targetStart);
        QCOMPARE(loaded->runs, 2);
        QCOMPARE(loaded->possibleDuplicates, std::uint64_t(11000));
        QVERIFY(!loaded->finished);
        QVERIFY(loaded->stoppedCleanly);
        QCOMPARE(loaded->sentPastNext, std::uint64_t(17));
    }

    void failuresLastReasonWinsAndTornLineIgnored()
    {
        QTemporaryDir dir;
        Journal journal(dir.path());
        QVERIFY(journal.appendFailure({ 0, 5, "too large" }));
        QVERIFY(journal.appendFailure({ 0, 5, "still too large" }));
        QVERIFY(journal.appendFailure({ 1, 2, "denied" }));
        QFile file(dir.filePath(QStringLiteral("failures.jsonl")));
        QVERIFY(file.open(QIODevice::Append));
        file.write("{\"partition\":1,\"off");
        file.close();
        const auto failures = journal.failures();
        QCOMPARE(failures.size(), std::size_t(2));
        QCOMPARE(failures[0].reason, std::string("still too large"));
        QCOMPARE(failures[1].partition, 1);
    }

    void resumeTakesTheFurtherPosition()
    {
        const std::map<std::int32_t, std::int64_t> start { { 0, 0 }, { 1, 50 }, { 2, 0 } };
        const std::map<std::int32_t, std::int64_t> end { { 0, 100 }, { 1, 60 }, { 2, 10 } };
        const auto positions = resumePositions(start, end, { { 0, 40 }, { 1, 10 }, { 2, 10 } });
        const std::map<std::int32_t, std::int64_t> expected { { 0, 40 }, { 1, 50 } }; // 2 is done
        QCOMPARE(positions, expected);
        QCOMPARE(
            resumePositions(start, end, {}), (std::map<std::int32_t, std::int64_t> { { 0, 0 }, { 1, 50 }, { 2, 0 } }));
    }

    void trackerClaimsOnlySettledRecords()
    {
        ProgressTracker tracker;
        tracker.start(0, 100);
        tracker.sent(0, 100);
        tracker.sent(0, 101);
        tracker.passed(0, 103); // 102 skipped
        tracker.sent(0, 103);
        QCOMPARE(tracker.inFlight(), std::size_t(3));
        QCOMPARE(tracker.next().at(0), 100);
        QCOMPARE(tracker.sentPastNext(), std::uint64_t(3));
        tracker.settled(0, 101); // acknowledged out of order (another target partition)
        QCOMPARE(tracker.next().at(0), 100);
        QCOMPARE(tracker.sentPastNext(), std::uint64_t(3)); // 101 is sent again from 100
        tracker.settled(0, 100);
        QCOMPARE(tracker.sentPastNext(), std::uint64_t(1));
        QCOMPARE(tracker.next().at(0), 103);
        tracker.settled(0, 103);
        QCOMPARE(tracker.next().at(0), 104);
        QCOMPARE(tracker.inFlight(), std::size_t(0));
        tracker.settled(0, 103); // a second report changes nothing
        QCOMPARE(tracker.inFlight(), std::size_t(0));
    }

    void trackerKeepsOrderWhenSendsComeOutOfOrder()
    {
        ProgressTracker tracker;
        tracker.start(1, 0);
        tracker.sent(1, 5);
        tracker.sent(1, 3); // not expected from a source read in order, but must stay correct
        tracker.sent(1, 5); // a repeat counts once
        QCOMPARE(tracker.inFlight(), std::size_t(2));
        QCOMPARE(tracker.next().at(1), 3);
        tracker.settled(1, 5);
        QCOMPARE(tracker.next().at(1), 3);
        tracker.settled(1, 4); // never sent: ignored
        QCOMPARE(tracker.inFlight(), std::size_t(1));
        tracker.settled(1, 3);
        QCOMPARE(tracker.next().at(1), 6);
        QCOMPARE(tracker.inFlight(), std::size_t(0));
    }

    void readRangeAndSelection()
    {
        ReplayPlan plan;
        plan.sourceCluster = "c";
        plan.sourceTopic = "t";
        plan.offsets[0] = { { 5, 9 }, { 20, 24 } };
        plan.offsets[1] = { { 0, 100 } };
        plan.pinnedEnd = { { 0, 22 }, { 1, 50 }, { 2, 30 } };
        const ReadRange range = readRange(plan, { { 0, 7 }, { 1, 0 }, { 2, 0 } });
        QCOMPARE(range.start, (std::map<std::int32_t, std::int64_t> { { 0, 7 }, { 1, 0 } }));
        QCOMPARE(range.end, (std::map<std::int32_t, std::int64_t> { { 0, 22 }, { 1, 50 } }));
        QCOMPARE(countSelectedOffsets(plan, 0, 0, 22), std::uint64_t(7));
        // What a resume could send again: selected offsets from the resume positions on.
        QCOMPARE(resendableRecords(plan, range, { { 0, 8 }, { 1, 45 } }), std::uint64_t(4 + 5));
        QCOMPARE(resendableRecords(plan, range, { { 0, 22 }, { 1, 50 } }), std::uint64_t(0));
        QCOMPARE(resendableRecords(plan, range, resumePositions(range.start, range.end, {})), std::uint64_t(5 + 50));
        ReplayPlan byTime = plan; // a time range or a filter reads every offset of the range
        byTime.selection = SelectionKind::TimeRange;
        QCOMPARE(resendableRecords(byTime, range, { { 0, 8 }, { 1, 45 } }), std::uint64_t(14 + 5));

        auto cursor = SelectionCursor::create(plan);
        QVERIFY(cursor);
        std::vector<std::int64_t> missing;
        QCOMPARE(cursor->missing(0, 6, 21, [&](std::int64_t o) { missing.push_back(o); }), std::uint64_t(5));
        QCOMPARE(missing, (std::vector<std::int64_t> { 6, 7, 8, 9, 20 }));

        decode::Record record;
        record.topic = "t";
        record.partition = 0;
        std::vector<decode::HeaderView> storage;
        record.offset = 9;
        QCOMPARE(cursor->check(record.view(storage)), SelectionCursor::Verdict::Selected);
        record.offset = 10;
        QCOMPARE(cursor->check(record.view(storage)), SelectionCursor::Verdict::NotSelected);
        record.offset = 23; // selected, but past the pinned end
        QCOMPARE(cursor->check(record.view(storage)), SelectionCursor::Verdict::NotSelected);
    }

    void filterSelection()
    {
        ReplayPlan plan;
        plan.sourceCluster = "c";
        plan.sourceTopic = "t";
        plan.selection = SelectionKind::Filter;
        plan.filter = "value contains \"bad\"";
        plan.excluded[0] = { 3 };
        plan.pinnedEnd = { { 0, 100 } };
        auto cursor = SelectionCursor::create(plan);
        QVERIFY(cursor);
        decode::Record record;
        record.topic = "t";
        record.partition = 0;
        record.value = decode::Bytes { 'b', 'a', 'd' };
        std::vector<decode::HeaderView> storage;
        record.offset = 2;
        QCOMPARE(cursor->check(record.view(storage)), SelectionCursor::Verdict::Selected);
        record.offset = 3;
        QCOMPARE(cursor->check(record.view(storage)), SelectionCursor::Verdict::NotSelected);
        record.offset = 4;
        record.value = decode::Bytes { 'o', 'k' };
        QCOMPARE(cursor->check(record.view(storage)), SelectionCursor::Verdict::NotSelected);
        QCOMPARE(cursor->missing(0, 0, 100, {}), std::uint64_t(0));
    }
};

QTEST_GUILESS_MAIN(TestReplayJournal)
#include "test_replay_journal.moc"
