// SPDX-License-Identifier: Apache-2.0
#include "browse/spool_record.h"

#include <cstring>
#include <string>

namespace sluice::browse {
namespace {

void putU32(std::uint8_t*& out, std::uint32_t value)
{
    std::memcpy(out, &value, sizeof value);
    out += sizeof value;
}

void putBytes(std::uint8_t*& out, const void* data, std::size_t size)
{
    if (size > 0)
        std::memcpy(out, data, size);
    out += size;
}

// Reads from a bounded span; every read checks what is left.
class Reader {
public:
    explicit Reader(std::span<const std::uint8_t> bytes)
        : m_bytes(bytes)
    {
    }
    bool u32(std::uint32_t& value)
    {
        if (m_bytes.size() - m_pos < sizeof value)
            return false;
        std::memcpy(&value, m_bytes.data() + m_pos, sizeof value);
        m_pos += sizeof value;
        return true;
    }
    bool bytes(std::size_t size, std::span<const std::uint8_t>& out)
    {
        if (m_bytes.size() - m_pos < size)
            return false;
        out = m_bytes.subspan(m_pos, size);
        m_pos += size;
        return true;
    }
    std::size_t position() const { return m_pos; }

private:
    std::span<const std::uint8_t> m_bytes;
    std::size_t m_pos = 0;
};

Error corrupt(const IndexEntry& entry, const char* what)
{
    return Error { ErrorKind::Bug,
        "The spooled copy of partition " + std::to_string(entry.partition) + " offset " + std::to_string(entry.offset)
            + " is damaged (" + what + ").",
        {} };
}

} // namespace

std::size_t headerBlockSize(std::span<const decode::HeaderView> headers)
{
    if (headers.empty())
        return 0;
    std::size_t size = kHeaderBlockPrefix;
    for (const auto& header : headers)
        size += 8 + header.name.size() + (header.value ? header.value->size() : 0);
    return size;
}

void encodeHeaderBlock(std::span<const decode::HeaderView> headers, std::uint8_t* out)
{
    if (headers.empty())
        return;
    putU32(out, static_cast<std::uint32_t>(headerBlockSize(headers)));
    putU32(out, static_cast<std::uint32_t>(headers.size()));
    for (const auto& header : headers) {
        putU32(out, static_cast<std::uint32_t>(header.name.size()));
        putBytes(out, header.name.data(), header.name.size());
        if (!header.value) {
            putU32(out, kNullHeaderValue);
            continue;
        }
        putU32(out, static_cast<std::uint32_t>(header.value->size()));
        putBytes(out, header.value->data(), header.value->size());
    }
}

std::uint32_t storedHeaderBlockSize(const std::uint8_t* prefix)
{
    std::uint32_t size = 0;
    std::memcpy(&size, prefix, sizeof size);
    return size;
}

Result<decode::Record> decodeSpoolRecord(std::span<const std::uint8_t> bytes, const IndexEntry& entry)
{
    decode::Record record;
    record.partition = entry.partition;
    record.offset = entry.offset;
    record.timestamp = { entry.timestampMs, entry.timestampType() };

    Reader reader(bytes);
    std::span<const std::uint8_t> part;
    if (!reader.bytes(entry.keySize, part))
        return corrupt(entry, "key cut short");
    if (!entry.hasNullKey())
        record.key = decode::Bytes(part.begin(), part.end());
    if (!reader.bytes(entry.valueSize, part))
        return corrupt(entry, "value cut short");
    if (!entry.hasNullValue())
        record.value = decode::Bytes(part.begin(), part.end());
    if (entry.headerCount == 0)
        return record;

    const std::size_t blockStart = reader.position();
    std::uint32_t blockBytes = 0;
    std::uint32_t count = 0;
    if (!reader.u32(blockBytes) || !reader.u32(count))
        return corrupt(entry, "header block cut short");
    if (count < entry.headerCount || (entry.headerCount < 0xFFFF && count != entry.headerCount))
        return corrupt(entry, "header count differs from the index");
    record.headers.reserve(count);
    for (std::uint32_t i = 0; i < count; ++i) {
        std::uint32_t size = 0;
        if (!reader.u32(size) || !reader.bytes(size, part))
            return corrupt(entry, "header name cut short");
        decode::Header header;
        header.name.assign(reinterpret_cast<const char*>(part.data()), part.size());
        if (!reader.u32(size))
            return corrupt(entry, "header value cut short");
        if (size != kNullHeaderValue) {
            if (!reader.bytes(size, part))
                return corrupt(entry, "header value cut short");
            header.value = decode::Bytes(part.begin(), part.end());
        }
        record.headers.push_back(std::move(header));
    }
    if (reader.position() - blockStart != blockBytes)
        return corrupt(entry, "header block size differs");
    return record;
}

} // namespace sluice::browse
