// SPDX-License-Identifier: Apache-2.0
#include "decode/utf8.h"

#include <algorithm>

namespace sluice::decode::utf8 {

namespace {

bool isContinuation(std::uint8_t byte)
{
    return (byte & 0xC0U) == 0x80U;
}

} // namespace

CodePoint decodeAt(ByteView bytes, std::size_t pos)
{
    const std::uint8_t lead = bytes[pos];
    if (lead < 0x80U)
        return {lead, 1, true};
    std::size_t length = 0;
    char32_t value = 0;
    char32_t minimum = 0;
    if ((lead & 0xE0U) == 0xC0U) {
        length = 2;
        value = lead & 0x1FU;
        minimum = 0x80;
    } else if ((lead & 0xF0U) == 0xE0U) {
        length = 3;
        value = lead & 0x0FU;
        minimum = 0x800;
    } else if ((lead & 0xF8U) == 0xF0U) {
        length = 4;
        value = lead & 0x07U;
        minimum = 0x10000;
    } else {
        return {};
    }
    if (bytes.size() - pos < length)
        return {};
    for (std::size_t i = 1; i < length; ++i) {
        const std::uint8_t next = bytes[pos + i];
        if (!isContinuation(next))
            return {};
        value = (value << 6U) | (next & 0x3FU);
    }
    if (value < minimum || value > 0x10FFFF || (value >= 0xD800 && value <= 0xDFFF))
        return {};
    return {value, length, true};
}

bool isValid(ByteView bytes)
{
    std::size_t pos = 0;
    while (pos < bytes.size()) {
        // Fast path over ASCII.
        if (bytes[pos] < 0x80U) {
            ++pos;
            continue;
        }
        const CodePoint cp = decodeAt(bytes, pos);
        if (!cp.valid)
            return false;
        pos += cp.length;
    }
    return true;
}

void append(std::string& out, char32_t cp)
{
    if (cp < 0x80) {
        out.push_back(static_cast<char>(cp));
    } else if (cp < 0x800) {
        out.push_back(static_cast<char>(0xC0U | (cp >> 6U)));
        out.push_back(static_cast<char>(0x80U | (cp & 0x3FU)));
    } else if (cp < 0x10000) {
        out.push_back(static_cast<char>(0xE0U | (cp >> 12U)));
        out.push_back(static_cast<char>(0x80U | ((cp >> 6U) & 0x3FU)));
        out.push_back(static_cast<char>(0x80U | (cp & 0x3FU)));
    } else {
        out.push_back(static_cast<char>(0xF0U | (cp >> 18U)));
        out.push_back(static_cast<char>(0x80U | ((cp >> 12U) & 0x3FU)));
        out.push_back(static_cast<char>(0x80U | ((cp >> 6U) & 0x3FU)));
        out.push_back(static_cast<char>(0x80U | (cp & 0x3FU)));
    }
}

std::size_t countCodePoints(ByteView text, std::size_t byteOffset)
{
    const std::size_t end = std::min(byteOffset, text.size());
    std::size_t count = 0;
    std::size_t pos = 0;
    while (pos < end) {
        pos += decodeAt(text, pos).length;
        ++count;
    }
    return count;
}

} // namespace sluice::decode::utf8
