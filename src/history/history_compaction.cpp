// SPDX-License-Identifier: Apache-2.0
// Retention, downsampling and the size bound of the history store.
#include "history/history_store_impl.h"

#include "support/logging.h"

#include <algorithm>
#include <cmath>

namespace sluice::history {

using namespace detail;

namespace {

// Rolls raw rows older than the cutoff into buckets. A bucket that already exists (a row
// arrived late, after its bucket was rolled) absorbs them: counts and sums add up, minima and
// maxima widen, the offsets of the newest sample win, the worst verdict stays.
const char* const kRollUp =
    "WITH agg AS ("
    " SELECT series_id, (t_ms / %1) * %1 AS b, COUNT(*) AS n, MAX(t_ms) AS last_t,"
    "  COUNT(lag) AS lag_n, MIN(lag) AS lag_min, MAX(lag) AS lag_max, TOTAL(lag) AS lag_sum, MAX(max_lag) AS max_lag,"
    "  COUNT(lag_s) AS lag_s_n, MIN(lag_s) AS lag_s_min, MAX(lag_s) AS lag_s_max, TOTAL(lag_s) AS lag_s_sum,"
    "  COUNT(produce_rate) AS produce_n, TOTAL(produce_rate) AS produce_sum,"
    "  COUNT(consume_rate) AS consume_n, TOTAL(consume_rate) AS consume_sum,"
    "  MAX(verdict) AS verdict, MAX(no_commit) AS no_commit"
    " FROM raw_samples WHERE t_ms < %2 GROUP BY series_id, b)"
    " INSERT INTO buckets(series_id, t_ms, n, last_t, committed, end_offset, lag_n, lag_min, lag_max, lag_sum,"
    "  max_lag, lag_s_n, lag_s_min, lag_s_max, lag_s_sum, produce_n, produce_sum, consume_n, consume_sum,"
    "  verdict, no_commit)"
    " SELECT agg.series_id, agg.b, agg.n, agg.last_t, r.committed, r.end_offset, agg.lag_n, agg.lag_min,"
    "  agg.lag_max, agg.lag_sum, agg.max_lag, agg.lag_s_n, agg.lag_s_min, agg.lag_s_max, agg.lag_s_sum,"
    "  agg.produce_n, agg.produce_sum, agg.consume_n, agg.consume_sum, agg.verdict, agg.no_commit"
    " FROM agg JOIN raw_samples r ON r.series_id = agg.series_id AND r.t_ms = agg.last_t"
    " WHERE true"
    " ON CONFLICT(series_id, t_ms) DO UPDATE SET"
    "  n = n + excluded.n,"
    "  committed = CASE WHEN excluded.last_t >= last_t THEN excluded.committed ELSE committed END,"
    "  end_offset = CASE WHEN excluded.last_t >= last_t THEN excluded.end_offset ELSE end_offset END,"
    "  last_t = max(last_t, excluded.last_t),"
    "  lag_n = lag_n + excluded.lag_n,"
    "  lag_min = min(coalesce(lag_min, excluded.lag_min), coalesce(excluded.lag_min, lag_min)),"
    "  lag_max = max(coalesce(lag_max, excluded.lag_max), coalesce(excluded.lag_max, lag_max)),"
    "  lag_sum = coalesce(lag_sum, 0) + coalesce(excluded.lag_sum, 0),"
    "  max_lag = max(coalesce(max_lag, excluded.max_lag), coalesce(excluded.max_lag, max_lag)),"
    "  lag_s_n = lag_s_n + excluded.lag_s_n,"
    "  lag_s_min = min(coalesce(lag_s_min, excluded.lag_s_min), coalesce(excluded.lag_s_min, lag_s_min)),"
    "  lag_s_max = max(coalesce(lag_s_max, excluded.lag_s_max), coalesce(excluded.lag_s_max, lag_s_max)),"
    "  lag_s_sum = coalesce(lag_s_sum, 0) + coalesce(excluded.lag_s_sum, 0),"
    "  produce_n = produce_n + excluded.produce_n,"
    "  produce_sum = coalesce(produce_sum, 0) + coalesce(excluded.produce_sum, 0),"
    "  consume_n = consume_n + excluded.consume_n,"
    "  consume_sum = coalesce(consume_sum, 0) + coalesce(excluded.consume_sum, 0),"
    "  verdict = max(coalesce(verdict, excluded.verdict), coalesce(excluded.verdict, verdict)),"
    "  no_commit = max(no_commit, excluded.no_commit)";

std::int64_t floorTo(std::int64_t value, std::int64_t step)
{
    const std::int64_t q = value / step - ((value % step != 0 && value < 0) ? 1 : 0);
    return q * step;
}

QString num(std::int64_t v) { return QString::number(static_cast<qlonglong>(v)); }

} // namespace

Result<CompactionReport> HistoryStore::Impl::compact(TimePoint now)
{
    CompactionReport report;
    const std::int64_t nowMs = toMs(now);
    const std::int64_t widthMs = settings.bucketWidth.count();
    // Whole buckets only: a bucket is rolled once all of it is older than the raw retention.
    const std::int64_t rawCutoff = floorTo(nowMs - settings.rawRetention.count(), widthMs);
    const std::int64_t bucketCutoff = nowMs - settings.bucketRetention.count();

    if (!db.transaction())
        return sqlError("start compacting", db.lastError());
    auto fail = [this](const Error& e) {
        db.rollback();
        return e;
    };
    if (auto ok = exec(QString::fromLatin1(kRollUp).arg(num(widthMs), num(rawCutoff)), "roll up raw samples"); !ok)
        return fail(ok.error());
    {
        QSqlQuery del(db);
        if (!del.exec(QStringLiteral("DELETE FROM raw_samples WHERE t_ms < %1").arg(num(rawCutoff))))
            return fail(sqlError("delete rolled-up samples", del.lastError()));
        report.rawRowsRolledUp = del.numRowsAffected();
    }
    {
        QSqlQuery del(db);
        if (!del.exec(QStringLiteral("DELETE FROM buckets WHERE t_ms < %1").arg(num(bucketCutoff))))
            return fail(sqlError("delete expired buckets", del.lastError()));
        report.bucketsExpired = del.numRowsAffected();
    }
    {
        QSqlQuery del(db);
        if (!del.exec(QStringLiteral("DELETE FROM group_events WHERE t_ms < %1").arg(num(bucketCutoff))))
            return fail(sqlError("delete expired group events", del.lastError()));
    }
    if (!db.commit())
        return fail(sqlError("save the compaction", db.lastError()));

    const auto dropped = dropOldestForSize();
    if (!dropped)
        return dropped.error();
    report.rowsDroppedForSize = *dropped;

    // Series with no rows left; then give freed pages back and keep the WAL file short.
    if (auto ok = exec(QStringLiteral("DELETE FROM series WHERE"
                                      " NOT EXISTS (SELECT 1 FROM raw_samples WHERE series_id = series.id) AND"
                                      " NOT EXISTS (SELECT 1 FROM buckets WHERE series_id = series.id)"),
                       "forget empty series");
        !ok)
        return ok.error();
    seriesIds.clear();
    {
        QSqlQuery vacuum(db);
        if (!vacuum.exec(QStringLiteral("PRAGMA incremental_vacuum")))
            return sqlError("release free pages", vacuum.lastError());
        while (vacuum.next()) { } // each step frees pages: run it to the end
    }
    if (auto ok = exec(QStringLiteral("PRAGMA wal_checkpoint(TRUNCATE)"), "checkpoint the log"); !ok)
        return ok.error();
    const auto used = scalar(QStringLiteral("SELECT (page_count - freelist_count) * page_size"
                                            " FROM pragma_page_count(), pragma_freelist_count(), pragma_page_size()"),
                             "measure the database");
    if (!used)
        return used.error();
    report.usedBytes = *used;
    logging::lag()->debug("history compacted rolled={} expired={} droppedForSize={} bytes={}", report.rawRowsRolledUp,
                          report.bucketsExpired, report.rowsDroppedForSize, report.usedBytes);
    return report;
}

// Deletes the oldest buckets (raw rows once no bucket is left) until the pages in use fit in
// maxBytes. Each round removes about the fraction of rows by which the file is too big.
Result<std::int64_t> HistoryStore::Impl::dropOldestForSize()
{
    const QString usedSql = QStringLiteral("SELECT (page_count - freelist_count) * page_size"
                                           " FROM pragma_page_count(), pragma_freelist_count(), pragma_page_size()");
    std::int64_t dropped = 0;
    for (int round = 0; round < 64; ++round) {
        const auto used = scalar(usedSql, "measure the database");
        if (!used)
            return used.error();
        if (*used <= settings.maxBytes)
            break;
        const auto buckets = scalar(QStringLiteral("SELECT COUNT(*) FROM buckets"), "count buckets");
        const auto raws = scalar(QStringLiteral("SELECT COUNT(*) FROM raw_samples"), "count samples");
        if (!buckets || !raws)
            return (!buckets ? buckets : raws).error();
        if (*buckets + *raws == 0)
            break;
        const double excess = static_cast<double>(*used - settings.maxBytes) / static_cast<double>(*used);
        const double fraction = std::clamp(excess + 0.02, 0.01, 1.0);
        const QString table = *buckets > 0 ? QStringLiteral("buckets") : QStringLiteral("raw_samples");
        const std::int64_t rows = *buckets > 0 ? *buckets : *raws;
        const auto k = std::clamp<std::int64_t>(
            static_cast<std::int64_t>(std::ceil(fraction * static_cast<double>(*buckets + *raws))), 1, rows);
        QSqlQuery del(db);
        if (!del.exec(QStringLiteral("DELETE FROM %1 WHERE t_ms <= (SELECT t_ms FROM %1 ORDER BY t_ms LIMIT 1 OFFSET %2)")
                          .arg(table, num(k - 1))))
            return sqlError("delete old history for space", del.lastError());
        dropped += del.numRowsAffected();
    }
    if (dropped > 0)
        logging::lag()->info("history over its size bound: dropped {} oldest rows (max {} bytes)", dropped,
                             settings.maxBytes);
    return dropped;
}

} // namespace sluice::history
