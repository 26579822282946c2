// SPDX-License-Identifier: Apache-2.0
#include "navigation/cluster_navigator.h"

#include "common/connection_style.h"
#include "common/view_spec.h"

#include <QHeaderView>
#include <QSignalBlocker>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace sluice::ui {

namespace {

constexpr int kSpecRole = Qt::UserRole + 1;
constexpr int kStateColumn = 1;

} // namespace

ClusterNavigator::ClusterNavigator(QWidget* parent)
    : QWidget(parent)
{
    m_tree = new QTreeWidget(this);
    m_tree->setObjectName(QStringLiteral("clusterNavigator"));
    m_tree->setColumnCount(2);
    m_tree->setHeaderHidden(true);
    m_tree->setRootIsDecorated(true);
    m_tree->setUniformRowHeights(true);
    m_tree->setIndentation(14);
    m_tree->header()->setStretchLastSection(false);
    m_tree->header()->setSectionResizeMode(0, QHeaderView::Stretch);
    m_tree->header()->setSectionResizeMode(kStateColumn, QHeaderView::ResizeToContents); // a handful of rows
    connect(m_tree, &QTreeWidget::currentItemChanged, this, [this](QTreeWidgetItem* item) {
        if (item && !item->data(0, kSpecRole).toString().isEmpty())
            emit viewRequested(item->data(0, kSpecRole).toString());
    });

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_tree);
    setClusters({});
}

QTreeWidgetItem* ClusterNavigator::addEntry(QTreeWidgetItem* parent, const QString& text, const QString& spec)
{
    auto* item = parent ? new QTreeWidgetItem(parent) : new QTreeWidgetItem(m_tree);
    item->setText(0, text);
    item->setData(0, kSpecRole, spec);
    m_specItems.insert(spec, item);
    return item;
}

void ClusterNavigator::setClusters(const QStringList& clusterNames, const QStringList& productionClusters)
{
    const QSignalBlocker blocker(m_tree);
    m_tree->clear();
    m_clusterItems.clear();
    m_specItems.clear();
    m_production = productionClusters;
    addEntry(nullptr, tr("Start"), QStringLiteral("start"));
    for (const QString& name : clusterNames) {
        QTreeWidgetItem* cluster = addEntry(nullptr, name, ViewSpec { ViewSpec::Kind::Overview, name, {} }.toString());
        QFont font = cluster->font(0);
        font.setBold(true);
        cluster->setFont(0, font);
        m_specItems.remove(cluster->data(0, kSpecRole).toString());
        cluster->setData(0, kSpecRole, QString()); // the branch itself is not a view
        m_clusterItems.insert(name, cluster);
        addEntry(cluster, tr("Overview"), ViewSpec { ViewSpec::Kind::Overview, name, {} }.toString());
        addEntry(cluster, tr("Topics"), ViewSpec { ViewSpec::Kind::Topics, name, {} }.toString());
        addEntry(cluster, tr("Consumer groups"), ViewSpec { ViewSpec::Kind::Groups, name, {} }.toString());
        addEntry(cluster, tr("Dashboard"), ViewSpec { ViewSpec::Kind::Dashboard, name, {} }.toString());
        addEntry(cluster, tr("Alerts"), ViewSpec { ViewSpec::Kind::Alerts, name, {} }.toString());
        addEntry(cluster, tr("Dead letters"), ViewSpec { ViewSpec::Kind::DeadLetters, name, {} }.toString());
        addEntry(cluster, tr("Audit log"), ViewSpec { ViewSpec::Kind::Audit, name, {} }.toString());
        cluster->setExpanded(true);
        setConnectionState(name, domain::ConnectionState::Connecting, {});
    }
}

void ClusterNavigator::setConnectionState(
    const QString& cluster, domain::ConnectionState state, const QString& lastError)
{
    QTreeWidgetItem* item = m_clusterItems.value(cluster);
    if (!item)
        return;
    const Health health = connectionHealth(state);
    item->setIcon(kStateColumn, statusDot(health));
    item->setText(kStateColumn, connectionText(state));
    item->setForeground(kStateColumn, healthColor(health));
    QString tip = tr("%1: %2").arg(cluster, connectionText(state));
    if (m_production.contains(cluster))
        tip += tr(" (production cluster)");
    if (!lastError.isEmpty())
        tip += QLatin1Char('\n') + tr("Last error: %1").arg(lastError);
    item->setToolTip(0, tip);
    item->setToolTip(kStateColumn, tip);
}

void ClusterNavigator::setCounts(const QString& cluster, int topics, int groups)
{
    const auto showCount = [this](const ViewSpec& spec, int count) {
        if (QTreeWidgetItem* item = m_specItems.value(spec.toString())) {
            item->setText(kStateColumn, QString::number(count));
            item->setTextAlignment(kStateColumn, Qt::AlignRight | Qt::AlignVCenter);
            item->setForeground(kStateColumn, healthColor(Health::Neutral));
        }
    };
    showCount(ViewSpec { ViewSpec::Kind::Topics, cluster, {} }, topics);
    showCount(ViewSpec { ViewSpec::Kind::Groups, cluster, {} }, groups);
}

void ClusterNavigator::selectSpec(const QString& spec)
{
    QString key = spec;
    if (auto parsed = parseViewSpec(spec)) {
        if (parsed->kind == ViewSpec::Kind::Topic)
            parsed->kind = ViewSpec::Kind::Topics;
        if (parsed->kind == ViewSpec::Kind::Group)
            parsed->kind = ViewSpec::Kind::Groups;
        if (parsed->kind == ViewSpec::Kind::Browse)
            parsed->kind = ViewSpec::Kind::Topics;
        if (parsed->kind == ViewSpec::Kind::DeadLetter)
            parsed->kind = ViewSpec::Kind::DeadLetters;
        parsed->target.clear();
        key = parsed->toString();
    }
    const QSignalBlocker blocker(m_tree);
    m_tree->setCurrentItem(m_specItems.value(key));
}

QString ClusterNavigator::indicatorText(const QString& cluster) const
{
    const QTreeWidgetItem* item = m_clusterItems.value(cluster);
    return item ? item->text(kStateColumn) : QString();
}

QString ClusterNavigator::indicatorToolTip(const QString& cluster) const
{
    const QTreeWidgetItem* item = m_clusterItems.value(cluster);
    return item ? item->toolTip(kStateColumn) : QString();
}

} // namespace sluice::ui
