// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "config/workspace.h"
#include "domain/cluster_snapshot.h"
#include "domain/connection_state.h"
#include "kafka/secret_resolver.h"

#include <QObject>
#include <QPointer>
#include <QString>
#include <QThread>

#include <chrono>
#include <memory>

namespace sluice::kafka {

class ClusterWorker;
using SnapshotPtr = std::shared_ptr<const domain::ClusterSnapshot>;

// The GUI-side face of one connected cluster. Lives on the thread that created it (the GUI
// thread); owns a worker thread whose ClusterWorker holds the librdkafka handle. All Kafka
// calls happen there; results come back as queued signals and are re-emitted here.
class ClusterSession : public QObject {
    Q_OBJECT
public:
    ClusterSession(config::ClusterConfig cluster, std::chrono::milliseconds refreshInterval,
                   std::shared_ptr<SecretResolver> secrets, QObject* parent = nullptr);
    ~ClusterSession() override; // stops and joins the worker (bounded wait)

    const config::ClusterConfig& config() const { return m_config; }
    QString name() const { return QString::fromStdString(m_config.name); }
    SnapshotPtr snapshot() const { return m_snapshot; }     // null until the first refresh
    domain::ConnectionState state() const { return m_state; }
    QString lastError() const { return m_lastError; }       // empty when connected

public slots:
    void start();   // begins periodic refresh (first refresh at once)
    void refresh(); // an extra refresh now; coalesced if one is running
    void stop();    // stops the timer and the worker; safe to call twice

    // Entry points for the worker's results; public so UI tests can drive a session.
    void applySnapshot(sluice::kafka::SnapshotPtr snapshot);
    void applyConnectionState(sluice::domain::ConnectionState state, const QString& lastError);

signals:
    void snapshotUpdated(sluice::kafka::SnapshotPtr snapshot);
    void connectionStateChanged(sluice::domain::ConnectionState state, const QString& lastError);

private:
    config::ClusterConfig m_config;
    std::chrono::milliseconds m_interval;
    std::shared_ptr<SecretResolver> m_secrets;
    QThread m_thread;
    QPointer<ClusterWorker> m_worker;
    SnapshotPtr m_snapshot;
    domain::ConnectionState m_state = domain::ConnectionState::Connecting;
    QString m_lastError;
};

// Registers the types above for queued connections. Called once by the session itself.
void registerMetaTypes();

} // namespace sluice::kafka

Q_DECLARE_METATYPE(sluice::kafka::SnapshotPtr)
Q_DECLARE_METATYPE(sluice::domain::ConnectionState)
