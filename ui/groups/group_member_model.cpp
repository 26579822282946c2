// SPDX-License-Identifier: Apache-2.0
#include "groups/group_member_model.h"

#include "common/format.h"
#include "common/model_roles.h"

#include <QStringList>
#include <algorithm>

namespace sluice::ui {

GroupMemberModel::GroupMemberModel(QObject* parent)
    : KeyedTableModel<MemberRow>(parent)
{
}

void GroupMemberModel::setGroup(const domain::ConsumerGroupInfo* group)
{
    std::vector<MemberRow> rows;
    if (group) {
        rows.reserve(group->members.size());
        for (const domain::GroupMember& m : group->members) {
            MemberRow row { m.memberId, m.clientId, m.host, m.assignment };
            std::sort(row.assignment.begin(), row.assignment.end());
            rows.push_back(std::move(row));
        }
        std::sort(rows.begin(), rows.end(), [](const MemberRow& a, const MemberRow& b) {
            return std::tie(a.clientId, a.memberId) < std::tie(b.clientId, b.memberId);
        });
    }
    replaceRows(std::move(rows));
}

QString GroupMemberModel::assignmentText(const std::vector<domain::TopicPartition>& assignment)
{
    QStringList parts;
    std::size_t i = 0;
    while (i < assignment.size()) {
        const std::string& topic = assignment[i].topic;
        std::vector<std::int32_t> partitions;
        for (; i < assignment.size() && assignment[i].topic == topic; ++i)
            partitions.push_back(assignment[i].partition);
        parts << QStringLiteral("%1 %2").arg(qs(topic), formatPartitionRanges(std::move(partitions)));
    }
    return parts.join(QStringLiteral(" \u00b7 "));
}

int GroupMemberModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant GroupMemberModel::data(const QModelIndex& index, int role) const
{
    const MemberRow* row = rowAt(index.row());
    if (!row || index.column() < 0 || index.column() >= ColumnCount)
        return {};
    const int column = index.column();
    switch (role) {
    case Qt::DisplayRole:
    case Qt::ToolTipRole:
        switch (column) {
        case MemberId:
            return qs(row->memberId);
        case ClientId:
            return qs(row->clientId);
        case Host:
            return hostText(row->host);
        case PartitionCount:
            return role == Qt::DisplayRole ? formatCount(static_cast<std::int64_t>(row->assignment.size()))
                                           : QVariant();
        case Assignment:
            return row->assignment.empty() ? tr("nothing assigned") : assignmentText(row->assignment);
        default:
            return {};
        }
    case SortRole:
        if (column == PartitionCount)
            return static_cast<int>(row->assignment.size());
        return data(index, Qt::DisplayRole);
    case KeyRole:
        return qs(row->memberId);
    case Qt::TextAlignmentRole:
        return QVariant::fromValue(
            column == PartitionCount ? Qt::AlignRight | Qt::AlignVCenter : Qt::AlignLeft | Qt::AlignVCenter);
    case Qt::FontRole:
        if (column == PartitionCount || column == Assignment)
            return numberFont();
        return {};
    default:
        return {};
    }
}

QVariant GroupMemberModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal)
        return {};
    if (role == Qt::TextAlignmentRole)
        return QVariant::fromValue(
            section == PartitionCount ? Qt::AlignRight | Qt::AlignVCenter : Qt::AlignLeft | Qt::AlignVCenter);
    if (role != Qt::DisplayRole)
        return {};
    switch (section) {
    case MemberId:
        return tr("Member");
    case ClientId:
        return tr("Client id");
    case Host:
        return tr("Host");
    case PartitionCount:
        return tr("Partitions");
    case Assignment:
        return tr("Assigned partitions");
    default:
        return {};
    }
}

} // namespace sluice::ui
