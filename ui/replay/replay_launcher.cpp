// SPDX-License-Identifier: Apache-2.0
#include "replay/replay_launcher.h"

#include "audit/audit_log.h"
#include "browse/background.h"
#include "common/format.h"
#include "replay/replay_resume_banner.h"
#include "support/logging.h"

#include <set>

namespace sluice::ui {

ReplayLauncher::ReplayLauncher(std::shared_ptr<kafka::SecretResolver> secrets, QWidget* window)
    : QObject(window)
    , m_secrets(std::move(secrets))
    , m_window(window)
{
    m_banner = new ReplayResumeBanner(window);
    connect(this, &ReplayLauncher::unfinishedChanged, m_banner, [this] { m_banner->showReplays(m_unfinished); });
    connect(m_banner, &ReplayResumeBanner::resumeRequested, this, [this](int index) {
        if (index >= 0 && index < static_cast<int>(m_unfinished.size()))
            openForResume(m_unfinished[static_cast<std::size_t>(index)]);
    });
    connect(m_banner, &ReplayResumeBanner::discardRequested, this, [this](int index) {
        if (index < 0 || index >= static_cast<int>(m_unfinished.size()))
            return;
        if (auto done = discard(m_unfinished[static_cast<std::size_t>(index)]); !done)
            m_banner->showError(qs(done.error().message));
    });
}

ReplayLauncher::~ReplayLauncher() = default;

void ReplayLauncher::setWorkspace(std::optional<config::Workspace> workspace)
{
    m_workspace = std::move(workspace);
    m_unfinished.clear();
    m_hasScanned = false;
    emit unfinishedChanged();
    if (m_workspace)
        scanUnfinished();
}

std::vector<ReplayWizard*> ReplayLauncher::wizards() const
{
    std::vector<ReplayWizard*> out;
    for (const auto& w : m_wizards) {
        if (w)
            out.push_back(w);
    }
    return out;
}

ReplayWizard* ReplayLauncher::openForSelection(
    const QString& cluster, const dlq::SelectionModel& selection, bool isDeadLetter)
{
    if (!m_workspace || !m_workspace->cluster(cluster.toStdString()))
        return nullptr;
    auto* controller = new ReplayController(*m_workspace, m_secrets, m_dataDirectory);
    replay::ReplayPlan plan = replay::planFromSelection(cluster.toStdString(), selection);
    if (!isDeadLetter) {
        // Not dead letters: no headers name an original topic; the operator picks one.
        plan.targetMode = replay::TargetMode::Topic;
        plan.partitioning = replay::Partitioning::ByKey;
    }
    controller->setPlan(std::move(plan));
    logging::ui()->info("replay wizard opened cluster={} topic={} deadLetters={}", cluster.toStdString(),
        selection.topic(), isDeadLetter);
    return show(controller, isDeadLetter);
}

ReplayWizard* ReplayLauncher::openForResume(const replay::StoredReplay& stored)
{
    for (ReplayWizard* wizard : wizards()) {
        const replay::ReplayPlan* plan = wizard->controller()->reviewedPlan();
        if (plan && plan->id == stored.id) {
            wizard->show();
            wizard->raise();
            wizard->activateWindow();
            return wizard;
        }
    }
    if (!m_workspace)
        return nullptr;
    auto* controller = new ReplayController(*m_workspace, m_secrets, m_dataDirectory);
    controller->setResumable(stored.plan, qs(stored.planHash));
    return show(controller, stored.plan.targetMode == replay::TargetMode::OriginalTopic);
}

Status ReplayLauncher::discard(const replay::StoredReplay& stored)
{
    auto done = replay::discardReplay(stored.folder);
    if (done) {
        logging::ui()->info("replay discarded id={}", stored.id);
        std::erase_if(m_unfinished, [&](const replay::StoredReplay& r) { return r.id == stored.id; });
        emit unfinishedChanged();
    }
    return done;
}

ReplayWizard* ReplayLauncher::show(ReplayController* controller, bool isDeadLetter)
{
    auto* wizard = new ReplayWizard(controller, isDeadLetter, m_topics, m_window);
    wizard->setAttribute(Qt::WA_DeleteOnClose);
    m_wizards.emplace_back(wizard);
    // A run that ends (or a window that closes) changes what is left to resume.
    connect(controller, &ReplayController::executionFinished, this, &ReplayLauncher::scanUnfinished);
    connect(controller, &ReplayController::phaseChanged, this, [this](ReplayController::Phase phase) {
        if (phase == ReplayController::Phase::Executing)
            applyScan(m_unfinished); // hides the running replay from the banner
    });
    connect(wizard, &QObject::destroyed, this, [this] {
        std::erase_if(m_wizards, [](const QPointer<ReplayWizard>& w) { return w.isNull(); });
        scanUnfinished();
    });
    wizard->show();
    wizard->raise();
    emit wizardOpened(wizard);
    return wizard;
}

void ReplayLauncher::scanUnfinished()
{
    if (!m_workspace)
        return;
    const QString directory = m_dataDirectory.isEmpty() ? audit::AuditLog::dataDirectory() : m_dataDirectory;
    const int generation = ++m_scanGeneration;
    runInBackground(
        this, [directory] { return replay::unfinishedReplays(directory); },
        [this, generation](std::vector<replay::StoredReplay> found) {
            if (generation == m_scanGeneration)
                applyScan(std::move(found));
        });
}

void ReplayLauncher::applyScan(std::vector<replay::StoredReplay> found)
{
    // Offer only replays of this workspace's clusters that no open wizard is running.
    std::set<std::string> busy;
    for (ReplayWizard* wizard : wizards()) {
        const ReplayController* c = wizard->controller();
        if (c->phase() == ReplayController::Phase::Executing && c->reviewedPlan())
            busy.insert(c->reviewedPlan()->id);
    }
    std::erase_if(found, [&](const replay::StoredReplay& r) {
        return busy.count(r.id) || !m_workspace || !m_workspace->cluster(r.plan.sourceCluster)
            || !m_workspace->cluster(r.plan.effectiveTargetCluster());
    });
    m_unfinished = std::move(found);
    m_hasScanned = true;
    emit unfinishedChanged();
}

} // namespace sluice::ui
