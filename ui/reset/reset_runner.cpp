// SPDX-License-Identifier: Apache-2.0
#include "reset/reset_runner.h"

#include <QCoreApplication>
#include <QThread>

namespace sluice::ui {

ResetRunner::ResetRunner(
    config::ClusterConfig cluster, std::shared_ptr<kafka::SecretResolver> secrets, QString auditPath, QObject* parent)
    : QObject(parent)
    , m_cluster(cluster)
    , m_thread(new QThread)
    , m_worker(new QObject)
    , m_resetter(std::make_shared<reset::OffsetResetter>(std::move(cluster), std::move(secrets), std::move(auditPath)))
    , m_cancel(std::make_shared<std::atomic<bool>>(false))
{
    m_thread->setObjectName(QStringLiteral("offset-reset"));
    m_worker->moveToThread(m_thread);
    QObject::connect(m_thread, &QThread::finished, m_worker, &QObject::deleteLater);
    QObject::connect(m_thread, &QThread::finished, m_thread, &QObject::deleteLater);
    m_thread->start();
}

ResetRunner::~ResetRunner()
{
    m_cancel->store(true);
    // The resetter's handles are released on the worker thread, after any call in flight.
    QMetaObject::invokeMethod(m_worker, [resetter = std::move(m_resetter)]() mutable { resetter.reset(); });
    m_thread->quit(); // finished → the thread and the worker delete themselves
}

template <typename T, typename Work> void ResetRunner::run(Work work, std::function<void(Result<T>)> done)
{
    m_cancel->store(true); // a newer request supersedes whatever still runs
    m_cancel = std::make_shared<std::atomic<bool>>(false);
    if (m_busy++ == 0)
        emit busyChanged(true);
    QPointer<ResetRunner> self(this);
    QMetaObject::invokeMethod(m_worker, [self, resetter = m_resetter, cancel = m_cancel, work, done]() {
        auto result = std::make_shared<Result<T>>(work(*resetter, cancel.get()));
        QMetaObject::invokeMethod(
            QCoreApplication::instance(),
            [self, done, result] {
                if (!self)
                    return;
                if (--self->m_busy == 0)
                    emit self->busyChanged(false);
                done(std::move(*result));
            },
            Qt::QueuedConnection);
    });
}

void ResetRunner::preview(const reset::ResetSpec& spec, std::function<void(Result<reset::ResetPreview>)> done)
{
    run<reset::ResetPreview>(
        [spec](reset::OffsetResetter& r, const std::atomic<bool>* cancel) { return r.preview(spec, cancel); },
        std::move(done));
}

void ResetRunner::execute(const reset::ResetPreview& reviewed, std::function<void(Result<reset::ResetOutcome>)> done)
{
    run<reset::ResetOutcome>(
        [reviewed](reset::OffsetResetter& r, const std::atomic<bool>* cancel) { return r.execute(reviewed, cancel); },
        std::move(done));
}

void ResetRunner::cancel()
{
    m_cancel->store(true);
}

} // namespace sluice::ui
