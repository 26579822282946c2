// SPDX-License-Identifier: Apache-2.0
#include "audit/audit_action_model.h"

#include "common/state_palette.h"

#include <QDateTime>
#include <QFileInfo>
#include <QHash>
#include <algorithm>

namespace sluice::ui {

namespace {

QString str(const QJsonObject& object, const char* key)
{
    return object.value(QLatin1String(key)).toString();
}

Health resultHealth(const AuditAction& action)
{
    if (!action.hasOutcome())
        return Health::Warning;
    const QString& r = action.result;
    if (r == QLatin1String("ok") || r.startsWith(QLatin1String("ok ")))
        return Health::Ok;
    if (r.startsWith(QLatin1String("failed")) || r.startsWith(QLatin1String("refused")))
        return Health::Error;
    return Health::Warning;
}

} // namespace

AuditSnapshot loadAuditSnapshot(const QString& path)
{
    AuditSnapshot snapshot;
    snapshot.path = path;
    snapshot.fileExists = QFileInfo::exists(path);
    snapshot.verification = audit::AuditLog::verify(path);
    QHash<QString, std::size_t> byId;
    for (const QJsonObject& entry : audit::AuditLog(path).readAll()) {
        const QString id = str(entry, "actionId");
        const bool isOutcome = str(entry, "phase") == QLatin1String("outcome");
        auto it = byId.find(id);
        if (it == byId.end() || id.isEmpty()) {
            AuditAction action;
            action.actionId = id;
            action.time = str(entry, "time");
            action.user = str(entry, "user");
            action.host = str(entry, "host");
            action.action = str(entry, "action");
            action.cluster = str(entry, "cluster");
            action.plan = str(entry, "plan");
            action.report = str(entry, "report");
            action.detail = str(entry, "detail");
            if (isOutcome) {
                action.outcome = entry;
                action.result = str(entry, "result");
            } else {
                action.intent = entry;
            }
            byId.insert(id, snapshot.actions.size());
            snapshot.actions.push_back(std::move(action));
            continue;
        }
        AuditAction& action = snapshot.actions[*it];
        if (isOutcome) {
            action.outcome = entry;
            action.result = str(entry, "result");
            if (action.report.isEmpty())
                action.report = str(entry, "report");
        } else if (action.intent.isEmpty()) {
            action.intent = entry;
        }
    }
    std::reverse(snapshot.actions.begin(), snapshot.actions.end()); // newest first
    return snapshot;
}

AuditActionModel::AuditActionModel(QObject* parent)
    : QAbstractTableModel(parent)
{
}

void AuditActionModel::setActions(std::vector<AuditAction> actions)
{
    beginResetModel();
    m_actions = std::move(actions);
    endResetModel();
}

const AuditAction* AuditActionModel::actionAt(int row) const
{
    return row >= 0 && row < rowCount() ? &m_actions[static_cast<std::size_t>(row)] : nullptr;
}

int AuditActionModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(m_actions.size());
}

int AuditActionModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QString AuditActionModel::resultText(const AuditAction& action)
{
    return action.hasOutcome() ? action.result : tr("no outcome recorded (interrupted?)");
}

QVariant AuditActionModel::data(const QModelIndex& index, int role) const
{
    const AuditAction* action = index.isValid() ? actionAt(index.row()) : nullptr;
    if (!action)
        return {};
    switch (role) {
    case ClusterRole:
        return action->cluster;
    case ActionRole:
        return action->action;
    case ActionIdRole:
        return action->actionId;
    case Qt::ForegroundRole:
        if (index.column() == Result)
            return healthColor(resultHealth(*action));
        return {};
    case Qt::ToolTipRole:
        if (index.column() == Result)
            return resultText(*action);
        if (index.column() == Plan)
            return action->plan;
        return {};
    case Qt::DisplayRole:
        break;
    default:
        return {};
    }
    switch (index.column()) {
    case Time: {
        const QDateTime time = QDateTime::fromString(action->time, Qt::ISODateWithMs);
        return time.isValid() ? time.toUTC().toString(QStringLiteral("yyyy-MM-dd HH:mm:ss 'UTC'")) : action->time;
    }
    case User:
        return action->host.isEmpty() ? action->user : QStringLiteral("%1@%2").arg(action->user, action->host);
    case Action:
        return action->action;
    case Cluster:
        return action->cluster;
    case Result:
        return resultText(*action);
    case Plan:
        return action->plan.left(12);
    default:
        return {};
    }
}

QVariant AuditActionModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case Time:
        return tr("Time");
    case User:
        return tr("User");
    case Action:
        return tr("Action");
    case Cluster:
        return tr("Cluster");
    case Result:
        return tr("Result");
    case Plan:
        return tr("Plan hash");
    default:
        return {};
    }
}

void AuditFilterProxy::setCluster(const QString& cluster)
{
    m_cluster = cluster;
    invalidateFilter();
}

void AuditFilterProxy::setAction(const QString& action)
{
    m_action = action;
    invalidateFilter();
}

bool AuditFilterProxy::filterAcceptsRow(int sourceRow, const QModelIndex& sourceParent) const
{
    const QModelIndex index = sourceModel()->index(sourceRow, 0, sourceParent);
    if (!m_cluster.isEmpty() && index.data(AuditActionModel::ClusterRole).toString() != m_cluster)
        return false;
    return m_action.isEmpty() || index.data(AuditActionModel::ActionRole).toString() == m_action;
}

} // namespace sluice::ui
