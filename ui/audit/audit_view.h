// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "audit/audit_action_model.h"
#include "common/cluster_view.h"

class QComboBox;
class QFileSystemWatcher;
class QLabel;
class QPlainTextEdit;
class QTableView;
class QTextBrowser;
class QTimer;

namespace sluice::ui {

// The "audit" view: past mutating actions (replays, offset resets) from the audit log,
// one row per action (intent paired with its outcome), filterable by cluster and action,
// with the hash-chain check on top. Selecting an action shows its entries and its report
// (a readable summary and the raw JSON). The log and reports are read on a worker thread;
// the view reloads when the file changes. The log is the same for every cluster.
class AuditView : public ClusterView {
    Q_OBJECT
public:
    // `auditPath` empty: AuditLog::defaultPath() (SLUICE_DATA_DIR honoured).
    explicit AuditView(const QString& clusterName, const QString& auditPath = {}, QWidget* parent = nullptr);

    void showSnapshot(const kafka::SnapshotPtr& snapshot) override;
    bool isSettled() const override { return m_loaded && !m_loading && !m_reportLoading; }
    void applyOptions(const QMap<QString, QString>& options) override;

    const QString& auditPath() const { return m_path; }
    AuditActionModel* model() const { return m_model; }
    AuditFilterProxy* proxy() const { return m_proxy; }
    QTableView* table() const { return m_table; }
    QString verificationText() const;
    QString reportSummaryText() const; // plain text of the summary pane
    QString detailsText() const;
    bool isLoaded() const { return m_loaded; }

public slots:
    void reload();
    void selectRow(int proxyRow);
    void setClusterFilter(const QString& cluster); // empty: all clusters
    void setActionFilter(const QString& action); // empty: all actions

signals:
    void loaded(); // a reload finished and the model was updated
    void reportShown();

private:
    void applySnapshot(AuditSnapshot snapshot);
    void updateFilterChoices();
    void showSelected();
    void watch();

    QString m_clusterName;
    QString m_path;
    bool m_loaded = false;
    bool m_loading = false;
    bool m_reloadAgain = false;
    bool m_reportLoading = false;
    int m_pendingSelect = -1; // view.select before the first load
    quint64 m_reportRequest = 0;
    AuditActionModel* m_model = nullptr;
    AuditFilterProxy* m_proxy = nullptr;
    QLabel* m_verification = nullptr;
    QLabel* m_empty = nullptr;
    QComboBox* m_clusterCombo = nullptr;
    QComboBox* m_actionCombo = nullptr;
    QTableView* m_table = nullptr;
    QLabel* m_details = nullptr;
    QLabel* m_reportState = nullptr;
    QTextBrowser* m_summary = nullptr;
    QPlainTextEdit* m_raw = nullptr;
    QFileSystemWatcher* m_watcher = nullptr;
    QTimer* m_reloadTimer = nullptr;
};

} // namespace sluice::ui
