// SPDX-License-Identifier: Apache-2.0
#pragma once

// Runs the offset-reset core (reset::OffsetResetter) off the GUI thread. One QThread per
// runner owns the resetter and its librdkafka handles; previews and executions queue on
// it one after another, and their results come back on the GUI thread through the
// callbacks, only while the runner exists. Cancelling sets the running call's flag: a
// preview gives up at its next check, an execution only if its write was not sent yet.

#include "config/workspace.h"
#include "kafka/secret_resolver.h"
#include "reset/offset_reset.h"
#include "support/result.h"

#include <QObject>
#include <QPointer>
#include <atomic>
#include <functional>
#include <memory>

class QThread;

namespace sluice::ui {

class ResetRunner : public QObject {
    Q_OBJECT
public:
    // `auditPath` empty: the data folder's audit log.
    ResetRunner(config::ClusterConfig cluster, std::shared_ptr<kafka::SecretResolver> secrets, QString auditPath,
        QObject* parent = nullptr);
    // Cancels what runs and lets the thread end on its own (it never blocks the GUI).
    ~ResetRunner() override;

    const config::ClusterConfig& cluster() const { return m_cluster; }
    bool isBusy() const { return m_busy > 0; }

    void preview(const reset::ResetSpec& spec, std::function<void(Result<reset::ResetPreview>)> done);
    void execute(const reset::ResetPreview& reviewed, std::function<void(Result<reset::ResetOutcome>)> done);
    // Asks the running call, if any, to stop.
    void cancel();

signals:
    void busyChanged(bool busy);

private:
    template <typename T, typename Work> void run(Work work, std::function<void(Result<T>)> done);

    config::ClusterConfig m_cluster;
    QThread* m_thread = nullptr;
    QObject* m_worker = nullptr; // lives on m_thread
    std::shared_ptr<reset::OffsetResetter> m_resetter; // used on m_thread only
    std::shared_ptr<std::atomic<bool>> m_cancel;
    int m_busy = 0;
};

} // namespace sluice::ui
