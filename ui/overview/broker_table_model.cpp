// SPDX-License-Identifier: Apache-2.0
#include "overview/broker_table_model.h"

#include "common/format.h"
#include "common/model_roles.h"

#include <QFont>
#include <algorithm>
#include <map>

namespace sluice::ui {

BrokerTableModel::BrokerTableModel(QObject* parent)
    : KeyedTableModel<BrokerRow>(parent)
{
}

void BrokerTableModel::setSnapshot(const kafka::SnapshotPtr& snapshot)
{
    std::vector<BrokerRow> rows;
    if (snapshot) {
        std::map<std::int32_t, int> leaders;
        for (const domain::TopicInfo& t : snapshot->topics) {
            for (const domain::PartitionInfo& p : t.partitions)
                ++leaders[p.leader];
        }
        for (const domain::BrokerInfo& b : snapshot->brokers)
            rows.push_back({ b.id, b.host, b.port, b.rack, b.id == snapshot->controllerId, leaders[b.id] });
        std::sort(rows.begin(), rows.end(), [](const BrokerRow& a, const BrokerRow& b) { return a.id < b.id; });
    }
    replaceRows(std::move(rows));
}

int BrokerTableModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant BrokerTableModel::data(const QModelIndex& index, int role) const
{
    const BrokerRow* row = rowAt(index.row());
    if (!row || index.column() < 0 || index.column() >= ColumnCount)
        return {};
    const int column = index.column();
    const bool numeric = column == Id || column == Leaders;
    switch (role) {
    case Qt::DisplayRole:
        switch (column) {
        case Id:
            return row->id;
        case Address:
            return QStringLiteral("%1:%2").arg(qs(row->host)).arg(row->port);
        case Rack:
            return row->rack.empty() ? unknownText() : qs(row->rack);
        case Leaders:
            return formatCount(row->leaderPartitions);
        case Role:
            return row->isController ? tr("\u2605 controller") : QString();
        default:
            return {};
        }
    case SortRole:
        if (column == Leaders)
            return row->leaderPartitions;
        if (column == Role)
            return row->isController;
        return data(index, Qt::DisplayRole);
    case KeyRole:
        return row->id;
    case Qt::TextAlignmentRole:
        return QVariant::fromValue(numeric ? Qt::AlignRight | Qt::AlignVCenter : Qt::AlignLeft | Qt::AlignVCenter);
    case Qt::FontRole:
        if (numeric || column == Address)
            return numberFont();
        if (column == Role && row->isController) {
            QFont bold;
            bold.setBold(true);
            return bold;
        }
        return {};
    case Qt::ToolTipRole:
        if (column == Leaders)
            return tr("Partitions whose leader is this broker");
        return {};
    default:
        return {};
    }
}

QVariant BrokerTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal)
        return {};
    const bool numeric = section == Id || section == Leaders;
    if (role == Qt::TextAlignmentRole)
        return QVariant::fromValue(numeric ? Qt::AlignRight | Qt::AlignVCenter : Qt::AlignLeft | Qt::AlignVCenter);
    if (role != Qt::DisplayRole)
        return {};
    switch (section) {
    case Id:
        return tr("Broker");
    case Address:
        return tr("Host:port");
    case Rack:
        return tr("Rack");
    case Leaders:
        return tr("Leader of");
    case Role:
        return tr("Role");
    default:
        return {};
    }
}

} // namespace sluice::ui
