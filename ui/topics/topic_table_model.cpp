// SPDX-License-Identifier: Apache-2.0
#include "topics/topic_table_model.h"

#include "common/format.h"
#include "common/model_roles.h"
#include "common/state_palette.h"
#include "monitoring/lag_format.h"

#include <limits>

namespace sluice::ui {

namespace {

bool isNumeric(int column)
{
    switch (column) {
    case TopicTableModel::Partitions:
    case TopicTableModel::ReplicationFactor:
    case TopicTableModel::UnderReplicated:
    case TopicTableModel::Offline:
    case TopicTableModel::Records:
    case TopicTableModel::ProduceRate:
    case TopicTableModel::Retention:
        return true;
    default:
        return false;
    }
}

} // namespace

TopicTableModel::TopicTableModel(QObject* parent)
    : KeyedTableModel<TopicRow>(parent)
{
}

TopicRow TopicTableModel::rowFor(const domain::TopicInfo& topic)
{
    TopicRow row;
    row.name = topic.name;
    row.isInternal = topic.isInternal;
    row.partitions = static_cast<int>(topic.partitions.size());
    row.replicationFactor = topic.replicationFactor();
    row.underReplicated = topic.underReplicatedCount();
    row.offline = topic.offlineCount();
    row.records = topic.approxRecords();
    row.retentionMs = topic.retentionMs();
    row.cleanupPolicy = topic.cleanupPolicy();
    row.error = topic.error;
    return row;
}

void TopicTableModel::setSnapshot(const kafka::SnapshotPtr& snapshot)
{
    if (snapshot && m_snapshot && snapshot->clusterName == m_snapshot->clusterName) {
        m_rates = domain::topicProduceRates(*m_snapshot, *snapshot);
        for (const auto& [topic, rate] : m_rates) {
            std::deque<double>& trend = m_trends[topic];
            trend.push_back(rate);
            while (trend.size() > static_cast<std::size_t>(kTrendLength))
                trend.pop_front();
        }
    } else {
        m_rates.clear();
    }
    // A topic without a rate this time (deleted, recreated, watermarks unknown) starts over.
    std::erase_if(m_trends, [&](const auto& entry) { return !m_rates.count(entry.first); });
    m_snapshot = snapshot;
    rebuild();
}

void TopicTableModel::rebuild()
{
    std::vector<TopicRow> rows;
    if (m_snapshot) {
        rows.reserve(m_snapshot->topics.size());
        for (const domain::TopicInfo& topic : m_snapshot->topics) {
            TopicRow row = rowFor(topic);
            if (const auto rate = m_rates.find(topic.name); rate != m_rates.end())
                row.produceRate = rate->second;
            if (const auto trend = m_trends.find(topic.name); trend != m_trends.end())
                row.rateTrend = QList<double>(trend->second.begin(), trend->second.end());
            rows.push_back(std::move(row));
        }
    }
    replaceRows(std::move(rows));
}

int TopicTableModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant TopicTableModel::data(const QModelIndex& index, int role) const
{
    const TopicRow* row = rowAt(index.row());
    if (!row || index.column() < 0 || index.column() >= ColumnCount)
        return {};
    const int column = index.column();
    switch (role) {
    case Qt::DisplayRole:
        return display(*row, column);
    case SortRole:
        return sortValue(*row, column);
    case KeyRole:
        return qs(row->name);
    case IsInternalRole:
        return row->isInternal;
    case TrendRole:
        return column == RateTrend ? QVariant::fromValue(row->rateTrend) : QVariant();
    case VerdictRole:
        return column == RateTrend ? QVariant(static_cast<int>(lag::Verdict::Ok)) : QVariant();
    case Qt::TextAlignmentRole:
        return QVariant::fromValue(
            isNumeric(column) ? Qt::AlignRight | Qt::AlignVCenter : Qt::AlignLeft | Qt::AlignVCenter);
    case Qt::FontRole:
        if (isNumeric(column))
            return numberFont();
        return {};
    case Qt::ForegroundRole:
        if (column == UnderReplicated && row->underReplicated > 0)
            return healthColor(Health::Warning);
        if (column == Offline && row->offline > 0)
            return healthColor(Health::Error);
        if (column == Name && !row->error.empty())
            return healthColor(Health::Error);
        if (column == ProduceRate && !row->produceRate)
            return healthColor(Health::Neutral);
        if (row->isInternal)
            return healthColor(Health::Neutral);
        return {};
    case Qt::BackgroundRole:
        if (column == UnderReplicated && row->underReplicated > 0)
            return healthTint(Health::Warning);
        if (column == Offline && row->offline > 0)
            return healthTint(Health::Error);
        return {};
    case Qt::ToolTipRole:
        if (column == Name && !row->error.empty())
            return tr("Metadata error: %1").arg(qs(row->error));
        if (column == Records)
            return tr("Approximate: high minus low watermark, summed over partitions");
        if (column == ProduceRate || column == RateTrend)
            return row->produceRate ? tr("Records appended per second since the previous refresh, from the "
                                         "partitions' high watermarks")
                                    : tr("Known after the next refresh: the rate compares two refreshes' "
                                         "high watermarks");
        if ((column == Retention || column == CleanupPolicy) && !row->retentionMs && row->cleanupPolicy.empty())
            return tr("Topic configuration not read yet");
        return {};
    default:
        return {};
    }
}

QVariant TopicTableModel::display(const TopicRow& row, int column) const
{
    switch (column) {
    case Name:
        return qs(row.name);
    case Partitions:
        return formatCount(row.partitions);
    case ReplicationFactor:
        return formatCount(row.replicationFactor);
    case UnderReplicated:
        return formatCount(row.underReplicated);
    case Offline:
        return formatCount(row.offline);
    case Records:
        return formatCount(row.records);
    case ProduceRate:
        return formatRate(row.produceRate);
    case RateTrend:
        return {};
    case Retention:
        return formatRetention(row.retentionMs);
    case CleanupPolicy:
        return row.cleanupPolicy.empty() ? unknownText() : qs(row.cleanupPolicy);
    case Internal:
        return row.isInternal ? tr("internal") : QString();
    default:
        return {};
    }
}

QVariant TopicTableModel::sortValue(const TopicRow& row, int column) const
{
    switch (column) {
    case Name:
        return qs(row.name);
    case Partitions:
        return row.partitions;
    case ReplicationFactor:
        return row.replicationFactor;
    case UnderReplicated:
        return row.underReplicated;
    case Offline:
        return row.offline;
    case Records:
        return static_cast<qlonglong>(row.records.value_or(-1));
    case ProduceRate:
    case RateTrend:
        return row.produceRate.value_or(-1.0);
    case Retention: {
        // Unknown sorts first, unlimited last.
        if (!row.retentionMs)
            return static_cast<qlonglong>(-2);
        return static_cast<qlonglong>(*row.retentionMs < 0 ? std::numeric_limits<qint64>::max() : *row.retentionMs);
    }
    case CleanupPolicy:
        return qs(row.cleanupPolicy);
    case Internal:
        return row.isInternal;
    default:
        return {};
    }
}

QVariant TopicTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal)
        return {};
    if (role == Qt::TextAlignmentRole)
        return QVariant::fromValue(
            isNumeric(section) ? Qt::AlignRight | Qt::AlignVCenter : Qt::AlignLeft | Qt::AlignVCenter);
    if (role == Qt::ToolTipRole && section == Records)
        return tr("Records currently retained (high − low watermark)");
    if (role == Qt::ToolTipRole && (section == ProduceRate || section == RateTrend))
        return tr("Production rate (records/s) from the sampled end offsets; sampled only on topics a consumer "
                  "group reads");
    if (role != Qt::DisplayRole)
        return {};
    switch (section) {
    case Name:
        return tr("Topic");
    case Partitions:
        return tr("Partitions");
    case ReplicationFactor:
        return tr("RF");
    case UnderReplicated:
        return tr("Under-repl.");
    case Offline:
        return tr("Offline");
    case Records:
        return tr("Records");
    case ProduceRate:
        return tr("Rate");
    case RateTrend:
        return tr("Rate trend");
    case Retention:
        return tr("Retention");
    case CleanupPolicy:
        return tr("Cleanup");
    case Internal:
        return tr("Internal");
    default:
        return {};
    }
}

} // namespace sluice::ui
