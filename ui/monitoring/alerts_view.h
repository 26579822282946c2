// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "common/cluster_view.h"
#include "lag/alert_policy.h"

#include <QAbstractTableModel>
#include <QStringList>
#include <deque>
#include <string>
#include <vector>

class QLabel;
class QTableView;

namespace sluice::ui {

// Alerts of one cluster, newest first, at most kCapacity (the oldest go first).
class AlertListModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column { Time, Group, Change, Notified, ColumnCount };
    static constexpr int kCapacity = 1000;

    using QAbstractTableModel::QAbstractTableModel;
    void prepend(const std::vector<lag::Alert>& alerts); // one insert for the batch
    const lag::Alert* alertAt(int row) const;

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    std::deque<lag::Alert> m_alerts; // newest first
};

// The "alerts" view: every verdict change (after hysteresis) of a watched group on this
// cluster. Changes that pass the rate limits also come out as notificationWanted(), which the
// main window shows as a desktop notification.
class AlertsView : public ClusterView {
    Q_OBJECT
public:
    explicit AlertsView(const QString& clusterName, QWidget* parent = nullptr);

    void showSnapshot(const kafka::SnapshotPtr& snapshot) override;
    void showLagSnapshot(const kafka::LagSnapshotPtr& snapshot) override;

    // Which groups alert: the pinned ones and every group matching one of `patterns` (the
    // workspace's alerts.groups). Sets the policy and the text shown while the list is empty.
    void setWatchedGroups(const QStringList& pinned, const std::vector<std::string>& patterns);
    QString emptyText() const;

    lag::AlertPolicy& policy() { return m_policy; }
    AlertListModel* model() const { return m_model; }

signals:
    void notificationWanted(const QString& title, const QString& text, bool isProblem);
    void groupActivated(const QString& groupId);

private:
    QString watchedText() const;

    QString m_clusterName;
    lag::AlertPolicy m_policy;
    AlertListModel* m_model = nullptr;
    QTableView* m_table = nullptr;
    QLabel* m_empty = nullptr;
};

} // namespace sluice::ui
