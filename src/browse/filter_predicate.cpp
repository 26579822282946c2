// SPDX-License-Identifier: Apache-2.0
#include "browse/filter_predicate.h"

#include <utility>

namespace sluice::browse {

namespace {

class FilterPredicate final : public RecordPredicate {
public:
    FilterPredicate(const filter::Filter& filter, std::shared_ptr<FilterCounters> counters)
        : m_evaluator(filter)
        , m_counters(std::move(counters))
    {
    }
    ~FilterPredicate() override { flushCounts(); }
    FilterPredicate(const FilterPredicate&) = delete;
    FilterPredicate& operator=(const FilterPredicate&) = delete;

    bool matches(const decode::RecordView& record) override
    {
        const filter::Evaluation result = m_evaluator.evaluate(record);
        ++m_evaluated;
        // Shared counters are touched once per 4096 records, not per record; a record over
        // budget (rare, and costly anyway) is counted at once, so that a scan's final
        // update, sent before the predicates are destroyed, already includes it.
        if (result.verdict == filter::Verdict::BudgetExceeded) {
            ++m_budgetExceeded;
            flushCounts();
        } else if ((m_evaluated & 4095U) == 0) {
            flushCounts();
        }
        return result.verdict == filter::Verdict::Match;
    }

private:
    void flushCounts()
    {
        if (!m_counters)
            return;
        m_counters->evaluated.fetch_add(m_evaluated - m_flushedEvaluated, std::memory_order_relaxed);
        m_counters->budgetExceeded.fetch_add(m_budgetExceeded - m_flushedBudget, std::memory_order_relaxed);
        m_flushedEvaluated = m_evaluated;
        m_flushedBudget = m_budgetExceeded;
    }

    filter::Evaluator m_evaluator;
    std::shared_ptr<FilterCounters> m_counters;
    std::uint64_t m_evaluated = 0;
    std::uint64_t m_budgetExceeded = 0;
    std::uint64_t m_flushedEvaluated = 0;
    std::uint64_t m_flushedBudget = 0;
};

} // namespace

PredicateFactory filterPredicate(filter::Filter filter, std::shared_ptr<FilterCounters> counters)
{
    return [filter = std::move(filter), counters = std::move(counters)]() -> std::unique_ptr<RecordPredicate> {
        return std::make_unique<FilterPredicate>(filter, counters);
    };
}

} // namespace sluice::browse
