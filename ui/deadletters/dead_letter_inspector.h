// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "browse/scan_progress.h"
#include "common/cluster_view.h"
#include "dlq/convention_detector.h"
#include "dlq/dead_letter_collector.h"
#include "dlq/grouping.h"
#include "dlq/selection_model.h"

#include <QPointer>
#include <map>
#include <memory>
#include <optional>

class QComboBox;
class QLabel;
class QPushButton;
class QTableView;
class QTableWidget;

namespace sluice::ui {

class DeadLetterTableModel;
class InlineBanner;
class PageHeader;
class RecordView;
class ScanController;

// The dead-letter inspector on one topic: every record with its decoded error (original
// topic/partition/offset, connector and task, stage, exception class, message), the stack
// trace in the record view, a grouping panel (by exception class, stage, message pattern or
// original topic, with counts, first/last seen and a histogram over time), and the operator's
// selection, kept in the core as a dlq::SelectionModel: selecting a group selects its
// records. Jumps to the original record when its coordinates are known and says so when not.
//
// The topic is read from the beginning to its end at the time of opening; the scan decodes
// headers on its own threads (dlq::DeadLetterCollector).
class DeadLetterInspector : public ClusterView {
    Q_OBJECT
public:
    static constexpr int kHistogramColumns = 24;

    DeadLetterInspector(kafka::ClusterSession* session, std::shared_ptr<const dlq::DeadLetterConventions> conventions,
        QWidget* parent = nullptr);
    ~DeadLetterInspector() override;

    void setTopic(const QString& topic); // starts the scan for a new topic
    QString topic() const { return m_topic; }
    void rescan();

    void showSnapshot(const kafka::SnapshotPtr& snapshot) override;
    ViewProblem problem() const override { return m_problem; }
    bool isSettled() const override;
    // groupby=exception|stage|message|topic, group=N (the N-th largest, after the scan),
    // select=row:N, tab=error|value|json|hex|headers.
    void applyOptions(const QMap<QString, QString>& options) override;

    void setGroupBy(dlq::GroupBy by);
    // Selects the records of one group (the key as groupKey() gives it; "" = unknown).
    bool selectGroup(const QString& key);
    const dlq::SelectionModel& selection() const { return m_selection; }
    // Opens the current record's original, if its coordinates are known.
    bool openOriginalOfCurrent();

    // For tests and the screenshot job.
    DeadLetterTableModel* model() const { return m_model; }
    QTableView* table() const { return m_table; }
    QTableWidget* groupTable() const { return m_groups; }
    RecordView* recordView() const { return m_recordView; }
    QPushButton* replayButton() const { return m_replay; }
    QLabel* summaryLabel() const { return m_summary; }
    QLabel* selectionLabel() const { return m_selectionText; }
    const std::optional<browse::ScanUpdate>& lastUpdate() const { return m_lastUpdate; }
    std::vector<dlq::GroupSummary> groups() const;

signals:
    void backRequested();
    // The operator asked to replay the selection (the replay wizard takes it from here).
    void replayRequested(const sluice::dlq::SelectionModel& selection);
    void originalRecordRequested(const QString& topic, int partition, qint64 offset);
    void scanFinished(const sluice::browse::ScanUpdate& update);

protected:
    void connectNotify(const QMetaMethod& signal) override;
    void disconnectNotify(const QMetaMethod& signal) override;

private:
    void applyUpdate(const browse::ScanUpdate& update);
    void showGroups();
    void showSummary();
    void showCurrentRecord();
    void tableSelectionChanged();
    void selectRecords(const dlq::SelectionModel& selection);
    void updateReplayButton();
    void setProblem(ViewProblem problem);
    void applyPendingOptions();

    QPointer<kafka::ClusterSession> m_session;
    std::shared_ptr<const dlq::DeadLetterConventions> m_conventions;
    std::shared_ptr<dlq::DeadLetterCollector> m_collector;
    QString m_topic;
    kafka::SnapshotPtr m_snapshot;
    ViewProblem m_problem;
    ScanController* m_controller = nullptr;
    std::optional<browse::ScanUpdate> m_lastUpdate;
    dlq::GroupBy m_groupBy = dlq::GroupBy::ExceptionClass;
    std::map<dlq::GroupBy, dlq::GroupAggregator> m_aggregators;
    dlq::SelectionModel m_selection;
    QString m_selectedGroup;
    bool m_selectingProgrammatically = false;
    QMap<QString, QString> m_pendingOptions;
    QString m_pendingTab;
    std::int64_t m_firstSeenMs = -1;
    std::int64_t m_lastSeenMs = -1;

    PageHeader* m_header = nullptr;
    InlineBanner* m_banner = nullptr;
    QLabel* m_summary = nullptr;
    QLabel* m_status = nullptr;
    QComboBox* m_groupByChoice = nullptr;
    QTableWidget* m_groups = nullptr;
    DeadLetterTableModel* m_model = nullptr;
    QTableView* m_table = nullptr;
    RecordView* m_recordView = nullptr;
    QLabel* m_selectionText = nullptr;
    QPushButton* m_replay = nullptr;
    QPushButton* m_openOriginal = nullptr;
    QPushButton* m_rescan = nullptr;
};

} // namespace sluice::ui
