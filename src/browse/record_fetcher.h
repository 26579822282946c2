// SPDX-License-Identifier: Apache-2.0
#pragma once

// Fetches single records from the broker for the record view and "jump to offset" when
// the record is not in the index (filtered out, dropped from a bounded view, or outside
// the scanned range).
//
// Threads: a RecordFetcher owns one librdkafka handle (created on first use, reused) and
// must be used and destroyed on one thread, a worker's, never the GUI thread: fetch()
// blocks up to its timeout.

#include "browse/record_index.h"
#include "config/workspace.h"
#include "decode/record.h"
#include "kafka/secret_resolver.h"
#include "support/result.h"

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>

namespace sluice::browse {

class RecordFetcher {
public:
    RecordFetcher(config::ClusterConfig cluster, std::shared_ptr<kafka::SecretResolver> secrets);
    ~RecordFetcher();
    RecordFetcher(const RecordFetcher&) = delete;
    RecordFetcher& operator=(const RecordFetcher&) = delete;

    // The record at exactly (topic, partition, offset). NotFound when that offset holds no
    // record any more (retention, compaction, a transaction marker) or is past the end.
    Result<decode::Record> fetch(const std::string& topic, std::int32_t partition, std::int64_t offset,
        std::chrono::milliseconds timeout = std::chrono::milliseconds(10000));

private:
    struct Client;
    Status ensureClient();

    config::ClusterConfig m_cluster;
    std::shared_ptr<kafka::SecretResolver> m_secrets;
    std::unique_ptr<Client> m_client;
};

// The record at (partition, offset) of the index's topic: from the spool when the index
// holds it, otherwise from the broker through `fetcher`.
Result<decode::Record> fetchRecord(
    const RecordIndex& index, RecordFetcher& fetcher, std::int32_t partition, std::int64_t offset);

} // namespace sluice::browse
