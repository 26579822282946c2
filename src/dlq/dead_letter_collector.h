// SPDX-License-Identifier: Apache-2.0
#pragma once

// Decodes dead letters while a scan reads them: a pass-through scan predicate decodes each
// kept record's headers on the scan thread (no second read of the spool) and queues the
// result; the inspector takes the queued rows in batches on its own thread.
//
// Threads: the predicates run on scan threads; take() may be called from any thread.
// A record is queued only when it is kept (after the optional inner filter), so the queue
// holds exactly the rows the index gets.

#include "browse/record_predicate.h"
#include "dlq/convention_detector.h"
#include "dlq/selection_model.h"

#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace sluice::dlq {

struct DecodedDeadLetter {
    RecordRef record;
    std::int64_t timestampMs = -1;
    DeadLetterInfo info; // without the stack trace (the record view decodes it again)
    bool hasStackTrace = false;
};

class DeadLetterCollector : public std::enable_shared_from_this<DeadLetterCollector> {
public:
    DeadLetterCollector(std::shared_ptr<const DeadLetterConventions> conventions, std::string topic);

    // A factory for the scan: its predicates apply `inner` (if any), then decode and queue.
    browse::PredicateFactory predicate(browse::PredicateFactory inner = {});

    // Everything queued since the last call, in scan order per partition.
    std::vector<DecodedDeadLetter> take();

    void add(const decode::RecordView& record); // decode and queue one record

private:
    std::shared_ptr<const DeadLetterConventions> m_conventions;
    std::string m_topic;
    std::mutex m_mutex;
    std::vector<DecodedDeadLetter> m_queue;
};

} // namespace sluice::dlq
