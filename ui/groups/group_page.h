// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "common/cluster_view.h"

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

    // The "Pin to dashboard" toggle: reflects whether this page's object is pinned.
    void setPinned(bool pinned);
    QPushButton* pinButton() const { return m_pin; }

signals:
    void backRequested();
    void pinToggled(bool pinned); // the user (un)pinned this page's object
    void topicActivated(const QString& topic);

private:
    QPushButton* m_pin = nullptr;
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
