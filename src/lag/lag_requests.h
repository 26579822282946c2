// SPDX-License-Identifier: Apache-2.0
#pragma once

// Committed offsets of many groups with every ListConsumerGroupOffsets request in flight
// together (librdkafka takes one group per call). Same thread rules as kafka/admin_calls.h.

#include "domain/cluster_snapshot.h"
#include "kafka/admin_calls.h"

#include <chrono>
#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace sluice::lag {

struct GroupOffsetsRead {
    std::map<domain::TopicPartition, std::int64_t> committed; // partitions without a commit are absent
    std::string error;                                        // empty when the group was read
};

// Group id → its committed offsets or the reason they could not be read. A group whose answer
// did not arrive within `timeout` (or before `cancel`) gets an error. `requests` counts calls made.
std::map<std::string, GroupOffsetsRead> committedOffsetsOfGroups(rd_kafka_t* rk, const std::vector<std::string>& groups,
                                                                 std::chrono::milliseconds timeout, int& requests,
                                                                 const kafka::CancelFlag* cancel = nullptr);

} // namespace sluice::lag
