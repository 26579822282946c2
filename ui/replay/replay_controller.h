// SPDX-License-Identifier: Apache-2.0
#pragma once

// The replay wizard's state machine, without widgets: the plan being edited, the dry run
// and the execution of the core ReplayEngine on a worker thread, and the results. The GUI
// thread only ever edits the plan, reads snapshots and asks for pause/resume/cancel;
// progress comes back through one queued call at a time (coalesced).
//
//   Editing ──startDryRun──▶ DryRunning ──▶ Previewed ──startExecution──▶ Executing ──▶ Finished
//      ▲                        │ (failed)       │ plan edited                 │ (failed)
//      └────────────────────────┴────────────────┘                             └──▶ Previewed / Resumable
//
// Execution requires the preview's plan hash: what runs is what the operator reviewed.
// A replay found unfinished in the data folder starts in Resumable (plan and hash pinned).

#include "config/workspace.h"
#include "kafka/secret_resolver.h"
#include "replay/replay_engine.h"

#include <QObject>
#include <QString>
#include <QThread>
#include <functional>
#include <memory>
#include <optional>

namespace sluice::ui {

class ReplayController : public QObject {
    Q_OBJECT
public:
    enum class Phase { Editing, DryRunning, Previewed, Executing, Finished, Resumable };
    Q_ENUM(Phase)

    // What the confirm step may do for the current target cluster.
    struct ConfirmCheck {
        bool isRefused = false; // read-only target, or nothing reviewed
        QString refusal; // why, in one sentence
        bool isProduction = false;
        QString clusterName;
    };

    // `dataDirectory`: journals, reports and the audit log (empty: the user's data folder).
    ReplayController(config::Workspace workspace, std::shared_ptr<kafka::SecretResolver> secrets,
        QString dataDirectory = {}, QObject* parent = nullptr);
    ~ReplayController() override; // cancels a running replay and waits for its thread

    const config::Workspace& workspace() const { return m_workspace; }

    // The plan being edited. Call planEdited() after changing it: a preview of another plan
    // is dropped (a new dry run is needed).
    replay::ReplayPlan& plan() { return m_plan; }
    const replay::ReplayPlan& plan() const { return m_plan; }
    void setPlan(replay::ReplayPlan plan);
    void planEdited();
    // Loads a stored, unfinished replay: Resumable, with its pinned plan and hash.
    void setResumable(replay::ReplayPlan pinnedPlan, QString planHash);

    Phase phase() const { return m_phase; }
    bool isRunning() const { return m_phase == Phase::DryRunning || m_phase == Phase::Executing; }
    // Problems with the edited plan that a dry run would refuse (empty: fine).
    QString validationProblem() const;

    const std::optional<replay::DryRunReport>& preview() const { return m_preview; }
    QString reviewedHash() const { return m_reviewedHash; }
    const replay::ReplayPlan* reviewedPlan() const; // the pinned plan that execution runs
    const replay::ReplayProgress& progress() const { return m_progress; }
    const std::optional<replay::ReplayReport>& report() const { return m_report; }
    QString lastError() const { return m_lastError; }
    bool isPaused() const { return m_isPauseRequested; }
    // A stopped execution (cancelled, or ended by an error) that the same plan can resume.
    bool canResume() const { return m_phase == Phase::Finished && m_report && !m_report->completed && m_resumePlan; }
    QString reportPath() const; // where the engine writes report.json for this replay
    QString journalFolder() const;

    ConfirmCheck confirmCheck() const;

    // Both return false (and say why in lastError) when the phase does not allow it.
    bool startDryRun();
    bool startExecution();
    void pause();
    void resume();
    void cancel();
    // Blocks until the worker has ended (tests, shutdown).
    bool waitForWorker(unsigned long timeoutMs);

signals:
    void phaseChanged(sluice::ui::ReplayController::Phase phase);
    void progressChanged();
    void dryRunFinished();
    void executionFinished();
    void failed(const QString& message);

private:
    struct Relay;
    void setPhase(Phase phase);
    void runOnWorker(std::function<void()> work);
    std::shared_ptr<replay::ReplayEngine> makeEngine();
    void applyProgress();
    void finishDryRun(Result<replay::DryRunReport> result);
    void finishExecution(Result<replay::ReplayReport> result);

    config::Workspace m_workspace;
    std::shared_ptr<kafka::SecretResolver> m_secrets;
    QString m_dataDirectory;
    replay::ReplayPlan m_plan;
    Phase m_phase = Phase::Editing;
    std::optional<replay::DryRunReport> m_preview;
    std::optional<replay::ReplayPlan> m_resumePlan;
    QString m_reviewedHash;
    replay::ReplayProgress m_progress;
    std::optional<replay::ReplayReport> m_report;
    QString m_lastError;
    bool m_isPauseRequested = false;
    std::shared_ptr<replay::ReplayEngine> m_engine; // of the run in progress
    std::shared_ptr<Relay> m_relay;
    QThread* m_thread = nullptr;
};

} // namespace sluice::ui
