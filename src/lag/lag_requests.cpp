// SPDX-License-Identifier: Apache-2.0
#include "lag/lag_requests.h"

#include <algorithm>
#include <array>

namespace sluice::lag {

std::map<std::string, GroupOffsetsRead> committedOffsetsOfGroups(rd_kafka_t* rk, const std::vector<std::string>& groups,
                                                                 std::chrono::milliseconds timeout, int& requests,
                                                                 const kafka::CancelFlag* cancel)
{
    std::map<std::string, GroupOffsetsRead> out;
    if (groups.empty())
        return out;
    kafka::KafkaQueue queue(rd_kafka_queue_new(rk));
    rd_kafka_AdminOptions_t* options = rd_kafka_AdminOptions_new(rk, RD_KAFKA_ADMIN_OP_LISTCONSUMERGROUPOFFSETS);
    std::array<char, 256> errstr{};
    rd_kafka_AdminOptions_set_request_timeout(options, static_cast<int>(timeout.count()), errstr.data(), errstr.size());
    for (const auto& group : groups) {
        rd_kafka_ListConsumerGroupOffsets_t* request = rd_kafka_ListConsumerGroupOffsets_new(group.c_str(), nullptr);
        rd_kafka_ListConsumerGroupOffsets(rk, &request, 1, options, queue.get());
        rd_kafka_ListConsumerGroupOffsets_destroy(request);
        ++requests;
    }
    rd_kafka_AdminOptions_destroy(options);

    std::size_t answered = 0;
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (answered < groups.size() && std::chrono::steady_clock::now() < deadline && !(cancel && cancel->load())) {
        const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
        const auto wait = std::clamp(left, std::chrono::milliseconds(1), kafka::kCancelCheck);
        kafka::KafkaEvent event(rd_kafka_queue_poll(queue.get(), static_cast<int>(wait.count())));
        if (!event || rd_kafka_event_type(event.get()) != RD_KAFKA_EVENT_LISTCONSUMERGROUPOFFSETS_RESULT)
            continue;
        ++answered;
        const auto* result = rd_kafka_event_ListConsumerGroupOffsets_result(event.get());
        std::size_t count = 0;
        const auto** results = rd_kafka_ListConsumerGroupOffsets_result_groups(result, &count);
        for (std::size_t i = 0; i < count; ++i) {
            GroupOffsetsRead& read = out[rd_kafka_group_result_name(results[i])];
            if (const rd_kafka_error_t* error = rd_kafka_group_result_error(results[i])) {
                read.error = rd_kafka_error_string(error);
                continue;
            }
            const rd_kafka_topic_partition_list_t* partitions = rd_kafka_group_result_partitions(results[i]);
            for (int p = 0; partitions && p < partitions->cnt; ++p) {
                const auto& elem = partitions->elems[p];
                if (elem.err == RD_KAFKA_RESP_ERR_NO_ERROR && elem.offset >= 0)
                    read.committed.emplace(domain::TopicPartition{elem.topic, elem.partition}, elem.offset);
            }
        }
    }
    for (const auto& group : groups) {
        if (!out.count(group))
            out[group].error = (cancel && cancel->load()) ? "cancelled" : "no answer within the timeout";
    }
    return out;
}

} // namespace sluice::lag
