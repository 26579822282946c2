// SPDX-License-Identifier: Apache-2.0
#pragma once

// One row of the message browser's index: 40 bytes per record, no pointers, no strings.
// Everything the table needs to show or sort a row without touching the payload (partition,
// offset, timestamp, sizes, header count, null/framing flags, schema ids through a slot
// table, a key hash for "same key" navigation) plus where the payload lives in the spool.
//
// Byte layout (x86-64 and aarch64, 8-byte aligned):
//   0  offset        int64     8   record offset in its partition
//   8  timestampMs   int64     8   epoch ms; -1 when the record has none
//   16 spoolDelta    uint32    4   payload position relative to the owning chunk's spool base
//   20 keySize       uint32    4   0 when the key is null (see flags)
//   24 valueSize     uint32    4   0 when the value is null
//   28 keyHash       uint32    4   keyHash32() of the key bytes; 0 for a null key
//   32 partition     uint16    2   partitions above 65535 are refused by the scan
//   34 headerCount   uint16    2   saturates at 65535; the spool keeps every header
//   36 schemaSlot    uint16    2   0: neither key nor value framed; else RecordIndex slot
//   38 flags         uint8     1   kNullKey, kNullValue, kKeyFramed, kValueFramed, timestamp type
//   39 reserved      uint8     1

#include "decode/bytes.h"
#include "decode/record.h"

#include <cstdint>
#include <cstring>
#include <type_traits>

namespace sluice::browse {

// IndexEntry::flags bits.
inline constexpr std::uint8_t kNullKey = 1U << 0;
inline constexpr std::uint8_t kNullValue = 1U << 1;
inline constexpr std::uint8_t kKeyFramed = 1U << 2; // key starts with a schema-registry frame
inline constexpr std::uint8_t kValueFramed = 1U << 3; // value starts with a schema-registry frame
inline constexpr int kTimestampTypeShift = 4; // bits 4-5: decode::TimestampType
inline constexpr std::uint8_t kTimestampTypeMask = 3U << kTimestampTypeShift;

// Trivial on purpose (no member initialisers): index chunks are allocated without touching
// their pages, so memory becomes resident only as rows arrive. `IndexEntry{}` zeroes it.
struct IndexEntry {
    std::int64_t offset;
    std::int64_t timestampMs;
    std::uint32_t spoolDelta;
    std::uint32_t keySize;
    std::uint32_t valueSize;
    std::uint32_t keyHash;
    std::uint16_t partition;
    std::uint16_t headerCount;
    std::uint16_t schemaSlot;
    std::uint8_t flags;
    std::uint8_t reserved;

    bool hasNullKey() const { return (flags & kNullKey) != 0; }
    bool hasNullValue() const { return (flags & kNullValue) != 0; }
    bool isKeyFramed() const { return (flags & kKeyFramed) != 0; }
    bool isValueFramed() const { return (flags & kValueFramed) != 0; }
    decode::TimestampType timestampType() const
    {
        return static_cast<decode::TimestampType>((flags & kTimestampTypeMask) >> kTimestampTypeShift);
    }
};

static_assert(sizeof(IndexEntry) == 40, "IndexEntry is the per-record memory budget; keep it at 40 bytes");
static_assert(alignof(IndexEntry) == 8);
static_assert(std::is_trivially_default_constructible_v<IndexEntry>);

// Highest partition id the index can hold.
inline constexpr std::int32_t kMaxIndexedPartition = 65535;

// A fast 32-bit hash of key bytes for "next record with the same key": equal keys give
// equal hashes; unequal keys collide rarely, so callers confirm with the bytes. Reads 8
// bytes at a time; not for security.
inline std::uint32_t keyHash32(decode::ByteView bytes)
{
    constexpr std::uint64_t kMul = 0x9E3779B97F4A7C15ULL;
    std::uint64_t h = 0x243F6A8885A308D3ULL ^ (bytes.size() * kMul);
    const std::uint8_t* p = bytes.data();
    std::size_t n = bytes.size();
    while (n >= 8) {
        std::uint64_t word = 0;
        std::memcpy(&word, p, 8);
        h = (h ^ word) * kMul;
        h ^= h >> 29;
        p += 8;
        n -= 8;
    }
    if (n > 0) {
        std::uint64_t word = 0;
        std::memcpy(&word, p, n);
        h = (h ^ word) * kMul;
    }
    h ^= h >> 33;
    h *= 0xFF51AFD7ED558CCDULL;
    h ^= h >> 33;
    return static_cast<std::uint32_t>(h >> 32);
}

} // namespace sluice::browse
