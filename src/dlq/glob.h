// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <string_view>

namespace sluice::dlq {

// Topic-name patterns: '*' matches any run of characters (also none), '?' exactly one
// byte, everything else itself (case-sensitive, as Kafka topic names are). Linear in
// practice, O(pattern × name) at worst; never recursive.
bool globMatch(std::string_view pattern, std::string_view name);

} // namespace sluice::dlq
