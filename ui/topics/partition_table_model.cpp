// SPDX-License-Identifier: Apache-2.0
#include "topics/partition_table_model.h"

#include "common/format.h"
#include "common/model_roles.h"
#include "common/state_palette.h"

namespace sluice::ui {

namespace {

bool isNumeric(int column)
{
    return column == PartitionTableModel::Partition || column == PartitionTableModel::Leader
        || column == PartitionTableModel::LowWatermark || column == PartitionTableModel::HighWatermark
        || column == PartitionTableModel::Records;
}

bool isMonospace(int column)
{
    return isNumeric(column) || column == PartitionTableModel::Replicas || column == PartitionTableModel::Isr;
}

Health stateOf(const PartitionRow& row)
{
    if (row.isOffline())
        return Health::Error;
    if (row.isUnderReplicated() || !row.error.empty())
        return Health::Warning;
    return Health::Ok;
}

QString watermarkText(std::int64_t value)
{
    return value < 0 ? unknownText() : formatCount(value);
}

} // namespace

PartitionTableModel::PartitionTableModel(QObject* parent)
    : KeyedTableModel<PartitionRow>(parent)
{
}

void PartitionTableModel::setTopic(const domain::TopicInfo* topic)
{
    std::vector<PartitionRow> rows;
    if (topic) {
        rows.reserve(topic->partitions.size());
        for (const domain::PartitionInfo& p : topic->partitions)
            rows.push_back({ p.partition, p.leader, p.replicas, p.isr, p.lowWatermark, p.highWatermark, p.error });
    }
    replaceRows(std::move(rows));
}

int PartitionTableModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant PartitionTableModel::data(const QModelIndex& index, int role) const
{
    const PartitionRow* row = rowAt(index.row());
    if (!row || index.column() < 0 || index.column() >= ColumnCount)
        return {};
    const int column = index.column();
    switch (role) {
    case Qt::DisplayRole:
        return display(*row, column);
    case SortRole:
        return sortValue(*row, column);
    case KeyRole:
        return row->partition;
    case Qt::TextAlignmentRole:
        return QVariant::fromValue(
            isNumeric(column) ? Qt::AlignRight | Qt::AlignVCenter : Qt::AlignLeft | Qt::AlignVCenter);
    case Qt::FontRole:
        return isMonospace(column) ? QVariant(numberFont()) : QVariant();
    case Qt::ForegroundRole:
        if (column == State)
            return healthColor(stateOf(*row));
        if (column == Leader && row->isOffline())
            return healthColor(Health::Error);
        if (column == Isr && row->isUnderReplicated())
            return healthColor(Health::Warning);
        return {};
    case Qt::BackgroundRole:
        if (column == State && stateOf(*row) != Health::Ok)
            return healthTint(stateOf(*row));
        return {};
    case Qt::ToolTipRole:
        if (!row->error.empty())
            return tr("Metadata error: %1").arg(qs(row->error));
        return {};
    default:
        return {};
    }
}

QVariant PartitionTableModel::display(const PartitionRow& row, int column) const
{
    switch (column) {
    case Partition:
        return row.partition;
    case Leader:
        return row.isOffline() ? tr("none") : QString::number(row.leader);
    case Replicas:
        return formatIdList(row.replicas);
    case Isr:
        return formatIdList(row.isr);
    case LowWatermark:
        return watermarkText(row.lowWatermark);
    case HighWatermark:
        return watermarkText(row.highWatermark);
    case Records:
        if (row.lowWatermark < 0 || row.highWatermark < 0)
            return unknownText();
        return formatCount(std::max<std::int64_t>(0, row.highWatermark - row.lowWatermark));
    case State:
        if (row.isOffline())
            return tr("offline");
        if (row.isUnderReplicated())
            return tr("under-replicated");
        if (!row.error.empty())
            return tr("error");
        return tr("ok");
    default:
        return {};
    }
}

QVariant PartitionTableModel::sortValue(const PartitionRow& row, int column) const
{
    switch (column) {
    case Partition:
        return row.partition;
    case Leader:
        return row.leader;
    case Replicas:
        return static_cast<int>(row.replicas.size());
    case Isr:
        return static_cast<int>(row.isr.size());
    case LowWatermark:
        return static_cast<qlonglong>(row.lowWatermark);
    case HighWatermark:
        return static_cast<qlonglong>(row.highWatermark);
    case Records:
        return static_cast<qlonglong>(
            row.lowWatermark < 0 || row.highWatermark < 0 ? -1 : row.highWatermark - row.lowWatermark);
    case State:
        return static_cast<int>(stateOf(row));
    default:
        return {};
    }
}

QVariant PartitionTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal)
        return {};
    if (role == Qt::TextAlignmentRole)
        return QVariant::fromValue(
            isNumeric(section) ? Qt::AlignRight | Qt::AlignVCenter : Qt::AlignLeft | Qt::AlignVCenter);
    if (role != Qt::DisplayRole)
        return {};
    switch (section) {
    case Partition:
        return tr("Partition");
    case Leader:
        return tr("Leader");
    case Replicas:
        return tr("Replicas");
    case Isr:
        return tr("ISR");
    case LowWatermark:
        return tr("Low watermark");
    case HighWatermark:
        return tr("High watermark");
    case Records:
        return tr("Records");
    case State:
        return tr("State");
    default:
        return {};
    }
}

} // namespace sluice::ui
