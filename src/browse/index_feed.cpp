// SPDX-License-Identifier: Apache-2.0
#include "browse/index_feed.h"

#include "support/logging.h"

#include <algorithm>
#include <exception>

namespace sluice::browse {

IndexFeed::IndexFeed(RecordIndex& index, const UpdateCallback& onUpdate, bool threaded, std::size_t depth)
    : m_index(index)
    , m_onUpdate(onUpdate)
    , m_threaded(threaded)
    , m_depth(std::max<std::size_t>(depth, 1))
    , m_filling(std::make_unique<FeedBatch>())
{
    if (m_threaded)
        m_thread = std::thread([this] { run(); });
}

IndexFeed::~IndexFeed()
{
    finish();
}

void IndexFeed::setError(Error error)
{
    std::lock_guard lock(m_mutex);
    if (!m_error)
        m_error = std::move(error);
    m_failed.store(true, std::memory_order_release);
}

std::optional<Error> IndexFeed::error() const
{
    std::lock_guard lock(m_mutex);
    return m_error;
}

void IndexFeed::process(FeedBatch& batch)
{
    for (std::size_t i = 0; i < batch.records.size(); ++i) {
        if (hasFailed())
            break;
        decode::RecordView& record = batch.records[i];
        if (!m_rowsShown)
            ++m_seen[record.partition];
        const auto [first, count] = batch.headerRanges[i];
        record.headers = std::span<const decode::HeaderView>(batch.headers).subspan(first, count);
        if (m_predicate) {
            if (!m_predicate->matches(record))
                continue;
            ++m_matched[record.partition];
        }
        if (auto appended = m_index.append(record); !appended)
            setError(appended.error());
    }
    for (rd_kafka_message_t* message : batch.messages)
        rd_kafka_message_destroy(message);
    if (batch.update) {
        deliver(*batch.update);
    } else if (!m_rowsShown && m_lastDelivered && m_index.appendedRows() > m_index.rows().end) {
        // The first rows are in: show them now rather than with the next update, up to an
        // update interval later. The progress is the last update's, raised to what was seen.
        ScanUpdate early = *m_lastDelivered;
        for (PartitionProgress& p : early.progress.partitions) {
            const auto it = m_seen.find(p.partition);
            if (it != m_seen.end() && it->second > p.recordsRead) {
                early.progress.recordsRead += it->second - p.recordsRead;
                p.recordsRead = it->second;
            }
        }
        deliver(early);
    }
    batch.clear();
}

void IndexFeed::deliver(ScanUpdate& update)
{
    if (m_predicate)
        fillMatched(update.progress);
    auto published = m_index.publish();
    if (!published)
        setError(published.error());
    update.rows = published ? *published : m_index.rows();
    if (!update.error)
        update.error = error();
    if (!m_rowsShown) {
        m_rowsShown = update.rows.size() > 0;
        if (m_rowsShown) {
            m_lastDelivered.reset();
            m_seen.clear();
        } else {
            m_lastDelivered = update;
            // Seen counts restart from what this update reports.
            for (const PartitionProgress& p : update.progress.partitions)
                m_seen[p.partition] = std::max(m_seen[p.partition], p.recordsRead);
        }
    }
    if (m_onUpdate) {
        try {
            m_onUpdate(update);
        } catch (const std::exception& e) {
            logging::kafka()->error("scan update callback threw: {}", e.what());
        }
    }
}

void IndexFeed::fillMatched(ScanProgress& progress) const
{
    progress.recordsMatched = 0;
    for (PartitionProgress& p : progress.partitions) {
        const auto it = m_matched.find(p.partition);
        p.recordsMatched = it == m_matched.end() ? 0 : it->second;
        progress.recordsMatched += p.recordsMatched;
    }
}

void IndexFeed::submit()
{
    if (m_filling->isEmpty())
        return;
    if (!m_threaded || !m_thread.joinable()) {
        process(*m_filling);
        return;
    }
    std::unique_lock lock(m_mutex);
    m_changed.wait(lock, [this] { return m_ready.size() < m_depth; });
    m_ready.push_back(std::move(m_filling));
    if (m_spare.empty()) {
        m_filling = std::make_unique<FeedBatch>();
    } else {
        m_filling = std::move(m_spare.back());
        m_spare.pop_back();
    }
    lock.unlock();
    m_changed.notify_all();
}

void IndexFeed::run()
{
    std::unique_lock lock(m_mutex);
    for (;;) {
        m_changed.wait(lock, [this] { return !m_ready.empty() || m_stopping; });
        if (m_ready.empty())
            return; // stopping, and nothing left
        std::unique_ptr<FeedBatch> batch = std::move(m_ready.front());
        m_ready.pop_front();
        lock.unlock();
        m_changed.notify_all(); // room for the producer
        process(*batch);
        lock.lock();
        m_spare.push_back(std::move(batch));
    }
}

void IndexFeed::finish()
{
    submit();
    if (!m_thread.joinable())
        return;
    {
        std::lock_guard lock(m_mutex);
        m_stopping = true;
    }
    m_changed.notify_all();
    m_thread.join();
}

} // namespace sluice::browse
