// SPDX-License-Identifier: Apache-2.0
#pragma once

// Internals shared by the history store's source files. Not for use outside src/history/.

#include "history/history_store.h"

#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QString>
#include <QVariant>

#include <map>
#include <thread>

namespace sluice::history::detail {

std::int64_t toMs(TimePoint t);
TimePoint fromMs(std::int64_t ms);

QVariant bindable(const std::optional<std::int64_t>& v);
QVariant bindable(const std::optional<double>& v);
std::optional<std::int64_t> int64At(const QSqlQuery& q, int column);
std::optional<double> doubleAt(const QSqlQuery& q, int column);

// A bucket of samples: the unit both compaction (in SQL) and queries (in C++) work with.
// Column order of kBucketColumns is the order read by fromRow().
struct Accumulator {
    std::int64_t startMs = 0;
    std::int64_t lastMs = 0;
    std::int64_t samples = 0;
    std::optional<std::int64_t> committed; // as of lastMs
    std::optional<std::int64_t> endOffset; // as of lastMs
    std::int64_t lagCount = 0;
    std::optional<std::int64_t> lagMin, lagMax;
    double lagSum = 0.0;
    std::optional<std::int64_t> maxLag;
    std::int64_t lagSecondsCount = 0;
    std::optional<double> lagSecondsMin, lagSecondsMax;
    double lagSecondsSum = 0.0;
    std::int64_t produceCount = 0;
    double produceSum = 0.0;
    std::int64_t consumeCount = 0;
    double consumeSum = 0.0;
    std::optional<int> verdictCode; // worst
    int noCommit = 0;               // max

    static Accumulator fromRow(const QSqlQuery& q); // columns as in kBucketColumns
    void merge(const Accumulator& other);
    HistoryPoint toPoint() const;
};

extern const char* const kBucketColumns;

} // namespace sluice::history::detail

namespace sluice::history {

struct HistoryStore::Impl {
    std::filesystem::path path;
    HistorySettings settings;
    QString connectionName;
    QSqlDatabase db;
    std::thread::id owner = std::this_thread::get_id();
    std::map<SeriesKey, qint64> seriesIds; // cache of the series table

    ~Impl();

    void checkThread() const;
    Error sqlError(std::string_view what, const QSqlError& error) const;
    // Runs one statement; on failure returns the error (message names `what`).
    Status exec(QSqlQuery& q, std::string_view what);
    Status exec(const QString& sql, std::string_view what);
    Result<std::int64_t> scalar(const QString& sql, std::string_view what);
    Result<qint64> seriesId(const SeriesKey& key, bool create);

    Result<CompactionReport> compact(TimePoint now);
    Result<std::int64_t> dropOldestForSize();
};

} // namespace sluice::history
