// SPDX-License-Identifier: Apache-2.0
// Start offsets from every kind of start position, and the stop rules: scan-start end,
// record limit, timestamp, live tail, partition EOF, empty ranges; the rate a partition
// shows while it is read and once it is done.
#include "browse/scan_plan.h"
#include "browse/scan_progress.h"

#include <QTest>

using namespace sluice::browse;
using Decision = StopTracker::Decision;

class TestBrowseScanPlan : public QObject {
    Q_OBJECT
private slots:
    void startPositions()
    {
        const Watermarks w { 100, 200 };
        QCOMPARE(resolveStartOffset(StartPosition::beginning(), w, {}).offset, 100);
        QCOMPARE(resolveStartOffset(StartPosition::end(), w, {}).offset, 200);
        QCOMPARE(resolveStartOffset(StartPosition::endMinus(10), w, {}).offset, 190);
        QCOMPARE(resolveStartOffset(StartPosition::endMinus(0), w, {}).offset, 200);
        QCOMPARE(resolveStartOffset(StartPosition::endMinus(500), w, {}).offset, 100); // not below the log start
        QCOMPARE(resolveStartOffset(StartPosition::endMinus(-5), w, {}).offset, 200);
        QCOMPARE(resolveStartOffset(StartPosition::atOffset(150), w, {}).offset, 150);
        QVERIFY(resolveStartOffset(StartPosition::atOffset(150), w, {}).note.empty());

        const auto deleted = resolveStartOffset(StartPosition::atOffset(5), w, {});
        QCOMPARE(deleted.offset, 100);
        QVERIFY(deleted.note.find("retention") != std::string::npos);
        const auto future = resolveStartOffset(StartPosition::atOffset(900), w, {});
        QCOMPARE(future.offset, 200);
        QVERIFY(!future.note.empty());

        QCOMPARE(resolveStartOffset(StartPosition::atTimestamp(1), w, 123).offset, 123);
        const auto noneAfter = resolveStartOffset(StartPosition::atTimestamp(1), w, std::nullopt);
        QCOMPARE(noneAfter.offset, 200);
        QVERIFY(!noneAfter.note.empty());
        QCOMPARE(resolveStartOffset(StartPosition::atTimestamp(1), w, -1).offset, 200);

        QCOMPARE(resolveStartOffset(StartPosition::committedBy("g"), w, 170).offset, 170);
        const auto noCommit = resolveStartOffset(StartPosition::committedBy("g"), w, std::nullopt);
        QCOMPARE(noCommit.offset, 100);
        QVERIFY(noCommit.note.find("group g") != std::string::npos);
        QCOMPARE(
            resolveStartOffset(StartPosition::committedBy("g", StartPosition::Kind::End), w, std::nullopt).offset, 200);
        QCOMPARE(resolveStartOffset(StartPosition::committedBy("g"), w, 50).offset, 100);
        QCOMPARE(resolveStartOffset(StartPosition::committedBy("g"), w, 200).offset, 200);

        const Watermarks empty { 0, 0 };
        QCOMPARE(resolveStartOffset(StartPosition::endMinus(10), empty, {}).offset, 0);
        QCOMPARE(resolveStartOffset(StartPosition::atOffset(3), empty, {}).offset, 0);
    }

    void planTakesTheHighWatermarkOnlyForScanStartEnd()
    {
        QCOMPARE(planPartition(3, { 0, 10 }, 4, StopCondition::atEnd()).stopOffset.value_or(-1), 10);
        QVERIFY(!planPartition(3, { 0, 10 }, 4, StopCondition::liveTail()).stopOffset);
        QVERIFY(!planPartition(3, { 0, 10 }, 4, StopCondition::atTimestamp(5)).stopOffset);
        QCOMPARE(planPartition(3, { 0, 10 }, 4, StopCondition::afterRecords(2)).stopOffset.value_or(-1), 10);
    }

    void endAtScanStart()
    {
        const StopCondition stop = StopCondition::atEnd();
        StopTracker tracker(stop,
            { planPartition(0, { 0, 3 }, 0, stop), planPartition(1, { 5, 5 }, 5, stop),
                planPartition(2, { 0, 10 }, 8, stop) });
        QVERIFY(tracker.isPartitionDone(1)); // empty range: never started
        QCOMPARE(tracker.openPartitions(), std::size_t { 2 });
        QCOMPARE(tracker.onRecord(0, 0, 1), Decision::Take);
        QCOMPARE(tracker.onRecord(0, 1, 1), Decision::Take);
        QCOMPARE(tracker.onRecord(0, 2, 1), Decision::TakeLast);
        QVERIFY(tracker.isPartitionDone(0));
        QCOMPARE(tracker.onRecord(0, 3, 1), Decision::Skip); // written after the scan started
        QCOMPARE(tracker.onRecord(2, 8, 1), Decision::Take);
        QVERIFY(!tracker.isDone());
        // Offset 9 is a transaction marker, never delivered: EOF ends the partition.
        tracker.onEndOfPartition(2, 0);
        QVERIFY(tracker.isPartitionDone(2));
        QVERIFY(tracker.isDone());
    }

    void recordBeyondSnapshotEndsPartition()
    {
        const StopCondition stop = StopCondition::atEnd();
        StopTracker tracker(stop, { planPartition(0, { 0, 5 }, 0, stop) });
        QCOMPARE(tracker.onRecord(0, 3, 1), Decision::Take);
        // Offset 4 was compacted away; the next record is past the snapshot.
        QCOMPARE(tracker.onRecord(0, 6, 1), Decision::Skip);
        QVERIFY(tracker.isDone());
    }

    void recordLimit()
    {
        StopCondition stop = StopCondition::afterRecords(3);
        StopTracker tracker(stop, { planPartition(0, { 0, 100 }, 0, stop), planPartition(1, { 0, 100 }, 0, stop) });
        for (int i = 0; i < 3; ++i) {
            QCOMPARE(tracker.onRecord(static_cast<std::size_t>(i % 2), i, 0), Decision::Take);
            QVERIFY(!tracker.isDone());
            tracker.onMatched();
        }
        QVERIFY(tracker.reachedMaxRecords());
        QVERIFY(tracker.isDone());
        QCOMPARE(tracker.onRecord(0, 10, 0), Decision::Skip);

        StopCondition zero = StopCondition::afterRecords(0);
        StopTracker none(zero, { planPartition(0, { 0, 100 }, 0, zero) });
        QVERIFY(none.isDone());
    }

    void recordsFilteredOutDoNotCountTowardsTheLimit()
    {
        StopCondition stop = StopCondition::afterRecords(1);
        StopTracker tracker(stop, { planPartition(0, { 0, 100 }, 0, stop) });
        QCOMPARE(tracker.onRecord(0, 0, 0), Decision::Take); // predicate says no: no onMatched()
        QVERIFY(!tracker.isDone());
        QCOMPARE(tracker.onRecord(0, 1, 0), Decision::Take);
        tracker.onMatched();
        QVERIFY(tracker.isDone());
    }

    void liveTailNeverEndsByItself()
    {
        const StopCondition stop = StopCondition::liveTail();
        StopTracker tracker(stop, { planPartition(0, { 0, 0 }, 0, stop) });
        QVERIFY(!tracker.isPartitionDone(0)); // an empty partition is still tailed
        tracker.onEndOfPartition(0, 1);
        QVERIFY(tracker.isCaughtUp(0));
        QVERIFY(!tracker.isDone());
        QCOMPARE(tracker.onRecord(0, 0, 5), Decision::Take);
        QVERIFY(!tracker.isCaughtUp(0));
        tracker.onTick(1'000'000);
        QVERIFY(!tracker.isDone());
    }

    void untilTimestamp()
    {
        const StopCondition stop = StopCondition::atTimestamp(1000);
        StopTracker tracker(stop,
            { planPartition(0, { 0, 50 }, 0, stop), planPartition(1, { 0, 50 }, 0, stop),
                planPartition(2, { 0, 50 }, 0, stop) });
        QCOMPARE(tracker.onRecord(0, 0, 999), Decision::Take);
        QCOMPARE(tracker.onRecord(0, 1, 1000), Decision::Take); // equal is still in
        QCOMPARE(tracker.onRecord(0, 2, -1), Decision::Take); // no timestamp: never ends it
        QCOMPARE(tracker.onRecord(0, 3, 1001), Decision::Skip);
        QVERIFY(tracker.isPartitionDone(0));
        // Partition 1 is at its end while the wall clock is before the stop time: it waits.
        tracker.onEndOfPartition(1, 500);
        QVERIFY(!tracker.isPartitionDone(1));
        tracker.onTick(900);
        QVERIFY(!tracker.isPartitionDone(1));
        tracker.onTick(1500);
        QVERIFY(tracker.isPartitionDone(1));
        // Partition 2 reaches its end after the stop time: done at once.
        tracker.onEndOfPartition(2, 2000);
        QVERIFY(tracker.isDone());
    }

    void timestampCombinedWithScanStartEnd()
    {
        StopCondition stop = StopCondition::atEnd();
        stop.untilTimestampMs = 100;
        StopTracker tracker(stop, { planPartition(0, { 0, 10 }, 0, stop) });
        QCOMPARE(tracker.onRecord(0, 0, 50), Decision::Take);
        QCOMPARE(tracker.onRecord(0, 1, 150), Decision::Skip);
        QVERIFY(tracker.isDone());
    }

    void partitionRateIsPerIntervalWhileReadingThenTheAverage()
    {
        // Reading: 2,000 records since the last update 0.5 s ago.
        QCOMPARE(partitionRate(10'000, 8'000, 0.5, std::nullopt), 4'000.0);
        // Nothing new in the interval while reading: 0, honestly.
        QCOMPARE(partitionRate(10'000, 10'000, 0.5, std::nullopt), 0.0);
        // Done after 2.5 s of scan: the average, whatever the last interval saw.
        QCOMPARE(partitionRate(10'000, 10'000, 0.05, 2.5), 4'000.0);
        QCOMPARE(partitionRate(10'000, 0, 0.0, 2.5), 4'000.0);
        // Degenerate times and counts give 0, never infinity or a wrapped difference.
        QCOMPARE(partitionRate(10'000, 0, 0.0, std::nullopt), 0.0);
        QCOMPARE(partitionRate(10'000, 0, 0.5, 0.0), 0.0);
        QCOMPARE(partitionRate(0, 0, 0.5, 1.0), 0.0);
        QCOMPARE(partitionRate(5, 9, 0.5, std::nullopt), 0.0);
    }
};

QTEST_APPLESS_MAIN(TestBrowseScanPlan)
#include "test_browse_scan_plan.moc"
