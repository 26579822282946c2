// SPDX-License-Identifier: Apache-2.0
#include "groups/group_assignment_model.h"

#include "common/format.h"
#include "common/model_roles.h"

#include <algorithm>

namespace sluice::ui {

GroupAssignmentModel::GroupAssignmentModel(QObject* parent)
    : KeyedTableModel<AssignmentRow>(parent)
{
}

void GroupAssignmentModel::setGroup(const domain::ConsumerGroupInfo* group)
{
    std::vector<AssignmentRow> rows;
    if (group) {
        for (const domain::GroupMember& m : group->members) {
            for (const domain::TopicPartition& tp : m.assignment)
                rows.push_back({ tp, m.memberId, m.clientId, m.host });
        }
        std::sort(rows.begin(), rows.end(),
            [](const AssignmentRow& a, const AssignmentRow& b) { return a.partition < b.partition; });
    }
    replaceRows(std::move(rows));
}

int GroupAssignmentModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant GroupAssignmentModel::data(const QModelIndex& index, int role) const
{
    const AssignmentRow* row = rowAt(index.row());
    if (!row || index.column() < 0 || index.column() >= ColumnCount)
        return {};
    const int column = index.column();
    switch (role) {
    case Qt::DisplayRole:
        switch (column) {
        case Topic:
            return qs(row->partition.topic);
        case Partition:
            return row->partition.partition;
        case MemberId:
            return qs(row->memberId);
        case ClientId:
            return qs(row->clientId);
        case Host:
            return hostText(row->host);
        default:
            return {};
        }
    case SortRole:
        if (column == Topic) // topic, then partition number
            return QStringLiteral("%1\x1f%2")
                .arg(qs(row->partition.topic))
                .arg(row->partition.partition, 10, 10, QLatin1Char('0'));
        return data(index, Qt::DisplayRole);
    case KeyRole:
        return qs(row->partition.topic);
    case Qt::TextAlignmentRole:
        return QVariant::fromValue(
            column == Partition ? Qt::AlignRight | Qt::AlignVCenter : Qt::AlignLeft | Qt::AlignVCenter);
    case Qt::FontRole:
        if (column == Partition)
            return numberFont();
        return {};
    case Qt::ToolTipRole:
        if (column == MemberId)
            return qs(row->memberId);
        return {};
    default:
        return {};
    }
}

QVariant GroupAssignmentModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal)
        return {};
    if (role == Qt::TextAlignmentRole)
        return QVariant::fromValue(
            section == Partition ? Qt::AlignRight | Qt::AlignVCenter : Qt::AlignLeft | Qt::AlignVCenter);
    if (role != Qt::DisplayRole)
        return {};
    switch (section) {
    case Topic:
        return tr("Topic");
    case Partition:
        return tr("Partition");
    case MemberId:
        return tr("Member");
    case ClientId:
        return tr("Client id");
    case Host:
        return tr("Host");
    default:
        return {};
    }
}

} // namespace sluice::ui
