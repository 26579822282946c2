// SPDX-License-Identifier: Apache-2.0
#include "monitoring/alerts_view.h"

#include "common/format.h"
#include "common/model_roles.h"
#include "common/table_setup.h"
#include "monitoring/lag_format.h"

#include <QFont>
#include <QLabel>
#include <QTableView>
#include <QVBoxLayout>
#include <algorithm>

namespace sluice::ui {

void AlertListModel::prepend(const std::vector<lag::Alert>& alerts)
{
    if (alerts.empty())
        return;
    const int incoming = static_cast<int>(std::min<std::size_t>(alerts.size(), kCapacity));
    const int overflow = static_cast<int>(m_alerts.size()) + incoming - kCapacity;
    if (overflow > 0) {
        const int first = static_cast<int>(m_alerts.size()) - overflow;
        beginRemoveRows({}, first, static_cast<int>(m_alerts.size()) - 1);
        m_alerts.erase(m_alerts.end() - overflow, m_alerts.end());
        endRemoveRows();
    }
    beginInsertRows({}, 0, incoming - 1);
    // alerts come oldest first; the newest goes on top
    for (int i = 0; i < incoming; ++i)
        m_alerts.push_front(alerts[alerts.size() - static_cast<std::size_t>(incoming) + static_cast<std::size_t>(i)]);
    endInsertRows();
}

const lag::Alert* AlertListModel::alertAt(int row) const
{
    return row >= 0 && row < rowCount() ? &m_alerts[static_cast<std::size_t>(row)] : nullptr;
}

int AlertListModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(m_alerts.size());
}

int AlertListModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant AlertListModel::data(const QModelIndex& index, int role) const
{
    const lag::Alert* alert = alertAt(index.row());
    if (!alert || index.column() < 0 || index.column() >= ColumnCount)
        return {};
    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case Time:
            return formatTimeOfDay(alert->at);
        case Group:
            return qs(alert->group);
        case Change:
            if (!alert->to)
                return tr("%1 \u2192 gone (group deleted or offsets expired)").arg(verdictText(alert->from));
            return alert->from ? tr("%1 \u2192 %2").arg(verdictText(alert->from), verdictText(alert->to))
                               : tr("first seen %1").arg(verdictText(alert->to));
        case Notified:
            return alert->notify ? tr("yes") : tr("no (rate limit)");
        default:
            return {};
        }
    case SortRole:
        if (index.column() == Time)
            return static_cast<qint64>(alert->at.time_since_epoch().count());
        return data(index, Qt::DisplayRole);
    case KeyRole:
        return qs(alert->group);
    case Qt::ForegroundRole:
        if (index.column() == Change && alert->to)
            return healthColor(verdictHealth(*alert->to));
        return {};
    case Qt::FontRole:
        if (index.column() == Time)
            return numberFont();
        return {};
    case Qt::ToolTipRole:
        if (index.column() == Change && alert->to)
            return verdictExplanation(*alert->to);
        return {};
    default:
        return {};
    }
}

QVariant AlertListModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case Time:
        return tr("Time");
    case Group:
        return tr("Group");
    case Change:
        return tr("Verdict change");
    case Notified:
        return tr("Notified");
    default:
        return {};
    }
}

AlertsView::AlertsView(const QString& clusterName, QWidget* parent)
    : ClusterView(parent)
    , m_clusterName(clusterName)
{
    m_model = new AlertListModel(this);
    m_table = new QTableView(this);
    m_table->setObjectName(QStringLiteral("alertTable"));
    m_table->setModel(m_model);
    setupDataTable(m_table, { 12, 36, 40, 16 }, false);
    connect(m_table, &QTableView::activated, this,
        [this](const QModelIndex& index) { emit groupActivated(index.data(KeyRole).toString()); });
    m_empty = new QLabel(this);
    m_empty->setObjectName(QStringLiteral("alertsEmpty"));
    m_empty->setWordWrap(true);
    m_empty->setStyleSheet(QStringLiteral("color: palette(mid);"));
    auto* title = new QLabel(tr("Alerts \u00b7 %1").arg(clusterName), this);
    QFont font = title->font();
    font.setBold(true);
    font.setPointSizeF(font.pointSizeF() * 1.3);
    title->setFont(font);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(12, 10, 12, 10);
    layout->setSpacing(8);
    layout->addWidget(title);
    layout->addWidget(m_empty);
    layout->addWidget(m_table, 1);
    setWatchedGroups({}, m_policy.settings().patterns);
}

void AlertsView::setWatchedGroups(const QStringList& pinned, const std::vector<std::string>& patterns)
{
    lag::AlertSettings settings = m_policy.settings();
    settings.pinnedGroups.clear();
    for (const QString& group : pinned)
        settings.pinnedGroups.insert(group.toStdString());
    settings.patterns = patterns;
    m_policy.setSettings(std::move(settings));
    m_empty->setText(tr("No verdict changes on %1 since Sluice started. Watched: %2. Their verdict changes (after "
                        "hysteresis) are listed here and shown as desktop notifications, at most one per group "
                        "every 5 minutes and five a minute in all.")
                         .arg(m_clusterName, watchedText()));
}

QString AlertsView::emptyText() const
{
    return m_empty->text();
}

QString AlertsView::watchedText() const
{
    const lag::AlertSettings& settings = m_policy.settings();
    if (std::find(settings.patterns.begin(), settings.patterns.end(), "*") != settings.patterns.end())
        return tr("every consumer group");
    QStringList parts;
    if (const auto pinned = static_cast<std::int64_t>(settings.pinnedGroups.size()); pinned > 0)
        parts << (pinned == 1 ? tr("the 1 group pinned to the dashboard")
                              : tr("the %1 groups pinned to the dashboard").arg(formatCount(pinned)));
    if (!settings.patterns.empty()) {
        QStringList patterns;
        for (const std::string& pattern : settings.patterns)
            patterns << qs(pattern);
        parts << tr("groups matching %1 (workspace alerts.groups)").arg(patterns.join(QStringLiteral(", ")));
    }
    if (parts.isEmpty())
        return tr("no group (nothing is pinned and the workspace's alerts.groups is empty; pin a group to its "
                  "dashboard to watch it)");
    return parts.join(tr(" and "));
}

void AlertsView::showSnapshot(const kafka::SnapshotPtr& /*snapshot*/) { }

void AlertsView::showLagSnapshot(const kafka::LagSnapshotPtr& snapshot)
{
    if (!snapshot || snapshot->changes.empty())
        return;
    const std::vector<lag::Alert> alerts
        = m_policy.onChanges(m_clusterName.toStdString(), snapshot->changes, std::chrono::system_clock::now());
    m_model->prepend(alerts);
    m_empty->setVisible(m_model->rowCount() == 0);
    for (const lag::Alert& alert : alerts) {
        if (!alert.notify)
            continue;
        QString text = alert.to ? verdictExplanation(*alert.to) : tr("The group is gone.");
        if (alert.suppressed > 0)
            text += QLatin1Char(' ')
                + tr("(%n more held back by the rate limit; see Alerts.)", nullptr, alert.suppressed);
        emit notificationWanted(qs(lag::alertTitle(alert)), text, !alert.to || *alert.to != lag::Verdict::Ok);
    }
}

} // namespace sluice::ui
