// SPDX-License-Identifier: Apache-2.0
#pragma once

// The records an operator picked in one topic, as input for a replay. Two forms:
//  - explicit: a set of (partition, offset), stored as offset ranges per partition so that
//    "select these 2 million" costs a few ranges, not 2 million entries;
//  - all matching a filter: every record the filter matches, optionally within offset
//    bounds per partition, minus records the operator excluded one by one.
// Plain data: no Qt, no widgets; the inspector edits it, the replay feature reads it.

#include "decode/record.h"
#include "filter/filter.h"

#include <compare>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace sluice::dlq {

struct RecordRef {
    std::int32_t partition = -1;
    std::int64_t offset = -1;
    friend bool operator==(const RecordRef&, const RecordRef&) = default;
    friend auto operator<=>(const RecordRef&, const RecordRef&) = default;
};

// Disjoint, non-adjacent inclusive ranges of offsets, kept merged.
class OffsetRangeSet {
public:
    void add(std::int64_t offset) { add(offset, offset); }
    void add(std::int64_t first, std::int64_t last); // inclusive; ignored when first > last
    void remove(std::int64_t offset);
    bool contains(std::int64_t offset) const;
    std::uint64_t count() const;
    bool isEmpty() const { return m_ranges.empty(); }
    // Ascending (first, last) pairs.
    std::vector<std::pair<std::int64_t, std::int64_t>> ranges() const;
    friend bool operator==(const OffsetRangeSet&, const OffsetRangeSet&) = default;

private:
    std::map<std::int64_t, std::int64_t> m_ranges; // first → last
};

class SelectionModel {
public:
    enum class Kind { Explicit, AllMatching };

    static SelectionModel explicitRecords(std::string topic);
    static SelectionModel allMatching(std::string topic, filter::Filter filter);

    Kind kind() const { return m_kind; }
    const std::string& topic() const { return m_topic; }

    // Explicit form.
    void select(RecordRef record);
    void selectRange(std::int32_t partition, std::int64_t first, std::int64_t last);
    void deselect(RecordRef record);
    void toggle(RecordRef record); // all-matching form: excludes or includes again
    void clear();
    std::uint64_t explicitCount() const;

    // All-matching form: its filter, the optional offset bounds, and exclusions.
    const std::optional<filter::Filter>& filter() const { return m_filter; }
    // Only offsets first..last of `partition` (call once per partition to bound; unbounded
    // partitions stay unbounded unless at least one bound exists, then only bounded ones count).
    void restrictTo(std::int32_t partition, std::int64_t first, std::int64_t last);
    void exclude(RecordRef record);
    void include(RecordRef record); // undo exclude()
    bool isExcluded(RecordRef record) const;
    // Excluded offsets per partition (all-matching form), e.g. to write them into a replay plan.
    const std::map<std::int32_t, OffsetRangeSet>& exclusions() const { return m_excluded; }

    // Both forms. For the explicit form this is the whole answer; for the all-matching
    // form, whether the record is inside the bounds and not excluded (the filter decides
    // the rest: see evaluate()).
    bool isCandidate(RecordRef record) const;
    // Whether the record belongs to the selection. Explicit: Match or NoMatch from the set.
    // All-matching: the filter's verdict (BudgetExceeded too) for candidates, else NoMatch;
    // needs an Evaluator of filter() (NoMatch without one).
    filter::Verdict evaluate(const decode::RecordView& record, filter::Evaluator* evaluator) const;

    // Partitions with selected offsets (explicit) or bounds (all-matching), ascending.
    std::vector<std::int32_t> partitions() const;
    const OffsetRangeSet* offsets(std::int32_t partition) const; // explicit set or bounds

private:
    SelectionModel(Kind kind, std::string topic) : m_kind(kind), m_topic(std::move(topic)) {}

    Kind m_kind;
    std::string m_topic;
    std::map<std::int32_t, OffsetRangeSet> m_offsets; // explicit selection, or bounds
    std::optional<filter::Filter> m_filter;
    std::map<std::int32_t, OffsetRangeSet> m_excluded;
};

} // namespace sluice::dlq
