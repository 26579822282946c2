// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "common/cluster_view.h"
#include "config/workspace.h"

class QFormLayout;
class QLabel;
class QTableView;

namespace sluice::ui {

class BrokerTableModel;
class StatTile;

// First page of a cluster: identity (id, controller, version), headline counts with
// under-replicated and offline partitions highlighted when non-zero, and the broker list.
class ClusterOverviewView : public ClusterView {
    Q_OBJECT
public:
    explicit ClusterOverviewView(const config::ClusterConfig& cluster, QWidget* parent = nullptr);

    void showSnapshot(const kafka::SnapshotPtr& snapshot) override;

    // For tests and the screenshot check: the headline tiles by name.
    StatTile* underReplicatedTile() const { return m_underReplicated; }
    StatTile* offlineTile() const { return m_offline; }
    StatTile* topicsTile() const { return m_topics; }
    QString clusterIdText() const;
    QString controllerText() const;
    // The "needs attention" line: topics with offline or under-replicated partitions and
    // groups that are rebalancing or dead, as links; a calm all-clear otherwise.
    QString attentionText() const;

signals:
    void topicActivated(const QString& topic);
    void groupActivated(const QString& groupId);

private:
    void showAttention(const domain::ClusterSnapshot& snapshot);

    QLabel* addField(QFormLayout* form, const QString& label);

    QString m_clusterName;
    QLabel* m_clusterId = nullptr;
    QLabel* m_controller = nullptr;
    QLabel* m_version = nullptr;
    QLabel* m_lastRefresh = nullptr;
    QLabel* m_waiting = nullptr;
    QLabel* m_attention = nullptr;
    StatTile* m_brokers = nullptr;
    StatTile* m_topics = nullptr;
    StatTile* m_partitions = nullptr;
    StatTile* m_underReplicated = nullptr;
    StatTile* m_offline = nullptr;
    StatTile* m_groups = nullptr;
    BrokerTableModel* m_brokerModel = nullptr;
    QTableView* m_brokerTable = nullptr;
};

} // namespace sluice::ui
