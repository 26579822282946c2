// SPDX-License-Identifier: Apache-2.0
#include "monitoring/partition_lag_model.h"

#include "common/format.h"
#include "common/model_roles.h"
#include "monitoring/lag_format.h"

#include <QFont>

#include <algorithm>

namespace sluice::ui {
namespace {

bool isNumeric(int column)
{
    return column >= PartitionLagModel::Partition && column <= PartitionLagModel::ProduceRate;
}

} // namespace

PartitionLagModel::PartitionLagModel(QObject* parent)
    : KeyedTableModel<PartitionLagViewRow>(parent)
{
}

void PartitionLagModel::setGroup(const lag::LagGroupSnapshot* group, std::chrono::system_clock::time_point sampledAt)
{
    m_sampledAtMs = std::chrono::duration_cast<std::chrono::milliseconds>(sampledAt.time_since_epoch()).count();
    std::vector<PartitionLagViewRow> rows;
    if (group) {
        rows.reserve(group->partitions.size());
        for (const lag::LagPartitionRow& p : group->partitions) {
            PartitionLagViewRow row;
            row.topic = p.partition.topic;
            row.partition = p.partition.partition;
            row.committed = p.committed;
            row.end = p.end;
            row.lag = p.lag.lagRecords;
            if (p.timeLag) {
                row.lagSeconds = p.timeLag->seconds;
                row.lagSecondsIsLowerBound = p.timeLag->isLowerBound;
            }
            if (p.consumeRate)
                row.consumeRate = p.consumeRate->recordsPerSecond;
            if (p.produceRate)
                row.produceRate = p.produceRate->recordsPerSecond;
            row.verdict = p.verdict;
            row.reason = std::string(lag::nameOf(p.reason));
            row.client = p.memberClientId;
            rows.push_back(std::move(row));
        }
    }
    applyExact(rows, m_sampledAtMs);
    replaceRows(std::move(rows));
}

void PartitionLagModel::setExactTimes(const kafka::ExactLagAnswer& answer)
{
    for (const lag::RecordTime& t : answer.times) {
        const auto key = std::pair(t.partition.topic, t.partition.partition);
        if (t.atEnd)
            m_exact[key] = { t.offset, std::nullopt };
        else if (t.timestampMs)
            m_exact[key] = { t.offset, *t.timestampMs };
    }
    std::vector<PartitionLagViewRow> next = rows();
    applyExact(next,
        std::max(m_sampledAtMs,
            static_cast<std::int64_t>(
                std::chrono::duration_cast<std::chrono::milliseconds>(answer.readAt.time_since_epoch()).count())));
    replaceRows(std::move(next));
}

void PartitionLagModel::applyExact(std::vector<PartitionLagViewRow>& rows, std::int64_t nowMs)
{
    std::map<std::pair<std::string, std::int32_t>, ExactTime> kept;
    for (PartitionLagViewRow& row : rows) {
        const auto it = m_exact.find(row.key());
        if (it == m_exact.end() || !row.committed || *row.committed != it->second.offset)
            continue; // the group moved on since: the interpolated figure stands until the next read
        const ExactTime& e = it->second;
        row.lagSeconds = e.timestampMs ? std::max(0.0, static_cast<double>(nowMs - *e.timestampMs) / 1000.0) : 0.0;
        row.lagSecondsIsLowerBound = false;
        row.lagSecondsIsExact = true;
        kept.insert(*it);
    }
    m_exact = std::move(kept);
}

int PartitionLagModel::exactRowCount() const
{
    int n = 0;
    for (const PartitionLagViewRow& row : rows())
        n += row.lagSecondsIsExact ? 1 : 0;
    return n;
}

int PartitionLagModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant PartitionLagModel::data(const QModelIndex& index, int role) const
{
    const PartitionLagViewRow* row = rowAt(index.row());
    if (!row || index.column() < 0 || index.column() >= ColumnCount)
        return {};
    const int column = index.column();
    switch (role) {
    case Qt::DisplayRole:
        switch (column) {
        case Topic:
            return qs(row->topic);
        case Partition:
            return row->partition;
        case Committed:
            return row->committed ? formatCount(*row->committed) : tr("no commit");
        case End:
            return formatCount(row->end);
        case Lag:
            return formatCount(row->lag);
        case LagSeconds:
            return row->lagSecondsIsExact ? tr("%1 (exact)").arg(formatLagSeconds(row->lagSeconds, false))
                                          : formatLagSeconds(row->lagSeconds, row->lagSecondsIsLowerBound);
        case ConsumeRate:
            return formatRate(row->consumeRate);
        case ProduceRate:
            return formatRate(row->produceRate);
        case Verdict:
            return verdictText(row->verdict);
        case Client:
            return row->client.empty() ? unknownText() : qs(row->client);
        default:
            return {};
        }
    case SortRole:
        switch (column) {
        case Topic:
            return qs(row->topic);
        case Partition:
            return row->partition;
        case Committed:
            return static_cast<qint64>(row->committed.value_or(-1));
        case End:
            return static_cast<qint64>(row->end);
        case Lag:
            return static_cast<qint64>(row->lag.value_or(-1));
        case LagSeconds:
            return row->lagSeconds.value_or(-1.0);
        case ConsumeRate:
            return row->consumeRate.value_or(-1.0);
        case ProduceRate:
            return row->produceRate.value_or(-1.0);
        case Verdict:
            return lag::severityOf(row->verdict);
        case Client:
            return qs(row->client);
        default:
            return {};
        }
    case KeyRole:
        return qs(row->topic);
    case Qt::TextAlignmentRole:
        return QVariant::fromValue(
            isNumeric(column) ? Qt::AlignRight | Qt::AlignVCenter : Qt::AlignLeft | Qt::AlignVCenter);
    case Qt::FontRole:
        if (isNumeric(column))
            return numberFont();
        if (column == Verdict) {
            QFont bold;
            bold.setBold(true);
            return bold;
        }
        return {};
    case Qt::ForegroundRole:
        if (column == Verdict)
            return healthColor(verdictHealth(row->verdict));
        if (column == Committed && !row->committed)
            return healthColor(Health::Neutral);
        return {};
    case Qt::ToolTipRole:
        if (column == Verdict)
            return tr("%1 (rule: %2)").arg(verdictExplanation(row->verdict), qs(row->reason));
        if (column == LagSeconds && row->lagSecondsIsExact)
            return tr("Exact: the age of the record at the committed offset, read from the broker.");
        if (column == LagSeconds && row->lagSecondsIsLowerBound)
            return tr("At least this far behind: the record is older than the sampled history reaches.");
        if (column == LagSeconds && row->lagSeconds)
            return tr("Interpolated from the history of end offsets; exact for the rows on screen once read.");
        return {};
    default:
        return {};
    }
}

QVariant PartitionLagModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal)
        return {};
    if (role == Qt::TextAlignmentRole)
        return QVariant::fromValue(
            isNumeric(section) ? Qt::AlignRight | Qt::AlignVCenter : Qt::AlignLeft | Qt::AlignVCenter);
    if (role != Qt::DisplayRole)
        return {};
    switch (section) {
    case Topic:
        return tr("Topic");
    case Partition:
        return tr("Partition");
    case Committed:
        return tr("Committed");
    case End:
        return tr("End");
    case Lag:
        return tr("Lag");
    case LagSeconds:
        return tr("Lag time");
    case ConsumeRate:
        return tr("Consume rate");
    case ProduceRate:
        return tr("Produce rate");
    case Verdict:
        return tr("Verdict");
    case Client:
        return tr("Member (client)");
    default:
        return {};
    }
}

} // namespace sluice::ui
