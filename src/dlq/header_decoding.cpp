// SPDX-License-Identifier: Apache-2.0
#include "dlq/header_decoding.h"

#include "decode/utf8.h"

#include <array>
#include <charconv>
#include <limits>

namespace sluice::dlq {

namespace {

struct Rule {
    std::string_view header;
    DeadLetterField field;
    HeaderEncoding encoding;
};

constexpr std::array<Rule, 10> kConnectRules{{
    {"__connect.errors.topic", DeadLetterField::OriginalTopic, HeaderEncoding::Utf8Text},
    {"__connect.errors.partition", DeadLetterField::OriginalPartition, HeaderEncoding::Utf8Text},
    {"__connect.errors.offset", DeadLetterField::OriginalOffset, HeaderEncoding::Utf8Text},
    {"__connect.errors.connector.name", DeadLetterField::ConnectorName, HeaderEncoding::Utf8Text},
    {"__connect.errors.task.id", DeadLetterField::TaskId, HeaderEncoding::Utf8Text},
    {"__connect.errors.stage", DeadLetterField::Stage, HeaderEncoding::Utf8Text},
    {"__connect.errors.class.name", DeadLetterField::ClassName, HeaderEncoding::Utf8Text},
    {"__connect.errors.exception.class.name", DeadLetterField::ExceptionClass, HeaderEncoding::Utf8Text},
    {"__connect.errors.exception.message", DeadLetterField::ExceptionMessage, HeaderEncoding::Utf8Text},
    {"__connect.errors.exception.stacktrace", DeadLetterField::StackTrace, HeaderEncoding::Utf8Text},
}};

constexpr std::array<Rule, 9> kSpringRules{{
    {"kafka_dlt-original-topic", DeadLetterField::OriginalTopic, HeaderEncoding::Utf8Text},
    {"kafka_dlt-original-partition", DeadLetterField::OriginalPartition, HeaderEncoding::Int32BigEndian},
    {"kafka_dlt-original-offset", DeadLetterField::OriginalOffset, HeaderEncoding::Int64BigEndian},
    {"kafka_dlt-original-timestamp", DeadLetterField::OriginalTimestamp, HeaderEncoding::Int64BigEndian},
    {"kafka_dlt-original-consumer-group", DeadLetterField::OriginalConsumerGroup, HeaderEncoding::Utf8Text},
    {"kafka_dlt-exception-fqcn", DeadLetterField::ExceptionClass, HeaderEncoding::Utf8Text},
    {"kafka_dlt-exception-cause-fqcn", DeadLetterField::ExceptionCauseClass, HeaderEncoding::Utf8Text},
    {"kafka_dlt-exception-message", DeadLetterField::ExceptionMessage, HeaderEncoding::Utf8Text},
    {"kafka_dlt-exception-stacktrace", DeadLetterField::StackTrace, HeaderEncoding::Utf8Text},
}};

// Spring writes these instead when the key (not the value) could not be deserialized.
constexpr std::array<Rule, 3> kSpringKeyRules{{
    {"kafka_dlt-key-exception-fqcn", DeadLetterField::ExceptionClass, HeaderEncoding::Utf8Text},
    {"kafka_dlt-key-exception-message", DeadLetterField::ExceptionMessage, HeaderEncoding::Utf8Text},
    {"kafka_dlt-key-exception-stacktrace", DeadLetterField::StackTrace, HeaderEncoding::Utf8Text},
}};

bool isInt32Field(DeadLetterField field)
{
    return field == DeadLetterField::OriginalPartition || field == DeadLetterField::TaskId;
}

bool isNumericField(DeadLetterField field)
{
    return isInt32Field(field) || field == DeadLetterField::OriginalOffset
           || field == DeadLetterField::OriginalTimestamp;
}

// Text as valid UTF-8; invalid sequences become U+FFFD and `lossy` is set.
std::string utf8Text(decode::ByteView bytes, bool& lossy)
{
    lossy = false;
    if (decode::utf8::isValid(bytes))
        return std::string(decode::asChars(bytes));
    std::string out;
    std::size_t pos = 0;
    while (pos < bytes.size()) {
        const auto cp = decode::utf8::decodeAt(bytes, pos);
        decode::utf8::append(out, cp.valid ? cp.value : U'\uFFFD');
        pos += cp.length;
    }
    lossy = true;
    return out;
}

std::int64_t bigEndian(decode::ByteView bytes)
{
    std::uint64_t value = 0;
    for (const std::uint8_t b : bytes)
        value = (value << 8U) | b;
    if (bytes.size() == 4)
        return static_cast<std::int32_t>(static_cast<std::uint32_t>(value));
    return static_cast<std::int64_t>(value);
}

class InfoWriter {
public:
    explicit InfoWriter(DeadLetterInfo& info) : m_info(info) {}

    void apply(const decode::HeaderView& header, DeadLetterField field, HeaderEncoding encoding)
    {
        if (!header.value)
            return; // a null header says nothing
        const decode::ByteView bytes = *header.value;
        if (encoding == HeaderEncoding::Utf8Text) {
            bool lossy = false;
            std::string text = utf8Text(bytes, lossy);
            if (lossy)
                problem(field, header.name, "not valid UTF-8; shown with replacement characters");
            if (isNumericField(field))
                setNumberFromText(field, header.name, text);
            else
                setText(field, std::move(text));
            return;
        }
        const std::size_t expected = encoding == HeaderEncoding::Int32BigEndian ? 4 : 8;
        if (bytes.size() != expected) {
            problem(field, header.name,
                    "expected " + std::to_string(expected) + " bytes (big-endian "
                        + (expected == 4 ? "int" : "long") + "), got " + std::to_string(bytes.size()));
            return;
        }
        const std::int64_t value = bigEndian(bytes);
        if (isNumericField(field))
            setNumber(field, header.name, value);
        else
            setText(field, std::to_string(value));
    }

private:
    void problem(DeadLetterField field, std::string_view header, std::string message)
    {
        m_info.problems.push_back(FieldProblem{field, std::string(header), std::move(message)});
    }

    void setNumberFromText(DeadLetterField field, std::string_view header, std::string_view text)
    {
        while (!text.empty() && (text.front() == ' ' || text.front() == '\t'))
            text.remove_prefix(1);
        while (!text.empty() && (text.back() == ' ' || text.back() == '\t' || text.back() == '\n' || text.back() == '\r'))
            text.remove_suffix(1);
        if (text.empty())
            return; // unknown
        std::int64_t value = 0;
        const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
        if (ec != std::errc() || end != text.data() + text.size()) {
            problem(field, header, "expected a decimal number, got \"" + std::string(text.substr(0, 40)) + "\"");
            return;
        }
        setNumber(field, header, value);
    }

    void setNumber(DeadLetterField field, std::string_view header, std::int64_t value)
    {
        if (value == -1)
            return; // the conventions' "unknown"
        if (value < 0 && field != DeadLetterField::OriginalTimestamp) {
            problem(field, header, "negative value " + std::to_string(value));
            return;
        }
        if (isInt32Field(field) && value > std::numeric_limits<std::int32_t>::max()) {
            problem(field, header, "value " + std::to_string(value) + " does not fit a 32-bit int");
            return;
        }
        switch (field) {
        case DeadLetterField::OriginalPartition: m_info.originalPartition = static_cast<std::int32_t>(value); break;
        case DeadLetterField::TaskId: m_info.taskId = static_cast<std::int32_t>(value); break;
        case DeadLetterField::OriginalOffset: m_info.originalOffset = value; break;
        case DeadLetterField::OriginalTimestamp: m_info.originalTimestampMs = value; break;
        default: break;
        }
    }

    void setText(DeadLetterField field, std::string text)
    {
        switch (field) {
        case DeadLetterField::OriginalTopic: m_info.originalTopic = std::move(text); break;
        case DeadLetterField::OriginalConsumerGroup: m_info.originalConsumerGroup = std::move(text); break;
        case DeadLetterField::ConnectorName: m_info.connectorName = std::move(text); break;
        case DeadLetterField::Stage: m_info.stage = std::move(text); break;
        case DeadLetterField::ClassName: m_info.className = std::move(text); break;
        case DeadLetterField::ExceptionClass: m_info.exceptionClass = std::move(text); break;
        case DeadLetterField::ExceptionCauseClass: m_info.exceptionCauseClass = std::move(text); break;
        case DeadLetterField::ExceptionMessage: m_info.exceptionMessage = std::move(text); break;
        case DeadLetterField::StackTrace: m_info.stackTrace = std::move(text); break;
        default: break;
        }
    }

    DeadLetterInfo& m_info;
};

void applyRules(Headers headers, std::span<const Rule> rules, DeadLetterInfo& info)
{
    InfoWriter writer(info);
    for (const Rule& rule : rules) {
        if (const decode::HeaderView* header = lastHeader(headers, rule.header))
            writer.apply(*header, rule.field, rule.encoding);
    }
}

} // namespace

std::string_view nameOf(HeaderEncoding encoding)
{
    switch (encoding) {
    case HeaderEncoding::Utf8Text: return "utf8";
    case HeaderEncoding::Int32BigEndian: return "int32be";
    case HeaderEncoding::Int64BigEndian: return "int64be";
    }
    return "utf8";
}

std::optional<HeaderEncoding> headerEncodingFromName(std::string_view name)
{
    for (const auto encoding : {HeaderEncoding::Utf8Text, HeaderEncoding::Int32BigEndian, HeaderEncoding::Int64BigEndian}) {
        if (nameOf(encoding) == name)
            return encoding;
    }
    return std::nullopt;
}

const decode::HeaderView* lastHeader(Headers headers, std::string_view name)
{
    for (auto it = headers.rbegin(); it != headers.rend(); ++it) {
        if (it->name == name)
            return &*it;
    }
    return nullptr;
}

DeadLetterInfo decodeConnectHeaders(Headers headers)
{
    DeadLetterInfo info;
    info.convention = Convention::KafkaConnect;
    info.conventionName = std::string(nameOf(Convention::KafkaConnect));
    applyRules(headers, kConnectRules, info);
    return info;
}

DeadLetterInfo decodeSpringHeaders(Headers headers)
{
    DeadLetterInfo info;
    info.convention = Convention::Spring;
    info.conventionName = std::string(nameOf(Convention::Spring));
    applyRules(headers, kSpringRules, info);
    if (!info.exceptionClass && !info.exceptionMessage)
        applyRules(headers, kSpringKeyRules, info);
    return info;
}

DeadLetterInfo decodeOriginalCoordinates(Headers headers)
{
    // The first two rules of each convention are the original topic and partition.
    DeadLetterInfo info;
    info.convention = Convention::KafkaConnect;
    applyRules(headers, std::span<const Rule>(kConnectRules).first(2), info);
    if (info.originalTopic || info.originalPartition)
        return info;
    info = {};
    info.convention = Convention::Spring;
    applyRules(headers, std::span<const Rule>(kSpringRules).first(2), info);
    if (!info.originalTopic && !info.originalPartition)
        info.convention = Convention::None;
    return info;
}

DeadLetterInfo decodeMappedHeaders(Headers headers, std::span<const HeaderMapping> mappings,
                                   std::string_view conventionName)
{
    DeadLetterInfo info;
    info.convention = Convention::Custom;
    info.conventionName = std::string(conventionName);
    InfoWriter writer(info);
    for (const HeaderMapping& mapping : mappings) {
        if (const decode::HeaderView* header = lastHeader(headers, mapping.headerName))
            writer.apply(*header, mapping.field, mapping.encoding);
    }
    return info;
}

} // namespace sluice::dlq
