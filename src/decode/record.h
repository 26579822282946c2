// SPDX-License-Identifier: Apache-2.0
#pragma once

// The record as the core sees it. RecordView borrows everything (the scanner points it at
// librdkafka's buffers, one record at a time); Record owns its bytes (import, tests,
// fixes before a replay). A null key or value is std::nullopt, distinct from an empty one.

#include "decode/bytes.h"

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace sluice::decode {

enum class TimestampType { NotAvailable, CreateTime, LogAppendTime };

constexpr std::string_view nameOf(TimestampType type)
{
    switch (type) {
    case TimestampType::NotAvailable: return "NotAvailable";
    case TimestampType::CreateTime: return "CreateTime";
    case TimestampType::LogAppendTime: return "LogAppendTime";
    }
    return "NotAvailable";
}

// Inverse of nameOf(); nullopt for any other text.
std::optional<TimestampType> timestampTypeFromName(std::string_view name);

struct Timestamp {
    std::int64_t ms = -1; // milliseconds since the Unix epoch (UTC); -1 when not available
    TimestampType type = TimestampType::NotAvailable;
    friend bool operator==(const Timestamp&, const Timestamp&) = default;
};

// One header. Kafka allows several headers with the same name; order is significant.
struct HeaderView {
    std::string_view name;
    std::optional<ByteView> value; // nullopt: the header has a null value
};

struct RecordView {
    std::string_view topic;
    std::int32_t partition = -1;
    std::int64_t offset = -1;
    Timestamp timestamp;
    std::optional<ByteView> key;
    std::optional<ByteView> value;
    std::span<const HeaderView> headers; // in record order, duplicates kept
};

struct Header {
    std::string name;
    std::optional<Bytes> value;
    friend bool operator==(const Header&, const Header&) = default;
};

struct Record {
    std::string topic;
    std::int32_t partition = -1;
    std::int64_t offset = -1;
    Timestamp timestamp;
    std::optional<Bytes> key;
    std::optional<Bytes> value;
    std::vector<Header> headers;

    // A view of this record. The header views are written to `headerStorage`, which must
    // outlive the view (as must this record); reuse one vector to avoid allocations.
    RecordView view(std::vector<HeaderView>& headerStorage) const;

    friend bool operator==(const Record&, const Record&) = default;
};

// Deep copy of a view.
Record toRecord(const RecordView& view);

} // namespace sluice::decode
