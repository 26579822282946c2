// SPDX-License-Identifier: Apache-2.0
#include "decode/framing.h"

#include <limits>

namespace sluice::decode {

namespace {

// Reads one unsigned LEB128 varint of at most 10 bytes; nullopt when truncated or too long.
std::optional<std::uint64_t> readVarint(ByteView bytes, std::size_t& pos)
{
    std::uint64_t value = 0;
    for (unsigned shift = 0; shift < 64; shift += 7) {
        if (pos >= bytes.size())
            return std::nullopt;
        const std::uint8_t byte = bytes[pos++];
        value |= std::uint64_t{byte & 0x7FU} << shift;
        if ((byte & 0x80U) == 0)
            return value;
    }
    return std::nullopt;
}

std::int64_t unzigzag(std::uint64_t n)
{
    return static_cast<std::int64_t>(n >> 1U) ^ -static_cast<std::int64_t>(n & 1U);
}

} // namespace

std::optional<SchemaRegistryFrame> detectSchemaRegistryFrame(ByteView bytes)
{
    if (bytes.size() < kSchemaRegistryHeaderSize || bytes[0] != kSchemaRegistryMagic)
        return std::nullopt;
    const std::uint32_t id = (std::uint32_t{bytes[1]} << 24U) | (std::uint32_t{bytes[2]} << 16U)
                             | (std::uint32_t{bytes[3]} << 8U) | std::uint32_t{bytes[4]};
    if (id == 0 || id > static_cast<std::uint32_t>(std::numeric_limits<std::int32_t>::max()))
        return std::nullopt;
    return SchemaRegistryFrame{static_cast<std::int32_t>(id), bytes.subspan(kSchemaRegistryHeaderSize)};
}

std::optional<ProtobufMessageIndexes> readProtobufMessageIndexes(ByteView payload)
{
    std::size_t pos = 0;
    const auto count = readVarint(payload, pos);
    if (!count)
        return std::nullopt;
    ProtobufMessageIndexes out;
    const std::int64_t n = unzigzag(*count);
    if (n == 0) {
        out.indexes.push_back(0);
        out.byteLength = pos;
        return out;
    }
    if (n < 0 || static_cast<std::uint64_t>(n) > kMaxProtobufMessageIndexes)
        return std::nullopt;
    for (std::int64_t i = 0; i < n; ++i) {
        const auto raw = readVarint(payload, pos);
        if (!raw)
            return std::nullopt;
        const std::int64_t index = unzigzag(*raw);
        if (index < 0 || index > std::numeric_limits<std::int32_t>::max())
            return std::nullopt;
        out.indexes.push_back(static_cast<std::int32_t>(index));
    }
    out.byteLength = pos;
    return out;
}

} // namespace sluice::decode
