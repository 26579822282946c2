// SPDX-License-Identifier: Apache-2.0
#pragma once

// Bytes as bytes: record keys, values and header values are arbitrary octets (a framed key
// starts with 0x00), so they travel as spans and vectors, never as C strings.

#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

namespace sluice::decode {

using Bytes = std::vector<std::uint8_t>;
using ByteView = std::span<const std::uint8_t>;

// Same octets seen as chars, for std::string_view algorithms (find, compare). No copy.
inline std::string_view asChars(ByteView bytes)
{
    return {reinterpret_cast<const char*>(bytes.data()), bytes.size()};
}

inline ByteView asBytes(std::string_view text)
{
    return {reinterpret_cast<const std::uint8_t*>(text.data()), text.size()};
}

inline Bytes toBytes(std::string_view text)
{
    const ByteView view = asBytes(text);
    return Bytes(view.begin(), view.end());
}

inline bool sameBytes(ByteView a, ByteView b)
{
    return asChars(a) == asChars(b);
}

} // namespace sluice::decode
