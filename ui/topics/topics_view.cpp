// SPDX-License-Identifier: Apache-2.0
#include "topics/topics_view.h"

#include "common/format.h"
#include "common/model_roles.h"
#include "common/table_setup.h"
#include "monitoring/sparkline_delegate.h"
#include "settings/app_settings.h"
#include "topics/topic_filter_proxy.h"
#include "topics/topic_table_model.h"

#include <QCheckBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QTableView>
#include <QVBoxLayout>

namespace sluice::ui {

TopicsView::TopicsView(const QString& clusterName, AppSettings& settings, QWidget* parent)
    : ClusterView(parent)
    , m_settings(settings)
{
    m_model = new TopicTableModel(this);
    m_proxy = new TopicFilterProxy(this);
    m_proxy->setSourceModel(m_model);
    m_proxy->setShowInternal(settings.showInternalTopics());

    m_filter = new QLineEdit(this);
    m_filter->setObjectName(QStringLiteral("topicFilter"));
    m_filter->setPlaceholderText(tr("Filter topics on %1 (name contains\u2026)").arg(clusterName));
    m_filter->setClearButtonEnabled(true);
    connect(m_filter, &QLineEdit::textChanged, m_proxy, &TopicFilterProxy::setFilterText);

    m_showInternal = new QCheckBox(tr("Show internal topics"), this);
    m_showInternal->setChecked(settings.showInternalTopics());
    connect(m_showInternal, &QCheckBox::toggled, this, [this](bool show) {
        m_proxy->setShowInternal(show);
        m_settings.setShowInternalTopics(show);
    });

    m_count = new QLabel(this);
    m_count->setStyleSheet(QStringLiteral("color: palette(mid);"));

    m_table = new QTableView(this);
    m_table->setObjectName(QStringLiteral("topicTable"));
    m_table->setModel(m_proxy);
    setupDataTable(m_table, { 40, 10, 5, 11, 8, 16, 10, 12, 10, 14, 8 });
    m_table->setItemDelegateForColumn(TopicTableModel::RateTrend, new SparklineDelegate(m_table));
    m_table->sortByColumn(TopicTableModel::Name, Qt::AscendingOrder);
    connect(m_table, &QTableView::activated, this, [this](const QModelIndex& index) {
        emit topicActivated(index.siblingAtColumn(TopicTableModel::Name).data(KeyRole).toString());
    });

    for (auto signal : { &QAbstractItemModel::rowsInserted, &QAbstractItemModel::rowsRemoved })
        connect(m_proxy, signal, this, &TopicsView::updateCount);
    connect(m_proxy, &QAbstractItemModel::modelReset, this, &TopicsView::updateCount);
    connect(m_proxy, &QAbstractItemModel::layoutChanged, this, &TopicsView::updateCount);

    auto* bar = new QHBoxLayout;
    bar->addWidget(m_filter, 1);
    bar->addWidget(m_showInternal);
    bar->addSpacing(12);
    bar->addWidget(m_count);

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(12, 10, 12, 10);
    layout->setSpacing(8);
    layout->addLayout(bar);
    layout->addWidget(m_table, 1);
    updateCount();
}

void TopicsView::showSnapshot(const kafka::SnapshotPtr& snapshot)
{
    m_model->setSnapshot(snapshot);
    updateCount();
}

QString TopicsView::countText() const
{
    return m_count->text();
}

void TopicsView::updateCount()
{
    const int shown = m_proxy->rowCount();
    const int total = m_model->rowCount();
    m_count->setText(shown == total ? tr("%1 topics").arg(formatCount(total))
                                    : tr("%1 of %2 topics").arg(formatCount(shown), formatCount(total)));
}

} // namespace sluice::ui
