// SPDX-License-Identifier: Apache-2.0
#pragma once

// How record bytes read as text in the browser: one-line previews for table cells, hex
// dumps with offsets, header values (UTF-8 or hex) and record timestamps in UTC and local
// time. Bytes never pass through C strings: a framed key starts with 0x00.

#include "decode/bytes.h"

#include <QString>
#include <cstddef>
#include <cstdint>
#include <optional>

namespace sluice::ui {

// A table cell: UTF-8 text with line breaks and control characters shown as spaces, or
// "0x" + hex when the bytes are not UTF-8 (schema-registry framed bytes show their id
// first). "(null)" for null, "(empty)" for zero bytes; "…" marks a cut.
QString previewText(const std::optional<decode::ByteView>& bytes, bool isCut, int maxChars = 160);

// Classic dump: "00000000  7b 22 69 64 …  |{"id…|", 16 bytes a line, at most maxBytes.
QString hexDump(decode::ByteView bytes, std::size_t maxBytes);

// A header value: the text when it is UTF-8 without control characters, else hex.
QString headerValueText(const std::optional<decode::ByteView>& bytes, bool* isHex = nullptr);

// "2026-11-22 05:56:59.123 UTC" and the local equivalent with its offset; an em dash for -1.
QString formatTimestampUtc(std::int64_t epochMs);
QString formatTimestampLocal(std::int64_t epochMs);

// "1.2 MB", "512 B".
QString formatBytes(std::uint64_t bytes);

} // namespace sluice::ui
