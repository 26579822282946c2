// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "common/cluster_view.h"

class QLabel;
class QTableView;

namespace sluice::ui {

class GroupAssignmentModel;
class GroupMemberModel;
class PageHeader;

// One consumer group, live: state, protocol and assignor, coordinator, the topics it reads
// (links to their pages), its members and which member owns which partition.
class GroupPage : public ClusterView {
    Q_OBJECT
public:
    explicit GroupPage(const QString& clusterName, QWidget* parent = nullptr);

    void setGroup(const QString& groupId);
    QString group() const { return m_groupId; }

    void showSnapshot(const kafka::SnapshotPtr& snapshot) override;
    ViewProblem problem() const override { return m_problem; }

    GroupMemberModel* memberModel() const { return m_members; }
    GroupAssignmentModel* assignmentModel() const { return m_assignments; }
    QString summaryText() const;

signals:
    void backRequested();
    void topicActivated(const QString& topic);

private:
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
};

} // namespace sluice::ui
