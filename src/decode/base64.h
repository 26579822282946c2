// SPDX-License-Identifier: Apache-2.0
#pragma once

// Standard base64 (RFC 4648 §4, '+' and '/', '=' padding) for bytes in JSON Lines.

#include "decode/bytes.h"

#include <optional>
#include <string>
#include <string_view>

namespace sluice::decode::base64 {

std::string encode(ByteView bytes);

// Strict: only the standard alphabet; padding optional but, when present, correct; no
// whitespace. nullopt for anything else.
std::optional<Bytes> decode(std::string_view text);

} // namespace sluice::decode::base64
