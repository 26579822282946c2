// SPDX-License-Identifier: Apache-2.0
#include "reset/reset_preview_model.h"

#include "common/format.h"
#include "common/state_palette.h"

#include <QDateTime>

namespace sluice::ui {

ResetPreviewModel::ResetPreviewModel(QObject* parent)
    : QAbstractTableModel(parent)
{
}

void ResetPreviewModel::setRows(std::vector<reset::ResetRow> rows)
{
    beginResetModel();
    m_rows = std::move(rows);
    endResetModel();
}

void ResetPreviewModel::clear()
{
    setRows({});
}

void ResetPreviewModel::setShowsUtc(bool utc)
{
    if (utc == m_utc)
        return;
    m_utc = utc;
    if (!m_rows.empty())
        emit dataChanged(index(0, TimeSpan), index(rowCount() - 1, TimeSpan));
}

int ResetPreviewModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(m_rows.size());
}

int ResetPreviewModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QString ResetPreviewModel::clampText(const reset::ResetRow& row)
{
    if (row.clamped.empty())
        return {};
    if (row.requested < row.logStart)
        return tr("to the log start %1 (asked %2)").arg(formatCount(row.logStart), formatCount(row.requested));
    return tr("to the log end %1 (asked %2)").arg(formatCount(row.logEnd), formatCount(row.requested));
}

QString ResetPreviewModel::timeText(const std::optional<std::int64_t>& ms, bool utc)
{
    if (!ms)
        return tr("unknown"); // never guessed
    const QDateTime time = QDateTime::fromMSecsSinceEpoch(*ms, utc ? Qt::UTC : Qt::LocalTime);
    return time.toString(QStringLiteral("MM-dd HH:mm:ss"));
}

QString ResetPreviewModel::spanText(std::int64_t ms)
{
    const std::int64_t s = ms / 1000;
    if (s < 60)
        return tr("%1 s").arg(s);
    if (s < 3600)
        return tr("%1 min %2 s").arg(s / 60).arg(s % 60);
    if (s < 86400)
        return tr("%1 h %2 min").arg(s / 3600).arg((s % 3600) / 60);
    return tr("%1 d %2 h").arg(s / 86400).arg((s % 86400) / 3600);
}

QString ResetPreviewModel::timeSpanText(const reset::ResetRow& row, bool utc)
{
    // The records to reprocess run from the target to the log end; the part already
    // processed once runs from the target to the committed offset.
    if (row.toReprocess == 0)
        return tr("nothing to reprocess");
    const std::optional<std::int64_t> from = row.targetTimeMs;
    const std::optional<std::int64_t> to
        = row.current && *row.current > row.target && *row.current < row.logEnd ? row.currentTimeMs : row.lastTimeMs;
    QString text = tr("%1 \u2192 %2").arg(timeText(from, utc), timeText(to, utc));
    text += utc ? tr(" UTC") : QString();
    if (from && to && *to >= *from)
        text += tr(" (%1)").arg(spanText(*to - *from));
    return text;
}

QVariant ResetPreviewModel::data(const QModelIndex& index, int role) const
{
    if (!index.isValid() || index.row() >= rowCount())
        return {};
    const reset::ResetRow& row = m_rows[static_cast<std::size_t>(index.row())];
    const bool clamped = !row.clamped.empty();
    if (role == IsClampedRole)
        return clamped;
    if (role == Qt::BackgroundRole && clamped)
        return healthTint(Health::Warning);
    if (role == Qt::ForegroundRole && clamped && index.column() == Clamped)
        return healthColor(Health::Warning);
    if (role == Qt::TextAlignmentRole) {
        const int column = index.column();
        if (column == Partition || column == Committed || column == Target || column == Change || column == ToReprocess)
            return QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter);
        return {};
    }
    if (role == Qt::ToolTipRole) {
        if (index.column() == Clamped && clamped)
            return tr("The requested offset %1 is outside the log (%2 – %3; older records were deleted or not "
                      "written yet), so the reset uses %4.")
                .arg(formatCount(row.requested), formatCount(row.logStart), formatCount(row.logEnd),
                    formatCount(row.target));
        if (index.column() == TimeSpan)
            return tr("Record at the target: %1\nRecord at the committed offset: %2\nLast record: %3")
                .arg(timeText(row.targetTimeMs, m_utc), timeText(row.currentTimeMs, m_utc),
                    timeText(row.lastTimeMs, m_utc));
        return {};
    }
    if (role == SortValueRole) {
        switch (index.column()) {
        case Topic:
            return qs(row.topic);
        case Partition:
            return row.partition;
        case Committed:
            return row.current ? QVariant(static_cast<qlonglong>(*row.current)) : QVariant(-1LL);
        case Target:
            return static_cast<qlonglong>(row.target);
        case Change:
            return row.current ? QVariant(static_cast<qlonglong>(row.target - *row.current)) : QVariant();
        case ToReprocess:
            return static_cast<qlonglong>(row.toReprocess);
        default:
            return data(index, Qt::DisplayRole);
        }
    }
    if (role != Qt::DisplayRole)
        return {};
    switch (index.column()) {
    case Topic:
        return qs(row.topic);
    case Partition:
        return row.partition;
    case Committed:
        return row.current ? formatCount(*row.current) : tr("none");
    case Target:
        return formatCount(row.target);
    case Change:
        if (!row.current)
            return QStringLiteral("\u2014");
        return row.target >= *row.current ? QStringLiteral("+%1").arg(formatCount(row.target - *row.current))
                                          : QStringLiteral("\u2212%1").arg(formatCount(*row.current - row.target));
    case Clamped:
        return clamped ? clampText(row) : tr("no");
    case ToReprocess:
        return formatCount(row.toReprocess);
    case TimeSpan:
        return timeSpanText(row, m_utc);
    default:
        return {};
    }
}

QVariant ResetPreviewModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case Topic:
        return tr("Topic");
    case Partition:
        return tr("Partition");
    case Committed:
        return tr("Committed");
    case Target:
        return tr("Target");
    case Change:
        return tr("Change");
    case Clamped:
        return tr("Clamped");
    case ToReprocess:
        return tr("Records to read");
    case TimeSpan:
        return tr("Time span");
    default:
        return {};
    }
}

} // namespace sluice::ui
