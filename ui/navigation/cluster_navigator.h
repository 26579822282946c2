// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "domain/connection_state.h"

#include <QHash>
#include <QString>
#include <QWidget>

class QTreeWidget;
class QTreeWidgetItem;

namespace sluice::ui {

// The sidebar: "Start", then one branch per cluster (Overview, Topics, Consumer groups) with
// the cluster's connection indicator: a coloured dot and the state in words, the last error
// in the tooltip. Clicking an entry asks for its view; the window decides what is shown.
class ClusterNavigator : public QWidget {
    Q_OBJECT
public:
    explicit ClusterNavigator(QWidget* parent = nullptr);

    // Rebuilds the tree for a workspace; every cluster starts as "connecting".
    void setClusters(const QStringList& clusterNames, const QStringList& productionClusters = {});
    void setConnectionState(const QString& cluster, domain::ConnectionState state, const QString& lastError);
    void setCounts(const QString& cluster, int topics, int groups);
    // Highlights the entry for a canonical spec ("start", "c:topics", "c:topic/x" → Topics …).
    void selectSpec(const QString& spec);

    // What the indicator of a cluster currently says (for tests and the status bar).
    QString indicatorText(const QString& cluster) const;
    QString indicatorToolTip(const QString& cluster) const;

    QTreeWidget* tree() const { return m_tree; }

signals:
    void viewRequested(const QString& spec);

private:
    QTreeWidgetItem* addEntry(QTreeWidgetItem* parent, const QString& text, const QString& spec);

    QTreeWidget* m_tree = nullptr;
    QHash<QString, QTreeWidgetItem*> m_clusterItems;
    QHash<QString, QTreeWidgetItem*> m_specItems;
    QStringList m_production;
};

} // namespace sluice::ui
