// SPDX-License-Identifier: Apache-2.0
#include "replay/replay_controller.h"

#include "audit/audit_log.h"
#include "common/format.h"
#include "replay/journal.h"
#include "support/logging.h"

#include <QCoreApplication>
#include <QDir>
#include <QMetaObject>
#include <QPointer>
#include <atomic>
#include <mutex>

namespace sluice::ui {

// Carries progress from the engine's thread to the GUI thread: the newest value wins, and
// at most one queued call is pending at a time, so a fast engine cannot flood the event loop.
struct ReplayController::Relay {
    std::mutex mutex;
    replay::ReplayProgress latest;
    std::atomic<bool> pending { false };
    QPointer<ReplayController> controller;

    void post(const replay::ReplayProgress& progress)
    {
        {
            std::lock_guard lock(mutex);
            latest = progress;
        }
        if (pending.exchange(true))
            return;
        QPointer<ReplayController> target = controller;
        QMetaObject::invokeMethod(
            QCoreApplication::instance(),
            [target] {
                if (target)
                    target->applyProgress();
            },
            Qt::QueuedConnection);
    }
    replay::ReplayProgress take()
    {
        pending = false;
        std::lock_guard lock(mutex);
        return latest;
    }
};

ReplayController::ReplayController(
    config::Workspace workspace, std::shared_ptr<kafka::SecretResolver> secrets, QString dataDirectory, QObject* parent)
    : QObject(parent)
    , m_workspace(std::move(workspace))
    , m_secrets(std::move(secrets))
    , m_dataDirectory(std::move(dataDirectory))
{
}

ReplayController::~ReplayController()
{
    if (m_engine)
        m_engine->cancel();
    if (m_thread) {
        // A cancelled run waits up to 5 s for records in flight, writes its checkpoint and
        // verifies what it sent; the journal keeps the rest for a resume.
        m_thread->wait();
        delete m_thread;
    }
}

void ReplayController::setPlan(replay::ReplayPlan plan)
{
    m_plan = std::move(plan);
    planEdited();
}

void ReplayController::planEdited()
{
    if (isRunning())
        return;
    if (m_phase == Phase::Previewed || m_phase == Phase::Finished) {
        // A stopped replay stays in the data folder; the resume notice offers it.
        m_preview.reset();
        m_resumePlan.reset();
        m_reviewedHash.clear();
        m_report.reset();
        setPhase(Phase::Editing);
    }
}

void ReplayController::setResumable(replay::ReplayPlan pinnedPlan, QString planHash)
{
    m_plan = pinnedPlan;
    m_resumePlan = std::move(pinnedPlan);
    m_reviewedHash = std::move(planHash);
    m_preview.reset();
    m_report.reset();
    setPhase(Phase::Resumable);
}

const replay::ReplayPlan* ReplayController::reviewedPlan() const
{
    if (m_resumePlan)
        return &*m_resumePlan;
    return m_preview ? &m_preview->plan : nullptr;
}

QString ReplayController::validationProblem() const
{
    if (m_plan.sourceCluster.empty() || !m_workspace.cluster(m_plan.sourceCluster))
        return tr("The source cluster %1 is not in this workspace.").arg(qs(m_plan.sourceCluster));
    if (m_plan.sourceTopic.empty())
        return tr("No source topic.");
    if (m_plan.selection == replay::SelectionKind::Offsets && m_plan.offsets.empty())
        return tr("Nothing is selected.");
    if (m_plan.targetMode == replay::TargetMode::Topic && m_plan.targetTopic.empty())
        return tr("Choose the target topic.");
    if (!m_plan.targetCluster.empty() && !m_workspace.cluster(m_plan.targetCluster))
        return tr("The target cluster %1 is not in this workspace.").arg(qs(m_plan.targetCluster));
    if (m_plan.mode == replay::ExecutionMode::ExactlyOnce && m_plan.effectiveTargetCluster() != m_plan.sourceCluster)
        return tr("Exactly-once needs the target on the source cluster (one transaction cannot span clusters). "
                  "Choose idempotent mode for another cluster.");
    if (m_plan.maxReplayCount < 1)
        return tr("The replay-count limit must be at least 1.");
    return {};
}

QString ReplayController::journalFolder() const
{
    const replay::ReplayPlan* plan = reviewedPlan();
    if (!plan || plan->id.empty())
        return {};
    const QString dir = m_dataDirectory.isEmpty() ? audit::AuditLog::dataDirectory() : m_dataDirectory;
    return QDir(dir).filePath(QStringLiteral("replays/") + qs(plan->id));
}

QString ReplayController::reportPath() const
{
    const QString folder = journalFolder();
    return folder.isEmpty() ? QString() : replay::Journal(folder).reportPath();
}

ReplayController::ConfirmCheck ReplayController::confirmCheck() const
{
    ConfirmCheck check;
    const replay::ReplayPlan* plan = reviewedPlan();
    const std::string& target = plan ? plan->effectiveTargetCluster() : m_plan.effectiveTargetCluster();
    check.clusterName = qs(target);
    const config::ClusterConfig* cluster = m_workspace.cluster(target);
    if (!cluster) {
        check.isRefused = true;
        check.refusal = tr("The target cluster %1 is not in this workspace.").arg(check.clusterName);
        return check;
    }
    check.isProduction = cluster->production;
    if (cluster->readOnly) {
        check.isRefused = true;
        check.refusal = tr("Cluster %1 is read-only in this workspace: Sluice never writes to it. Choose a target on "
                           "another cluster, or remove readOnly from the workspace if writing there is intended.")
                            .arg(check.clusterName);
        return check;
    }
    if (!plan || m_reviewedHash.isEmpty()) {
        check.isRefused = true;
        check.refusal = tr("Run the dry run first: only a reviewed plan can be executed.");
    }
    return check;
}

std::shared_ptr<replay::ReplayEngine> ReplayController::makeEngine()
{
    m_relay = std::make_shared<Relay>();
    m_relay->controller = this;
    replay::EngineOptions options;
    options.dataDirectory = m_dataDirectory;
    options.onProgress = [relay = m_relay](const replay::ReplayProgress& p) { relay->post(p); };
    return std::make_shared<replay::ReplayEngine>(m_workspace, m_secrets, options);
}

void ReplayController::runOnWorker(std::function<void()> work)
{
    if (m_thread) {
        m_thread->wait(); // the previous run has posted its result already
        delete m_thread;
    }
    m_thread = QThread::create(std::move(work));
    m_thread->setObjectName(QStringLiteral("replay"));
    m_thread->start();
}

bool ReplayController::startDryRun()
{
    if (isRunning()) {
        m_lastError = tr("A run is in progress.");
        return false;
    }
    if (const QString problem = validationProblem(); !problem.isEmpty()) {
        m_lastError = problem;
        emit failed(problem);
        return false;
    }
    m_preview.reset();
    m_report.reset();
    m_reviewedHash.clear();
    m_resumePlan.reset();
    m_lastError.clear();
    m_progress = {};
    m_engine = makeEngine();
    setPhase(Phase::DryRunning);
    QPointer<ReplayController> self(this);
    runOnWorker([self, engine = m_engine, plan = m_plan] {
        auto result = engine->dryRun(plan);
        QMetaObject::invokeMethod(
            QCoreApplication::instance(),
            [self, result = std::move(result)]() mutable {
                if (self)
                    self->finishDryRun(std::move(result));
            },
            Qt::QueuedConnection);
    });
    return true;
}

void ReplayController::finishDryRun(Result<replay::DryRunReport> result)
{
    m_engine.reset();
    if (!result) {
        m_lastError = qs(result.error().message);
        setPhase(Phase::Editing);
        emit failed(m_lastError);
        return;
    }
    m_preview = std::move(*result);
    m_reviewedHash = qs(m_preview->planHash);
    m_progress = {};
    setPhase(Phase::Previewed);
    emit dryRunFinished();
}

bool ReplayController::startExecution()
{
    const ConfirmCheck check = confirmCheck();
    if (isRunning() || (m_phase != Phase::Previewed && m_phase != Phase::Resumable && !canResume())) {
        m_lastError = tr("Run the dry run first: only a reviewed plan can be executed.");
        return false;
    }
    if (check.isRefused) {
        m_lastError = check.refusal;
        emit failed(m_lastError);
        return false;
    }
    const replay::ReplayPlan plan = *reviewedPlan();
    m_report.reset();
    m_lastError.clear();
    m_progress = {};
    m_isPauseRequested = false;
    if (m_preview)
        m_progress.toSend = m_preview->toSend;
    m_engine = makeEngine();
    setPhase(Phase::Executing);
    logging::ui()->info("replay started id={} hash={}", plan.id, m_reviewedHash.toStdString());
    QPointer<ReplayController> self(this);
    runOnWorker([self, engine = m_engine, plan, hash = m_reviewedHash.toStdString()] {
        auto result = engine->execute(plan, hash);
        QMetaObject::invokeMethod(
            QCoreApplication::instance(),
            [self, result = std::move(result)]() mutable {
                if (self)
                    self->finishExecution(std::move(result));
            },
            Qt::QueuedConnection);
    });
    return true;
}

void ReplayController::finishExecution(Result<replay::ReplayReport> result)
{
    m_engine.reset();
    if (!result) {
        m_lastError = qs(result.error().message);
        // Refused or failed before anything was sent: the reviewed plan may be run again.
        setPhase(m_resumePlan ? Phase::Resumable : Phase::Previewed);
        emit failed(m_lastError);
        return;
    }
    m_report = std::move(*result);
    m_isPauseRequested = false;
    m_progress.paused = false;
    if (!m_report->completed) {
        // Stopped (cancel, fatal error): the same plan and hash resume from the journal.
        if (!m_resumePlan && m_preview)
            m_resumePlan = m_preview->plan;
    }
    setPhase(Phase::Finished);
    emit executionFinished();
}

void ReplayController::applyProgress()
{
    if (!m_relay || (m_phase != Phase::Executing && m_phase != Phase::DryRunning))
        return;
    const std::uint64_t toSend = m_progress.toSend;
    m_progress = m_relay->take();
    m_progress.paused = m_isPauseRequested;
    if (m_progress.toSend == 0)
        m_progress.toSend = toSend;
    // Time left from the rate so far, when the total is known (the engine leaves it unknown).
    const std::uint64_t done = m_progress.delivered + m_progress.skipped + m_progress.failed;
    if (m_progress.etaSeconds < 0 && m_phase == Phase::Executing && m_progress.toSend > done
        && m_progress.recordsPerSecond > 0)
        m_progress.etaSeconds = static_cast<double>(m_progress.toSend - done) / m_progress.recordsPerSecond;
    emit progressChanged();
}

void ReplayController::pause()
{
    if (m_phase != Phase::Executing || !m_engine)
        return;
    m_engine->pause();
    m_isPauseRequested = true;
    m_progress.paused = true;
    emit progressChanged();
}

void ReplayController::resume()
{
    if (m_phase != Phase::Executing || !m_engine)
        return;
    m_engine->resume();
    m_isPauseRequested = false;
    m_progress.paused = false;
    emit progressChanged();
}

void ReplayController::cancel()
{
    if (m_engine)
        m_engine->cancel();
    if (m_phase == Phase::Executing) {
        m_progress.state = "cancelling: waiting for records in flight";
        emit progressChanged();
    }
}

bool ReplayController::waitForWorker(unsigned long timeoutMs)
{
    return !m_thread || m_thread->wait(timeoutMs);
}

void ReplayController::setPhase(Phase phase)
{
    if (m_phase == phase)
        return;
    m_phase = phase;
    emit phaseChanged(phase);
}

} // namespace sluice::ui
