// SPDX-License-Identifier: Apache-2.0
#include "groups/groups_view.h"

#include "common/format.h"
#include "common/model_roles.h"
#include "common/substring_filter_proxy.h"
#include "common/table_setup.h"
#include "groups/group_table_model.h"
#include "monitoring/sparkline_delegate.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QTableView>
#include <QVBoxLayout>

namespace sluice::ui {

GroupsView::GroupsView(const QString& clusterName, QWidget* parent)
    : ClusterView(parent)
{
    m_model = new GroupTableModel(this);
    m_proxy = new SubstringFilterProxy(this);
    m_proxy->setSourceModel(m_model);

    m_filter = new QLineEdit(this);
    m_filter->setObjectName(QStringLiteral("groupFilter"));
    m_filter->setPlaceholderText(tr("Filter consumer groups on %1 (id contains\u2026)").arg(clusterName));
    m_filter->setClearButtonEnabled(true);
    connect(m_filter, &QLineEdit::textChanged, m_proxy, &SubstringFilterProxy::setFilterText);

    m_count = new QLabel(this);
    m_count->setStyleSheet(QStringLiteral("color: palette(mid);"));

    m_table = new QTableView(this);
    m_table->setObjectName(QStringLiteral("groupTable"));
    m_table->setModel(m_proxy);
    setupDataTable(m_table, { 34, 9, 17, 13, 13, 14, 13, 18, 10, 14, 9, 30 });
    m_table->setItemDelegateForColumn(GroupTableModel::Trend, new SparklineDelegate(m_table));
    // Worst first: verdict severity, then total lag.
    m_table->sortByColumn(GroupTableModel::Verdict, Qt::DescendingOrder);
    connect(m_table, &QTableView::activated, this, [this](const QModelIndex& index) {
        emit groupActivated(index.siblingAtColumn(GroupTableModel::GroupId).data(KeyRole).toString());
    });
    for (auto signal : { &QAbstractItemModel::rowsInserted, &QAbstractItemModel::rowsRemoved })
        connect(m_proxy, signal, this, &GroupsView::updateCount);
    connect(m_proxy, &QAbstractItemModel::modelReset, this, &GroupsView::updateCount);
    connect(m_proxy, &QAbstractItemModel::layoutChanged, this, &GroupsView::updateCount);

    auto* bar = new QHBoxLayout;
    bar->addWidget(m_filter, 1);
    bar->addSpacing(12);
    bar->addWidget(m_count);

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(12, 10, 12, 10);
    layout->setSpacing(8);
    layout->addLayout(bar);
    layout->addWidget(m_table, 1);
    updateCount();
}

void GroupsView::showSnapshot(const kafka::SnapshotPtr& snapshot)
{
    m_model->setSnapshot(snapshot);
    updateCount();
}

void GroupsView::showLagSnapshot(const kafka::LagSnapshotPtr& snapshot)
{
    m_model->setLagSnapshot(snapshot);
    updateCount();
}

void GroupsView::updateCount()
{
    const int shown = m_proxy->rowCount();
    const int total = m_model->rowCount();
    m_count->setText(shown == total ? tr("%1 groups").arg(formatCount(total))
                                    : tr("%1 of %2 groups").arg(formatCount(shown), formatCount(total)));
}

} // namespace sluice::ui
