// SPDX-License-Identifier: Apache-2.0
#include "lag/decimation.h"

#include <QTest>

#include <algorithm>
#include <map>

using namespace sluice::lag;

namespace {

std::int64_t floorDiv(std::int64_t a, std::int64_t b) { return a / b - ((a % b != 0) && (a < 0) ? 1 : 0); }

// A deterministic noisy series with spikes: 1 point every `stepMs` from `startMs`.
std::vector<SeriesPoint> noisySeries(std::size_t count, std::int64_t startMs, std::int64_t stepMs)
{
    std::vector<SeriesPoint> out;
    out.reserve(count);
    std::uint64_t state = 12345;
    for (std::size_t i = 0; i < count; ++i) {
        state = state * 6364136223846793005ULL + 1442695040888963407ULL; // LCG
        double value = static_cast<double>((state >> 33) % 1000);
        if (i % 997 == 0)
            value += 50'000; // rare spikes that must survive
        if (i % 1543 == 0)
            value = -50'000;
        out.push_back({startMs + static_cast<std::int64_t>(i) * stepMs, value});
    }
    return out;
}

struct BucketStats {
    SeriesPoint min, max;
    int inputCount = 0;
};

std::map<std::int64_t, BucketStats> statsByBucket(const std::vector<SeriesPoint>& points, std::int64_t bucketMs)
{
    std::map<std::int64_t, BucketStats> out;
    for (const SeriesPoint& p : points) {
        BucketStats& b = out[floorDiv(p.timeMs, bucketMs)];
        if (b.inputCount == 0 || p.value < b.min.value)
            b.min = p;
        if (b.inputCount == 0 || p.value > b.max.value)
            b.max = p;
        ++b.inputCount;
    }
    return out;
}

// Points are sorted by time: binary search, then scan the (few) points of equal time.
bool contains(const std::vector<SeriesPoint>& points, const SeriesPoint& p)
{
    auto it = std::lower_bound(points.begin(), points.end(), p.timeMs,
                               [](const SeriesPoint& q, std::int64_t t) { return q.timeMs < t; });
    for (; it != points.end() && it->timeMs == p.timeMs; ++it)
        if (*it == p)
            return true;
    return false;
}

} // namespace

class TestLagDecimation : public QObject {
    Q_OBJECT
private slots:
    void trivialInputs()
    {
        QVERIFY(decimateMinMax({}, 10).empty());
        const std::vector<SeriesPoint> one{{5, 1.0}};
        QCOMPARE(decimateMinMax(one, 10), one);
        const std::vector<SeriesPoint> two{{5, 1.0}, {6, 3.0}};
        QCOMPARE(decimateMinMax(two, 10), two);
    }

    void keepsEveryBucketsExtremesAndBoundsTheCount()
    {
        const auto input = noisySeries(86'400, 1'700'000'000'000, 1000); // a day at 1 Hz
        const std::int64_t bucketMs = bucketWidthFor(input.front().timeMs, input.back().timeMs + 1, 1600);
        const auto output = decimateMinMax(input, bucketMs);
        const auto stats = statsByBucket(input, bucketMs);

        QVERIFY(output.size() <= 2 * stats.size() + 2);
        QVERIFY(stats.size() <= 1601);
        QCOMPARE(output.front(), input.front());
        QCOMPARE(output.back(), input.back());
        QVERIFY(std::is_sorted(output.begin(), output.end(),
                               [](const SeriesPoint& a, const SeriesPoint& b) { return a.timeMs < b.timeMs; }));
        for (const auto& [bucket, s] : stats) {
            QVERIFY(contains(output, s.min));
            QVERIFY(contains(output, s.max));
        }
        std::map<std::int64_t, int> perBucket;
        for (const SeriesPoint& p : output) {
            QVERIFY(contains(input, p)); // never an invented point
            ++perBucket[floorDiv(p.timeMs, bucketMs)];
        }
        const std::int64_t firstBucket = perBucket.begin()->first;
        const std::int64_t lastBucket = perBucket.rbegin()->first;
        for (const auto& [bucket, n] : perBucket) {
            const int allowed = (bucket == firstBucket || bucket == lastBucket) ? 3 : 2;
            QVERIFY2(n <= allowed, qPrintable(QStringLiteral("bucket %1 has %2 points").arg(bucket).arg(n)));
        }
        const auto [minIt, maxIt] = std::minmax_element(
            input.begin(), input.end(), [](const SeriesPoint& a, const SeriesPoint& b) { return a.value < b.value; });
        QVERIFY(contains(output, *minIt));
        QVERIFY(contains(output, *maxIt));
    }

    void orderWithinABucketFollowsTime()
    {
        const std::vector<SeriesPoint> falling{{0, 9}, {1, 5}, {2, 7}, {3, 1}, {4, 4}, {10, 0}};
        // Bucket [0, 10): first 9 (also max), min 1 at t=3; bucket [10, 20): the last point.
        const std::vector<SeriesPoint> expected{{0, 9}, {3, 1}, {10, 0}};
        QCOMPARE(decimateMinMax(falling, 10), expected);
        const std::vector<SeriesPoint> inner{{10, 5}, {11, 9}, {12, 1}, {13, 5}, {20, 0}, {30, 0}};
        // The first bucket keeps first, max, min; the middle one just its single point.
        const std::vector<SeriesPoint> expectedInner{{10, 5}, {11, 9}, {12, 1}, {20, 0}, {30, 0}};
        QCOMPARE(decimateMinMax(inner, 10), expectedInner);
    }

    void tiesNeverDuplicate()
    {
        const std::vector<SeriesPoint> flat{{0, 1}, {0, 1}, {1, 1}, {2, 1}, {3, 1}};
        const auto out = decimateMinMax(flat, 100);
        QCOMPARE(out.size(), std::size_t(2)); // first (= min = max) and last
        QCOMPARE(out.front(), flat.front());
        QCOMPARE(out.back(), flat.back());
    }

    // Buckets are anchored at the epoch: appending only changes the last bucket's output.
    void stableUnderAppends()
    {
        const auto input = noisySeries(5000, 1'700'000'000'123, 250);
        const std::int64_t bucketMs = 7000;
        const auto full = decimateMinMax(input, bucketMs);
        for (std::size_t prefix : {std::size_t(1), std::size_t(17), std::size_t(1000), std::size_t(2999)}) {
            const std::span<const SeriesPoint> head(input.data(), prefix);
            const auto partial = decimateMinMax(head, bucketMs);
            const std::int64_t openBucket = floorDiv(head.back().timeMs, bucketMs);
            std::vector<SeriesPoint> closedPartial, closedFull;
            for (const SeriesPoint& p : partial)
                if (floorDiv(p.timeMs, bucketMs) < openBucket)
                    closedPartial.push_back(p);
            for (const SeriesPoint& p : full)
                if (floorDiv(p.timeMs, bucketMs) < openBucket)
                    closedFull.push_back(p);
            QCOMPARE(closedPartial, closedFull);
        }
    }

    void incrementalMatchesBatch()
    {
        const auto input = noisySeries(3000, -5000, 37); // crosses the epoch: floor division
        MinMaxDecimator live(500);
        for (std::size_t i = 0; i < input.size(); ++i) {
            QVERIFY(live.append(input[i]));
            if (i % 97 == 0 || i + 1 == input.size())
                QCOMPARE(live.output(), decimateMinMax(std::span(input.data(), i + 1), 500));
        }
        QVERIFY(!live.append({input.front().timeMs, 1.0})); // older than the newest point
        QCOMPARE(live.output(), decimateMinMax(input, 500));
        QVERIFY(live.closedPointCount() > 0);
        live.clear();
        QVERIFY(live.output().empty());
    }

    void bucketWidth()
    {
        QCOMPARE(bucketWidthFor(0, 1600, 1600), 1);
        QCOMPARE(bucketWidthFor(0, 1601, 1600), 2);
        QCOMPARE(bucketWidthFor(0, 3'600'000, 1600), 2250);
        QCOMPARE(bucketWidthFor(5, 5, 1600), 1);
        QCOMPARE(bucketWidthFor(0, 100, 0), 100);
    }
};

QTEST_APPLESS_MAIN(TestLagDecimation)
#include "test_lag_decimation.moc"
