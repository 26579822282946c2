// SPDX-License-Identifier: Apache-2.0
#include "decode/jsonl.h"

#include "decode/base64.h"
#include "decode/json_reader.h"
#include "decode/utf8.h"

#include <istream>
#include <limits>
#include <ostream>

namespace sluice::decode {

namespace {

void appendBytes(std::string& out, std::optional<ByteView> bytes)
{
    if (!bytes) {
        out += "null";
        return;
    }
    if (utf8::isValid(*bytes)) {
        json::appendQuoted(out, asChars(*bytes));
        return;
    }
    out += "{\"base64\":\"";
    out += base64::encode(*bytes);
    out += "\"}";
}

Error parseError(const json::Reader& reader, std::string_view what)
{
    const std::size_t at = reader.hasFailed() ? reader.failurePosition() : reader.position();
    std::string message = "Not a record line at byte " + std::to_string(at) + ": ";
    message += reader.hasFailed() ? "expected " + std::string(reader.failure()) : std::string(what);
    return Error{ErrorKind::Configuration, std::move(message), "byte " + std::to_string(at)};
}

Error fieldError(std::string_view field, std::string_view problem)
{
    return Error{ErrorKind::Configuration,
                 "Not a record line: \"" + std::string(field) + "\" " + std::string(problem), {}};
}

// A bytes member: null, a string, or {"base64": "..."}.
Result<std::optional<Bytes>> readBytes(json::Reader& reader, std::string_view field)
{
    const auto type = reader.peekType();
    if (!type)
        return parseError(reader, "a value");
    std::string text;
    switch (*type) {
    case json::JsonType::Null:
        if (!reader.readNull())
            return parseError(reader, "null");
        return std::optional<Bytes>();
    case json::JsonType::String:
        if (!reader.readString(text))
            return parseError(reader, "a string");
        return std::optional<Bytes>(toBytes(text));
    case json::JsonType::Object: {
        std::optional<Bytes> decoded;
        bool first = true;
        std::string_view key;
        bool escapes = false;
        if (!reader.beginObject())
            return parseError(reader, "an object");
        while (true) {
            const auto step = reader.nextMember(first, key, escapes);
            if (step == json::Reader::Step::Error)
                return parseError(reader, "a member");
            if (step == json::Reader::Step::End)
                break;
            if (key != "base64" || escapes)
                return fieldError(field, "may only hold \"base64\" in its object form");
            if (!reader.readString(text))
                return parseError(reader, "a base64 string");
            decoded = base64::decode(text);
            if (!decoded)
                return fieldError(field, "holds invalid base64");
        }
        if (!decoded)
            return fieldError(field, "needs \"base64\" in its object form");
        return std::optional<Bytes>(std::move(decoded));
    }
    default: return fieldError(field, "must be a string, {\"base64\": ...} or null");
    }
}

Result<std::int64_t> readInteger(json::Reader& reader, std::string_view field, std::int64_t min, std::int64_t max)
{
    std::string_view token;
    if (reader.peekType() != json::JsonType::Number || !reader.readNumber(token))
        return fieldError(field, "must be an integer");
    const auto value = json::parseInt(token);
    if (!value || *value < min || *value > max)
        return fieldError(field, "is out of range or not an integer");
    return *value;
}

Status readHeaders(json::Reader& reader, std::vector<Header>& headers)
{
    if (reader.peekType() == json::JsonType::Null)
        return reader.readNull() ? Status(Ok{}) : Status(parseError(reader, "null"));
    if (!reader.beginArray())
        return fieldError("headers", "must be an array of {\"name\", \"value\"}");
    bool first = true;
    while (true) {
        const auto step = reader.nextElement(first);
        if (step == json::Reader::Step::Error)
            return parseError(reader, "a header");
        if (step == json::Reader::Step::End)
            return Ok{};
        if (!reader.beginObject())
            return fieldError("headers", "must hold objects with \"name\" and \"value\"");
        Header header;
        bool hasName = false;
        bool firstMember = true;
        std::string_view key;
        bool escapes = false;
        while (true) {
            const auto memberStep = reader.nextMember(firstMember, key, escapes);
            if (memberStep == json::Reader::Step::Error)
                return parseError(reader, "a header member");
            if (memberStep == json::Reader::Step::End)
                break;
            if (!escapes && key == "name") {
                auto name = readBytes(reader, "headers[].name");
                if (!name)
                    return name.error();
                if (!name->has_value())
                    return fieldError("headers[].name", "must not be null");
                header.name.assign(asChars(**name));
                hasName = true;
            } else if (!escapes && key == "value") {
                auto value = readBytes(reader, "headers[].value");
                if (!value)
                    return value.error();
                header.value = std::move(*value);
            } else if (!reader.skipValue()) {
                return parseError(reader, "a value");
            }
        }
        if (!hasName)
            return fieldError("headers[]", "needs a \"name\"");
        headers.push_back(std::move(header));
    }
}

} // namespace

void appendJsonLine(std::string& out, const RecordView& record)
{
    out += "{\"topic\":";
    appendBytes(out, asBytes(record.topic));
    out += ",\"partition\":";
    out += std::to_string(record.partition);
    out += ",\"offset\":";
    out += std::to_string(record.offset);
    out += ",\"timestamp\":";
    out += std::to_string(record.timestamp.ms);
    out += ",\"timestampType\":\"";
    out += nameOf(record.timestamp.type);
    out += "\",\"key\":";
    appendBytes(out, record.key);
    out += ",\"value\":";
    appendBytes(out, record.value);
    out += ",\"headers\":[";
    bool first = true;
    for (const HeaderView& header : record.headers) {
        if (!first)
            out.push_back(',');
        first = false;
        out += "{\"name\":";
        appendBytes(out, asBytes(header.name));
        out += ",\"value\":";
        appendBytes(out, header.value);
        out.push_back('}');
    }
    out += "]}";
}

std::string toJsonLine(const RecordView& record)
{
    std::string out;
    appendJsonLine(out, record);
    return out;
}

Result<Record> parseJsonLine(std::string_view line)
{
    json::Reader reader(line);
    if (!reader.beginObject())
        return parseError(reader, "'{'");
    Record record;
    bool first = true;
    std::string_view key;
    bool escapes = false;
    while (true) {
        const auto step = reader.nextMember(first, key, escapes);
        if (step == json::Reader::Step::Error)
            return parseError(reader, "a member");
        if (step == json::Reader::Step::End)
            break;
        if (escapes) {
            if (!reader.skipValue())
                return parseError(reader, "a value");
            continue;
        }
        if (key == "topic") {
            auto topic = readBytes(reader, "topic");
            if (!topic)
                return topic.error();
            if (!topic->has_value())
                return fieldError("topic", "must not be null");
            record.topic.assign(asChars(**topic));
        } else if (key == "partition") {
            auto partition = readInteger(reader, "partition", std::numeric_limits<std::int32_t>::min(),
                                         std::numeric_limits<std::int32_t>::max());
            if (!partition)
                return partition.error();
            record.partition = static_cast<std::int32_t>(*partition);
        } else if (key == "offset" || key == "timestamp") {
            auto number = readInteger(reader, key, std::numeric_limits<std::int64_t>::min(),
                                      std::numeric_limits<std::int64_t>::max());
            if (!number)
                return number.error();
            (key == "offset" ? record.offset : record.timestamp.ms) = *number;
        } else if (key == "timestampType") {
            std::string name;
            if (reader.peekType() != json::JsonType::String || !reader.readString(name))
                return fieldError("timestampType", "must be a string");
            const auto type = timestampTypeFromName(name);
            if (!type)
                return fieldError("timestampType", "must be NotAvailable, CreateTime or LogAppendTime");
            record.timestamp.type = *type;
        } else if (key == "key" || key == "value") {
            auto bytes = readBytes(reader, key);
            if (!bytes)
                return bytes.error();
            (key == "key" ? record.key : record.value) = std::move(*bytes);
        } else if (key == "headers") {
            record.headers.clear();
            if (auto status = readHeaders(reader, record.headers); !status)
                return status.error();
        } else if (!reader.skipValue()) {
            return parseError(reader, "a value");
        }
    }
    if (!reader.atEnd())
        return parseError(reader, "nothing after the object");
    return record;
}

Status JsonlWriter::write(const RecordView& record)
{
    m_line.clear();
    appendJsonLine(m_line, record);
    m_line.push_back('\n');
    m_out.write(m_line.data(), static_cast<std::streamsize>(m_line.size()));
    if (!m_out)
        return Error{ErrorKind::Fatal, "Couldn't write the export file; check free disk space and permissions", {}};
    ++m_count;
    return Ok{};
}

std::optional<Result<Record>> JsonlReader::nextLine()
{
    while (std::getline(m_in, m_buffer)) {
        ++m_line;
        if (!m_buffer.empty() && m_buffer.back() == '\r')
            m_buffer.pop_back();
        if (m_buffer.find_first_not_of(" \t") == std::string::npos)
            continue;
        return parseJsonLine(m_buffer);
    }
    return std::nullopt;
}

bool JsonlReader::readFailed() const
{
    return m_in.bad();
}

Result<std::optional<Record>> JsonlReader::next()
{
    if (auto record = nextLine()) {
        if (!*record) {
            Error error = record->error();
            error.message = "Line " + std::to_string(m_line) + ": " + error.message;
            return error;
        }
        return std::optional<Record>(std::move(**record));
    }
    if (m_in.bad())
        return Error{ErrorKind::Fatal, "Couldn't read the import file", {}};
    return std::optional<Record>();
}

} // namespace sluice::decode
