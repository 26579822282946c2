// SPDX-License-Identifier: Apache-2.0
#include "groups/group_table_model.h"

#include "common/format.h"
#include "common/model_roles.h"
#include "common/state_palette.h"

#include <QStringList>

namespace sluice::ui {

Health groupStateHealth(const std::string& state)
{
    if (state == "Stable")
        return Health::Ok;
    if (state == "PreparingRebalance" || state == "CompletingRebalance")
        return Health::Warning;
    if (state == "Dead")
        return Health::Error;
    return Health::Neutral; // Empty, Unknown
}

namespace {

QString topicsText(const std::vector<std::string>& topics)
{
    QStringList names;
    for (const std::string& t : topics)
        names << qs(t);
    return names.join(QStringLiteral(", "));
}

} // namespace

GroupTableModel::GroupTableModel(QObject* parent)
    : KeyedTableModel<GroupRow>(parent)
{
}

GroupRow GroupTableModel::rowFor(const domain::ConsumerGroupInfo& group)
{
    return { group.groupId, group.state, group.protocolType, group.assignor, group.isSimple,
        static_cast<int>(group.members.size()), group.topics(), group.error };
}

void GroupTableModel::setSnapshot(const kafka::SnapshotPtr& snapshot)
{
    std::vector<GroupRow> rows;
    if (snapshot) {
        rows.reserve(snapshot->groups.size());
        for (const domain::ConsumerGroupInfo& group : snapshot->groups)
            rows.push_back(rowFor(group));
    }
    replaceRows(std::move(rows));
}

int GroupTableModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant GroupTableModel::data(const QModelIndex& index, int role) const
{
    const GroupRow* row = rowAt(index.row());
    if (!row || index.column() < 0 || index.column() >= ColumnCount)
        return {};
    const int column = index.column();
    switch (role) {
    case Qt::DisplayRole:
        switch (column) {
        case GroupId:
            return qs(row->groupId);
        case State:
            return row->state.empty() ? unknownText() : qs(row->state);
        case Type:
            return row->isSimple ? tr("simple") : (row->protocolType.empty() ? unknownText() : qs(row->protocolType));
        case Assignor:
            return row->assignor.empty() ? unknownText() : qs(row->assignor);
        case Members:
            return formatCount(row->members);
        case Topics:
            return topicsText(row->topics);
        default:
            return {};
        }
    case SortRole:
        switch (column) {
        case GroupId:
            return qs(row->groupId);
        case State:
            return qs(row->state);
        case Type:
            return row->isSimple ? QStringLiteral("simple") : qs(row->protocolType);
        case Assignor:
            return qs(row->assignor);
        case Members:
            return row->members;
        case Topics:
            return static_cast<int>(row->topics.size());
        default:
            return {};
        }
    case KeyRole:
        return qs(row->groupId);
    case Qt::TextAlignmentRole:
        return QVariant::fromValue(
            column == Members ? Qt::AlignRight | Qt::AlignVCenter : Qt::AlignLeft | Qt::AlignVCenter);
    case Qt::FontRole:
        if (column == Members)
            return numberFont();
        return {};
    case Qt::ForegroundRole:
        if (column == State)
            return healthColor(groupStateHealth(row->state));
        if (column == GroupId && !row->error.empty())
            return healthColor(Health::Error);
        return {};
    case Qt::ToolTipRole:
        if (column == GroupId && !row->error.empty())
            return tr("Describe failed: %1").arg(qs(row->error));
        if (column == Topics && !row->topics.empty())
            return topicsText(row->topics);
        return {};
    default:
        return {};
    }
}

QVariant GroupTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal)
        return {};
    if (role == Qt::TextAlignmentRole)
        return QVariant::fromValue(
            section == Members ? Qt::AlignRight | Qt::AlignVCenter : Qt::AlignLeft | Qt::AlignVCenter);
    if (role != Qt::DisplayRole)
        return {};
    switch (section) {
    case GroupId:
        return tr("Group");
    case State:
        return tr("State");
    case Type:
        return tr("Type");
    case Assignor:
        return tr("Assignor");
    case Members:
        return tr("Members");
    case Topics:
        return tr("Topics");
    default:
        return {};
    }
}

} // namespace sluice::ui
