// SPDX-License-Identifier: Apache-2.0
#include "screenshot_job.h"

#include "common/cluster_view.h"
#include "common/connection_style.h"
#include "main_window.h"
#include "replay/replay_screenshot.h"
#include "support/logging.h"

#include <QDialog>
#include <QDir>
#include <QFileInfo>
#include <QPainter>
#include <QPixmap>
#include <QRegularExpression>
#include <QUrl>

namespace sluice::ui {

Result<ScreenshotRequest> parseScreenshotRequest(const QStringList& words)
{
    ScreenshotRequest request;
    static const QRegularExpression kSpace(QStringLiteral("\\s+"));
    const QStringList parts = words.join(QLatin1Char(' ')).split(kSpace, Qt::SkipEmptyParts);
    const auto bad = [](const QString& what) {
        return Error { ErrorKind::Configuration,
            QStringLiteral("--screenshot: %1; expected view=SPEC out=FILE [size=WxH] [timeout=SECONDS]")
                .arg(what)
                .toStdString(),
            {} };
    };
    for (const QString& part : parts) {
        const qsizetype eq = part.indexOf(QLatin1Char('='));
        if (eq <= 0)
            return bad(QStringLiteral("\u201c%1\u201d is not key=value").arg(part));
        const QString key = part.left(eq);
        const QString value = part.mid(eq + 1);
        if (key == QLatin1String("view")) {
            request.viewSpec = value;
        } else if (key == QLatin1String("out")) {
            request.outputPath = value;
        } else if (key == QLatin1String("size")) {
            const QStringList wh = value.split(QLatin1Char('x'));
            bool okW = false;
            bool okH = false;
            const int w = wh.value(0).toInt(&okW);
            const int h = wh.value(1).toInt(&okH);
            if (wh.size() != 2 || !okW || !okH || w < 200 || h < 150 || w > 8000 || h > 8000)
                return bad(QStringLiteral("size \u201c%1\u201d should be WIDTHxHEIGHT, e.g. 1280x800").arg(value));
            request.size = QSize(w, h);
        } else if (key == QLatin1String("timeout")) {
            bool ok = false;
            const double seconds = value.toDouble(&ok);
            if (!ok || seconds <= 0)
                return bad(QStringLiteral("timeout \u201c%1\u201d should be a number of seconds").arg(value));
            request.timeout = std::chrono::milliseconds(static_cast<long long>(seconds * 1000));
        } else if (key == QLatin1String("lagSamples")) {
            bool ok = false;
            const int samples = value.toInt(&ok);
            if (!ok || samples < 0 || samples > 10000)
                return bad(QStringLiteral("lagSamples \u201c%1\u201d should be a whole number of samples").arg(value));
            request.lagSamples = samples;
        } else if (key == QLatin1String("replay")) {
            if (!ReplayScreenshotDriver::isKnownStage(value))
                return bad(QStringLiteral("replay \u201c%1\u201d should be target, preview, progress, report or resume")
                               .arg(value));
            request.replayStage = value;
        } else if (key.startsWith(QLatin1String("view.")) && key.size() > 5) {
            request.viewOptions.insert(key.mid(5), QUrl::fromPercentEncoding(value.toUtf8()));
        } else {
            return bad(QStringLiteral("unknown key \u201c%1\u201d").arg(key));
        }
    }
    if (request.viewSpec.isEmpty())
        return bad(QStringLiteral("view= is missing"));
    if (request.outputPath.isEmpty())
        return bad(QStringLiteral("out= is missing"));
    return request;
}

ScreenshotJob::ScreenshotJob(MainWindow* window, ScreenshotRequest request, QObject* parent)
    : QObject(parent)
    , m_window(window)
    , m_request(std::move(request))
{
    m_timeout.setSingleShot(true);
    connect(&m_timeout, &QTimer::timeout, this, [this] {
        kafka::ClusterSession* session = m_window ? m_window->sessionForView(m_request.viewSpec) : nullptr;
        QString why = session
            ? QStringLiteral("; cluster %1 is %2").arg(session->name(), connectionText(session->state()))
            : QString();
        if (session && !session->lastError().isEmpty())
            why += QStringLiteral(": ") + session->lastError();
        fail(QStringLiteral("timed out after %1 s waiting for the first snapshot%2; nothing written")
                 .arg(static_cast<double>(m_request.timeout.count()) / 1000.0)
                 .arg(why));
    });
}

void ScreenshotJob::start()
{
    if (!m_window) {
        fail(QStringLiteral("no window"));
        return;
    }
    m_window->setWindowState(Qt::WindowNoState);
    m_window->resize(m_request.size);
    if (!m_window->showView(m_request.viewSpec)) {
        fail(QStringLiteral("unknown view \u201c%1\u201d (or no such cluster in the workspace)")
                 .arg(m_request.viewSpec));
        return;
    }
    m_window->show();
    kafka::ClusterSession* session = m_window->sessionForView(m_request.viewSpec);
    if (session && m_request.lagSamples > 0) {
        // Verdicts, trends and charts need a few samples; the timeout covers the whole wait.
        connect(session, &kafka::ClusterSession::lagSnapshotUpdated, this, &ScreenshotJob::countLagSample);
        m_timeout.start(m_request.timeout);
        return;
    }
    if (!session || session->snapshot()) {
        scheduleGrab();
        return;
    }
    // The window's views are connected before us, so they have rendered when this fires.
    connect(session, &kafka::ClusterSession::snapshotUpdated, this, &ScreenshotJob::scheduleGrab);
    m_timeout.start(m_request.timeout);
}

void ScreenshotJob::countLagSample()
{
    if (++m_lagSamplesSeen < m_request.lagSamples || m_grabScheduled || m_done)
        return;
    kafka::ClusterSession* session = m_window ? m_window->sessionForView(m_request.viewSpec) : nullptr;
    if (session)
        disconnect(session, nullptr, this, nullptr);
    const auto spec = parseViewSpec(m_request.viewSpec);
    history::HistoryService* store = m_window ? m_window->history() : nullptr;
    if (store && spec && spec->kind == ViewSpec::Kind::Group && session && session->snapshot()) {
        // The group page asks the history store on every sample; shoot when it has answered.
        connect(store, &history::HistoryService::answered, this, &ScreenshotJob::scheduleGrab);
        return;
    }
    if (session && !session->snapshot()) {
        connect(session, &kafka::ClusterSession::snapshotUpdated, this, &ScreenshotJob::scheduleGrab);
        return;
    }
    scheduleGrab();
}

void ScreenshotJob::scheduleGrab()
{
    if (m_grabScheduled || m_done)
        return;
    m_grabScheduled = true;
    auto* view = m_window ? qobject_cast<ClusterView*>(m_window->currentView()) : nullptr;
    if (view && !m_request.viewOptions.isEmpty())
        view->applyOptions(m_request.viewOptions);
    if (view && !view->isSettled()) {
        // Wait (bounded by the same timeout) for the view's own loading to end.
        connect(view, &ClusterView::settled, this, &ScreenshotJob::grabWhenSettled);
        if (!m_timeout.isActive())
            m_timeout.start(m_request.timeout);
        return;
    }
    m_timeout.stop();
    QTimer::singleShot(0, this, &ScreenshotJob::grab);
}

void ScreenshotJob::grabWhenSettled()
{
    auto* view = m_window ? qobject_cast<ClusterView*>(m_window->currentView()) : nullptr;
    if (m_done || (view && !view->isSettled()))
        return;
    m_timeout.stop();
    QTimer::singleShot(0, this, &ScreenshotJob::grab);
}

void ScreenshotJob::grab()
{
    if (!m_window) {
        fail(QStringLiteral("the window went away"));
        return;
    }
    if (!m_request.replayStage.isEmpty()) {
        auto* driver = new ReplayScreenshotDriver(m_window, m_request.replayStage, this);
        connect(driver, &ReplayScreenshotDriver::failed, this, &ScreenshotJob::fail);
        connect(driver, &ReplayScreenshotDriver::ready, this, [this](QWidget* widget) {
            if (widget != m_window)
                widget->resize(m_request.size);
            // One more event-loop turn so that the wizard's layout settles.
            QTimer::singleShot(0, this, [this, target = QPointer<QWidget>(widget)] {
                if (target)
                    grabWidget(target);
                else
                    fail(QStringLiteral("the replay window went away"));
            });
        });
        m_timeout.start(m_request.timeout);
        driver->start();
        return;
    }
    grabWidget(m_window);
}

void ScreenshotJob::grabWidget(QWidget* widget)
{
    m_timeout.stop();
    QPixmap pixmap = widget->grab();
    // A dialog the view opened (e.g. the offset-reset preview) is drawn over the window,
    // centred, as the operator would see it.
    for (QDialog* dialog : widget == m_window ? m_window->findChildren<QDialog*>() : QList<QDialog*>()) {
        if (!dialog->isVisible())
            continue;
        const QPixmap shot = dialog->grab();
        QPainter painter(&pixmap);
        painter.fillRect(pixmap.rect(), QColor(0, 0, 0, 60));
        painter.drawPixmap((pixmap.width() - shot.width()) / 2, (pixmap.height() - shot.height()) / 2, shot);
    }
    const QFileInfo info(m_request.outputPath);
    if (!QDir().mkpath(info.absolutePath())) {
        fail(QStringLiteral("can't create folder %1").arg(info.absolutePath()));
        return;
    }
    if (pixmap.isNull() || !pixmap.save(info.absoluteFilePath(), "PNG")) {
        fail(QStringLiteral("can't write %1").arg(info.absoluteFilePath()));
        return;
    }
    finish(true,
        QStringLiteral("wrote %1 (%2x%3, view %4)")
            .arg(info.absoluteFilePath())
            .arg(pixmap.width())
            .arg(pixmap.height())
            .arg(m_request.viewSpec));
}

void ScreenshotJob::fail(const QString& message)
{
    finish(false, message);
}

void ScreenshotJob::finish(bool ok, const QString& message)
{
    if (m_done)
        return;
    m_done = true;
    m_timeout.stop();
    if (ok)
        logging::ui()->info("screenshot {}", message.toStdString());
    else
        logging::ui()->error("screenshot failed: {}", message.toStdString());
    emit finished(ok, message);
}

} // namespace sluice::ui
