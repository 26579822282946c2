// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "config/workspace.h"
#include "kafka/secret_resolver.h"

#include <QObject>
#include <QString>

#include <chrono>
#include <memory>

namespace sluice::kafka {

// One-shot "test connection" for the add-cluster form. run() returns at once; the check
// (build a client, fetch metadata) happens on a worker thread and ends with finished().
// The message says what failed and what to try (bad address, TLS, authentication, timeout).
class ConnectionProbe : public QObject {
    Q_OBJECT
public:
    explicit ConnectionProbe(QObject* parent = nullptr);
    void run(config::ClusterConfig cluster, std::shared_ptr<SecretResolver> secrets,
             std::chrono::milliseconds timeout = std::chrono::seconds(10));

signals:
    // ok: brokers answered; summary e.g. "Connected: cluster abc, 1 broker, 12 topics".
    void finished(bool ok, const QString& summary, const QString& detail);
};

} // namespace sluice::kafka
