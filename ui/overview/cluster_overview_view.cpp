// SPDX-License-Identifier: Apache-2.0
#include "overview/cluster_overview_view.h"

#include "common/format.h"
#include "common/substring_filter_proxy.h"
#include "common/table_setup.h"
#include "groups/group_table_model.h"
#include "overview/broker_table_model.h"
#include "overview/stat_tile.h"

#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QStringList>
#include <QTableView>
#include <QUrl>
#include <QVBoxLayout>

namespace sluice::ui {

namespace {

QLabel* tagLabel(const QString& text, Health health, QWidget* parent)
{
    auto* label = new QLabel(text, parent);
    label->setStyleSheet(
        QStringLiteral("QLabel { color: %1; border: 1px solid %1; border-radius: 3px; padding: 0 4px; }")
            .arg(healthColor(health).name()));
    return label;
}

} // namespace

ClusterOverviewView::ClusterOverviewView(const config::ClusterConfig& cluster, QWidget* parent)
    : ClusterView(parent)
    , m_clusterName(qs(cluster.name))
{
    auto* title = new QLabel(m_clusterName, this);
    QFont titleFont = title->font();
    titleFont.setPointSizeF(titleFont.pointSizeF() * 1.5);
    titleFont.setBold(true);
    title->setFont(titleFont);
    auto* titleRow = new QHBoxLayout;
    titleRow->addWidget(title);
    if (cluster.production)
        titleRow->addWidget(tagLabel(tr("production"), Health::Error, this));
    if (cluster.readOnly)
        titleRow->addWidget(tagLabel(tr("read-only"), Health::Neutral, this));
    titleRow->addStretch(1);

    auto* form = new QFormLayout;
    form->setLabelAlignment(Qt::AlignLeft);
    form->setHorizontalSpacing(24);
    form->setVerticalSpacing(4);
    m_clusterId = addField(form, tr("Cluster ID"));
    m_controller = addField(form, tr("Controller"));
    m_version = addField(form, tr("Kafka version"));
    QStringList bootstrap;
    for (const std::string& server : cluster.bootstrapServers)
        bootstrap << qs(server);
    addField(form, tr("Bootstrap"))->setText(bootstrap.join(QStringLiteral(", ")));
    m_lastRefresh = addField(form, tr("Last refresh"));
    m_version->setText(tr("not reported (the metadata answer does not carry it)"));
    m_version->setStyleSheet(QStringLiteral("color: palette(mid);"));

    m_brokers = new StatTile(tr("Brokers"), this);
    m_topics = new StatTile(tr("Topics"), this);
    m_partitions = new StatTile(tr("Partitions"), this);
    m_underReplicated = new StatTile(tr("Under-replicated"), this);
    m_offline = new StatTile(tr("Offline partitions"), this);
    m_groups = new StatTile(tr("Consumer groups"), this);
    auto* tiles = new QHBoxLayout;
    tiles->setSpacing(8);
    for (StatTile* tile : { m_brokers, m_topics, m_partitions, m_underReplicated, m_offline, m_groups })
        tiles->addWidget(tile);

    m_waiting = new QLabel(tr("Waiting for the first answer from %1\u2026").arg(m_clusterName), this);
    m_waiting->setStyleSheet(QStringLiteral("color: palette(mid);"));

    m_attention = new QLabel(this);
    m_attention->setObjectName(QStringLiteral("attention"));
    m_attention->setTextFormat(Qt::RichText);
    m_attention->setWordWrap(true);
    connect(m_attention, &QLabel::linkActivated, this, [this](const QString& link) {
        const QString target = QUrl::fromPercentEncoding(link.mid(link.indexOf(QLatin1Char(':')) + 1).toUtf8());
        if (link.startsWith(QLatin1String("topic:")))
            emit topicActivated(target);
        else
            emit groupActivated(target);
    });

    m_brokerModel = new BrokerTableModel(this);
    auto* proxy = new SubstringFilterProxy(this);
    proxy->setSourceModel(m_brokerModel);
    m_brokerTable = new QTableView(this);
    m_brokerTable->setObjectName(QStringLiteral("brokerTable"));
    m_brokerTable->setModel(proxy);
    setupDataTable(m_brokerTable, { 8, 36, 14, 10, 14 });
    m_brokerTable->sortByColumn(BrokerTableModel::Id, Qt::AscendingOrder);

    auto* brokersTitle = new QLabel(tr("Brokers"), this);
    QFont sectionFont = brokersTitle->font();
    sectionFont.setBold(true);
    brokersTitle->setFont(sectionFont);

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(16, 12, 16, 12);
    layout->setSpacing(10);
    layout->addLayout(titleRow);
    layout->addLayout(form);
    layout->addWidget(m_waiting);
    layout->addLayout(tiles);
    layout->addWidget(m_attention);
    layout->addSpacing(4);
    layout->addWidget(brokersTitle);
    layout->addWidget(m_brokerTable, 1);
}

QLabel* ClusterOverviewView::addField(QFormLayout* form, const QString& label)
{
    auto* value = new QLabel(unknownText(), this);
    value->setTextInteractionFlags(Qt::TextSelectableByMouse);
    form->addRow(label, value);
    return value;
}

void ClusterOverviewView::showSnapshot(const kafka::SnapshotPtr& snapshot)
{
    m_waiting->setVisible(!snapshot);
    m_brokerModel->setSnapshot(snapshot);
    if (!snapshot)
        return;
    const domain::ClusterSnapshot& s = *snapshot;
    m_clusterId->setText(s.clusterId.empty() ? tr("not reported") : qs(s.clusterId));
    if (const domain::BrokerInfo* controller = s.broker(s.controllerId))
        m_controller->setText(
            tr("broker %1 \u00b7 %2:%3").arg(controller->id).arg(qs(controller->host)).arg(controller->port));
    else if (s.controllerId >= 0)
        m_controller->setText(tr("broker %1 (not in the broker list)").arg(s.controllerId));
    else
        m_controller->setText(tr("none reported"));
    m_lastRefresh->setText(tr("%1 \u00b7 took %2, %3 requests")
                               .arg(formatTimeOfDay(s.fetchedAt), formatDuration(s.cost.duration))
                               .arg(s.cost.requests));

    const int underReplicated = s.underReplicatedCount();
    const int offline = s.offlineCount();
    m_brokers->setValue(formatCount(static_cast<std::int64_t>(s.brokers.size())));
    m_topics->setValue(formatCount(static_cast<std::int64_t>(s.topics.size())));
    m_partitions->setValue(formatCount(s.partitionCount()));
    m_underReplicated->setValue(formatCount(underReplicated), underReplicated > 0 ? Health::Warning : Health::Neutral,
        tr("Partitions whose in-sync replicas are fewer than their replicas"));
    m_offline->setValue(formatCount(offline), offline > 0 ? Health::Error : Health::Neutral,
        tr("Partitions without a leader: nobody can read or write them"));
    m_groups->setValue(formatCount(static_cast<std::int64_t>(s.groups.size())));
    showAttention(s);
}

void ClusterOverviewView::showAttention(const domain::ClusterSnapshot& s)
{
    const auto link = [](const char* kind, const std::string& target, const QString& text, Health health) {
        return QStringLiteral("<a href=\"%1:%2\" style=\"color:%3\">%4</a>")
            .arg(QLatin1String(kind), QString::fromUtf8(QUrl::toPercentEncoding(qs(target))),
                healthColor(health).name(), text.toHtmlEscaped());
    };
    QStringList items;
    for (const domain::TopicInfo& t : s.topics) {
        if (const int offline = t.offlineCount())
            items << link("topic", t.name,
                offline == 1 ? tr("%1: 1 offline partition").arg(qs(t.name))
                             : tr("%1: %2 offline partitions").arg(qs(t.name)).arg(offline),
                Health::Error);
        else if (const int under = t.underReplicatedCount())
            items << link("topic", t.name,
                under == 1 ? tr("%1: 1 under-replicated partition").arg(qs(t.name))
                           : tr("%1: %2 under-replicated partitions").arg(qs(t.name)).arg(under),
                Health::Warning);
    }
    for (const domain::ConsumerGroupInfo& g : s.groups) {
        const Health health = groupStateHealth(g.state);
        if (health == Health::Warning || health == Health::Error)
            items << link("group", g.groupId, tr("group %1: %2").arg(qs(g.groupId), qs(g.state)), health);
    }
    const QString label = QStringLiteral("<span style=\"color:gray\">%1</span>&nbsp;&nbsp;").arg(tr("Needs attention"));
    if (items.isEmpty())
        m_attention->setText(label
            + QStringLiteral("<span style=\"color:%1\">%2</span>")
                  .arg(healthColor(Health::Ok).name(),
                      tr("nothing: every partition has a leader and a full ISR, no group is "
                         "rebalancing")));
    else
        m_attention->setText(label + items.join(QStringLiteral(" &nbsp;\u00b7&nbsp; ")));
}

QString ClusterOverviewView::attentionText() const
{
    return m_attention->text();
}

QString ClusterOverviewView::clusterIdText() const
{
    return m_clusterId->text();
}
QString ClusterOverviewView::controllerText() const
{
    return m_controller->text();
}

} // namespace sluice::ui
