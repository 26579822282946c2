// SPDX-License-Identifier: Apache-2.0
#include "replay/transform.h"

#include "dlq/header_decoding.h"

#include <charconv>

namespace sluice::replay {
namespace {

std::string_view asText(decode::ByteView bytes)
{
    return { reinterpret_cast<const char*>(bytes.data()), bytes.size() };
}

std::optional<std::string> copyBytes(const std::optional<decode::ByteView>& bytes)
{
    if (!bytes)
        return std::nullopt;
    return std::string(asText(*bytes));
}

bool startsWith(std::string_view text, std::string_view prefix)
{
    return text.substr(0, prefix.size()) == prefix;
}

constexpr std::uint64_t kFnvOffset = 1469598103934665603ULL;
constexpr std::uint64_t kFnvPrime = 1099511628211ULL;

void mix(std::uint64_t& hash, std::string_view bytes)
{
    for (unsigned char c : bytes) {
        hash ^= c;
        hash *= kFnvPrime;
    }
}

void mixField(std::uint64_t& hash, const std::optional<std::string_view>& field)
{
    if (!field) {
        mix(hash, std::string_view("\xff\xff\xff\xff", 4));
        return;
    }
    const auto size = static_cast<std::uint32_t>(field->size());
    const char length[4] = { static_cast<char>(size >> 24), static_cast<char>(size >> 16), static_cast<char>(size >> 8),
        static_cast<char>(size) };
    mix(hash, std::string_view(length, 4));
    mix(hash, *field);
}

const RecordEdit* findEdit(const ReplayPlan& plan, std::int32_t partition, std::int64_t offset)
{
    for (const RecordEdit& edit : plan.edits) {
        if (edit.partition == partition && edit.offset == offset)
            return &edit;
    }
    return nullptr;
}

} // namespace

std::string_view nameOf(SkipReason reason)
{
    switch (reason) {
    case SkipReason::NoOriginalTopic:
        return "no-original-topic";
    case SkipReason::NoOriginalPartition:
        return "no-original-partition";
    case SkipReason::PartitionOutOfRange:
        return "partition-out-of-range";
    case SkipReason::TargetTopicMissing:
        return "target-topic-missing";
    case SkipReason::ReplayLimit:
        return "replay-limit";
    case SkipReason::NotInTopic:
        return "not-in-topic";
    case SkipReason::FilterBudget:
        return "filter-budget";
    }
    return "unknown";
}

std::size_t OutgoingRecord::bytes() const
{
    std::size_t total = (key ? key->size() : 0) + (value ? value->size() : 0);
    for (const auto& [name, v] : headers)
        total += name.size() + (v ? v->size() : 0);
    return total;
}

int replayCountOf(std::span<const decode::HeaderView> headers)
{
    const decode::HeaderView* last = dlq::lastHeader(headers, kHeaderReplayCount);
    if (!last || !last->value)
        return 0;
    const std::string_view text = asText(*last->value);
    int count = 0;
    const auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), count);
    if (ec != std::errc() || ptr != text.data() + text.size() || count < 0)
        return 0;
    return count;
}

bool isDroppedHeader(std::string_view name, const ReplayPlan& plan)
{
    if (plan.dropDeadLetterHeaders
        && (startsWith(name, dlq::kConnectHeaderPrefix) || startsWith(name, dlq::kSpringHeaderPrefix)))
        return true;
    if (plan.provenance && startsWith(name, kProvenancePrefix))
        return true;
    for (const std::string& prefix : plan.extraDropPrefixes) {
        if (!prefix.empty() && startsWith(name, prefix))
            return true;
    }
    return false;
}

std::uint64_t contentChecksum(const std::optional<std::string_view>& key, const std::optional<std::string_view>& value,
    const std::vector<std::pair<std::string_view, std::optional<std::string_view>>>& headers)
{
    std::uint64_t hash = kFnvOffset;
    mixField(hash, key);
    mixField(hash, value);
    for (const auto& [name, v] : headers) {
        if (startsWith(name, kProvenancePrefix))
            continue;
        mixField(hash, name);
        mixField(hash, v);
    }
    return hash;
}

std::uint64_t contentChecksum(const decode::RecordView& record)
{
    std::vector<std::pair<std::string_view, std::optional<std::string_view>>> headers;
    headers.reserve(record.headers.size());
    for (const auto& h : record.headers)
        headers.emplace_back(h.name, h.value ? std::optional(asText(*h.value)) : std::nullopt);
    auto view = [](const std::optional<decode::ByteView>& b) {
        return b ? std::optional(asText(*b)) : std::optional<std::string_view>();
    };
    return contentChecksum(view(record.key), view(record.value), headers);
}

std::uint32_t murmur2(std::string_view data)
{
    // Murmur2 with the seed and constants of Kafka's DefaultPartitioner.
    constexpr std::uint32_t seed = 0x9747b28cU;
    constexpr std::uint32_t m = 0x5bd1e995U;
    constexpr int r = 24;
    const auto length = static_cast<std::uint32_t>(data.size());
    std::uint32_t h = seed ^ length;
    const auto* bytes = reinterpret_cast<const unsigned char*>(data.data());
    const std::uint32_t blocks = length / 4;
    for (std::uint32_t i = 0; i < blocks; ++i) {
        const unsigned char* p = bytes + 4 * i;
        std::uint32_t k = static_cast<std::uint32_t>(p[0]) | (static_cast<std::uint32_t>(p[1]) << 8)
            | (static_cast<std::uint32_t>(p[2]) << 16) | (static_cast<std::uint32_t>(p[3]) << 24);
        k *= m;
        k ^= k >> r;
        k *= m;
        h *= m;
        h ^= k;
    }
    const unsigned char* tail = bytes + 4 * blocks;
    switch (length % 4) {
    case 3:
        h ^= static_cast<std::uint32_t>(tail[2]) << 16;
        [[fallthrough]];
    case 2:
        h ^= static_cast<std::uint32_t>(tail[1]) << 8;
        [[fallthrough]];
    case 1:
        h ^= tail[0];
        h *= m;
        break;
    default:
        break;
    }
    h ^= h >> 13;
    h *= m;
    h ^= h >> 15;
    return h;
}

std::int32_t murmur2Partition(std::string_view key, int partitionCount)
{
    if (partitionCount <= 0)
        return -1;
    return static_cast<std::int32_t>((murmur2(key) & 0x7fffffffU) % static_cast<std::uint32_t>(partitionCount));
}

std::variant<OutgoingRecord, Skip> transformRecord(const decode::RecordView& record, const TransformContext& context)
{
    const ReplayPlan& plan = *context.plan;
    const int count = replayCountOf(record.headers);
    if (count >= plan.maxReplayCount)
        return Skip { SkipReason::ReplayLimit,
            "replayed " + std::to_string(count) + " times already (limit " + std::to_string(plan.maxReplayCount)
                + ")" };

    OutgoingRecord out;
    const dlq::DeadLetterInfo info = dlq::decodeOriginalCoordinates(record.headers);
    if (plan.targetMode == TargetMode::OriginalTopic) {
        if (!info.originalTopic || info.originalTopic->empty())
            return Skip { SkipReason::NoOriginalTopic, "the dead-letter headers name no original topic" };
        out.topic = *info.originalTopic;
    } else {
        out.topic = plan.targetTopic;
    }
    const std::optional<int> partitions = context.partitionCount ? context.partitionCount(out.topic) : std::nullopt;
    if (!partitions)
        return Skip { SkipReason::TargetTopicMissing, "topic " + out.topic + " does not exist on the target cluster" };

    const RecordEdit* edit = findEdit(plan, record.partition, record.offset);
    out.key = edit && edit->replaceKey ? edit->key : copyBytes(record.key);
    out.value = edit && edit->replaceValue ? edit->value : copyBytes(record.value);
    if (edit && edit->replaceHeaders) {
        out.headers = edit->headers;
    } else {
        out.headers.reserve(record.headers.size() + 4); // room for the provenance headers
        for (const auto& h : record.headers) {
            if (!isDroppedHeader(h.name, plan))
                out.headers.emplace_back(std::string(h.name), copyBytes(h.value));
        }
    }

    switch (plan.partitioning) {
    case Partitioning::ByKey:
        // A null key has no hash: keep the source partition's spread deterministically.
        out.partition = out.key ? murmur2Partition(*out.key, *partitions)
                                : static_cast<std::int32_t>(record.offset % *partitions);
        break;
    case Partitioning::OriginalPartition:
        if (!info.originalPartition || *info.originalPartition < 0)
            return Skip { SkipReason::NoOriginalPartition, "the dead-letter headers name no original partition" };
        out.partition = *info.originalPartition;
        break;
    case Partitioning::SourcePartition:
        out.partition = record.partition;
        break;
    }
    if (out.partition >= *partitions)
        return Skip { SkipReason::PartitionOutOfRange,
            "partition " + std::to_string(out.partition) + " of " + out.topic + " does not exist ("
                + std::to_string(*partitions) + " partitions)" };

    // The checksum covers what the operator's record is made of; provenance is added after.
    if (context.computeChecksum) {
        std::vector<std::pair<std::string_view, std::optional<std::string_view>>> headerViews;
        for (const auto& [name, value] : out.headers)
            headerViews.emplace_back(name, value ? std::optional<std::string_view>(*value) : std::nullopt);
        auto view = [](const std::optional<std::string>& b) {
            return b ? std::optional<std::string_view>(*b) : std::optional<std::string_view>();
        };
        out.checksum = contentChecksum(view(out.key), view(out.value), headerViews);
    }

    if (plan.timestamp == TimestampPolicy::Now) {
        out.timestampMs = context.nowMs;
        if (record.timestamp.ms >= 0)
            out.headers.emplace_back(std::string(kHeaderOriginalTimestamp), std::to_string(record.timestamp.ms));
    } else {
        out.timestampMs = record.timestamp.ms >= 0 ? record.timestamp.ms : context.nowMs;
    }
    if (plan.provenance) {
        out.headers.emplace_back(std::string(kHeaderReplayId), context.replayId);
        out.headers.emplace_back(std::string(kHeaderReplaySource),
            std::string(record.topic) + "/" + std::to_string(record.partition) + "/" + std::to_string(record.offset));
        out.headers.emplace_back(std::string(kHeaderReplayCount), std::to_string(count + 1));
    }
    return out;
}

} // namespace sluice::replay
