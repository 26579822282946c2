// SPDX-License-Identifier: Apache-2.0
#pragma once

// Reads one topic into a RecordIndex as fast as the broker delivers. No Qt: run() works
// on any thread, in tests and in benchmarks alike; ScanJob (scan_job.h) runs it on a
// thread of its own.
//
// Threads: run() owns the scan's librdkafka handle from creation to destruction, on the
// calling thread. cancel() may be called from any thread; run() then returns within about
// ScanTuning::pollTimeout (plus a metadata probe's 500 ms when it is in one). The index may
// be read from any thread while the scan runs (see record_index.h for the rule).
//
// Updates go to the callback at most once per ScanTuning::updateInterval and once more at
// the end, one at a time, on the scan's threads (the index thread while scanning, the
// thread that called run() for the final one); a GUI posts them to its own thread (a queued
// call), copying the ScanUpdate value. With ScanTuning::indexThread the scan uses a second
// thread for indexing (see index_feed.h).

#include "browse/record_index.h"
#include "browse/scan_progress.h"
#include "browse/scan_request.h"
#include "kafka/secret_resolver.h"
#include "support/result.h"

#include <atomic>
#include <functional>
#include <memory>

namespace sluice::browse {

using UpdateCallback = std::function<void(const ScanUpdate&)>;

class Scanner {
public:
    // Creates the index (and its spool file) right away, so a view can attach to index()
    // before the scan starts. Fails only when the spool cannot be created.
    static Result<std::unique_ptr<Scanner>> create(ScanRequest request, std::shared_ptr<kafka::SecretResolver> secrets);
    ~Scanner();
    Scanner(const Scanner&) = delete;
    Scanner& operator=(const Scanner&) = delete;

    const std::shared_ptr<RecordIndex>& index() const { return m_index; }
    const ScanRequest& request() const { return m_request; }

    // Runs the whole scan on the calling thread and returns the final update (which the
    // callback also receives). Errors end the scan as ScanState::Failed with the rows read
    // so far kept. Call once.
    ScanUpdate run(const UpdateCallback& onUpdate = {});
    void cancel() { m_cancelled.store(true, std::memory_order_relaxed); }
    bool isCancelled() const { return m_cancelled.load(std::memory_order_relaxed); }

private:
    Scanner(ScanRequest request, std::shared_ptr<kafka::SecretResolver> secrets, std::shared_ptr<RecordIndex> index);

    ScanRequest m_request;
    std::shared_ptr<kafka::SecretResolver> m_secrets;
    std::shared_ptr<RecordIndex> m_index;
    std::atomic<bool> m_cancelled { false };
};

} // namespace sluice::browse
