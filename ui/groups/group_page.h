// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "common/cluster_view.h"
#include "config/workspace.h"
#include "kafka/secret_resolver.h"

#include <QPointer>
#include <optional>

class QLabel;
class QPushButton;
class QTableView;
class QTabWidget;

namespace sluice::history {
class HistoryService;
}

namespace sluice::ui {

class GroupAssignmentModel;
class GroupLagPanel;
class GroupMemberModel;
class PageHeader;
class ResetOffsetsDialog;

// One consumer group, live: state, protocol and assignor, coordinator, the topics it reads
// (links to their pages); a Lag tab (verdict, since when, charts from the lag history,
// per-partition lag) and a Members tab (members, which member owns which partition).
class GroupPage : public ClusterView {
    Q_OBJECT
public:
    // `history` may be null (no charts); it must outlive the page.
    explicit GroupPage(
        const QString& clusterName, history::HistoryService* history = nullptr, QWidget* parent = nullptr);

    void setGroup(const QString& groupId);
    QString group() const { return m_groupId; }

    void showSnapshot(const kafka::SnapshotPtr& snapshot) override;
    void showLagSnapshot(const kafka::LagSnapshotPtr& snapshot) override;
    // Exact lag seconds for the partitions on screen are read through this session.
    void setExactLagSource(kafka::ClusterSession* session);
    GroupLagPanel* lagPanel() const { return m_lagPanel; }
    ViewProblem problem() const override { return m_problem; }

    GroupMemberModel* memberModel() const { return m_members; }
    GroupAssignmentModel* assignmentModel() const { return m_assignments; }
    QString summaryText() const;

    // What "Reset offsets…" needs: the cluster's settings and secrets, and the audit log
    // (empty: the data folder's). Without it the action is hidden.
    void setResetContext(
        config::ClusterConfig cluster, std::shared_ptr<kafka::SecretResolver> secrets, QString auditPath = {});
    // Opens the offset-reset dialog for this group (non-modal; one at a time).
    ResetOffsetsDialog* openResetDialog();
    ResetOffsetsDialog* resetDialog() const;
    QPushButton* resetButton() const { return m_reset; }
    // view.reset=MODE[:VALUE] [view.reset.topic=T] [view.reset.partitions=0,1] opens the dialog
    // and previews (screenshots); the page is settled when the preview ends.
    void applyOptions(const QMap<QString, QString>& options) override;
    bool isSettled() const override;

    // The "Pin to dashboard" toggle: reflects whether this page's object is pinned.
    void setPinned(bool pinned);
    QPushButton* pinButton() const { return m_pin; }

signals:
    void backRequested();
    void pinToggled(bool pinned); // the user (un)pinned this page's object
    void topicActivated(const QString& topic);

private:
    QPushButton* m_pin = nullptr;
    QPushButton* m_reset = nullptr;
    QPointer<ResetOffsetsDialog> m_resetDialog;
    std::optional<config::ClusterConfig> m_resetCluster;
    std::shared_ptr<kafka::SecretResolver> m_resetSecrets;
    QString m_resetAuditPath;
    bool m_resetPreviewPending = false;
    void render();
    void setProblem(ViewProblem problem);

    QString m_clusterName;
    QString m_groupId;
    kafka::SnapshotPtr m_snapshot;
    ViewProblem m_problem;
    PageHeader* m_header = nullptr;
    QLabel* m_summary = nullptr;
    QLabel* m_topics = nullptr;
    QLabel* m_noMembers = nullptr;
    GroupMemberModel* m_members = nullptr;
    GroupAssignmentModel* m_assignments = nullptr;
    QTableView* m_memberTable = nullptr;
    QTableView* m_assignmentTable = nullptr;
    QTabWidget* m_tabs = nullptr;
    GroupLagPanel* m_lagPanel = nullptr;
};

} // namespace sluice::ui
