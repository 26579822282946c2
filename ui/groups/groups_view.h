// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "common/cluster_view.h"

class QLabel;
class QLineEdit;
class QTableView;

namespace sluice::ui {

class GroupTableModel;
class SubstringFilterProxy;

// The consumer groups of one cluster: filter box and a sortable live table with lag verdicts,
// worst first by default. Activating a row asks to open the group's page.
class GroupsView : public ClusterView {
    Q_OBJECT
public:
    explicit GroupsView(const QString& clusterName, QWidget* parent = nullptr);

    void showSnapshot(const kafka::SnapshotPtr& snapshot) override;
    void showLagSnapshot(const kafka::LagSnapshotPtr& snapshot) override;

    GroupTableModel* model() const { return m_model; }
    SubstringFilterProxy* proxy() const { return m_proxy; }
    QTableView* table() const { return m_table; }
    QLineEdit* filterEdit() const { return m_filter; }

signals:
    void groupActivated(const QString& groupId);

private:
    void updateCount();

    GroupTableModel* m_model = nullptr;
    SubstringFilterProxy* m_proxy = nullptr;
    QTableView* m_table = nullptr;
    QLineEdit* m_filter = nullptr;
    QLabel* m_count = nullptr;
};

} // namespace sluice::ui
