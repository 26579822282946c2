// SPDX-License-Identifier: Apache-2.0
#pragma once

// Carries a scan's records from the consume thread into the RecordIndex, either inline or
// on a second thread (the "index thread"), in batches. With the thread, copying payloads to
// the spool, building index entries and freeing librdkafka's messages overlap with
// consuming: on 2 cores this keeps the consume thread ahead of librdkafka's fetcher (see
// docs/scanning.md for the measurements).
//
// Threads: the consume thread fills batch() and calls submit(); the index thread is then
// the RecordIndex's only writer until finish() returns, after which the consume thread may
// write again. librdkafka messages cross to the index thread and are destroyed there
// (message objects are thread-safe to destroy); finish() guarantees all of them are
// destroyed, so the handle can be destroyed after it. Internal to src/browse.

#include "browse/record_index.h"
#include "browse/record_predicate.h"
#include "browse/scan_progress.h"
#include "browse/scanner.h"

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <librdkafka/rdkafka.h>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>
#include <utility>
#include <vector>

namespace sluice::browse {

struct FeedBatch {
    std::vector<rd_kafka_message_t*> messages; // all consumed messages, destroyed after indexing
    std::vector<decode::RecordView> records; // to append, pointing into `messages`
    std::vector<decode::HeaderView> headers; // header storage for `records`
    std::vector<std::pair<std::uint32_t, std::uint32_t>> headerRanges; // per record: first, count
    std::optional<ScanUpdate> update; // publish, then deliver this (rows filled in)

    // Adds a record whose headers are the last `headerCount` entries of `headers`.
    void addRecord(const decode::RecordView& record, std::size_t headerCount)
    {
        records.push_back(record);
        headerRanges.emplace_back(
            static_cast<std::uint32_t>(headers.size() - headerCount), static_cast<std::uint32_t>(headerCount));
    }
    void clear()
    {
        messages.clear();
        records.clear();
        headers.clear();
        headerRanges.clear();
        update.reset();
    }
    bool isEmpty() const { return messages.empty() && records.empty() && !update; }
};

class IndexFeed {
public:
    IndexFeed(RecordIndex& index, const UpdateCallback& onUpdate, bool threaded, std::size_t depth = 4);
    ~IndexFeed();
    IndexFeed(const IndexFeed&) = delete;
    IndexFeed& operator=(const IndexFeed&) = delete;

    FeedBatch& batch() { return *m_filling; }
    // Hands the filled batch over (blocks while `depth` batches wait) and starts a new one.
    void submit();
    // Indexes everything submitted, stops the thread. Idempotent.
    void finish();
    // Filters on the index thread instead of the consume thread: records in a batch are then
    // tested here and only the matching ones appended; the matched counts of each update's
    // progress are filled in here too. Set before the first submit(); the feed is then the
    // predicate's only user.
    void filterWith(RecordPredicate* predicate) { m_predicate = predicate; }
    bool isFiltering() const { return m_predicate != nullptr; }
    // Sets the matched counts of `progress` from what this feed matched. With a thread, only
    // after finish() or from the index thread.
    void fillMatched(ScanProgress& progress) const;
    bool hasFailed() const { return m_failed.load(std::memory_order_acquire); }
    std::optional<Error> error() const;

private:
    void process(FeedBatch& batch);
    void deliver(ScanUpdate& update);
    void run();
    void setError(Error error);

    RecordIndex& m_index;
    const UpdateCallback& m_onUpdate;
    RecordPredicate* m_predicate = nullptr;
    std::map<std::int32_t, std::uint64_t> m_matched; // partition → records matched (filtering here)
    // Until rows have been shown: the last update delivered and the records this feed has seen
    // per partition since, so that the first rows go out at once instead of with the next
    // update (B4: first match shown), with counts no older than those rows.
    std::optional<ScanUpdate> m_lastDelivered;
    std::map<std::int32_t, std::uint64_t> m_seen;
    bool m_rowsShown = false;
    const bool m_threaded;
    const std::size_t m_depth;
    std::unique_ptr<FeedBatch> m_filling;

    mutable std::mutex m_mutex;
    std::condition_variable m_changed;
    std::deque<std::unique_ptr<FeedBatch>> m_ready;
    std::vector<std::unique_ptr<FeedBatch>> m_spare;
    bool m_stopping = false;
    std::optional<Error> m_error;
    std::atomic<bool> m_failed { false };
    std::thread m_thread;
};

} // namespace sluice::browse
