// SPDX-License-Identifier: Apache-2.0
#include "history/history_service.h"

#include "support/logging.h"

#include <QElapsedTimer>
#include <QMetaObject>
#include <QStandardPaths>
#include <map>

namespace sluice::history {
namespace {

using namespace std::chrono_literals;

constexpr auto kCompactEvery = 5min;
constexpr unsigned long kJoinWaitMs = 5000;

// Sums and worst values over a set of partition rows (one group-topic or one group).
struct Rollup {
    std::int64_t totalLag = 0;
    bool anyCommit = false;
    std::optional<std::int64_t> maxLag;
    std::optional<double> maxSeconds;
    std::optional<double> consume;
    std::optional<double> produce;
    std::optional<lag::Verdict> verdict;
    int withoutCommit = 0;

    void add(const lag::LagPartitionRow& row)
    {
        if (row.lag.lagRecords) {
            anyCommit = true;
            totalLag += *row.lag.lagRecords;
            maxLag = std::max(maxLag.value_or(0), *row.lag.lagRecords);
        } else {
            ++withoutCommit;
        }
        if (row.timeLag)
            maxSeconds = std::max(maxSeconds.value_or(0.0), row.timeLag->seconds);
        if (row.consumeRate)
            consume = consume.value_or(0.0) + row.consumeRate->recordsPerSecond;
        if (row.produceRate)
            produce = produce.value_or(0.0) + row.produceRate->recordsPerSecond;
        verdict = verdict ? lag::worseOf(*verdict, row.verdict) : row.verdict;
    }

    LagSample toSample(SeriesKey key, TimePoint at) const
    {
        LagSample sample;
        sample.key = std::move(key);
        sample.at = at;
        if (anyCommit) {
            sample.lagRecords = totalLag;
            sample.maxLagRecords = maxLag;
        }
        sample.lagSeconds = maxSeconds;
        sample.consumeRate = consume;
        sample.produceRate = produce;
        sample.verdict = verdict;
        sample.partitionsWithoutCommit = withoutCommit;
        return sample;
    }
};

} // namespace

std::vector<LagSample> samplesOfSnapshot(std::string_view cluster, const lag::LagSnapshot& snapshot)
{
    const std::string clusterName(cluster);
    std::vector<LagSample> samples;
    struct TopicPart {
        std::int64_t end = 0;
        std::optional<double> produce;
    };
    std::map<std::string, std::map<std::int32_t, TopicPart>> topics;
    for (const lag::LagGroupSnapshot& group : snapshot.groups) {
        Rollup whole;
        std::map<std::string, Rollup> byTopic;
        for (const lag::LagPartitionRow& row : group.partitions) {
            LagSample sample;
            sample.key
                = SeriesKey::forPartition(clusterName, group.group, row.partition.topic, row.partition.partition);
            sample.at = snapshot.sampledAt;
            sample.committed = row.committed;
            sample.endOffset = row.end;
            sample.lagRecords = row.lag.lagRecords;
            sample.maxLagRecords = row.lag.lagRecords;
            if (row.timeLag)
                sample.lagSeconds = row.timeLag->seconds;
            if (row.consumeRate)
                sample.consumeRate = row.consumeRate->recordsPerSecond;
            if (row.produceRate)
                sample.produceRate = row.produceRate->recordsPerSecond;
            sample.verdict = row.verdict;
            sample.partitionsWithoutCommit = row.committed ? 0 : 1;
            samples.push_back(std::move(sample));
            whole.add(row);
            byTopic[row.partition.topic].add(row);
            TopicPart& part = topics[row.partition.topic][row.partition.partition];
            part.end = row.end;
            if (row.produceRate)
                part.produce = row.produceRate->recordsPerSecond;
        }
        for (const auto& [topic, rollup] : byTopic)
            samples.push_back(
                rollup.toSample(SeriesKey::forGroupTopic(clusterName, group.group, topic), snapshot.sampledAt));
        LagSample groupSample = whole.toSample(SeriesKey::forGroup(clusterName, group.group), snapshot.sampledAt);
        groupSample.verdict = group.verdict;
        samples.push_back(std::move(groupSample));
    }
    for (const auto& [topic, parts] : topics) {
        LagSample sample;
        sample.key = SeriesKey::forTopic(clusterName, topic);
        sample.at = snapshot.sampledAt;
        std::int64_t end = 0;
        for (const auto& [partition, part] : parts) {
            end += part.end;
            if (part.produce)
                sample.produceRate = sample.produceRate.value_or(0.0) + *part.produce;
        }
        sample.endOffset = end;
        samples.push_back(std::move(sample));
    }
    return samples;
}

void registerHistoryMetaTypes()
{
    static const bool once = [] {
        qRegisterMetaType<sluice::history::SeriesQuery>("sluice::history::SeriesQuery");
        qRegisterMetaType<sluice::history::SeriesAnswerPtr>("sluice::history::SeriesAnswerPtr");
        kafka::registerMetaTypes();
        return true;
    }();
    (void)once;
}

// --- worker (history thread) ---

HistoryWorker::HistoryWorker(std::filesystem::path path, HistorySettings settings)
    : m_path(std::move(path))
    , m_settings(settings)
{
}

HistoryWorker::~HistoryWorker() = default;

void HistoryWorker::open()
{
    auto store = HistoryStore::open(m_path, m_settings);
    if (!store) {
        logging::lag()->warn("history store unavailable path={} detail={}", m_path.string(), store.error().message);
        emit opened(QString::fromStdString(
            "Couldn't open the lag history at " + m_path.string() + ": " + store.error().message));
        return;
    }
    m_store = std::move(*store);
    logging::lag()->info("history store open path={}", m_path.string());
    m_compactTimer = new QTimer(this);
    m_compactTimer->setInterval(kCompactEvery);
    connect(m_compactTimer, &QTimer::timeout, this, &HistoryWorker::compactNow);
    m_compactTimer->start();
    compactNow(); // a store left behind by an earlier run may be due
    emit opened({});
}

void HistoryWorker::record(const QString& cluster, kafka::LagSnapshotPtr snapshot)
{
    if (!m_store || !snapshot)
        return;
    QElapsedTimer timer;
    timer.start();
    if (Status written = m_store->writeEvents(cluster.toStdString(), snapshot->events); !written) {
        logging::lag()->warn(
            "history event write failed events={} detail={}", snapshot->events.size(), written.error().message);
        emit writeFailed(QString::fromStdString("Couldn't write group events: " + written.error().message));
    }
    const std::vector<LagSample> samples = samplesOfSnapshot(cluster.toStdString(), *snapshot);
    if (samples.empty()) {
        emit snapshotRecorded(cluster);
        return;
    }
    if (Status written = m_store->write(samples); !written) {
        logging::lag()->warn("history write failed samples={} detail={}", samples.size(), written.error().message);
        emit writeFailed(QString::fromStdString("Couldn't write lag history: " + written.error().message));
        return;
    }
    emit recorded(static_cast<int>(samples.size()), timer.nsecsElapsed() / 1000);
    emit snapshotRecorded(cluster);
}

void HistoryWorker::query(SeriesQuery query, quint64 id)
{
    auto answer = std::make_shared<SeriesAnswer>();
    answer->id = id;
    if (!m_store) {
        answer->error = "The lag history is not open.";
    } else {
        answer->series.reserve(query.keys.size());
        for (const SeriesKey& key : query.keys) {
            auto points = m_store->query(key, query.range, std::max(2, query.maxPoints));
            if (!points) {
                answer->error = points.error().message;
                answer->series.emplace_back();
                continue;
            }
            answer->series.push_back(std::move(*points));
        }
        if (query.withEvents) {
            for (const SeriesKey& key : query.keys) {
                answer->events.emplace_back();
                if (key.kind != SeriesKind::Group)
                    continue;
                auto events = m_store->events(key.cluster, key.group, query.range);
                if (!events)
                    answer->error = events.error().message;
                else
                    answer->events.back() = std::move(*events);
            }
        }
    }
    answer->query = std::move(query);
    emit answered(std::move(answer));
}

void HistoryWorker::compactNow()
{
    if (!m_store)
        return;
    auto report = m_store->compact(std::chrono::system_clock::now());
    if (!report) {
        logging::lag()->warn("history compaction failed detail={}", report.error().message);
        return;
    }
    logging::lag()->debug("history compacted rolledUp={} expired={} droppedForSize={} usedBytes={}",
        report->rawRowsRolledUp, report->bucketsExpired, report->rowsDroppedForSize, report->usedBytes);
}

void HistoryWorker::close()
{
    if (m_compactTimer)
        m_compactTimer->stop();
    m_store.reset();
}

// --- service (GUI thread) ---

std::filesystem::path HistoryService::defaultPath()
{
    const QString folder = QStandardPaths::writableLocation(QStandardPaths::AppDataLocation);
    return std::filesystem::path(folder.toStdString()) / "history.sqlite";
}

HistoryService::HistoryService(std::filesystem::path path, HistorySettings settings, QObject* parent)
    : QObject(parent)
    , m_path(std::move(path))
{
    registerHistoryMetaTypes();
    m_thread.setObjectName(QStringLiteral("history"));
    auto* worker = new HistoryWorker(m_path, settings);
    worker->moveToThread(&m_thread);
    connect(&m_thread, &QThread::finished, worker, &QObject::deleteLater);
    connect(worker, &HistoryWorker::answered, this, &HistoryService::answered, Qt::QueuedConnection);
    connect(
        worker, &HistoryWorker::opened, this,
        [this](const QString& error) {
            if (error.isEmpty())
                return;
            m_lastError = error;
            emit failed(error);
        },
        Qt::QueuedConnection);
    connect(
        worker, &HistoryWorker::writeFailed, this,
        [this](const QString& error) {
            m_lastError = error;
            emit failed(error);
        },
        Qt::QueuedConnection);
    connect(
        worker, &HistoryWorker::recorded, this,
        [this](int samples, qint64) {
            m_samplesWritten += samples;
            emit recorded(samples);
        },
        Qt::QueuedConnection);
    connect(worker, &HistoryWorker::snapshotRecorded, this, &HistoryService::snapshotRecorded, Qt::QueuedConnection);
    m_worker = worker;
    m_thread.start();
    QMetaObject::invokeMethod(worker, &HistoryWorker::open, Qt::QueuedConnection);
}

HistoryService::~HistoryService()
{
    if (m_worker) {
        disconnect(m_worker.data(), nullptr, this, nullptr);
        QMetaObject::invokeMethod(m_worker.data(), &HistoryWorker::close, Qt::QueuedConnection);
    }
    m_thread.quit();
    if (!m_thread.wait(kJoinWaitMs))
        logging::lag()->warn("history thread still busy after {} ms at shutdown", kJoinWaitMs);
}

void HistoryService::record(const QString& cluster, const kafka::LagSnapshotPtr& snapshot)
{
    if (!m_worker || !snapshot)
        return;
    QMetaObject::invokeMethod(
        m_worker.data(), [worker = m_worker.data(), cluster, snapshot] { worker->record(cluster, snapshot); },
        Qt::QueuedConnection);
}

std::uint64_t HistoryService::query(SeriesQuery query)
{
    const std::uint64_t id = m_nextId++;
    if (m_worker)
        QMetaObject::invokeMethod(
            m_worker.data(),
            [worker = m_worker.data(), query = std::move(query), id]() mutable { worker->query(std::move(query), id); },
            Qt::QueuedConnection);
    return id;
}

void HistoryService::watch(kafka::ClusterSession* session)
{
    const QString cluster = session->name();
    connect(session, &kafka::ClusterSession::lagSnapshotUpdated, this,
        [this, cluster](const kafka::LagSnapshotPtr& snapshot) { record(cluster, snapshot); });
}

} // namespace sluice::history
