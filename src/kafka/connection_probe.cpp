// SPDX-License-Identifier: Apache-2.0
#include "kafka/connection_probe.h"

#include "kafka/admin_calls.h"
#include "kafka/client_config.h"
#include "support/logging.h"
#include "support/redaction.h"

#include <QThread>

#include <mutex>

namespace sluice::kafka {
namespace {

struct ProbeOutcome {
    bool ok = false;
    std::string summary;
    std::string detail;
};

struct ErrorCollector {
    std::mutex mutex;
    std::string lastError;
    static void onError(rd_kafka_t*, int err, const char* reason, void* opaque)
    {
        auto* self = static_cast<ErrorCollector*>(opaque);
        std::lock_guard lock(self->mutex);
        self->lastError = std::string(rd_kafka_err2name(static_cast<rd_kafka_resp_err_t>(err))) + ": " +
                          (reason ? reason : "");
    }
};

ProbeOutcome probe(const config::ClusterConfig& cluster, SecretResolver& secrets, std::chrono::milliseconds timeout)
{
    auto props = buildClientProperties(cluster, secrets);
    if (!props)
        return {false, props.error().message, props.error().detail};
    ErrorCollector errors;
    auto client = createClient(*props, &errors, &ErrorCollector::onError);
    if (!client)
        return {false, client.error().message, client.error().detail};
    auto metadata = fetchMetadata(client->get(), timeout);
    rd_kafka_poll(client->get(), 0); // deliver error callbacks that explain a failure
    std::string why;
    {
        std::lock_guard lock(errors.mutex);
        why = errors.lastError;
    }
    if (!metadata) {
        std::string summary = "Couldn't connect to " + cluster.name + ": " + metadata.error().message;
        return {false, summary, why.empty() ? metadata.error().detail : why};
    }
    std::string summary = "Connected";
    if (!metadata->clusterId.empty())
        summary += " to cluster " + metadata->clusterId;
    summary += ": " + std::to_string(metadata->brokers.size()) + " broker(s), " +
               std::to_string(metadata->topics.size()) + " topic(s).";
    return {true, summary, {}};
}

class ProbeRelay : public QObject {
    Q_OBJECT
signals:
    void done(bool ok, const QString& summary, const QString& detail);
};

} // namespace

ConnectionProbe::ConnectionProbe(QObject* parent)
    : QObject(parent)
{
}

void ConnectionProbe::run(config::ClusterConfig cluster, std::shared_ptr<SecretResolver> secrets,
                          std::chrono::milliseconds timeout)
{
    // The outcome travels through a queued signal, which Qt drops if this probe is gone.
    auto* relay = new ProbeRelay;
    connect(relay, &ProbeRelay::done, this, &ConnectionProbe::finished, Qt::QueuedConnection);
    QThread* thread = QThread::create([relay, cluster = std::move(cluster), secrets = std::move(secrets), timeout] {
        const ProbeOutcome outcome = probe(cluster, *secrets, timeout);
        logging::kafka()->info("connection test cluster={} ok={} summary={}", cluster.name, outcome.ok,
                               outcome.summary);
        emit relay->done(outcome.ok, QString::fromStdString(redaction::redact(outcome.summary)),
                         QString::fromStdString(redaction::redact(outcome.detail)));
    });
    connect(thread, &QThread::finished, relay, &QObject::deleteLater);
    connect(thread, &QThread::finished, thread, &QObject::deleteLater);
    thread->start();
}

} // namespace sluice::kafka

#include "connection_probe.moc"
