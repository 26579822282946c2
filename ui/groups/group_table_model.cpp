// SPDX-License-Identifier: Apache-2.0
#include "groups/group_table_model.h"

#include "common/format.h"
#include "common/model_roles.h"
#include "common/state_palette.h"
#include "monitoring/lag_format.h"

#include <QDateTime>
#include <QFont>
#include <QStringList>
#include <set>

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

bool isNumeric(int column)
{
    return column == GroupTableModel::Members || column == GroupTableModel::Lag || column == GroupTableModel::LagSeconds
        || column == GroupTableModel::ConsumeRate;
}

} // namespace

GroupTableModel::GroupTableModel(QObject* parent)
    : KeyedTableModel<GroupRow>(parent)
{
}

GroupRow GroupTableModel::rowFor(const domain::ConsumerGroupInfo& group)
{
    GroupRow row;
    row.groupId = group.groupId;
    row.state = group.state;
    row.protocolType = group.protocolType;
    row.assignor = group.assignor;
    row.isSimple = group.isSimple;
    row.members = static_cast<int>(group.members.size());
    row.topics = group.topics();
    row.error = group.error;
    return row;
}

QString GroupTableModel::sinceText(const lag::VerdictSince& since, std::chrono::system_clock::time_point now)
{
    if (!since.at)
        return QStringLiteral("\u2014");
    const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(since.at->time_since_epoch()).count();
    const auto seconds
        = std::max<std::int64_t>(0, std::chrono::duration_cast<std::chrono::seconds>(now - *since.at).count());
    const QDateTime at = QDateTime::fromMSecsSinceEpoch(ms);
    const QString when = at.toString(seconds < 20 * 3600 ? QStringLiteral("HH:mm") : QStringLiteral("d MMM HH:mm"));
    QString age;
    if (seconds < 120)
        age = tr("%1 s").arg(seconds);
    else if (seconds < 2 * 3600)
        age = tr("%1 min").arg(seconds / 60);
    else if (seconds < 48 * 3600)
        age = tr("%1 h %2 min").arg(seconds / 3600).arg(seconds % 3600 / 60);
    else
        age = tr("%1 d").arg(seconds / 86400);
    return since.isLowerBound ? tr("\u2264 %1 (\u2265 %2)").arg(when, age) : tr("%1 (%2)").arg(when, age);
}

qint64 verdictSortKey(const GroupRow& row)
{
    if (!row.verdict)
        return -1;
    constexpr qint64 kLagCap = (qint64(1) << 52) - 1;
    return (qint64(lag::severityOf(*row.verdict)) << 52)
        | std::min(kLagCap, std::max<qint64>(0, row.totalLag.value_or(0)));
}

void GroupTableModel::setSnapshot(const kafka::SnapshotPtr& snapshot)
{
    m_snapshot = snapshot;
    rebuild();
}

void GroupTableModel::setLagSnapshot(const kafka::LagSnapshotPtr& snapshot)
{
    m_lag = snapshot;
    if (snapshot) {
        std::set<std::string, std::less<>> seen;
        for (const lag::LagGroupSnapshot& group : snapshot->groups) {
            seen.insert(group.group);
            std::deque<double>& trend = m_trends[group.group];
            if (trend.empty()) // after a restart, the sampler hands over the stored totals once
                for (const std::int64_t total : group.storedTotalLag)
                    trend.push_back(static_cast<double>(total));
            trend.push_back(static_cast<double>(group.totals.totalLagRecords));
            while (trend.size() > static_cast<std::size_t>(kTrendLength))
                trend.pop_front();
        }
        std::erase_if(m_trends, [&](const auto& entry) { return !seen.count(entry.first); });
    }
    rebuild();
}

void GroupTableModel::rebuild()
{
    std::vector<GroupRow> rows;
    std::set<std::string, std::less<>> listed;
    if (m_snapshot) {
        rows.reserve(m_snapshot->groups.size());
        for (const domain::ConsumerGroupInfo& group : m_snapshot->groups) {
            rows.push_back(rowFor(group));
            listed.insert(group.groupId);
        }
    }
    if (m_lag) {
        for (const lag::LagGroupSnapshot& group : m_lag->groups) {
            if (listed.count(group.group))
                continue;
            GroupRow row;
            row.groupId = group.group;
            row.state = group.state;
            row.protocolType = group.protocolType;
            row.isSimple = group.protocolType.empty();
            rows.push_back(std::move(row));
        }
        std::map<std::string_view, const lag::LagGroupSnapshot*> byId;
        for (const lag::LagGroupSnapshot& group : m_lag->groups)
            byId.emplace(group.group, &group);
        for (GroupRow& row : rows) {
            const auto found = byId.find(row.groupId);
            if (found == byId.end())
                continue;
            const lag::LagGroupSnapshot* group = found->second;
            row.verdict = group->verdict;
            row.verdictSince = group->verdictSince;
            if (group->totals.partitions > group->totals.partitionsWithoutCommit)
                row.totalLag = group->totals.totalLagRecords;
            if (group->totals.maxTimeLag) {
                row.maxLagSeconds = group->totals.maxTimeLag->seconds;
                row.maxLagSecondsIsLowerBound = group->totals.maxTimeLag->isLowerBound;
            }
            std::optional<double> rate;
            for (const lag::LagPartitionRow& partition : group->partitions)
                if (partition.consumeRate)
                    rate = rate.value_or(0.0) + partition.consumeRate->recordsPerSecond;
            row.consumeRate = rate;
            row.partitionsWithoutCommit = group->totals.partitionsWithoutCommit;
            if (const auto it = m_trends.find(row.groupId); it != m_trends.end())
                row.trend = QList<double>(it->second.begin(), it->second.end());
        }
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
        case Verdict:
            return verdictText(row->verdict);
        case Since:
            return row->verdict && m_lag ? sinceText(row->verdictSince, m_lag->sampledAt) : unknownText();
        case Lag:
            return formatCount(row->totalLag);
        case LagSeconds:
            return formatLagSeconds(row->maxLagSeconds, row->maxLagSecondsIsLowerBound);
        case Trend:
            return {};
        case ConsumeRate:
            return formatRate(row->consumeRate);
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
        case Verdict:
            return verdictSortKey(*row);
        case Since: // by the start time; no start sorts first
            return row->verdictSince.at ? static_cast<qint64>(std::chrono::duration_cast<std::chrono::milliseconds>(
                                              row->verdictSince.at->time_since_epoch())
                                                                  .count())
                                        : qint64(-1);
        case Lag:
            return row->totalLag ? static_cast<qint64>(*row->totalLag) : qint64(-1);
        case LagSeconds:
            return row->maxLagSeconds.value_or(-1.0);
        case Trend: // by the latest total lag
            return row->trend.isEmpty() ? -1.0 : row->trend.back();
        case ConsumeRate:
            return row->consumeRate.value_or(-1.0);
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
    case TrendRole:
        return column == Trend ? QVariant::fromValue(row->trend) : QVariant();
    case VerdictRole:
        return row->verdict ? lag::severityOf(*row->verdict) : -1;
    case Qt::TextAlignmentRole:
        return QVariant::fromValue(
            isNumeric(column) ? Qt::AlignRight | Qt::AlignVCenter : Qt::AlignLeft | Qt::AlignVCenter);
    case Qt::FontRole:
        if (isNumeric(column))
            return numberFont();
        if (column == Verdict && row->verdict) {
            QFont bold;
            bold.setBold(true);
            return bold;
        }
        return {};
    case Qt::ForegroundRole:
        if (column == Verdict && row->verdict)
            return healthColor(verdictHealth(*row->verdict));
        if (column == State)
            return healthColor(groupStateHealth(row->state));
        if (column == GroupId && !row->error.empty())
            return healthColor(Health::Error);
        return {};
    case Qt::ToolTipRole:
        if (column == GroupId && !row->error.empty())
            return tr("Describe failed: %1").arg(qs(row->error));
        if (column == Verdict && row->verdict)
            return verdictExplanation(*row->verdict);
        if (column == Since && row->verdict && row->verdictSince.at) {
            const QString at = QDateTime::fromMSecsSinceEpoch(std::chrono::duration_cast<std::chrono::milliseconds>(
                row->verdictSince.at->time_since_epoch())
                                                                 .count())
                                   .toString(QStringLiteral("yyyy-MM-dd HH:mm:ss"));
            return row->verdictSince.isLowerBound
                ? tr("%1 since %2 or earlier: the lag history known to Sluice starts there.")
                      .arg(verdictText(row->verdict), at)
                : tr("%1 since %2 (the sample that first showed it).").arg(verdictText(row->verdict), at);
        }
        if (column == Since && row->verdict)
            return tr("OK as far back as the lag history goes.");
        if (column == Lag && row->partitionsWithoutCommit > 0)
            return tr(
                "%n partition(s) without a committed offset are not counted.", nullptr, row->partitionsWithoutCommit);
        if (column == LagSeconds && row->maxLagSecondsIsLowerBound)
            return tr("At least this far behind: the record is older than the sampled history reaches.");
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
            isNumeric(section) ? Qt::AlignRight | Qt::AlignVCenter : Qt::AlignLeft | Qt::AlignVCenter);
    if (role != Qt::DisplayRole)
        return {};
    switch (section) {
    case GroupId:
        return tr("Group");
    case Verdict:
        return tr("Verdict");
    case Since:
        return tr("Since");
    case Lag:
        return tr("Lag");
    case LagSeconds:
        return tr("Max lag time");
    case Trend:
        return tr("Trend");
    case ConsumeRate:
        return tr("Consume rate");
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
