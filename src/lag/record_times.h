// SPDX-License-Identifier: Apache-2.0
#pragma once

// Exact lag in seconds for a few partitions: the timestamp of the record a group will read
// next (the one at its committed offset), read with a consumer. Interpolation over the
// end-offset history (offset_history.h) is cheap and covers every partition; this costs a
// fetch per partition, so the UI asks it only for the partitions an operator is looking at.
// Runs on a worker thread with a consumer handle that belongs to it.

#include "domain/cluster_snapshot.h"
#include "kafka/admin_calls.h"
#include "kafka/client_config.h"
#include "support/result.h"

#include <chrono>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

namespace sluice::lag {

struct RecordTimeQuery {
    domain::TopicPartition partition;
    std::int64_t offset = 0; // the committed offset: the next record the group reads
};

struct RecordTime {
    domain::TopicPartition partition;
    std::int64_t offset = 0;
    std::optional<std::int64_t> recordOffset; // the record read: `offset`, or the next one left
    std::optional<std::int64_t> timestampMs; // its timestamp (CreateTime or LogAppendTime)
    bool atEnd = false; // no record at or after `offset`: the group has read everything
    std::string error; // why this partition has no answer (empty otherwise)
};

// A consumer for readRecordTimes: the cluster's connection properties, no group, nothing
// committed, partition ends reported, small fetches (one record per partition is wanted).
Result<kafka::KafkaHandle> createRecordTimeConsumer(const kafka::ClientProperties& cluster);

// The first record at or after each offset, read with one consumer (no group): all
// partitions assigned at their offsets in one call, consumed until each gave a record or
// reported its end, or until `timeout`. Leaves the consumer with nothing assigned. Results
// are in the order of `queries`.
std::vector<RecordTime> readRecordTimes(rd_kafka_t* consumer, std::span<const RecordTimeQuery> queries,
    std::chrono::milliseconds timeout, const kafka::CancelFlag* cancel = nullptr);

// Seconds the group is behind on a partition as of `nowMs`: 0 when it has read everything,
// nowMs - timestamp otherwise (never negative); nullopt when there is no answer.
std::optional<double> exactLagSeconds(const RecordTime& time, std::int64_t nowMs);

} // namespace sluice::lag
