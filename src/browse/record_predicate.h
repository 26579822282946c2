// SPDX-License-Identifier: Apache-2.0
#pragma once

// The push-down filter seam. A scan asks its PredicateFactory for one predicate per scan
// thread and keeps only the records it accepts, so a search over a big topic runs at scan
// speed. The filter language (src/filter) plugs in here with an adapter that owns a
// filter::Evaluator; tests and benchmarks use makePredicate() with a lambda.
//
// Contract: matches() runs on the scan thread for every record the scan reads, in
// partition-offset order; it must not block or throw, and must not keep the view (its
// bytes belong to librdkafka and are released after the call). A predicate object is used
// by one thread only; the factory may be called from any thread.

#include "decode/record.h"

#include <functional>
#include <memory>
#include <utility>

namespace sluice::browse {

class RecordPredicate {
public:
    virtual ~RecordPredicate() = default;
    virtual bool matches(const decode::RecordView& record) = 0;
};

using PredicateFactory = std::function<std::unique_ptr<RecordPredicate>()>;

// A factory whose predicates call `test` (copied into each one).
template <typename Test> PredicateFactory makePredicate(Test test)
{
    class Adapter final : public RecordPredicate {
    public:
        explicit Adapter(Test t)
            : m_test(std::move(t))
        {
        }
        bool matches(const decode::RecordView& record) override { return m_test(record); }

    private:
        Test m_test;
    };
    return [test = std::move(test)]() -> std::unique_ptr<RecordPredicate> { return std::make_unique<Adapter>(test); };
}

} // namespace sluice::browse
