// SPDX-License-Identifier: Apache-2.0
#pragma once

// Time literals of the filter language: ISO-8601 instants and durations such as 15m.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace sluice::filter {

// "2026-11-22" (midnight UTC), "2026-11-22T10:00:00Z", "2026-11-22T10:00:00.250+02:00",
// "2026-11-22T10:00Z", offsets also as +0200. A time of day needs a zone (Z or an offset)
// so a filter means the same on every machine. Milliseconds since the epoch, or nullopt
// with `problem` saying what is wrong.
std::optional<std::int64_t> parseIsoTimestamp(std::string_view text, std::string* problem = nullptr);

// "250ms", "30s", "15m", "2h", "7d", "1w", and sums such as "1h30m". Milliseconds.
std::optional<std::int64_t> parseDuration(std::string_view text, std::string* problem = nullptr);

// "2026-11-22T10:00:00.000Z".
std::string formatIsoTimestamp(std::int64_t ms);

} // namespace sluice::filter
