// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QAbstractTableModel>
#include <map>
#include <set>
#include <utility>
#include <vector>

namespace sluice::ui {

// Base for live tables whose rows are rebuilt from every snapshot. A Row is a compact plain
// struct with `key()` (its identity: topic name, partition number …) and `operator==`.
//
// replaceRows() turns a new row list into the smallest set of change signals: rows that
// disappeared are removed and new ones inserted in contiguous runs, so every surviving row
// keeps its identity (views keep selection and scroll position), and rows whose content
// changed are reported as merged dataChanged ranges (one range for the whole table when
// most rows changed). Only if surviving rows changed their relative order, or keys are not
// unique, does the model reset.
template <typename Row> class KeyedTableModel : public QAbstractTableModel {
public:
    using QAbstractTableModel::QAbstractTableModel;

    int rowCount(const QModelIndex& parent = {}) const override
    {
        return parent.isValid() ? 0 : static_cast<int>(m_rows.size());
    }

    const std::vector<Row>& rows() const { return m_rows; }
    const Row* rowAt(int row) const
    {
        return row >= 0 && row < rowCount() ? &m_rows[static_cast<std::size_t>(row)] : nullptr;
    }

protected:
    using Key = std::decay_t<decltype(std::declval<const Row&>().key())>;

    void replaceRows(std::vector<Row> next)
    {
        std::map<Key, std::size_t> nextIndex;
        for (std::size_t i = 0; i < next.size(); ++i)
            nextIndex.emplace(next[i].key(), i);
        if (nextIndex.size() != next.size()) {
            resetRows(std::move(next));
            return;
        }
        std::set<Key> oldKeys;
        for (const Row& row : m_rows)
            oldKeys.insert(row.key());

        removeVanishedRows(nextIndex);
        if (!survivorsKeepOrder(nextIndex)) {
            resetRows(std::move(next));
            return;
        }
        insertNewRows(next, oldKeys);
        updateChangedRows(std::move(next));
    }

    void resetRows(std::vector<Row> next)
    {
        beginResetModel();
        m_rows = std::move(next);
        endResetModel();
    }

    std::vector<Row> m_rows;

private:
    void removeVanishedRows(const std::map<Key, std::size_t>& nextIndex)
    {
        int i = rowCount() - 1;
        while (i >= 0) {
            if (nextIndex.count(m_rows[static_cast<std::size_t>(i)].key())) {
                --i;
                continue;
            }
            const int last = i;
            while (i >= 0 && !nextIndex.count(m_rows[static_cast<std::size_t>(i)].key()))
                --i;
            beginRemoveRows({}, i + 1, last);
            m_rows.erase(m_rows.begin() + (i + 1), m_rows.begin() + (last + 1));
            endRemoveRows();
        }
    }

    bool survivorsKeepOrder(const std::map<Key, std::size_t>& nextIndex) const
    {
        std::size_t previous = 0;
        bool first = true;
        for (const Row& row : m_rows) {
            const std::size_t index = nextIndex.at(row.key());
            if (!first && index <= previous)
                return false;
            previous = index;
            first = false;
        }
        return true;
    }

    void insertNewRows(const std::vector<Row>& next, const std::set<Key>& oldKeys)
    {
        std::size_t position = 0;
        std::size_t j = 0;
        while (j < next.size()) {
            if (oldKeys.count(next[j].key())) {
                ++position;
                ++j;
                continue;
            }
            const std::size_t first = j;
            while (j < next.size() && !oldKeys.count(next[j].key()))
                ++j;
            const int count = static_cast<int>(j - first);
            beginInsertRows({}, static_cast<int>(position), static_cast<int>(position) + count - 1);
            m_rows.insert(m_rows.begin() + static_cast<std::ptrdiff_t>(position),
                next.begin() + static_cast<std::ptrdiff_t>(first), next.begin() + static_cast<std::ptrdiff_t>(j));
            endInsertRows();
            position += static_cast<std::size_t>(count);
        }
    }

    void updateChangedRows(std::vector<Row> next)
    {
        std::vector<std::pair<int, int>> ranges; // inclusive [first, last]
        int changed = 0;
        for (std::size_t i = 0; i < next.size(); ++i) {
            if (m_rows[i] == next[i])
                continue;
            m_rows[i] = std::move(next[i]);
            ++changed;
            const int row = static_cast<int>(i);
            if (!ranges.empty() && ranges.back().second == row - 1)
                ranges.back().second = row;
            else
                ranges.emplace_back(row, row);
        }
        if (changed == 0)
            return;
        const int lastColumn = columnCount() - 1;
        if (changed * 2 > rowCount()) {
            emit dataChanged(index(0, 0), index(rowCount() - 1, lastColumn));
            return;
        }
        for (const auto& [first, last] : ranges)
            emit dataChanged(index(first, 0), index(last, lastColumn));
    }
};

} // namespace sluice::ui
