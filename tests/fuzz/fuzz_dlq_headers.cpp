// SPDX-License-Identifier: Apache-2.0
// Fuzz target: arbitrary headers through every dead-letter decoder, the convention
// detector, grouping keys and the topic-name glob. Input layout, repeated: one byte name
// length, the name, one byte value length (0xFF: null value), the value. A trailing
// remainder is used as topic name and glob pattern.
#include "dlq/convention_detector.h"
#include "dlq/glob.h"
#include "dlq/grouping.h"

#include <cstdint>
#include <cstdlib>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    using namespace sluice;
    std::vector<decode::HeaderView> headers;
    std::size_t pos = 0;
    while (pos < size && headers.size() < 64) {
        const std::size_t nameLength = data[pos++];
        if (size - pos < nameLength + 1)
            break;
        const std::string_view name(reinterpret_cast<const char*>(data + pos), nameLength);
        pos += nameLength;
        const std::size_t valueLength = data[pos++];
        if (valueLength == 0xFF) {
            headers.push_back({name, std::nullopt});
            continue;
        }
        const std::size_t available = std::min(valueLength, size - pos);
        headers.push_back({name, decode::ByteView(data + pos, available)});
        pos += available;
    }
    const std::string_view rest(reinterpret_cast<const char*>(data + pos), size - pos);

    const dlq::Headers view(headers);
    const auto connect = dlq::decodeConnectHeaders(view);
    const auto spring = dlq::decodeSpringHeaders(view);
    std::vector<dlq::HeaderMapping> mappings;
    for (const auto& header : headers) {
        const auto field = static_cast<dlq::DeadLetterField>(header.name.size() % 13);
        const auto encoding = static_cast<dlq::HeaderEncoding>(header.name.size() % 3);
        mappings.push_back({std::string(header.name), field, encoding});
    }
    const auto custom = dlq::decodeMappedHeaders(view, mappings);

    dlq::DeadLetterConventions conventions({dlq::CustomConvention{"fuzz", {std::string(rest)}, mappings}});
    const std::vector<dlq::Headers> sample{view, view};
    const auto classification = conventions.classify(rest, sample);
    if (classification.isDeadLetterTopic && classification.evidence == dlq::Evidence::None)
        std::abort();
    const auto decoded = conventions.decode(rest, view);
    if (!dlq::globMatch(rest, rest) && rest.find_first_of("*?") == std::string_view::npos)
        std::abort(); // a pattern without wildcards matches itself
    (void)dlq::globMatch(rest, "some.topic-name.DLT");

    dlq::GroupAggregator aggregator(dlq::GroupBy::MessagePattern, 1000, true);
    for (const auto* info : {&connect, &spring, &custom, &decoded}) {
        if (info->hasOriginalCoordinates() && !info->originalTopicPartition())
            std::abort();
        for (int by = 0; by <= static_cast<int>(dlq::GroupBy::Connector); ++by)
            (void)dlq::groupKey(*info, static_cast<dlq::GroupBy>(by));
        aggregator.add(*info, info->originalTimestampMs.value_or(-1), {info->originalPartition.value_or(0), 0});
        if (info->exceptionMessage && dlq::normaliseMessage(*info->exceptionMessage, 64).size() > 64)
            std::abort();
    }
    if (aggregator.totalCount() != 4)
        std::abort();
    return 0;
}
