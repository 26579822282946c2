// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "support/result.h"

#include <QMap>
#include <QObject>
#include <QPointer>
#include <QSize>
#include <QString>
#include <QStringList>
#include <QTimer>
#include <chrono>

namespace sluice::ui {

class MainWindow;

struct ScreenshotRequest {
    QString viewSpec; // see ViewSpec
    QString outputPath; // PNG file; its folder is created when missing
    QSize size { 1280, 800 };
    std::chrono::milliseconds timeout { 30000 };
    int lagSamples = 0; // also wait for this many lag samples (verdicts, trends, charts)
    // view.KEY=VALUE words (VALUE percent-decoded), handed to the view (ClusterView::applyOptions).
    QMap<QString, QString> viewOptions {};
    // replay=STAGE: grab the replay wizard at that stage instead (see ReplayScreenshotDriver).
    QString replayStage {};
};

// Parses "view=SPEC out=FILE [size=WxH] [timeout=SECONDS] [lagSamples=N]" given as separate words or as one
// string (what follows --screenshot on the command line).
Result<ScreenshotRequest> parseScreenshotRequest(const QStringList& words);

// Renders one view of a MainWindow to a PNG without any sleeping or polling: shows the view,
// waits (signals and a timeout timer) until that view's cluster has published its first
// snapshot (at once for "start" or when one is already there), lets one more event-loop turn
// pass so layouts settle, grabs the window and writes the file. Emits finished() exactly once.
class ScreenshotJob : public QObject {
    Q_OBJECT
public:
    ScreenshotJob(MainWindow* window, ScreenshotRequest request, QObject* parent = nullptr);

    void start();

signals:
    void finished(bool ok, const QString& message);

private:
    void scheduleGrab();
    void countLagSample();
    int m_lagSamplesSeen = 0;
    void grabWhenSettled();
    void grab();
    void fail(const QString& message);
    void finish(bool ok, const QString& message);

    void grabWidget(QWidget* widget);

    QPointer<MainWindow> m_window;
    ScreenshotRequest m_request;
    QTimer m_timeout;
    bool m_grabScheduled = false;
    bool m_done = false;
};

} // namespace sluice::ui
