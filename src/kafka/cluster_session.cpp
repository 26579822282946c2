// SPDX-License-Identifier: Apache-2.0
#include "kafka/cluster_session.h"

#include "kafka/cluster_worker.h"
#include "support/logging.h"

#include <QMetaObject>

namespace sluice::kafka {

namespace {
constexpr unsigned long kJoinTimeoutMs = 5000;
}

void registerMetaTypes()
{
    static const bool once = [] {
        qRegisterMetaType<sluice::kafka::SnapshotPtr>("sluice::kafka::SnapshotPtr");
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
    m_thread.setObjectName(QStringLiteral("cluster:") + name());
}

ClusterSession::~ClusterSession()
{
    stop();
}

void ClusterSession::start()
{
    if (m_worker)
        return;
    auto* worker = new ClusterWorker(m_config, m_interval, m_secrets);
    worker->moveToThread(&m_thread);
    connect(&m_thread, &QThread::finished, worker, &QObject::deleteLater);
    connect(worker, &ClusterWorker::snapshotReady, this, &ClusterSession::applySnapshot, Qt::QueuedConnection);
    connect(worker, &ClusterWorker::connectionStateChanged, this, &ClusterSession::applyConnectionState,
            Qt::QueuedConnection);
    m_worker = worker;
    m_thread.start();
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

void ClusterSession::stop()
{
    if (!m_thread.isRunning())
        return;
    if (m_worker) {
        // Destroy the handle on its own thread; the worker object follows via deleteLater.
        QMetaObject::invokeMethod(m_worker.data(), &ClusterWorker::shutdown, Qt::QueuedConnection);
        disconnect(m_worker.data(), nullptr, this, nullptr);
    }
    m_thread.quit();
    if (!m_thread.wait(kJoinTimeoutMs)) {
        logging::kafka()->error("worker of cluster {} did not stop within {} ms", m_config.name, kJoinTimeoutMs);
        m_thread.terminate();
        m_thread.wait();
    }
    m_worker = nullptr;
}

void ClusterSession::applySnapshot(SnapshotPtr snapshot)
{
    if (!snapshot)
        return;
    m_snapshot = std::move(snapshot);
    emit snapshotUpdated(m_snapshot);
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
