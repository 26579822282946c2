// SPDX-License-Identifier: Apache-2.0
#include "browse/message_table_model.h"

#include "browse/payload_text.h"
#include "common/format.h"
#include "common/model_roles.h"

#include <algorithm>

namespace sluice::ui {

namespace {

constexpr std::size_t kMaxCachedPreviews = 4096;

} // namespace

MessageTableModel::MessageTableModel(QObject* parent)
    : QAbstractTableModel(parent)
{
}

void MessageTableModel::setIndex(std::shared_ptr<const browse::RecordIndex> index)
{
    beginResetModel();
    m_index = std::move(index);
    m_first = m_index ? m_index->rows().first : 0;
    m_count = 0;
    m_previews.clear();
    endResetModel();
}

void MessageTableModel::refresh(browse::RowRange published)
{
    if (!m_index)
        return;
    // Rows the bounded view dropped leave from the top first, then new rows are appended.
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
        m_previews.clear();
    }
    const std::uint64_t have = m_first + static_cast<std::uint64_t>(m_count);
    if (published.end > have && m_count < kMaxRows) {
        const int add = static_cast<int>(std::min<std::uint64_t>(published.end - have, kMaxRows - m_count));
        beginInsertRows({}, m_count, m_count + add - 1);
        m_count += add;
        endInsertRows();
    }
}

std::optional<std::uint64_t> MessageTableModel::indexRow(int modelRow) const
{
    if (modelRow < 0 || modelRow >= m_count)
        return std::nullopt;
    return m_first + static_cast<std::uint64_t>(modelRow);
}

int MessageTableModel::modelRow(std::uint64_t indexRow) const
{
    if (indexRow < m_first || indexRow >= m_first + static_cast<std::uint64_t>(m_count))
        return -1;
    return static_cast<int>(indexRow - m_first);
}

QString MessageTableModel::columnTitle(int column)
{
    switch (column) {
    case Partition:
        return tr("Partition");
    case Offset:
        return tr("Offset");
    case Timestamp:
        return tr("Timestamp (UTC)");
    case Key:
        return tr("Key");
    case Value:
        return tr("Value");
    case Size:
        return tr("Value size");
    case Headers:
        return tr("Headers");
    case SchemaId:
        return tr("Schema id");
    default:
        return {};
    }
}

int MessageTableModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : m_count;
}

int MessageTableModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

const MessageTableModel::Preview& MessageTableModel::previewOf(std::uint64_t row) const
{
    if (auto it = m_previews.find(row); it != m_previews.end())
        return it->second;
    if (m_previews.size() >= kMaxCachedPreviews)
        m_previews.clear();
    Preview preview;
    auto read = m_index->preview(row, kPreviewBytes);
    if (read) {
        const auto view = [](const std::optional<decode::Bytes>& bytes) -> std::optional<decode::ByteView> {
            if (!bytes)
                return std::nullopt;
            return decode::ByteView(*bytes);
        };
        preview.key = previewText(view(read->key), read->isKeyCut);
        preview.value = previewText(view(read->value), read->isValueCut);
    } else {
        preview.key = preview.value = tr("(unavailable: %1)").arg(qs(read.error().message));
    }
    return m_previews.emplace(row, std::move(preview)).first->second;
}

QVariant MessageTableModel::data(const QModelIndex& index, int role) const
{
    if (!index.isValid() || !m_index || index.row() >= m_count || index.column() >= ColumnCount)
        return {};
    const std::uint64_t row = m_first + static_cast<std::uint64_t>(index.row());
    const std::optional<browse::IndexEntry> entry = m_index->entry(row);
    if (!entry) // dropped by a bounded scan since the last refresh
        return role == Qt::DisplayRole && index.column() == Value ? QVariant(tr("(no longer held)")) : QVariant();
    const int column = index.column();
    switch (role) {
    case Qt::DisplayRole:
        switch (column) {
        case Partition:
            return static_cast<int>(entry->partition);
        case Offset:
            return QString::number(entry->offset);
        case Timestamp:
            return entry->timestampMs < 0 ? unknownText() : formatTimestampUtc(entry->timestampMs).chopped(4);
        case Key:
            return previewOf(row).key;
        case Value:
            return previewOf(row).value;
        case Size: // the value alone, as the filter's `size` field
            return formatBytes(entry->valueSize);
        case Headers:
            return static_cast<int>(entry->headerCount);
        case SchemaId: {
            const browse::SchemaIds ids = m_index->schemaIds(*entry);
            if (!ids.key && !ids.value)
                return QString();
            QStringList parts;
            if (ids.key)
                parts << tr("key %1").arg(*ids.key);
            if (ids.value)
                parts << tr("value %1").arg(*ids.value);
            return parts.join(QStringLiteral(", "));
        }
        default:
            return {};
        }
    case SortRole:
        switch (column) {
        case Partition:
            return static_cast<int>(entry->partition);
        case Offset:
            return static_cast<qlonglong>(entry->offset);
        case Timestamp:
            return static_cast<qlonglong>(entry->timestampMs);
        case Size:
            return static_cast<qulonglong>(entry->valueSize);
        default:
            return data(index, Qt::DisplayRole);
        }
    case Qt::ToolTipRole:
        if (column == Timestamp)
            return formatTimestampLocal(entry->timestampMs);
        if (column == Size)
            return tr("value %1 B, key %2 B").arg(entry->valueSize).arg(entry->keySize);
        return {};
    case Qt::TextAlignmentRole:
        if (column == Partition || column == Offset || column == Size || column == Headers)
            return QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter);
        return QVariant::fromValue(Qt::AlignLeft | Qt::AlignVCenter);
    case Qt::FontRole:
        if (column == Offset || column == Timestamp || column == Key || column == Value) {
            static const QFont kFont = numberFont();
            return kFont;
        }
        return {};
    default:
        return {};
    }
}

QVariant MessageTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal)
        return {};
    if (role == Qt::ToolTipRole && section == Size)
        return tr("Bytes of the value (what the filter's size field tests); the key's size is in each cell's tooltip");
    if (role != Qt::DisplayRole)
        return {};
    return columnTitle(section);
}

} // namespace sluice::ui
