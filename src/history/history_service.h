// SPDX-License-Identifier: Apache-2.0
#pragma once

// Keeps lag history for the app: lag snapshots go in (from every cluster session), chart
// series come out. The store lives on one history thread, which does every SQLite write,
// query and compaction; the GUI thread only queues requests and receives answers.

#include "history/history_store.h"
#include "kafka/cluster_session.h"

#include <QObject>
#include <QPointer>
#include <QString>
#include <QThread>
#include <QTimer>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace sluice::history {

// One lag snapshot as rows for the store, all stamped snapshot.sampledAt:
//  - Partition: committed, end, lag, lag seconds, rates, verdict of each (group, partition);
//  - GroupTopic and Group: total lag (nullopt when no partition has a commit), worst
//    partition's lag and seconds, summed rates, worst verdict, partitions without commit;
//  - Topic: summed end offsets and production rate over the partitions any group reads
//    (each partition counted once, whichever groups read it).
std::vector<LagSample> samplesOfSnapshot(std::string_view cluster, const lag::LagSnapshot& snapshot);

// A chart's question: several series over one range, each merged into at most maxPoints.
struct SeriesQuery {
    std::vector<SeriesKey> keys;
    TimeRange range;
    int maxPoints = 600; // about one point per pixel column of the chart
    bool withEvents = false; // also read the group events of the Group keys
};

struct SeriesAnswer {
    std::uint64_t id = 0;
    SeriesQuery query;
    std::vector<std::vector<HistoryPoint>> series; // one per query.keys entry, same order
    // With query.withEvents: one per query.keys entry, the rebalances and offset resets of
    // that group in the range (empty for keys that are not Group keys).
    std::vector<std::vector<lag::GroupEvent>> events;
    std::string error; // empty when every series was read
};
using SeriesAnswerPtr = std::shared_ptr<const SeriesAnswer>;

// Lives on the history thread. Only HistoryService talks to it.
class HistoryWorker : public QObject {
    Q_OBJECT
public:
    HistoryWorker(std::filesystem::path path, HistorySettings settings);
    ~HistoryWorker() override;

public slots:
    void open();
    void record(const QString& cluster, sluice::kafka::LagSnapshotPtr snapshot);
    void query(sluice::history::SeriesQuery query, quint64 id);
    void compactNow();
    void close(); // destroys the store on this thread

signals:
    void opened(const QString& error); // empty on success
    void recorded(int samples, qint64 micros);
    void snapshotRecorded(const QString& cluster); // the snapshot's rows are in the store
    void writeFailed(const QString& error);
    void answered(sluice::history::SeriesAnswerPtr answer);

private:
    std::filesystem::path m_path;
    HistorySettings m_settings;
    std::unique_ptr<HistoryStore> m_store;
    QTimer* m_compactTimer = nullptr;
};

// GUI-side facade. Construct on the GUI thread; the store opens in the background.
class HistoryService : public QObject {
    Q_OBJECT
public:
    HistoryService(std::filesystem::path path, HistorySettings settings = {}, QObject* parent = nullptr);
    ~HistoryService() override; // closes the store on its thread and joins it (bounded)

    // history.sqlite in the user's data folder (QStandardPaths::AppDataLocation).
    static std::filesystem::path defaultPath();

    const std::filesystem::path& path() const { return m_path; }
    QString lastError() const { return m_lastError; }
    qint64 samplesWritten() const { return m_samplesWritten; }

    // Queues a snapshot for writing (one transaction per snapshot). Never blocks.
    void record(const QString& cluster, const kafka::LagSnapshotPtr& snapshot);
    // Starts a query; the answer comes back through answered() with the returned id.
    std::uint64_t query(SeriesQuery query);
    // Writes every session's lag snapshots from now on, until the session is destroyed.
    void watch(kafka::ClusterSession* session);

signals:
    void answered(sluice::history::SeriesAnswerPtr answer);
    void recorded(int samples);
    // A lag snapshot of `cluster` has been written: a query asked from now on sees it. Live
    // charts refresh on this, not on the session's lagSnapshotUpdated (which comes before the
    // write, so a query started then would miss the newest sample).
    void snapshotRecorded(const QString& cluster);
    void failed(const QString& error);

private:
    std::filesystem::path m_path;
    QThread m_thread;
    QPointer<HistoryWorker> m_worker;
    std::uint64_t m_nextId = 1;
    qint64 m_samplesWritten = 0;
    QString m_lastError;
};

void registerHistoryMetaTypes();

} // namespace sluice::history

Q_DECLARE_METATYPE(sluice::history::SeriesQuery)
Q_DECLARE_METATYPE(sluice::history::SeriesAnswerPtr)
