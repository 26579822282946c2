// SPDX-License-Identifier: Apache-2.0
#include "deadletters/dead_letter_table_model.h"

#include "browse/payload_text.h"
#include "common/format.h"

#include <algorithm>

namespace sluice::ui {

namespace {

constexpr int kMaxRows = 0x7FFFFFF0;

QVariant textOr(const std::optional<std::string>& s)
{
    return s ? QVariant(qs(*s)) : QVariant(unknownText());
}

} // namespace

DeadLetterTableModel::DeadLetterTableModel(QObject* parent)
    : QAbstractTableModel(parent)
{
}

void DeadLetterTableModel::setIndex(std::shared_ptr<const browse::RecordIndex> index)
{
    beginResetModel();
    m_index = std::move(index);
    m_first = m_index ? m_index->rows().first : 0;
    m_count = 0;
    m_decoded.clear();
    m_byRecord.clear();
    endResetModel();
}

void DeadLetterTableModel::addDecoded(std::vector<dlq::DecodedDeadLetter> decoded)
{
    m_decoded.reserve(m_decoded.size() + decoded.size());
    for (dlq::DecodedDeadLetter& d : decoded) {
        m_byRecord[d.record] = m_decoded.size();
        m_decoded.push_back(std::move(d));
    }
}

void DeadLetterTableModel::refresh(browse::RowRange published)
{
    if (!m_index)
        return;
    if (published.first > m_first) {
        const std::uint64_t gone
            = std::min<std::uint64_t>(published.first - m_first, static_cast<std::uint64_t>(m_count));
        if (gone > 0) {
            beginRemoveRows({}, 0, static_cast<int>(gone) - 1);
            m_count -= static_cast<int>(gone);
            m_first += gone;
            endRemoveRows();
        }
        if (m_count == 0)
            m_first = published.first;
    }
    const std::uint64_t have = m_first + static_cast<std::uint64_t>(m_count);
    if (published.end > have && m_count < kMaxRows) {
        const int add = static_cast<int>(std::min<std::uint64_t>(published.end - have, kMaxRows - m_count));
        beginInsertRows({}, m_count, m_count + add - 1);
        m_count += add;
        endInsertRows();
    }
}

std::optional<std::uint64_t> DeadLetterTableModel::indexRow(int modelRow) const
{
    if (modelRow < 0 || modelRow >= m_count)
        return std::nullopt;
    return m_first + static_cast<std::uint64_t>(modelRow);
}

int DeadLetterTableModel::modelRow(std::uint64_t indexRow) const
{
    if (indexRow < m_first || indexRow >= m_first + static_cast<std::uint64_t>(m_count))
        return -1;
    return static_cast<int>(indexRow - m_first);
}

const dlq::DecodedDeadLetter* DeadLetterTableModel::decodedAt(int modelRow) const
{
    const auto row = indexRow(modelRow);
    if (!row || !m_index)
        return nullptr;
    const auto entry = m_index->entry(*row);
    if (!entry)
        return nullptr;
    const auto it = m_byRecord.find({ entry->partition, entry->offset });
    return it == m_byRecord.end() ? nullptr : &m_decoded[it->second];
}

int DeadLetterTableModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : m_count;
}

int DeadLetterTableModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant DeadLetterTableModel::data(const QModelIndex& index, int role) const
{
    if (!index.isValid() || !m_index || index.row() >= m_count || index.column() >= ColumnCount)
        return {};
    const auto row = indexRow(index.row());
    const auto entry = m_index->entry(*row);
    if (!entry)
        return {};
    const int column = index.column();
    if (role == Qt::TextAlignmentRole) {
        if (column == Partition || column == Offset || column == OriginalPartition || column == OriginalOffset
            || column == Task)
            return QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter);
        return QVariant::fromValue(Qt::AlignLeft | Qt::AlignVCenter);
    }
    const auto it = m_byRecord.find({ entry->partition, entry->offset });
    const dlq::DeadLetterInfo* info = it == m_byRecord.end() ? nullptr : &m_decoded[it->second].info;
    if (role == Qt::ToolTipRole) {
        if (column == Message && info && info->exceptionMessage)
            return qs(info->exceptionMessage->substr(0, 2000));
        if ((column == OriginalPartition || column == OriginalOffset) && info && !info->hasOriginalCoordinates())
            return tr("The original record's coordinates are not in this dead letter's headers");
        if (column == Timestamp)
            return formatTimestampLocal(entry->timestampMs);
        return {};
    }
    if (role != Qt::DisplayRole)
        return {};
    switch (column) {
    case Partition:
        return static_cast<int>(entry->partition);
    case Offset:
        return QString::number(entry->offset);
    case Timestamp:
        return entry->timestampMs < 0 ? unknownText() : formatTimestampUtc(entry->timestampMs).chopped(4);
    default:
        break;
    }
    if (!info)
        return unknownText();
    switch (column) {
    case OriginalTopic:
        return textOr(info->originalTopic);
    case OriginalPartition:
        return info->originalPartition ? QVariant(*info->originalPartition) : QVariant(tr("unknown"));
    case OriginalOffset:
        return info->originalOffset ? QVariant(QString::number(*info->originalOffset)) : QVariant(tr("unknown"));
    case Connector:
        return info->connectorName        ? qs(*info->connectorName)
            : info->originalConsumerGroup ? qs(*info->originalConsumerGroup)
                                          : unknownText();
    case Task:
        return info->taskId ? QVariant(*info->taskId) : QVariant(unknownText());
    case Stage:
        return textOr(info->stage);
    case ExceptionClass:
        return textOr(info->exceptionClass);
    case Message: {
        if (!info->exceptionMessage)
            return unknownText();
        QString text = qs(info->exceptionMessage->substr(0, 300));
        text.replace(QLatin1Char('\n'), QLatin1Char(' '));
        return text;
    }
    default:
        return {};
    }
}

QVariant DeadLetterTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case Partition:
        return tr("Partition");
    case Offset:
        return tr("Offset");
    case Timestamp:
        return tr("Timestamp (UTC)");
    case OriginalTopic:
        return tr("Original topic");
    case OriginalPartition:
        return tr("Orig. partition");
    case OriginalOffset:
        return tr("Orig. offset");
    case Connector:
        return tr("Connector / group");
    case Task:
        return tr("Task");
    case Stage:
        return tr("Stage");
    case ExceptionClass:
        return tr("Exception");
    case Message:
        return tr("Message");
    default:
        return {};
    }
}

} // namespace sluice::ui
