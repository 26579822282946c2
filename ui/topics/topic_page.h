// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "common/cluster_view.h"

class QCheckBox;
class QLabel;
class QPushButton;
class QLineEdit;
class QPushButton;
class QTableView;

namespace sluice::history {
class HistoryService;
}

namespace sluice::ui {

class PageHeader;
class TopicRatePanel;
class PartitionTableModel;
class TopicConfigModel;

// One topic, live: headline numbers, the consumer groups that read it, its partitions
// (leader, replicas, ISR, watermarks, state), its production rate with a per-partition
// rate chart, and its configuration (secrets masked).
class TopicPage : public ClusterView {
    Q_OBJECT
public:
    // `history` may be null (no rate chart); it must outlive the page.
    explicit TopicPage(
        const QString& clusterName, history::HistoryService* history = nullptr, QWidget* parent = nullptr);

    // Which topic to show; re-renders from the last snapshot at once.
    void setTopic(const QString& topic);
    QString topic() const { return m_topic; }

    void showSnapshot(const kafka::SnapshotPtr& snapshot) override;
    void showLagSnapshot(const kafka::LagSnapshotPtr& snapshot) override;
    ViewProblem problem() const override { return m_problem; }

    PartitionTableModel* partitionModel() const { return m_partitions; }
    TopicConfigModel* configModel() const { return m_configs; }
    TopicRatePanel* ratePanel() const { return m_ratePanel; }
    QCheckBox* overridesOnlyToggle() const { return m_overridesOnly; }
    QPushButton* browseButton() const { return m_browse; }
    QString summaryText() const;

    // The "Pin to dashboard" toggle: reflects whether this page's object is pinned.
    void setPinned(bool pinned);
    QPushButton* pinButton() const { return m_pin; }

signals:
    void backRequested();
    void browseRequested(const QString& topic); // "Browse messages"
    void pinToggled(bool pinned); // the user (un)pinned this page's object
    void groupActivated(const QString& groupId);

private:
    QPushButton* m_pin = nullptr;
    void render();
    void setProblem(ViewProblem problem);

    QString m_clusterName;
    QString m_topic;
    kafka::SnapshotPtr m_snapshot;
    ViewProblem m_problem;
    PageHeader* m_header = nullptr;
    QLabel* m_summary = nullptr;
    QLabel* m_groups = nullptr;
    PartitionTableModel* m_partitions = nullptr;
    TopicConfigModel* m_configs = nullptr;
    QTableView* m_partitionTable = nullptr;
    QTableView* m_configTable = nullptr;
    QLineEdit* m_configFilter = nullptr;
    QCheckBox* m_overridesOnly = nullptr;
    QPushButton* m_browse = nullptr;
    TopicRatePanel* m_ratePanel = nullptr;
};

} // namespace sluice::ui
