// SPDX-License-Identifier: Apache-2.0
#include "replay/replay_screenshot.h"

#include "cluster/cluster_views.h"
#include "deadletters/dead_letter_inspector.h"
#include "main_window.h"
#include "replay/replay_launcher.h"
#include "replay/replay_resume_banner.h"

#include <QDoubleSpinBox>

namespace sluice::ui {

ReplayScreenshotDriver::ReplayScreenshotDriver(MainWindow* window, QString stage, QObject* parent)
    : QObject(parent)
    , m_window(window)
    , m_stage(std::move(stage))
{
}

bool ReplayScreenshotDriver::isKnownStage(const QString& stage)
{
    return stage == QLatin1String("target") || stage == QLatin1String("preview") || stage == QLatin1String("progress")
        || stage == QLatin1String("report") || stage == QLatin1String("resume") || stage == QLatin1String("resumed");
}

void ReplayScreenshotDriver::start()
{
    if (!m_window) {
        emit failed(QStringLiteral("no window"));
        return;
    }
    ReplayLauncher* launcher = m_window->replays();
    if (m_stage == QLatin1String("resume") || m_stage == QLatin1String("resumed")) {
        connect(launcher, &ReplayLauncher::unfinishedChanged, this, &ReplayScreenshotDriver::checkResume);
        launcher->scanUnfinished();
        return;
    }
    auto* inspector = qobject_cast<DeadLetterInspector*>(m_window->currentView());
    if (!inspector || inspector->selection().explicitCount() == 0) {
        emit failed(
            QStringLiteral("replay=%1 needs a dead-letter view with a selection (e.g. view.group=0)").arg(m_stage));
        return;
    }
    QString cluster;
    for (const config::ClusterConfig& c : m_window->workspace()->clusters) {
        const ClusterViews* views = m_window->clusterViews(QString::fromStdString(c.name));
        if (views && views->deadLetterInspector() == inspector)
            cluster = QString::fromStdString(c.name);
    }
    m_wizard = launcher->openForSelection(cluster, inspector->selection(), true);
    if (!m_wizard) {
        emit failed(QStringLiteral("could not open the replay wizard"));
        return;
    }
    ReplayController* controller = m_wizard->controller();
    if (m_stage == QLatin1String("target")) {
        emit ready(m_wizard);
        return;
    }
    if (m_stage == QLatin1String("progress"))
        m_wizard->recordsPerSecondField()->setValue(kProgressRecordsPerSecond);
    connect(controller, &ReplayController::failed, this, [this](const QString& message) {
        if (!m_done) {
            m_done = true;
            emit failed(QStringLiteral("replay: ") + message);
        }
    });
    connect(controller, &ReplayController::dryRunFinished, this, [this, controller] {
        if (m_stage == QLatin1String("preview")) {
            m_done = true;
            emit ready(m_wizard);
            return;
        }
        m_wizard->goToStep(ReplayWizard::ConfirmStep);
        controller->startExecution(); // the screenshot stands in for the operator's confirmation
    });
    connect(controller, &ReplayController::progressChanged, this, [this, controller] {
        if (m_done || m_stage != QLatin1String("progress") || controller->phase() != ReplayController::Phase::Executing)
            return;
        const auto& p = controller->progress();
        if (p.delivered >= static_cast<std::uint64_t>(kProgressRecordsPerSecond) && p.recordsPerSecond > 0) {
            m_done = true;
            emit ready(m_wizard);
        }
    });
    connect(controller, &ReplayController::executionFinished, this, [this] {
        if (!m_done) {
            m_done = true;
            emit ready(m_wizard);
        }
    });
    m_wizard->runDryRun();
}

void ReplayScreenshotDriver::checkResume()
{
    ReplayLauncher* launcher = m_window ? m_window->replays() : nullptr;
    if (m_done || !launcher || !launcher->hasScanned())
        return;
    m_done = true;
    if (launcher->unfinished().empty()) {
        emit failed(QStringLiteral("no unfinished replay in the data folder"));
        return;
    }
    if (m_stage == QLatin1String("resume")) {
        emit ready(m_window);
        return;
    }
    // resumed: what Resume… in the notice does, then the report once the rest is sent and verified.
    m_wizard = launcher->openForResume(launcher->unfinished().front());
    if (!m_wizard) {
        emit failed(QStringLiteral("could not open the unfinished replay"));
        return;
    }
    ReplayController* controller = m_wizard->controller();
    connect(controller, &ReplayController::failed, this,
        [this](const QString& message) { emit failed(QStringLiteral("resumed replay: ") + message); });
    connect(controller, &ReplayController::executionFinished, this, [this] { emit ready(m_wizard); });
    m_wizard->startResume();
}

} // namespace sluice::ui
