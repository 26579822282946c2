// SPDX-License-Identifier: Apache-2.0
#pragma once

// JSON Lines export and import of records, byte-exact both ways. One object per line:
//
//   {"topic":"orders","partition":0,"offset":42,"timestamp":1700000000000,
//    "timestampType":"CreateTime","key":"k-1","value":{"base64":"AAEC"},
//    "headers":[{"name":"trace","value":"abc"},{"name":"trace","value":null}]}
//
// Bytes (key, value, header values, header names) are a JSON string when they are valid
// UTF-8, else {"base64": "..."}; null stays null, distinct from "". Headers are an array so
// order and duplicate names survive. Import ignores members it does not know; a missing
// key, value or headers member reads as null / no headers.

#include "decode/record.h"
#include "support/result.h"

#include <cstddef>
#include <iosfwd>
#include <optional>
#include <string>
#include <string_view>

namespace sluice::decode {

// Appends one line for `record` to `out`, without the trailing newline.
void appendJsonLine(std::string& out, const RecordView& record);
std::string toJsonLine(const RecordView& record);

// One line back into a record; ErrorKind::Configuration with the byte offset on failure.
Result<Record> parseJsonLine(std::string_view line);

// Writes one line per record, each ending in '\n'.
class JsonlWriter {
public:
    explicit JsonlWriter(std::ostream& out) : m_out(out) {}
    Status write(const RecordView& record);
    std::size_t recordsWritten() const { return m_count; }

private:
    std::ostream& m_out;
    std::string m_line;
    std::size_t m_count = 0;
};

// Reads records line by line; blank lines are skipped and a trailing '\r' is ignored.
// next() gives nullopt at the end of input; errors name the 1-based line.
class JsonlReader {
public:
    explicit JsonlReader(std::istream& in) : m_in(in) {}
    // The next record; an error (naming its line) ends the reading.
    Result<std::optional<Record>> next();
    // The next non-blank line, parsed: the record or that line's error (without the line
    // number: see lineNumber()), so a caller can go on past a bad line. nullopt at the end.
    std::optional<Result<Record>> nextLine();
    bool readFailed() const;
    std::size_t lineNumber() const { return m_line; }

private:
    std::istream& m_in;
    std::string m_buffer;
    std::size_t m_line = 0;
};

} // namespace sluice::decode
