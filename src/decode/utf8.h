// SPDX-License-Identifier: Apache-2.0
#pragma once

// Strict UTF-8 (RFC 3629): no overlong forms, no surrogates, nothing above U+10FFFF.

#include "decode/bytes.h"

#include <cstddef>
#include <string>

namespace sluice::decode::utf8 {

// One step of decoding. An invalid or truncated sequence yields valid=false and length 1,
// so a caller can always make progress one byte at a time.
struct CodePoint {
    char32_t value = 0;
    std::size_t length = 1;
    bool valid = false;
};

// Decodes the code point starting at bytes[pos]; pos must be < bytes.size().
CodePoint decodeAt(ByteView bytes, std::size_t pos);

bool isValid(ByteView bytes);

// Appends the UTF-8 form of `cp` (which must be a Unicode scalar value).
void append(std::string& out, char32_t cp);

// Code points in `text` up to byte offset `byteOffset` (invalid bytes count as one each).
std::size_t countCodePoints(ByteView text, std::size_t byteOffset);

} // namespace sluice::decode::utf8
