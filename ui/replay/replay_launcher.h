// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "config/workspace.h"
#include "dlq/selection_model.h"
#include "kafka/secret_resolver.h"
#include "replay/replay_catalog.h"
#include "replay/replay_wizard.h"

#include <QObject>
#include <QPointer>
#include <memory>
#include <optional>
#include <vector>

namespace sluice::ui {

class ReplayResumeBanner;

// Opens replay wizards (from a dead-letter selection, a browser selection, or an
// unfinished replay) and keeps the list of unfinished replays in the data folder, which
// the resume banner offers. One per main window; the wizards are windows of their own,
// children of `window` so that they close with it. GUI thread only; the data folder is
// read on a worker.
class ReplayLauncher : public QObject {
    Q_OBJECT
public:
    ReplayLauncher(std::shared_ptr<kafka::SecretResolver> secrets, QWidget* window);
    ~ReplayLauncher() override;

    // The open workspace (nullopt: none). Opening one looks for unfinished replays.
    void setWorkspace(std::optional<config::Workspace> workspace);
    // Journals, reports and the audit log (empty: the user's data folder).
    void setDataDirectory(QString directory) { m_dataDirectory = std::move(directory); }
    void setTopicLister(ReplayWizard::TopicLister lister) { m_topics = std::move(lister); }

    // A wizard on `selection` of `cluster` (null when no workspace is open or the cluster is
    // not in it). Dead letters default to their original topic; other records need a target.
    ReplayWizard* openForSelection(const QString& cluster, const dlq::SelectionModel& selection, bool isDeadLetter);
    // A wizard at Progress for a stored, unfinished replay; Resume there runs it again.
    ReplayWizard* openForResume(const replay::StoredReplay& stored);
    // Stops offering a replay (its files stay).
    Status discard(const replay::StoredReplay& stored);

    // Reads the data folder again on a worker; unfinishedChanged() when done.
    void scanUnfinished();
    bool hasScanned() const { return m_hasScanned; }
    const std::vector<replay::StoredReplay>& unfinished() const { return m_unfinished; }
    ReplayResumeBanner* banner() const { return m_banner; }
    std::vector<ReplayWizard*> wizards() const;

signals:
    void unfinishedChanged();
    void wizardOpened(sluice::ui::ReplayWizard* wizard);

private:
    ReplayWizard* show(ReplayController* controller, bool isDeadLetter);
    void applyScan(std::vector<replay::StoredReplay> found);

    std::shared_ptr<kafka::SecretResolver> m_secrets;
    QPointer<QWidget> m_window;
    std::optional<config::Workspace> m_workspace;
    QString m_dataDirectory;
    ReplayWizard::TopicLister m_topics;
    std::vector<QPointer<ReplayWizard>> m_wizards;
    std::vector<replay::StoredReplay> m_unfinished;
    bool m_hasScanned = false;
    int m_scanGeneration = 0;
    ReplayResumeBanner* m_banner = nullptr;
};

} // namespace sluice::ui
