// SPDX-License-Identifier: Apache-2.0
#include "history/history_store.h"

#include "history/history_store_impl.h"
#include "support/logging.h"

#include <QDir>
#include <QFileInfo>

#include <atomic>
#include <cassert>

namespace sluice::history {

using namespace detail;

namespace {

constexpr int kSchemaVersion = 1;
constexpr int kBusyTimeoutMs = 5000;

const QString kSqlite = QStringLiteral("QSQLITE");

// Tables: series names each series once; raw_samples holds samples as written;
// buckets holds rolled-up samples (see Accumulator). Rows of both are inserted in time order,
// so the rowid order is about time order and deleting the oldest rows frees whole pages.
const char* const kSchema[] = {
    "CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value TEXT NOT NULL)",
    "CREATE TABLE IF NOT EXISTS series("
    " id INTEGER PRIMARY KEY, kind INTEGER NOT NULL, cluster TEXT NOT NULL, grp TEXT NOT NULL,"
    " topic TEXT NOT NULL, part INTEGER NOT NULL, UNIQUE(cluster, grp, topic, part, kind))",
    "CREATE TABLE IF NOT EXISTS raw_samples("
    " series_id INTEGER NOT NULL, t_ms INTEGER NOT NULL, committed INTEGER, end_offset INTEGER,"
    " lag INTEGER, max_lag INTEGER, lag_s REAL, produce_rate REAL, consume_rate REAL, verdict INTEGER,"
    " no_commit INTEGER NOT NULL DEFAULT 0, UNIQUE(series_id, t_ms))",
    "CREATE INDEX IF NOT EXISTS raw_samples_by_time ON raw_samples(t_ms)",
    "CREATE TABLE IF NOT EXISTS buckets("
    " series_id INTEGER NOT NULL, t_ms INTEGER NOT NULL, n INTEGER NOT NULL, last_t INTEGER NOT NULL,"
    " committed INTEGER, end_offset INTEGER,"
    " lag_n INTEGER NOT NULL, lag_min INTEGER, lag_max INTEGER, lag_sum REAL, max_lag INTEGER,"
    " lag_s_n INTEGER NOT NULL, lag_s_min REAL, lag_s_max REAL, lag_s_sum REAL,"
    " produce_n INTEGER NOT NULL, produce_sum REAL, consume_n INTEGER NOT NULL, consume_sum REAL,"
    " verdict INTEGER, no_commit INTEGER NOT NULL, UNIQUE(series_id, t_ms))",
    "CREATE INDEX IF NOT EXISTS buckets_by_time ON buckets(t_ms)",
    // Added after schema 1 shipped; older builds ignore the table, so the version stays 1.
    "CREATE TABLE IF NOT EXISTS group_events("
    " cluster TEXT NOT NULL, grp TEXT NOT NULL, t_ms INTEGER NOT NULL, kind INTEGER NOT NULL,"
    " detail TEXT NOT NULL, UNIQUE(cluster, grp, t_ms, kind))",
    "CREATE INDEX IF NOT EXISTS group_events_by_time ON group_events(t_ms)",
};

// A raw sample read as a one-sample bucket, in kBucketColumns order.
const char* const kRawAsBucket =
    "t_ms, 1, t_ms, committed, end_offset, lag IS NOT NULL, lag, lag, lag, max_lag,"
    " lag_s IS NOT NULL, lag_s, lag_s, lag_s, produce_rate IS NOT NULL, produce_rate,"
    " consume_rate IS NOT NULL, consume_rate, verdict, no_commit";

QString pathText(const std::filesystem::path& path) { return QString::fromStdU16String(path.u16string()); }

std::string utf8(const QString& s) { return s.toStdString(); }

QString qs(std::string_view s) { return QString::fromUtf8(s.data(), static_cast<qsizetype>(s.size())); }

Error openError(const std::filesystem::path& path, const std::string& why, const std::string& detail)
{
    return Error{ErrorKind::Configuration,
                 "Couldn't open the lag history at " + utf8(pathText(path)) + ": " + why
                     + ". Check that the folder exists and is writable, or move the file away to start afresh.",
                 detail};
}

} // namespace

// ---- Impl ----------------------------------------------------------------------------------

HistoryStore::Impl::~Impl()
{
    if (db.isValid())
        db.close();
    db = QSqlDatabase(); // the connection must be unreferenced before it can be removed
    if (!connectionName.isEmpty())
        QSqlDatabase::removeDatabase(connectionName);
}

void HistoryStore::Impl::checkThread() const
{
    assert(std::this_thread::get_id() == owner && "HistoryStore used from a thread other than its own");
}

Error HistoryStore::Impl::sqlError(std::string_view what, const QSqlError& error) const
{
    logging::lag()->error("history {} failed path={} detail={}", what, utf8(pathText(path)), utf8(error.text()));
    return Error{ErrorKind::Fatal,
                 "Couldn't " + std::string(what) + " in the lag history at " + utf8(pathText(path))
                     + ". The disk may be full or the file damaged; charts keep working without history.",
                 utf8(error.text())};
}

Status HistoryStore::Impl::exec(QSqlQuery& q, std::string_view what)
{
    if (!q.exec())
        return sqlError(what, q.lastError());
    return Ok{};
}

Status HistoryStore::Impl::exec(const QString& sql, std::string_view what)
{
    QSqlQuery q(db);
    if (!q.exec(sql))
        return sqlError(what, q.lastError());
    return Ok{};
}

Result<std::int64_t> HistoryStore::Impl::scalar(const QString& sql, std::string_view what)
{
    QSqlQuery q(db);
    if (!q.exec(sql))
        return sqlError(what, q.lastError());
    if (!q.next())
        return std::int64_t{0};
    return static_cast<std::int64_t>(q.value(0).toLongLong());
}

Result<qint64> HistoryStore::Impl::seriesId(const SeriesKey& key, bool create)
{
    if (const auto it = seriesIds.find(key); it != seriesIds.end())
        return it->second;
    auto bindKey = [&key](QSqlQuery& q) {
        q.addBindValue(static_cast<int>(key.kind));
        q.addBindValue(qs(key.cluster));
        q.addBindValue(qs(key.group));
        q.addBindValue(qs(key.topic));
        q.addBindValue(key.partition);
    };
    if (create) {
        QSqlQuery insert(db);
        insert.prepare(QStringLiteral("INSERT OR IGNORE INTO series(kind, cluster, grp, topic, part) VALUES (?, ?, ?, ?, ?)"));
        bindKey(insert);
        if (auto ok = exec(insert, "add a series"); !ok)
            return ok.error();
    }
    QSqlQuery select(db);
    select.prepare(QStringLiteral("SELECT id FROM series WHERE kind = ? AND cluster = ? AND grp = ? AND topic = ? AND part = ?"));
    bindKey(select);
    if (auto ok = exec(select, "look up a series"); !ok)
        return ok.error();
    if (!select.next())
        return Error{ErrorKind::NotFound, "No history for this series yet.", {}};
    const qint64 id = select.value(0).toLongLong();
    seriesIds.emplace(key, id);
    return id;
}

// ---- HistoryStore --------------------------------------------------------------------------

HistoryStore::HistoryStore(std::unique_ptr<Impl> impl)
    : m_impl(std::move(impl))
{
}

HistoryStore::~HistoryStore()
{
    if (m_impl)
        m_impl->checkThread();
}

const std::filesystem::path& HistoryStore::path() const { return m_impl->path; }
const HistorySettings& HistoryStore::settings() const { return m_impl->settings; }

Result<std::unique_ptr<HistoryStore>> HistoryStore::open(const std::filesystem::path& path, HistorySettings settings)
{
    using std::chrono::milliseconds;
    settings.bucketWidth = std::max(settings.bucketWidth, milliseconds(1000));
    settings.rawRetention = std::max(settings.rawRetention, milliseconds::zero());
    settings.bucketRetention = std::max(settings.bucketRetention, settings.rawRetention);

    if (!QSqlDatabase::isDriverAvailable(kSqlite))
        return openError(path, "the Qt SQLite driver is not installed", "QSQLITE missing");
    const QString file = pathText(path);
    const QString folder = QFileInfo(file).absolutePath();
    if (!QDir().mkpath(folder))
        return openError(path, "its folder could not be created", utf8(folder));

    static std::atomic<quint64> counter{0};
    auto impl = std::make_unique<Impl>();
    impl->path = path;
    impl->settings = settings;
    impl->connectionName = QStringLiteral("sluice-history-%1").arg(++counter);
    impl->db = QSqlDatabase::addDatabase(kSqlite, impl->connectionName);
    impl->db.setDatabaseName(file);
    impl->db.setConnectOptions(QStringLiteral("QSQLITE_BUSY_TIMEOUT=%1").arg(kBusyTimeoutMs));
    if (!impl->db.open())
        return openError(path, "SQLite refused it", utf8(impl->db.lastError().text()));

    // auto_vacuum only takes effect before the first table exists, hence first.
    for (const char* pragma : {"PRAGMA auto_vacuum = INCREMENTAL", "PRAGMA synchronous = NORMAL"}) {
        if (auto ok = impl->exec(QString::fromLatin1(pragma), "configure the database"); !ok)
            return openError(path, "it could not be configured", ok.error().detail);
    }
    {
        QSqlQuery wal(impl->db);
        if (!wal.exec(QStringLiteral("PRAGMA journal_mode = WAL")) || !wal.next()
            || wal.value(0).toString().compare(QStringLiteral("wal"), Qt::CaseInsensitive) != 0)
            return openError(path, "write-ahead logging could not be enabled", utf8(wal.lastError().text()));
    }
    if (!impl->db.transaction())
        return openError(path, "it is locked by another program", utf8(impl->db.lastError().text()));
    for (const char* sql : kSchema) {
        if (auto ok = impl->exec(QString::fromLatin1(sql), "create the tables"); !ok) {
            impl->db.rollback();
            return openError(path, "its tables could not be created", ok.error().detail);
        }
    }
    QSqlQuery version(impl->db);
    if (!version.exec(QStringLiteral("SELECT value FROM meta WHERE key = 'schema_version'"))) {
        impl->db.rollback();
        return openError(path, "its version could not be read", utf8(version.lastError().text()));
    }
    if (version.next()) {
        const int stored = version.value(0).toInt();
        if (stored > kSchemaVersion) {
            impl->db.rollback();
            return openError(path, "it was written by a newer Sluice (schema " + std::to_string(stored) + ")", {});
        }
    } else {
        QSqlQuery insert(impl->db);
        insert.prepare(QStringLiteral("INSERT INTO meta(key, value) VALUES ('schema_version', ?)"));
        insert.addBindValue(QString::number(kSchemaVersion));
        if (!insert.exec()) {
            impl->db.rollback();
            return openError(path, "its version could not be written", utf8(insert.lastError().text()));
        }
    }
    version.finish();
    if (!impl->db.commit())
        return openError(path, "its tables could not be saved", utf8(impl->db.lastError().text()));
    logging::lag()->info("history opened path={}", utf8(file));
    return std::unique_ptr<HistoryStore>(new HistoryStore(std::move(impl)));
}

Status HistoryStore::write(std::span<const LagSample> batch)
{
    m_impl->checkThread();
    if (batch.empty())
        return Ok{};
    QSqlDatabase& db = m_impl->db;
    if (!db.transaction())
        return m_impl->sqlError("start writing samples", db.lastError());
    auto fail = [this, &db](Error e) {
        db.rollback();
        m_impl->seriesIds.clear(); // ids inserted in this transaction are gone
        return e;
    };
    // Many rows per statement: per-statement overhead in Qt SQL dominates single-row inserts.
    constexpr std::size_t kRowsPerStatement = 64;
    auto statementFor = [](std::size_t rows) {
        QString sql = QStringLiteral("INSERT OR REPLACE INTO raw_samples(series_id, t_ms, committed, end_offset, lag,"
                                     " max_lag, lag_s, produce_rate, consume_rate, verdict, no_commit) VALUES ");
        for (std::size_t i = 0; i < rows; ++i)
            sql += i == 0 ? QStringLiteral("(?,?,?,?,?,?,?,?,?,?,?)") : QStringLiteral(",(?,?,?,?,?,?,?,?,?,?,?)");
        return sql;
    };
    QSqlQuery full(db);
    if (batch.size() >= kRowsPerStatement && !full.prepare(statementFor(kRowsPerStatement)))
        return fail(m_impl->sqlError("prepare writing samples", full.lastError()));
    for (std::size_t first = 0; first < batch.size(); first += kRowsPerStatement) {
        const auto chunk = batch.subspan(first, std::min(kRowsPerStatement, batch.size() - first));
        QSqlQuery partial(db);
        QSqlQuery& insert = chunk.size() == kRowsPerStatement ? full : partial;
        if (&insert == &partial && !partial.prepare(statementFor(chunk.size())))
            return fail(m_impl->sqlError("prepare writing samples", partial.lastError()));
        for (const LagSample& s : chunk) {
            const auto id = m_impl->seriesId(s.key, true);
            if (!id)
                return fail(id.error());
            insert.addBindValue(*id);
            insert.addBindValue(static_cast<qlonglong>(toMs(s.at)));
            insert.addBindValue(bindable(s.committed));
            insert.addBindValue(bindable(s.endOffset));
            insert.addBindValue(bindable(s.lagRecords));
            insert.addBindValue(bindable(s.maxLagRecords));
            insert.addBindValue(bindable(s.lagSeconds));
            insert.addBindValue(bindable(s.produceRate));
            insert.addBindValue(bindable(s.consumeRate));
            insert.addBindValue(s.verdict ? QVariant(lag::severityOf(*s.verdict)) : QVariant());
            insert.addBindValue(s.partitionsWithoutCommit);
        }
        if (!insert.exec())
            return fail(m_impl->sqlError("write samples", insert.lastError()));
    }
    full.finish();
    if (!db.commit())
        return fail(m_impl->sqlError("save samples", db.lastError()));
    return Ok{};
}

Status HistoryStore::writeEvents(std::string_view cluster, std::span<const lag::GroupEvent> events)
{
    m_impl->checkThread();
    if (events.empty())
        return Ok{};
    QSqlDatabase& db = m_impl->db;
    if (!db.transaction())
        return m_impl->sqlError("start writing group events", db.lastError());
    QSqlQuery insert(db);
    if (!insert.prepare(QStringLiteral(
            "INSERT OR REPLACE INTO group_events(cluster, grp, t_ms, kind, detail) VALUES (?,?,?,?,?)"))) {
        db.rollback();
        return m_impl->sqlError("prepare writing group events", insert.lastError());
    }
    for (const lag::GroupEvent& e : events) {
        insert.addBindValue(qs(cluster));
        insert.addBindValue(qs(e.group));
        insert.addBindValue(static_cast<qlonglong>(toMs(e.at)));
        insert.addBindValue(static_cast<int>(e.kind));
        insert.addBindValue(qs(e.detail));
        if (!insert.exec()) {
            const Error error = m_impl->sqlError("write group events", insert.lastError());
            db.rollback();
            return error;
        }
    }
    insert.finish();
    if (!db.commit())
        return m_impl->sqlError("save group events", db.lastError());
    return Ok{};
}

Result<std::vector<lag::GroupEvent>> HistoryStore::events(std::string_view cluster, std::string_view group, TimeRange range)
{
    m_impl->checkThread();
    std::vector<lag::GroupEvent> out;
    QSqlQuery q(m_impl->db);
    q.prepare(QStringLiteral("SELECT t_ms, kind, detail FROM group_events WHERE cluster = ? AND grp = ?"
                             " AND t_ms >= ? AND t_ms < ? ORDER BY t_ms, kind"));
    q.addBindValue(qs(cluster));
    q.addBindValue(qs(group));
    q.addBindValue(static_cast<qlonglong>(toMs(range.from)));
    q.addBindValue(static_cast<qlonglong>(toMs(range.to)));
    if (auto ok = m_impl->exec(q, "read group events"); !ok)
        return ok.error();
    while (q.next()) {
        const int kind = q.value(1).toInt();
        if (kind != static_cast<int>(lag::GroupEventKind::Rebalance)
            && kind != static_cast<int>(lag::GroupEventKind::OffsetReset))
            continue; // written by a newer build
        out.push_back({ std::string(group), fromMs(q.value(0).toLongLong()), static_cast<lag::GroupEventKind>(kind),
            utf8(q.value(2).toString()) });
    }
    return out;
}

Result<std::vector<HistoryPoint>> HistoryStore::query(const SeriesKey& key, TimeRange range, int maxPoints)
{
    m_impl->checkThread();
    std::vector<HistoryPoint> out;
    if (range.to <= range.from)
        return out;
    const auto id = m_impl->seriesId(key, false);
    if (!id)
        return id.error().kind == ErrorKind::NotFound ? Result<std::vector<HistoryPoint>>(out) : id.error();

    const std::int64_t fromMs = toMs(range.from);
    const std::int64_t toMsExclusive = toMs(range.to);
    const std::int64_t bucketMs = m_impl->settings.bucketWidth.count();
    QSqlQuery q(m_impl->db);
    q.prepare(QStringLiteral("SELECT %1 FROM raw_samples WHERE series_id = ? AND t_ms >= ? AND t_ms < ?"
                             " UNION ALL SELECT %2 FROM buckets WHERE series_id = ? AND t_ms > ? AND t_ms < ?"
                             " ORDER BY 1")
                  .arg(QString::fromLatin1(kRawAsBucket), QString::fromLatin1(kBucketColumns)));
    for (const qlonglong v : {qlonglong(*id), qlonglong(fromMs), qlonglong(toMsExclusive), qlonglong(*id),
                              qlonglong(fromMs - bucketMs), qlonglong(toMsExclusive)})
        q.addBindValue(v);
    q.setForwardOnly(true);
    if (auto ok = m_impl->exec(q, "read lag history"); !ok)
        return ok.error();
    std::vector<Accumulator> rows;
    while (q.next())
        rows.push_back(Accumulator::fromRow(q));

    maxPoints = std::max(maxPoints, 2);
    if (rows.size() <= static_cast<std::size_t>(maxPoints)) {
        out.reserve(rows.size());
        for (const Accumulator& a : rows)
            out.push_back(a.toPoint());
        return out;
    }
    // Too many rows: merge into epoch-aligned buckets. width = span / (maxPoints - 1) makes
    // at most maxPoints aligned buckets; rounding it up to whole stored buckets never splits one.
    const std::int64_t span = toMsExclusive - fromMs;
    std::int64_t width = (span + maxPoints - 2) / (maxPoints - 1);
    if (width > bucketMs)
        width = (width + bucketMs - 1) / bucketMs * bucketMs;
    width = std::max<std::int64_t>(width, 1);
    std::optional<Accumulator> current;
    for (const Accumulator& row : rows) {
        const std::int64_t start = row.startMs / width * width - ((row.startMs % width < 0) ? width : 0);
        if (current && current->startMs != start) {
            out.push_back(current->toPoint());
            current.reset();
        }
        if (!current) {
            current = row;
            current->startMs = start;
        } else {
            current->merge(row);
        }
    }
    if (current)
        out.push_back(current->toPoint());
    return out;
}

Result<std::vector<lag::VerdictAt>> HistoryStore::newestVerdictRun(const SeriesKey& key, TimePoint before)
{
    m_impl->checkThread();
    std::vector<lag::VerdictAt> out;
    const auto id = m_impl->seriesId(key, false);
    if (!id)
        return id.error().kind == ErrorKind::NotFound ? Result<std::vector<lag::VerdictAt>>(out) : id.error();
    // Raw samples and buckets never overlap in time (compaction moves whole buckets), so one
    // descending walk over both is the series' verdict timeline, newest first.
    QSqlQuery q(m_impl->db);
    q.prepare(QStringLiteral("SELECT t_ms, verdict FROM raw_samples WHERE series_id = ? AND t_ms < ?"
                             " AND verdict IS NOT NULL"
                             " UNION ALL SELECT t_ms, verdict FROM buckets WHERE series_id = ? AND t_ms < ?"
                             " AND verdict IS NOT NULL ORDER BY 1 DESC"));
    const qlonglong beforeMs = toMs(before);
    for (const qlonglong v : { qlonglong(*id), beforeMs, qlonglong(*id), beforeMs })
        q.addBindValue(v);
    q.setForwardOnly(true);
    if (auto ok = m_impl->exec(q, "read verdict history"); !ok)
        return ok.error();
    while (q.next()) {
        const auto verdict = lag::verdictFromCode(q.value(1).toInt());
        if (!verdict)
            continue;
        out.push_back({ fromMs(q.value(0).toLongLong()), *verdict });
        if (out.back().verdict != out.front().verdict)
            break; // the point before the run: enough to date its start
    }
    return out;
}

Result<std::vector<SeriesKey>> HistoryStore::seriesOfGroup(std::string_view cluster, std::string_view group,
                                                           std::optional<std::string_view> topic)
{
    m_impl->checkThread();
    QSqlQuery q(m_impl->db);
    q.prepare(QStringLiteral("SELECT kind, topic, part FROM series WHERE cluster = ? AND grp = ? AND kind <> ?%1"
                             " ORDER BY kind, topic, part")
                  .arg(topic ? QStringLiteral(" AND topic = ?") : QString()));
    q.addBindValue(qs(cluster));
    q.addBindValue(qs(group));
    q.addBindValue(static_cast<int>(SeriesKind::Topic));
    if (topic)
        q.addBindValue(qs(*topic));
    if (auto ok = m_impl->exec(q, "list lag history series"); !ok)
        return ok.error();
    std::vector<SeriesKey> out;
    while (q.next()) {
        SeriesKey key;
        key.kind = static_cast<SeriesKind>(q.value(0).toInt());
        key.cluster = std::string(cluster);
        key.group = std::string(group);
        key.topic = utf8(q.value(1).toString());
        key.partition = q.value(2).toInt();
        out.push_back(std::move(key));
    }
    return out;
}

Result<CompactionReport> HistoryStore::compact(TimePoint now)
{
    m_impl->checkThread();
    return m_impl->compact(now);
}

Result<std::int64_t> HistoryStore::usedBytes()
{
    m_impl->checkThread();
    return m_impl->scalar(QStringLiteral("SELECT (page_count - freelist_count) * page_size"
                                         " FROM pragma_page_count(), pragma_freelist_count(), pragma_page_size()"),
                          "measure the database");
}

} // namespace sluice::history
