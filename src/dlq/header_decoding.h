// SPDX-License-Identifier: Apache-2.0
#pragma once

// Decoding dead-letter headers into DeadLetterInfo, for each convention:
//
// - Kafka Connect: `__connect.errors.*`, UTF-8 text; numbers as decimal text where -1 or
//   empty means unknown.
// - Spring Kafka: `kafka_dlt-*`; partition a 4-byte big-endian int, offset and timestamp
//   8-byte big-endian longs, the rest UTF-8 text. A value of the wrong length becomes a
//   FieldProblem for that field, never a crash.
// - Custom: a list of header name → field mappings with a value encoding.
//
// When a header name occurs more than once, the last one counts (Kafka's lastHeader(),
// which is what Connect and Spring read back).

#include "decode/record.h"
#include "dlq/dead_letter_info.h"

#include <span>
#include <string>
#include <vector>

namespace sluice::dlq {

inline constexpr std::string_view kConnectHeaderPrefix = "__connect.errors.";
inline constexpr std::string_view kSpringHeaderPrefix = "kafka_dlt-";

enum class HeaderEncoding { Utf8Text, Int32BigEndian, Int64BigEndian };

std::string_view nameOf(HeaderEncoding encoding); // "utf8", "int32be", "int64be"
std::optional<HeaderEncoding> headerEncodingFromName(std::string_view name);

struct HeaderMapping {
    std::string headerName;
    DeadLetterField field = DeadLetterField::ExceptionMessage;
    // For numeric fields, Utf8Text means decimal text (-1 or empty: unknown).
    HeaderEncoding encoding = HeaderEncoding::Utf8Text;
    friend bool operator==(const HeaderMapping&, const HeaderMapping&) = default;
};

using Headers = std::span<const decode::HeaderView>;

DeadLetterInfo decodeConnectHeaders(Headers headers);
DeadLetterInfo decodeSpringHeaders(Headers headers);
// Only the original topic and partition, Connect's headers first, then Spring's: what a
// replay needs per record, without copying stack traces and messages.
DeadLetterInfo decodeOriginalCoordinates(Headers headers);
DeadLetterInfo decodeMappedHeaders(Headers headers, std::span<const HeaderMapping> mappings,
                                   std::string_view conventionName = "custom");

// The last header called `name`; nullptr when there is none.
const decode::HeaderView* lastHeader(Headers headers, std::string_view name);

} // namespace sluice::dlq
