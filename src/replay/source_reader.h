// SPDX-License-Identifier: Apache-2.0
#pragma once

// Reads the source records of a replay (and the target records of its verification):
// a consumer that never commits, assigned to explicit partitions from explicit offsets,
// each partition finished at its end offset. Internal to src/replay (includes librdkafka).

#include "decode/record.h"
#include "kafka/client_config.h"
#include "kafka/rdkafka_handles.h"
#include "replay/replay_plan.h"
#include "support/result.h"

#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace sluice::replay {

struct MessageDeleter {
    void operator()(rd_kafka_message_t* message) const { rd_kafka_message_destroy(message); }
};
using Message = std::unique_ptr<rd_kafka_message_t, MessageDeleter>;

class SourceReader {
public:
    // A consumer with `properties` (the cluster's) plus read_committed and no commits.
    static Result<std::unique_ptr<SourceReader>> open(const kafka::ClientProperties& properties);

    rd_kafka_t* handle() const { return m_handle.get(); }

    // Partition ids of `topic`, NotFound when it does not exist.
    Result<std::vector<std::int32_t>> partitions(const std::string& topic, int timeoutMs);
    // Partition counts of every topic of the cluster.
    Result<std::map<std::string, int>> partitionCounts(int timeoutMs);
    Result<std::pair<std::int64_t, std::int64_t>> watermarks(
        const std::string& topic, std::int32_t partition, int timeoutMs);
    // First offset with a timestamp ≥ ms per partition (the end offset when none).
    Result<std::map<std::int32_t, std::int64_t>> offsetsForTime(
        const std::string& topic, const std::vector<std::int32_t>& partitions, std::int64_t ms, int timeoutMs);

    // Reads `topic` from positions[p] up to ends[p] (exclusive). Replaces any earlier assignment.
    Status assign(const std::string& topic, const std::map<std::int32_t, std::int64_t>& positions,
        const std::map<std::int32_t, std::int64_t>& ends);
    // The next record, or nullptr after `timeoutMs` without one. A partition reaching its
    // end is marked done (doneEvents() lists them once). Errors other than end-of-partition
    // are returned; transient ones can be ignored and reading continues.
    Result<Message> next(int timeoutMs);
    bool done() const { return m_open.empty(); }
    std::vector<std::int32_t> takeFinished();

private:
    explicit SourceReader(kafka::KafkaHandle handle)
        : m_handle(std::move(handle))
    {
    }
    void finish(std::int32_t partition);
    void kickFetcher();

    kafka::KafkaHandle m_handle;
    std::string m_topic;
    std::map<std::int32_t, std::int64_t> m_ends;
    std::map<std::int32_t, bool> m_open;
    std::vector<std::int32_t> m_finished;
    std::int32_t m_finishAfterReturn = -1;
    std::chrono::steady_clock::time_point m_lastKick {};
};

// A borrowed view of a consumed message; header views point into the message.
decode::RecordView viewOf(const rd_kafka_message_t* message, std::vector<decode::HeaderView>& headerStorage);

} // namespace sluice::replay
