// SPDX-License-Identifier: Apache-2.0
#pragma once

// How one record's payload is laid out in the spool. The index entry already holds the
// key and value sizes, the null flags and the header count, so the spool stores only bytes:
//
//   key bytes (keySize) | value bytes (valueSize) | header block, only if headers exist
//   header block: u32 blockBytes (including itself) | u32 count |
//                 count × (u32 nameSize | name | u32 valueSize or 0xFFFFFFFF for null | value)
//
// Integers are in host byte order: the spool is a private temporary file read back by the
// process that wrote it.

#include "browse/index_entry.h"
#include "decode/record.h"
#include "support/result.h"

#include <cstddef>
#include <cstdint>
#include <span>

namespace sluice::browse {

inline constexpr std::uint32_t kNullHeaderValue = 0xFFFFFFFFU;
inline constexpr std::size_t kHeaderBlockPrefix = 8; // blockBytes + count

// Bytes the header block of `headers` takes (0 when there are none).
std::size_t headerBlockSize(std::span<const decode::HeaderView> headers);

// Writes the header block of `headers` to `out`, which must hold headerBlockSize() bytes.
void encodeHeaderBlock(std::span<const decode::HeaderView> headers, std::uint8_t* out);

// Rebuilds the record from its spool bytes: `bytes` starts at the record's spool position
// and holds at least keySize + valueSize bytes, plus the whole header block when the entry
// has headers. Fails (ErrorKind::Bug) when the bytes are inconsistent with the entry.
Result<decode::Record> decodeSpoolRecord(std::span<const std::uint8_t> bytes, const IndexEntry& entry);

// The header block's total size as stored at `prefix` (which holds at least 4 bytes).
std::uint32_t storedHeaderBlockSize(const std::uint8_t* prefix);

} // namespace sluice::browse
