// SPDX-License-Identifier: Apache-2.0
#include "dlq/dead_letter_collector.h"

#include <utility>

namespace sluice::dlq {

namespace {

class CollectingPredicate final : public browse::RecordPredicate {
public:
    CollectingPredicate(std::shared_ptr<DeadLetterCollector> collector, std::unique_ptr<browse::RecordPredicate> inner)
        : m_collector(std::move(collector))
        , m_inner(std::move(inner))
    {
    }
    bool matches(const decode::RecordView& record) override
    {
        if (m_inner && !m_inner->matches(record))
            return false;
        m_collector->add(record);
        return true;
    }

private:
    std::shared_ptr<DeadLetterCollector> m_collector;
    std::unique_ptr<browse::RecordPredicate> m_inner;
};

} // namespace

DeadLetterCollector::DeadLetterCollector(std::shared_ptr<const DeadLetterConventions> conventions, std::string topic)
    : m_conventions(std::move(conventions))
    , m_topic(std::move(topic))
{
}

browse::PredicateFactory DeadLetterCollector::predicate(browse::PredicateFactory inner)
{
    std::shared_ptr<DeadLetterCollector> self = shared_from_this();
    return [self, inner = std::move(inner)]() -> std::unique_ptr<browse::RecordPredicate> {
        return std::make_unique<CollectingPredicate>(self, inner ? inner() : nullptr);
    };
}

void DeadLetterCollector::add(const decode::RecordView& record)
{
    DecodedDeadLetter out;
    out.record = { record.partition, record.offset };
    out.timestampMs = record.timestamp.ms;
    out.info = m_conventions->decode(m_topic, record.headers);
    out.hasStackTrace = out.info.stackTrace.has_value();
    out.info.stackTrace.reset();
    const std::lock_guard lock(m_mutex);
    m_queue.push_back(std::move(out));
}

std::vector<DecodedDeadLetter> DeadLetterCollector::take()
{
    std::vector<DecodedDeadLetter> out;
    const std::lock_guard lock(m_mutex);
    out.swap(m_queue);
    return out;
}

} // namespace sluice::dlq
