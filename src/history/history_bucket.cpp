// SPDX-License-Identifier: Apache-2.0
// Value conversions and the bucket accumulator of the history store.
#include "history/history_store_impl.h"

#include <algorithm>

namespace sluice::history::detail {

const char* const kBucketColumns =
    "t_ms, n, last_t, committed, end_offset, lag_n, lag_min, lag_max, lag_sum, max_lag,"
    " lag_s_n, lag_s_min, lag_s_max, lag_s_sum, produce_n, produce_sum, consume_n, consume_sum, verdict, no_commit";

std::int64_t toMs(TimePoint t)
{
    return std::chrono::duration_cast<std::chrono::milliseconds>(t.time_since_epoch()).count();
}

TimePoint fromMs(std::int64_t ms)
{
    return TimePoint{} + std::chrono::duration_cast<TimePoint::duration>(std::chrono::milliseconds(ms));
}

QVariant bindable(const std::optional<std::int64_t>& v)
{
    return v ? QVariant(static_cast<qlonglong>(*v)) : QVariant();
}

QVariant bindable(const std::optional<double>& v) { return v ? QVariant(*v) : QVariant(); }

std::optional<std::int64_t> int64At(const QSqlQuery& q, int column)
{
    if (q.isNull(column))
        return std::nullopt;
    return static_cast<std::int64_t>(q.value(column).toLongLong());
}

std::optional<double> doubleAt(const QSqlQuery& q, int column)
{
    if (q.isNull(column))
        return std::nullopt;
    return q.value(column).toDouble();
}

namespace {

template <typename T>
std::optional<T> minOf(const std::optional<T>& a, const std::optional<T>& b)
{
    if (!a)
        return b;
    if (!b)
        return a;
    return std::min(*a, *b);
}

template <typename T>
std::optional<T> maxOf(const std::optional<T>& a, const std::optional<T>& b)
{
    if (!a)
        return b;
    if (!b)
        return a;
    return std::max(*a, *b);
}

} // namespace

Accumulator Accumulator::fromRow(const QSqlQuery& q)
{
    Accumulator a;
    a.startMs = q.value(0).toLongLong();
    a.samples = q.value(1).toLongLong();
    a.lastMs = q.value(2).toLongLong();
    a.committed = int64At(q, 3);
    a.endOffset = int64At(q, 4);
    a.lagCount = q.value(5).toLongLong();
    a.lagMin = int64At(q, 6);
    a.lagMax = int64At(q, 7);
    a.lagSum = doubleAt(q, 8).value_or(0.0);
    a.maxLag = int64At(q, 9);
    a.lagSecondsCount = q.value(10).toLongLong();
    a.lagSecondsMin = doubleAt(q, 11);
    a.lagSecondsMax = doubleAt(q, 12);
    a.lagSecondsSum = doubleAt(q, 13).value_or(0.0);
    a.produceCount = q.value(14).toLongLong();
    a.produceSum = doubleAt(q, 15).value_or(0.0);
    a.consumeCount = q.value(16).toLongLong();
    a.consumeSum = doubleAt(q, 17).value_or(0.0);
    if (!q.isNull(18))
        a.verdictCode = q.value(18).toInt();
    a.noCommit = q.value(19).toInt();
    return a;
}

void Accumulator::merge(const Accumulator& o)
{
    if (o.lastMs >= lastMs) {
        committed = o.committed;
        endOffset = o.endOffset;
        lastMs = o.lastMs;
    }
    samples += o.samples;
    lagCount += o.lagCount;
    lagMin = minOf(lagMin, o.lagMin);
    lagMax = maxOf(lagMax, o.lagMax);
    lagSum += o.lagSum;
    maxLag = maxOf(maxLag, o.maxLag);
    lagSecondsCount += o.lagSecondsCount;
    lagSecondsMin = minOf(lagSecondsMin, o.lagSecondsMin);
    lagSecondsMax = maxOf(lagSecondsMax, o.lagSecondsMax);
    lagSecondsSum += o.lagSecondsSum;
    produceCount += o.produceCount;
    produceSum += o.produceSum;
    consumeCount += o.consumeCount;
    consumeSum += o.consumeSum;
    verdictCode = maxOf(verdictCode, o.verdictCode);
    noCommit = std::max(noCommit, o.noCommit);
}

HistoryPoint Accumulator::toPoint() const
{
    HistoryPoint p;
    p.at = fromMs(startMs);
    p.lastAt = fromMs(lastMs);
    p.samples = static_cast<int>(samples);
    p.lagMin = lagMin;
    p.lagMax = lagMax;
    if (lagCount > 0)
        p.lagMean = lagSum / static_cast<double>(lagCount);
    p.maxLagRecords = maxLag;
    p.lagSecondsMin = lagSecondsMin;
    p.lagSecondsMax = lagSecondsMax;
    if (lagSecondsCount > 0)
        p.lagSecondsMean = lagSecondsSum / static_cast<double>(lagSecondsCount);
    if (produceCount > 0)
        p.produceRate = produceSum / static_cast<double>(produceCount);
    if (consumeCount > 0)
        p.consumeRate = consumeSum / static_cast<double>(consumeCount);
    p.committed = committed;
    p.endOffset = endOffset;
    if (verdictCode)
        p.verdict = lag::verdictFromCode(*verdictCode);
    p.partitionsWithoutCommit = noCommit;
    return p;
}

} // namespace sluice::history::detail
