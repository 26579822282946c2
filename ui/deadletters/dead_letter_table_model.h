// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "browse/record_index.h"
#include "dlq/dead_letter_collector.h"

#include <QAbstractTableModel>
#include <map>
#include <memory>
#include <optional>
#include <vector>

namespace sluice::ui {

// The dead-letter inspector's table: one row per record of the scan's RecordIndex (same
// batched follow-the-window rule as MessageTableModel) with the decoded dead-letter fields
// beside partition, offset and timestamp. The decoded fields come from the scan threads
// (DeadLetterCollector) through addDecoded(), before the rows that carry them appear.
class DeadLetterTableModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column {
        Partition,
        Offset,
        Timestamp,
        OriginalTopic,
        OriginalPartition,
        OriginalOffset,
        Connector,
        Task,
        Stage,
        ExceptionClass,
        Message,
        ColumnCount
    };

    explicit DeadLetterTableModel(QObject* parent = nullptr);

    void setIndex(std::shared_ptr<const browse::RecordIndex> index); // resets
    const std::shared_ptr<const browse::RecordIndex>& recordIndex() const { return m_index; }
    void addDecoded(std::vector<dlq::DecodedDeadLetter> decoded);
    void refresh(browse::RowRange published);

    std::optional<std::uint64_t> indexRow(int modelRow) const;
    int modelRow(std::uint64_t indexRow) const;
    const dlq::DecodedDeadLetter* decodedAt(int modelRow) const;
    const std::vector<dlq::DecodedDeadLetter>& decoded() const { return m_decoded; }

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    std::shared_ptr<const browse::RecordIndex> m_index;
    std::uint64_t m_first = 0;
    int m_count = 0;
    std::vector<dlq::DecodedDeadLetter> m_decoded;
    std::map<dlq::RecordRef, std::size_t> m_byRecord;
};

} // namespace sluice::ui
