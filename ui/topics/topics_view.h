// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "common/cluster_view.h"

class QCheckBox;
class QLabel;
class QLineEdit;
class QTableView;

namespace sluice::ui {

class AppSettings;
class TopicFilterProxy;
class TopicTableModel;

// The topic list of one cluster: filter box, "show internal topics" toggle, sortable live
// table. Activating a row (double-click, Enter) asks to open that topic's page.
class TopicsView : public ClusterView {
    Q_OBJECT
public:
    TopicsView(const QString& clusterName, AppSettings& settings, QWidget* parent = nullptr);

    void showSnapshot(const kafka::SnapshotPtr& snapshot) override;

    TopicTableModel* model() const { return m_model; }
    TopicFilterProxy* proxy() const { return m_proxy; }
    QTableView* table() const { return m_table; }
    QLineEdit* filterEdit() const { return m_filter; }
    QCheckBox* internalToggle() const { return m_showInternal; }
    QString countText() const;

signals:
    void topicActivated(const QString& topic);

private:
    void updateCount();

    AppSettings& m_settings;
    TopicTableModel* m_model = nullptr;
    TopicFilterProxy* m_proxy = nullptr;
    QTableView* m_table = nullptr;
    QLineEdit* m_filter = nullptr;
    QCheckBox* m_showInternal = nullptr;
    QLabel* m_count = nullptr;
};

} // namespace sluice::ui
