// SPDX-License-Identifier: Apache-2.0
#pragma once

// Pretty printing of JSON with a bound on the output, so a tens-of-megabytes value gives a
// quick preview first: printing stops once the output reaches the bound.

#include "decode/json_reader.h"
#include "support/result.h"

#include <cstddef>
#include <string>
#include <string_view>

namespace sluice::decode::json {

struct PrettyOptions {
    int indent = 2;                              // spaces per level
    std::size_t maxOutputBytes = 1024 * 1024;    // stop once the text reaches this size
    std::size_t maxDepth = kDefaultMaxDepth;
};

struct PrettyJson {
    std::string text;
    // True when printing stopped at maxOutputBytes; the rest of the input was not read, so
    // it was not validated either.
    bool isTruncated = false;
};

// Strings are copied as written (escapes kept). Fails (ErrorKind::Configuration: the
// bytes are not JSON, pick another decoder) with the byte offset and what was expected.
Result<PrettyJson> prettyPrint(std::string_view text, const PrettyOptions& options = {});

} // namespace sluice::decode::json
