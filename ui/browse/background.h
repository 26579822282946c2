// SPDX-License-Identifier: Apache-2.0
#pragma once

// Runs blocking work (spool reads, formatting a 20 MB value, an export) on Qt's global
// thread pool and hands the result back on the GUI thread, only if `context` still exists
// by then. The result travels through a shared_ptr, so it may be move-only.

#include <QCoreApplication>
#include <QMetaObject>
#include <QObject>
#include <QPointer>
#include <QThreadPool>
#include <memory>
#include <utility>

namespace sluice::ui {

template <typename Work, typename Done> void runInBackground(QObject* context, Work work, Done done)
{
    QPointer<QObject> guard(context);
    QThreadPool::globalInstance()->start([guard, work = std::move(work), done = std::move(done)]() mutable {
        auto result = std::make_shared<decltype(work())>(work());
        // Posted to the application object, which outlives every view; `guard` is only
        // read back on the GUI thread.
        QMetaObject::invokeMethod(
            QCoreApplication::instance(),
            [guard, done = std::move(done), result] {
                if (guard)
                    done(std::move(*result));
            },
            Qt::QueuedConnection);
    });
}

} // namespace sluice::ui
