// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "browse/scan_controller.h"
#include "common/cluster_view.h"
#include "dlq/convention_detector.h"
#include "dlq/selection_model.h"

#include <QPointer>
#include <atomic>
#include <memory>
#include <optional>

class QComboBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QTableView;
class QTableWidget;
class QToolButton;

namespace sluice::browse {
struct FilterCounters;
}

namespace sluice::ui {

class AppSettings;
class FilePrompts;
class ImportDialog;
class InlineBanner;
class MessageTableModel;
class PageHeader;
class RecordView;
class ScanController;

// The message browser on one topic: scan controls (start position, stop condition,
// partitions), the filter bar (push-down filter, parse errors with their position, saved
// filters per topic), per-partition progress with cancel, the virtualized table over the
// scan's RecordIndex, the record view, and JSON Lines export of a selection or the whole
// result. The scan runs on its own threads (ScanController); this view only reads the
// index, on the GUI thread, for the rows on screen.
//
// Target: "<topic>" or "<topic>@<partition>:<offset>" (open at a record: that partition
// from a few records before it, the record selected). '@' never occurs in topic names.
class MessageBrowserView : public ClusterView {
    Q_OBJECT
public:
    static constexpr std::uint64_t kLiveTailRows = 200'000; // a live tail keeps the newest rows
    static constexpr std::int64_t kContextBefore = 20; // records shown before a jumped-to record

    MessageBrowserView(kafka::ClusterSession* session, AppSettings& settings, QWidget* parent = nullptr);
    ~MessageBrowserView() override;

    // Shows the browser for `target` (see above). A new topic or record starts a scan.
    void setTarget(const QString& target);
    QString topic() const { return m_topic; }
    void setDeadLetterConventions(std::shared_ptr<const dlq::DeadLetterConventions> conventions);
    void setFilePrompts(FilePrompts* prompts); // not owned; tests pre-set answers

    void showSnapshot(const kafka::SnapshotPtr& snapshot) override;
    ViewProblem problem() const override { return m_problem; }
    bool isSettled() const override;
    // start=beginning|last:N|offset:N, stop=end|records:N|live, partitions=…, filter=…,
    // select=row:N|P:O (after the scan), tab=value|json|tree|hex|key|headers|error, find=TEXT.
    void applyOptions(const QMap<QString, QString>& options) override;

    // Starts a scan with the current controls; false (and the reason shown by the field)
    // when a control or the filter is invalid.
    bool startScan();
    void cancelScan();
    bool isScanning() const;
    // Records of the current scan that the filter could not finish within its step budget
    // (counted as non-matches, and said so in the status line).
    std::uint64_t recordsOverBudget() const;
    // Exports the selected rows, or every row of the result, to `path` on a worker.
    void exportRows(const QString& path, bool selectedOnly);
    // The selected rows as a replay selection (explicit records of this topic).
    dlq::SelectionModel selectedRecords() const;
    // Selects the row holding (partition, offset), or the first after it; false if none.
    bool jumpTo(int partition, qint64 offset);

    // For tests, benchmarks and the screenshot job.
    MessageTableModel* model() const { return m_model; }
    QTableView* table() const { return m_table; }
    RecordView* recordView() const { return m_recordView; }
    QLineEdit* filterEdit() const { return m_filter; }
    QLabel* filterErrorLabel() const { return m_filterError; }
    QComboBox* startChoice() const { return m_startChoice; }
    QLineEdit* startValue() const { return m_startValue; }
    QComboBox* stopChoice() const { return m_stopChoice; }
    QLineEdit* stopValue() const { return m_stopValue; }
    QLineEdit* partitionsEdit() const { return m_partitions; }
    QLabel* formErrorLabel() const { return m_formError; }
    QTableWidget* progressTable() const { return m_progress; }
    QLabel* statusLabel() const { return m_status; }
    QToolButton* savedFiltersButton() const { return m_savedFilters; }
    const std::optional<browse::ScanUpdate>& lastUpdate() const { return m_lastUpdate; }
    void saveCurrentFilter();
    QStringList savedFilters() const;

signals:
    void backRequested();
    // Open the browser on another record (a dead letter's original).
    void recordRequested(const QString& topic, int partition, qint64 offset);
    void scanUpdated(const sluice::browse::ScanUpdate& update);
    void scanFinished(const sluice::browse::ScanUpdate& update);
    void exportFinished(bool ok, const QString& message);
    // "Replay selection…": the selected records, for the replay wizard (target to choose).
    void replaySelectionRequested(const sluice::dlq::SelectionModel& selection);

private:
    void applyUpdate(const browse::ScanUpdate& update);
    void showProgress(const browse::ScanUpdate& update);
    bool checkFilter();
    void selectPendingJump();
    void showCurrentRecord();
    void updateColumnVisibility();
    void showColumnMenu(const QPoint& pos);
    void rebuildSavedFiltersMenu();
    void chooseExport(bool selectedOnly);
    // "Import JSON Lines…" into this topic (or another); `path` empty: ask for the file.
    void openImport(const QString& path);
    void setProblem(ViewProblem problem);
    QString settingsKey() const;
    void applyPendingSelection();
    void recordLoaded();
    void notifyIfSettled();

    QPointer<kafka::ClusterSession> m_session;
    AppSettings& m_settings;
    std::unique_ptr<FilePrompts> m_ownPrompts;
    FilePrompts* m_prompts = nullptr;
    std::shared_ptr<const dlq::DeadLetterConventions> m_conventions;
    QString m_topic;
    QPointer<ImportDialog> m_importDialog;
    QString m_target;
    kafka::SnapshotPtr m_snapshot;
    ViewProblem m_problem;
    ScanController* m_controller = nullptr;
    std::optional<browse::ScanUpdate> m_lastUpdate;
    std::optional<std::pair<int, qint64>> m_pendingJump;
    std::shared_ptr<browse::FilterCounters> m_filterCounters; // of the current scan; null without a filter
    std::shared_ptr<std::atomic<bool>> m_exportCancel;
    bool m_exporting = false;
    QMap<QString, QString> m_pendingOptions; // select/tab/find, applied once the scan has ended

    PageHeader* m_header = nullptr;
    InlineBanner* m_banner = nullptr;
    QComboBox* m_startChoice = nullptr;
    QLineEdit* m_startValue = nullptr;
    QComboBox* m_stopChoice = nullptr;
    QLineEdit* m_stopValue = nullptr;
    QLineEdit* m_partitions = nullptr;
    QLabel* m_formError = nullptr;
    QLineEdit* m_filter = nullptr;
    QToolButton* m_savedFilters = nullptr;
    QLabel* m_filterError = nullptr;
    QPushButton* m_scan = nullptr;
    QPushButton* m_cancel = nullptr;
    QToolButton* m_export = nullptr;
    QLineEdit* m_jump = nullptr;
    QLabel* m_status = nullptr;
    QTableWidget* m_progress = nullptr;
    MessageTableModel* m_model = nullptr;
    QTableView* m_table = nullptr;
    RecordView* m_recordView = nullptr;
};

} // namespace sluice::ui
