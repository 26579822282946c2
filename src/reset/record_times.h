// SPDX-License-Identifier: Apache-2.0
#pragma once

// Record timestamps for the offset-reset preview: the time of the first record at or
// after given offsets, read with one assign-only consumer (no group, nothing committed).
// Internal to src/reset (uses librdkafka); blocking, for the resetter's worker thread.

#include "domain/cluster_snapshot.h"
#include "kafka/client_config.h"

#include <atomic>
#include <chrono>
#include <cstdint>
#include <map>
#include <utility>
#include <vector>

namespace sluice::reset {

using OffsetAt = std::pair<domain::TopicPartition, std::int64_t>;

// For each requested (partition, offset) below `logEnds` of its partition: the timestamp
// (ms since epoch) of the first record at or after that offset. Requests that time out,
// reach the log end or carry no timestamp are absent — the caller shows "unknown". One
// round of fetches per distinct offset of a partition, each round bounded by `timeout`.
std::map<OffsetAt, std::int64_t> readRecordTimes(const kafka::ClientProperties& cluster,
    const std::vector<OffsetAt>& requests, const std::map<domain::TopicPartition, std::int64_t>& logEnds,
    std::chrono::milliseconds timeout, const std::atomic<bool>* cancel);

} // namespace sluice::reset
