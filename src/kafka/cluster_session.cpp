// SPDX-License-Identifier: Apache-2.0
#include "kafka/cluster_session.h"

#include "kafka/cluster_worker.h"
#include "support/logging.h"

#include <QDeadlineTimer>
#include <QMetaObject>
#include <mutex>
#include <set>

namespace sluice::kafka {

namespace {

// Threads of stopped sessions that were still inside a blocking call. Each removes itself
// when it finishes.
std::mutex g_stoppedMutex;
std::set<QThread*> g_stoppedThreads;

void adoptStoppedThread(QThread* thread)
{
    {
        std::lock_guard lock(g_stoppedMutex);
        g_stoppedThreads.insert(thread);
    }
    QObject::connect(
        thread, &QThread::finished, thread,
        [thread] {
            {
                std::lock_guard lock(g_stoppedMutex);
                g_stoppedThreads.erase(thread);
            }
            thread->deleteLater();
        },
        Qt::DirectConnection);
}

} // namespace

bool waitForStoppedWorkers(unsigned long timeoutMs)
{
    QDeadlineTimer deadline(static_cast<qint64>(timeoutMs));
    for (;;) {
        QThread* next = nullptr;
        {
            std::lock_guard lock(g_stoppedMutex);
            if (g_stoppedThreads.empty())
                return true;
            next = *g_stoppedThreads.begin();
        }
        if (!next->wait(deadline))
            return false;
        std::lock_guard lock(g_stoppedMutex);
        g_stoppedThreads.erase(next);
    }
}

void registerMetaTypes()
{
    static const bool once = [] {
        qRegisterMetaType<sluice::kafka::SnapshotPtr>("sluice::kafka::SnapshotPtr");
        qRegisterMetaType<sluice::kafka::LagSnapshotPtr>("sluice::kafka::LagSnapshotPtr");
        qRegisterMetaType<sluice::kafka::ExactLagAnswerPtr>("sluice::kafka::ExactLagAnswerPtr");
        qRegisterMetaType<sluice::domain::ConnectionState>("sluice::domain::ConnectionState");
        return true;
    }();
    (void)once;
}

ClusterSession::ClusterSession(config::ClusterConfig cluster, std::chrono::milliseconds refreshInterval,
    std::shared_ptr<SecretResolver> secrets, QObject* parent)
    : QObject(parent)
    , m_config(std::move(cluster))
    , m_interval(refreshInterval)
    , m_secrets(std::move(secrets))
{
    registerMetaTypes();
}

ClusterSession::~ClusterSession()
{
    stop();
}

void ClusterSession::start()
{
    if (m_worker)
        return;
    m_thread = new QThread;
    m_thread->setObjectName(QStringLiteral("cluster:") + name());
    auto* worker = new ClusterWorker(m_config, m_interval, m_secrets, m_lagOptions);
    worker->moveToThread(m_thread);
    connect(m_thread, &QThread::finished, worker, &QObject::deleteLater);
    connect(worker, &ClusterWorker::snapshotReady, this, &ClusterSession::applySnapshot, Qt::QueuedConnection);
    connect(worker, &ClusterWorker::connectionStateChanged, this, &ClusterSession::applyConnectionState,
        Qt::QueuedConnection);
    connect(worker, &ClusterWorker::lagSnapshotReady, this, &ClusterSession::applyLagSnapshot, Qt::QueuedConnection);
    connect(worker, &ClusterWorker::lagSampleFailed, this, &ClusterSession::applyLagFailure, Qt::QueuedConnection);
    connect(worker, &ClusterWorker::exactLagReady, this, &ClusterSession::exactLagReady, Qt::QueuedConnection);
    m_worker = worker;
    m_thread->start();
    QMetaObject::invokeMethod(worker, &ClusterWorker::start, Qt::QueuedConnection);
}

void ClusterSession::refresh()
{
    if (!m_worker)
        return;
    if (m_worker->refreshPending.exchange(true))
        return; // one is already queued
    QMetaObject::invokeMethod(m_worker.data(), &ClusterWorker::refresh, Qt::QueuedConnection);
}

void ClusterSession::requestExactLag(const QString& group, std::vector<lag::RecordTimeQuery> queries)
{
    if (!m_worker || queries.empty())
        return;
    QMetaObject::invokeMethod(
        m_worker.data(),
        [worker = m_worker, group, queries = std::move(queries)]() mutable {
            if (worker)
                worker->readExactLag(group, std::move(queries));
        },
        Qt::QueuedConnection);
}

void ClusterSession::stop()
{
    if (!m_thread)
        return;
    if (m_worker) {
        m_worker->stopRequested = true;
        disconnect(m_worker.data(), nullptr, this, nullptr);
        // Destroy the handle on its own thread; the worker object follows via deleteLater.
        QMetaObject::invokeMethod(m_worker.data(), &ClusterWorker::shutdown, Qt::QueuedConnection);
    }
    m_thread->quit();
    if (m_thread->wait(kStopWaitMs)) {
        delete m_thread;
    } else {
        logging::kafka()->warn("worker of cluster {} is still in a blocking call after {} ms; it finishes in the "
                               "background",
            m_config.name, kStopWaitMs);
        adoptStoppedThread(m_thread);
    }
    m_thread = nullptr;
    m_worker = nullptr;
}

void ClusterSession::applySnapshot(SnapshotPtr snapshot)
{
    if (!snapshot)
        return;
    m_snapshot = std::move(snapshot);
    emit snapshotUpdated(m_snapshot);
}

void ClusterSession::applyLagSnapshot(LagSnapshotPtr snapshot)
{
    if (!snapshot)
        return;
    m_lagSnapshot = std::move(snapshot);
    m_lagError.clear();
    emit lagSnapshotUpdated(m_lagSnapshot);
}

void ClusterSession::applyLagFailure(const QString& message)
{
    m_lagError = message;
    emit lagSampleFailed(message);
}

void ClusterSession::applyConnectionState(domain::ConnectionState state, const QString& lastError)
{
    if (state == m_state && lastError == m_lastError)
        return;
    m_state = state;
    m_lastError = lastError;
    emit connectionStateChanged(state, lastError);
}

} // namespace sluice::kafka
