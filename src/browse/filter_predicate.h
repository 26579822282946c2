// SPDX-License-Identifier: Apache-2.0
#pragma once

// The filter language as a scan predicate (push-down): each scan thread gets its own
// filter::Evaluator over the one compiled Filter. A record matches only on Verdict::Match;
// a record whose evaluation ran out of budget is left out and counted.

#include "browse/record_predicate.h"
#include "filter/filter.h"

#include <atomic>
#include <cstdint>
#include <memory>

namespace sluice::browse {

// Counts shared by every predicate of one factory (any thread). `budgetExceeded` is
// current as soon as a record has been evaluated; `evaluated` lags by up to 4095 records
// per predicate until the predicate is destroyed.
struct FilterCounters {
    std::atomic<std::uint64_t> evaluated { 0 };
    std::atomic<std::uint64_t> budgetExceeded { 0 };
};

// `counters` may be null.
PredicateFactory filterPredicate(filter::Filter filter, std::shared_ptr<FilterCounters> counters = {});

} // namespace sluice::browse
