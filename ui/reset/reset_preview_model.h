// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "reset/offset_reset.h"

#include <QAbstractTableModel>
#include <vector>

namespace sluice::ui {

// The rows of an offset-reset preview, one per partition: committed offset, target, any
// clamping to the log start or end (spelled out and highlighted, never silent), records to
// reprocess and the time span they cover. Bounded by the group's partition count.
class ResetPreviewModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column { Topic, Partition, Committed, Target, Change, Clamped, ToReprocess, TimeSpan, ColumnCount };
    enum Role {
        IsClampedRole = Qt::UserRole + 40, // bool
        SortValueRole, // numbers as numbers
    };

    explicit ResetPreviewModel(QObject* parent = nullptr);

    void setRows(std::vector<reset::ResetRow> rows);
    void clear();
    const std::vector<reset::ResetRow>& rows() const { return m_rows; }
    // Times in UTC (default) or the local zone.
    void setShowsUtc(bool utc);

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    // "applied to the log start 100 (asked 20)" — empty when the target was not clamped.
    static QString clampText(const reset::ResetRow& row);
    // "08:00:01 → 09:12:44 UTC (1 h 12 min)", with "unknown" for a side that could not be read.
    static QString timeSpanText(const reset::ResetRow& row, bool utc);
    static QString timeText(const std::optional<std::int64_t>& ms, bool utc);
    static QString spanText(std::int64_t ms);

private:
    std::vector<reset::ResetRow> m_rows;
    bool m_utc = true;
};

} // namespace sluice::ui
