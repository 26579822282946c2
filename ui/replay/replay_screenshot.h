// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QObject>
#include <QPointer>
#include <QString>

class QWidget;

namespace sluice::ui {

class MainWindow;
class ReplayWizard;

// Brings the replay feature to one stage for `--screenshot … replay=STAGE` (the current view
// must be a dead-letter inspector with a selection, e.g. view.group=0):
//   target   the wizard on the selection, first step
//   preview  after the dry run
//   progress while executing, rate-limited, once some records are delivered (the replay is
//            cancelled when the app exits, which leaves it resumable)
//   report   after the execution and its verification
//   resume   the main window once it offers an unfinished replay
//   resumed  resumes the first unfinished replay (as Resume… does) and grabs its report
// Emits ready() with the window to grab, or failed().
class ReplayScreenshotDriver : public QObject {
    Q_OBJECT
public:
    static constexpr double kProgressRecordsPerSecond = 25;

    ReplayScreenshotDriver(MainWindow* window, QString stage, QObject* parent = nullptr);
    static bool isKnownStage(const QString& stage);
    void start();

signals:
    void ready(QWidget* window);
    void failed(const QString& message);

private:
    void checkResume();

    QPointer<MainWindow> m_window;
    QString m_stage;
    QPointer<ReplayWizard> m_wizard;
    bool m_done = false;
};

} // namespace sluice::ui
