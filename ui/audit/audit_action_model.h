// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "audit/audit_log.h"

#include <QAbstractTableModel>
#include <QJsonObject>
#include <QSortFilterProxyModel>
#include <vector>

namespace sluice::ui {

// One operator action: its intent entry and, when it was written, its outcome entry.
struct AuditAction {
    QString actionId;
    QString time; // of the intent (ISO 8601 UTC)
    QString user;
    QString host;
    QString action; // "replay", "offset-reset", …
    QString cluster;
    QString plan;
    QString result; // the outcome's; empty when no outcome was recorded
    QString report; // report file path, may be empty
    QString detail;
    QJsonObject intent;
    QJsonObject outcome; // empty when none
    bool hasOutcome() const { return !outcome.isEmpty(); }
};

// What one read of the audit log found: actions newest first, and the chain check.
struct AuditSnapshot {
    QString path;
    std::vector<AuditAction> actions;
    audit::VerifyResult verification;
    bool fileExists = false;
};

// Reads and verifies the log (blocking: a worker thread). Pairs each outcome with the
// intent of the same actionId; an outcome without an intent still gets a row.
AuditSnapshot loadAuditSnapshot(const QString& path);

// Past actions, newest first. Result text is coloured: ok green, failed/refused red,
// cancelled/stopped or no outcome amber.
class AuditActionModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column { Time, User, Action, Cluster, Result, Plan, ColumnCount };
    enum Role { ClusterRole = Qt::UserRole + 50, ActionRole, ActionIdRole };

    explicit AuditActionModel(QObject* parent = nullptr);

    void setActions(std::vector<AuditAction> actions);
    const std::vector<AuditAction>& actions() const { return m_actions; }
    const AuditAction* actionAt(int row) const;

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    // "ok", "failed: …" → what the Result column shows ("no outcome recorded" when empty).
    static QString resultText(const AuditAction& action);

private:
    std::vector<AuditAction> m_actions;
};

// Filters actions by cluster and action name (empty: any).
class AuditFilterProxy : public QSortFilterProxyModel {
    Q_OBJECT
public:
    using QSortFilterProxyModel::QSortFilterProxyModel;
    void setCluster(const QString& cluster);
    void setAction(const QString& action);

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex& sourceParent) const override;

private:
    QString m_cluster;
    QString m_action;
};

} // namespace sluice::ui
