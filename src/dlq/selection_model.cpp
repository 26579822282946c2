// SPDX-License-Identifier: Apache-2.0
#include "dlq/selection_model.h"

#include <algorithm>
#include <iterator>
#include <limits>

namespace sluice::dlq {

void OffsetRangeSet::add(std::int64_t first, std::int64_t last)
{
    if (first > last)
        return;
    // Merge with every range that overlaps or touches [first, last].
    auto it = m_ranges.upper_bound(first);
    if (it != m_ranges.begin()) {
        auto previous = std::prev(it);
        if (previous->second == std::numeric_limits<std::int64_t>::max() || previous->second + 1 >= first)
            it = previous;
    }
    while (it != m_ranges.end()
           && (last == std::numeric_limits<std::int64_t>::max() || it->first <= last + 1)) {
        first = std::min(first, it->first);
        last = std::max(last, it->second);
        it = m_ranges.erase(it);
    }
    m_ranges.emplace(first, last);
}

void OffsetRangeSet::remove(std::int64_t offset)
{
    auto it = m_ranges.upper_bound(offset);
    if (it == m_ranges.begin())
        return;
    --it;
    const auto [first, last] = *it;
    if (offset > last)
        return;
    m_ranges.erase(it);
    if (first < offset)
        m_ranges.emplace(first, offset - 1);
    if (offset < last)
        m_ranges.emplace(offset + 1, last);
}

bool OffsetRangeSet::contains(std::int64_t offset) const
{
    auto it = m_ranges.upper_bound(offset);
    if (it == m_ranges.begin())
        return false;
    --it;
    return offset <= it->second;
}

std::uint64_t OffsetRangeSet::count() const
{
    std::uint64_t total = 0;
    for (const auto& [first, last] : m_ranges)
        total += static_cast<std::uint64_t>(last) - static_cast<std::uint64_t>(first) + 1;
    return total;
}

std::vector<std::pair<std::int64_t, std::int64_t>> OffsetRangeSet::ranges() const
{
    return {m_ranges.begin(), m_ranges.end()};
}

SelectionModel SelectionModel::explicitRecords(std::string topic)
{
    return SelectionModel(Kind::Explicit, std::move(topic));
}

SelectionModel SelectionModel::allMatching(std::string topic, filter::Filter filter)
{
    SelectionModel model(Kind::AllMatching, std::move(topic));
    model.m_filter = std::move(filter);
    return model;
}

void SelectionModel::select(RecordRef record)
{
    m_offsets[record.partition].add(record.offset);
}

void SelectionModel::selectRange(std::int32_t partition, std::int64_t first, std::int64_t last)
{
    m_offsets[partition].add(first, last);
}

void SelectionModel::deselect(RecordRef record)
{
    auto it = m_offsets.find(record.partition);
    if (it == m_offsets.end())
        return;
    it->second.remove(record.offset);
    if (it->second.isEmpty())
        m_offsets.erase(it);
}

void SelectionModel::toggle(RecordRef record)
{
    if (m_kind == Kind::AllMatching) {
        if (isExcluded(record))
            include(record);
        else
            exclude(record);
        return;
    }
    if (isCandidate(record))
        deselect(record);
    else
        select(record);
}

void SelectionModel::clear()
{
    m_offsets.clear();
    m_excluded.clear();
}

std::uint64_t SelectionModel::explicitCount() const
{
    std::uint64_t total = 0;
    for (const auto& [partition, set] : m_offsets)
        total += set.count();
    return total;
}

void SelectionModel::restrictTo(std::int32_t partition, std::int64_t first, std::int64_t last)
{
    m_offsets[partition].add(first, last);
}

void SelectionModel::exclude(RecordRef record)
{
    m_excluded[record.partition].add(record.offset);
}

void SelectionModel::include(RecordRef record)
{
    auto it = m_excluded.find(record.partition);
    if (it != m_excluded.end())
        it->second.remove(record.offset);
}

bool SelectionModel::isExcluded(RecordRef record) const
{
    const auto it = m_excluded.find(record.partition);
    return it != m_excluded.end() && it->second.contains(record.offset);
}

bool SelectionModel::isCandidate(RecordRef record) const
{
    const auto it = m_offsets.find(record.partition);
    if (m_kind == Kind::Explicit)
        return it != m_offsets.end() && it->second.contains(record.offset);
    if (isExcluded(record))
        return false;
    if (m_offsets.empty())
        return true; // no bounds: every offset of every partition
    return it != m_offsets.end() && it->second.contains(record.offset);
}

filter::Verdict SelectionModel::evaluate(const decode::RecordView& record, filter::Evaluator* evaluator) const
{
    if (!isCandidate({record.partition, record.offset}))
        return filter::Verdict::NoMatch;
    if (m_kind == Kind::Explicit || !evaluator)
        return m_kind == Kind::Explicit ? filter::Verdict::Match : filter::Verdict::NoMatch;
    return evaluator->evaluate(record).verdict;
}

std::vector<std::int32_t> SelectionModel::partitions() const
{
    std::vector<std::int32_t> out;
    out.reserve(m_offsets.size());
    for (const auto& [partition, set] : m_offsets)
        out.push_back(partition);
    return out;
}

const OffsetRangeSet* SelectionModel::offsets(std::int32_t partition) const
{
    const auto it = m_offsets.find(partition);
    return it == m_offsets.end() ? nullptr : &it->second;
}

} // namespace sluice::dlq
