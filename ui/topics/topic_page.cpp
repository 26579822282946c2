// SPDX-License-Identifier: Apache-2.0
#include "topics/topic_page.h"

#include "common/detail_page_parts.h"
#include "common/format.h"
#include "common/page_header.h"
#include "common/state_palette.h"
#include "common/substring_filter_proxy.h"
#include "common/table_setup.h"
#include "monitoring/topic_rate_panel.h"
#include "topics/config_filter_proxy.h"
#include "topics/partition_table_model.h"
#include "topics/topic_config_model.h"

#include <QCheckBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSplitter>
#include <QStringList>
#include <QTableView>
#include <QUrl>
#include <QVBoxLayout>
#include <algorithm>

namespace sluice::ui {

TopicPage::TopicPage(const QString& clusterName, history::HistoryService* history, QWidget* parent)
    : ClusterView(parent)
    , m_clusterName(clusterName)
{
    m_ratePanel = new TopicRatePanel(clusterName, history, this);

    m_header = new PageHeader(tr("Topics"), tr("topic"), this);
    connect(m_header, &PageHeader::backRequested, this, &TopicPage::backRequested);

    m_summary = new QLabel(this);
    m_summary->setTextFormat(Qt::RichText);
    m_browse = new QPushButton(tr("Browse messages"), this);
    m_browse->setObjectName(QStringLiteral("browseMessages"));
    m_browse->setToolTip(tr("Open the message browser on this topic"));
    connect(m_browse, &QPushButton::clicked, this, [this] { emit browseRequested(m_topic); });
    m_groups = new QLabel(this);
    m_groups->setTextFormat(Qt::RichText);
    m_groups->setWordWrap(true);
    connect(m_groups, &QLabel::linkActivated, this,
        [this](const QString& link) { emit groupActivated(QUrl::fromPercentEncoding(link.toUtf8())); });

    m_partitions = new PartitionTableModel(this);
    auto* partitionProxy = new SubstringFilterProxy(this);
    partitionProxy->setSourceModel(m_partitions);
    m_partitionTable = new QTableView(this);
    m_partitionTable->setObjectName(QStringLiteral("partitionTable"));
    m_partitionTable->setModel(partitionProxy);
    setupDataTable(m_partitionTable, { 10, 8, 16, 16, 16, 16, 14, 16 });
    m_partitionTable->sortByColumn(PartitionTableModel::Partition, Qt::AscendingOrder);

    m_configs = new TopicConfigModel(this);
    auto* configProxy = new ConfigFilterProxy(this);
    configProxy->setSourceModel(m_configs);
    m_configFilter = new QLineEdit(this);
    m_configFilter->setPlaceholderText(tr("Filter configuration (name contains\u2026)"));
    m_configFilter->setClearButtonEnabled(true);
    connect(m_configFilter, &QLineEdit::textChanged, configProxy, &SubstringFilterProxy::setFilterText);
    m_overridesOnly = new QCheckBox(tr("Overrides only"), this);
    m_overridesOnly->setToolTip(tr("Hide entries that have their default value"));
    connect(m_overridesOnly, &QCheckBox::toggled, configProxy, &ConfigFilterProxy::setOverridesOnly);
    m_configTable = new QTableView(this);
    m_configTable->setObjectName(QStringLiteral("configTable"));
    m_configTable->setModel(configProxy);
    setupDataTable(m_configTable, { 40, 44, 24, 8 });
    m_configTable->sortByColumn(TopicConfigModel::Name, Qt::AscendingOrder);

    QWidget* partitionPane = titledPane(sectionTitle(tr("Partitions"), this), m_partitionTable, this);

    auto* configPane = new QWidget(this);
    auto* configLayout = new QVBoxLayout(configPane);
    configLayout->setContentsMargins(0, 0, 0, 0);
    auto* configBar = new QHBoxLayout;
    configBar->addWidget(sectionTitle(tr("Configuration"), configPane));
    configBar->addStretch(1);
    configBar->addWidget(m_overridesOnly);
    configBar->addWidget(m_configFilter, 1);
    configLayout->addLayout(configBar);
    configLayout->addWidget(m_configTable, 1);

    auto* splitter = new QSplitter(Qt::Vertical, this);
    splitter->addWidget(m_ratePanel);
    splitter->addWidget(partitionPane);
    splitter->addWidget(configPane);
    splitter->setStretchFactor(0, 1);
    splitter->setStretchFactor(1, 1);
    splitter->setStretchFactor(2, 1);
    splitter->setChildrenCollapsible(false);

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(12, 8, 12, 10);
    layout->setSpacing(6);
    m_pin = makePinButton(this);
    connect(m_pin, &QPushButton::clicked, this, &TopicPage::pinToggled);
    auto* headerRow = new QHBoxLayout;
    headerRow->addWidget(m_header, 1);
    headerRow->addWidget(m_pin, 0, Qt::AlignTop);
    layout->addLayout(headerRow);
    auto* summaryRow = new QHBoxLayout;
    summaryRow->addWidget(m_summary, 1);
    summaryRow->addWidget(m_browse);
    layout->addLayout(summaryRow);
    layout->addWidget(m_groups);
    layout->addWidget(splitter, 1);
}

void TopicPage::setTopic(const QString& topic)
{
    if (topic == m_topic)
        return;
    m_topic = topic;
    // A different topic: start from empty tables instead of diffing two unrelated topics.
    m_partitions->setTopic(nullptr);
    m_configs->setTopic(nullptr);
    m_configFilter->clear();
    m_ratePanel->setTopic(topic);
    render();
}

void TopicPage::showLagSnapshot(const kafka::LagSnapshotPtr& snapshot)
{
    m_ratePanel->showLagSnapshot(snapshot);
}

void TopicPage::showSnapshot(const kafka::SnapshotPtr& snapshot)
{
    m_snapshot = snapshot;
    m_ratePanel->showClusterSnapshot(snapshot);
    render();
}

QString TopicPage::summaryText() const
{
    return m_summary->text();
}

void TopicPage::render()
{
    m_header->setTitle(m_topic);
    const domain::TopicInfo* topic = m_snapshot ? m_snapshot->topic(m_topic.toStdString()) : nullptr;
    m_partitions->setTopic(topic);
    m_configs->setTopic(topic);
    if (!m_snapshot) {
        m_summary->setText(tr("Waiting for the first answer from %1\u2026").arg(m_clusterName));
        m_groups->clear();
        setProblem({});
        return;
    }
    if (!topic) {
        m_header->setTag({});
        m_summary->setText(tr("Not in the last metadata answer."));
        m_groups->clear();
        setProblem({ tr("Topic %1 is not on cluster %2 (metadata of %3). It may have been deleted or the name is "
                        "misspelled; pick it from the Topics list.")
                         .arg(m_topic, m_clusterName, formatTimeOfDay(m_snapshot->fetchedAt)),
            {} });
        return;
    }
    m_header->setTag(topic->isInternal ? tr("internal") : QString());
    const int underReplicated = topic->underReplicatedCount();
    const int offline = topic->offlineCount();
    QStringList items;
    items << summaryItem(tr("Partitions"), formatCount(static_cast<std::int64_t>(topic->partitions.size())))
          << summaryItem(tr("Replication factor"), formatCount(topic->replicationFactor()))
          << summaryItem(tr("Records \u2248"), formatCount(topic->approxRecords()))
          << summaryItem(tr("Under-replicated"), formatCount(underReplicated),
                 underReplicated ? Health::Warning : Health::Neutral)
          << summaryItem(tr("Offline"), formatCount(offline), offline ? Health::Error : Health::Neutral)
          << summaryItem(tr("Retention"), formatRetention(topic->retentionMs()))
          << summaryItem(tr("Cleanup"), topic->cleanupPolicy().empty() ? unknownText() : qs(topic->cleanupPolicy()));
    m_summary->setText(summaryLine(items));

    QStringList readers;
    for (const domain::ConsumerGroupInfo& group : m_snapshot->groups) {
        const auto topics = group.topics();
        if (std::binary_search(topics.begin(), topics.end(), topic->name))
            readers << qs(group.groupId);
    }
    m_groups->setText(linkLine(tr("Consumer groups"), readers, tr("none with members or commits here")));

    if (!topic->error.empty())
        setProblem({ tr("Metadata for topic %1 on %2 came back with an error; partition data may be incomplete. "
                        "Refresh, and check the topic's ACLs if it persists.")
                         .arg(m_topic, m_clusterName),
            qs(topic->error) });
    else
        setProblem({});
}

void TopicPage::setProblem(ViewProblem problem)
{
    if (problem.message == m_problem.message && problem.detail == m_problem.detail)
        return;
    m_problem = std::move(problem);
    emit problemChanged();
}

void TopicPage::setPinned(bool pinned)
{
    ui::setPinned(m_pin, pinned);
}

} // namespace sluice::ui
