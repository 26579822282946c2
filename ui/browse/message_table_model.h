// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "browse/record_index.h"

#include <QAbstractTableModel>
#include <QString>
#include <cstdint>
#include <memory>
#include <optional>
#include <unordered_map>

namespace sluice::ui {

// The message browser's table: a thin adapter over a RecordIndex that a scan fills on other
// threads. rowCount() is a number, data() reads the index entry of the one cell asked for;
// key and value previews are short bounded spool reads, cached for the rows on screen.
//
// Rows follow the index's published window, never the index itself: the table changes
// only in refresh(), which the browser calls with each scan update (at most ~20 per
// second), so one update is one beginRemoveRows (bounded mode dropped old rows) plus one
// beginInsertRows for everything new. Row r of the model is row first() + r of the index.
class MessageTableModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column { Partition, Offset, Timestamp, Key, Value, Size, Headers, SchemaId, ColumnCount };
    static constexpr int kMaxRows = 0x7FFFFFF0; // QAbstractItemModel counts rows in int
    static constexpr std::size_t kPreviewBytes = 512;

    explicit MessageTableModel(QObject* parent = nullptr);

    // Shows `index` (null: empty table). Resets the model.
    void setIndex(std::shared_ptr<const browse::RecordIndex> index);
    const std::shared_ptr<const browse::RecordIndex>& recordIndex() const { return m_index; }
    // Follows the index's published window `published` (from a ScanUpdate): drops rows
    // that left it, appends rows that joined it.
    void refresh(browse::RowRange published);

    std::uint64_t firstIndexRow() const { return m_first; }
    std::optional<std::uint64_t> indexRow(int modelRow) const;
    int modelRow(std::uint64_t indexRow) const; // -1 when not in the table

    static QString columnTitle(int column);

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    struct Preview {
        QString key;
        QString value;
    };
    const Preview& previewOf(std::uint64_t row) const;

    std::shared_ptr<const browse::RecordIndex> m_index;
    std::uint64_t m_first = 0; // index row of model row 0
    int m_count = 0;
    mutable std::unordered_map<std::uint64_t, Preview> m_previews; // bounded; cleared when full
};

} // namespace sluice::ui
