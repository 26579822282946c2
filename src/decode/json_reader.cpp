// SPDX-License-Identifier: Apache-2.0
#include "decode/json_reader.h"

#include "decode/utf8.h"

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>

namespace sluice::decode::json {

namespace {

bool isDigit(char c)
{
    return c >= '0' && c <= '9';
}

// Bytes a string scan must stop at: '"', '\\', control characters and non-ASCII.
constexpr std::array<bool, 256> makeStringStops()
{
    std::array<bool, 256> stops{};
    for (std::size_t i = 0; i < 256; ++i)
        stops[i] = i < 0x20 || i == '"' || i == '\\' || i >= 0x80;
    return stops;
}

constexpr auto kStringStops = makeStringStops();

constexpr bool isSpace(char c)
{
    return c == ' ' || c == '\n' || c == '\r' || c == '\t';
}

int hexValue(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

// Four hex digits at text[pos..pos+4); -1 when they are not.
int readHex4(std::string_view text, std::size_t pos)
{
    if (text.size() - pos < 4)
        return -1;
    int value = 0;
    for (std::size_t i = 0; i < 4; ++i) {
        const int digit = hexValue(text[pos + i]);
        if (digit < 0)
            return -1;
        value = value * 16 + digit;
    }
    return value;
}

} // namespace

std::string_view nameOf(JsonType type)
{
    switch (type) {
    case JsonType::Null: return "null";
    case JsonType::Bool: return "boolean";
    case JsonType::Number: return "number";
    case JsonType::String: return "string";
    case JsonType::Object: return "object";
    case JsonType::Array: return "array";
    }
    return "unknown";
}

Reader::Reader(std::string_view text, std::size_t maxDepth)
    : m_text(text), m_maxDepth(std::min(maxDepth, kMaxDepthLimit))
{
}

void Reader::skipWhitespace()
{
    const std::size_t size = m_text.size();
    const char* data = m_text.data();
    while (m_pos < size && isSpace(data[m_pos]))
        ++m_pos;
}

bool Reader::fail(std::string_view expected)
{
    if (m_failure.empty()) {
        m_failure = expected;
        m_failurePos = m_pos;
    }
    return false;
}

bool Reader::atEnd()
{
    skipWhitespace();
    return m_pos >= m_text.size();
}

std::optional<JsonType> Reader::peekType()
{
    if (hasFailed())
        return std::nullopt;
    skipWhitespace();
    if (m_pos >= m_text.size()) {
        fail("a value");
        return std::nullopt;
    }
    switch (m_text[m_pos]) {
    case '{': return JsonType::Object;
    case '[': return JsonType::Array;
    case '"': return JsonType::String;
    case 't':
    case 'f': return JsonType::Bool;
    case 'n': return JsonType::Null;
    default:
        if (m_text[m_pos] == '-' || isDigit(m_text[m_pos]))
            return JsonType::Number;
        fail("a value");
        return std::nullopt;
    }
}

bool Reader::expectLiteral(std::string_view word)
{
    if (m_text.substr(m_pos, word.size()) != word)
        return fail(word);
    m_pos += word.size();
    return true;
}

bool Reader::readNull()
{
    skipWhitespace();
    return expectLiteral("null");
}

bool Reader::readBool(bool& out)
{
    skipWhitespace();
    if (m_pos < m_text.size() && m_text[m_pos] == 't') {
        out = true;
        return expectLiteral("true");
    }
    out = false;
    return expectLiteral("false");
}

bool Reader::readNumber(std::string_view& token)
{
    skipWhitespace();
    const std::size_t start = m_pos;
    const std::size_t size = m_text.size();
    if (m_pos < size && m_text[m_pos] == '-')
        ++m_pos;
    if (m_pos >= size || !isDigit(m_text[m_pos]))
        return fail("a digit");
    if (m_text[m_pos] == '0') {
        ++m_pos;
    } else {
        while (m_pos < size && isDigit(m_text[m_pos]))
            ++m_pos;
    }
    if (m_pos < size && m_text[m_pos] == '.') {
        ++m_pos;
        if (m_pos >= size || !isDigit(m_text[m_pos]))
            return fail("a digit after '.'");
        while (m_pos < size && isDigit(m_text[m_pos]))
            ++m_pos;
    }
    if (m_pos < size && (m_text[m_pos] == 'e' || m_text[m_pos] == 'E')) {
        ++m_pos;
        if (m_pos < size && (m_text[m_pos] == '+' || m_text[m_pos] == '-'))
            ++m_pos;
        if (m_pos >= size || !isDigit(m_text[m_pos]))
            return fail("a digit in the exponent");
        while (m_pos < size && isDigit(m_text[m_pos]))
            ++m_pos;
    }
    token = m_text.substr(start, m_pos - start);
    return true;
}

bool Reader::readStringRaw(std::string_view& content, bool& hasEscapes)
{
    skipWhitespace();
    if (m_pos >= m_text.size() || m_text[m_pos] != '"')
        return fail("'\"'");
    ++m_pos;
    const std::size_t start = m_pos;
    hasEscapes = false;
    const ByteView bytes = asBytes(m_text);
    const std::size_t size = m_text.size();
    const char* data = m_text.data();
    while (m_pos < size) {
        // Plain ASCII runs are the common case: skip them without further checks.
        while (m_pos < size && !kStringStops[static_cast<unsigned char>(data[m_pos])])
            ++m_pos;
        if (m_pos >= size)
            break;
        const auto c = static_cast<unsigned char>(data[m_pos]);
        if (c == '"') {
            content = m_text.substr(start, m_pos - start);
            ++m_pos;
            return true;
        }
        if (c < 0x20)
            return fail("no control characters inside a string");
        if (c == '\\') {
            hasEscapes = true;
            ++m_pos;
            if (m_pos >= m_text.size())
                return fail("an escape character");
            const char e = m_text[m_pos];
            if (e == 'u') {
                if (readHex4(m_text, m_pos + 1) < 0)
                    return fail("four hex digits after \\u");
                m_pos += 5;
                continue;
            }
            if (e != '"' && e != '\\' && e != '/' && e != 'b' && e != 'f' && e != 'n' && e != 'r' && e != 't')
                return fail("a valid escape (\\\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX)");
            ++m_pos;
            continue;
        }
        if (c < 0x80) {
            ++m_pos;
            continue;
        }
        const utf8::CodePoint cp = utf8::decodeAt(bytes, m_pos);
        if (!cp.valid)
            return fail("valid UTF-8");
        m_pos += cp.length;
    }
    return fail("the closing '\"'");
}

bool Reader::readString(std::string& out)
{
    std::string_view raw;
    bool hasEscapes = false;
    if (!readStringRaw(raw, hasEscapes))
        return false;
    if (hasEscapes)
        decodeString(raw, out);
    else
        out.assign(raw);
    return true;
}

bool Reader::enter()
{
    if (m_depth >= m_maxDepth)
        return fail("less deeply nested values");
    ++m_depth;
    ++m_pos;
    return true;
}

bool Reader::beginObject()
{
    skipWhitespace();
    if (m_pos >= m_text.size() || m_text[m_pos] != '{')
        return fail("'{'");
    return enter();
}

bool Reader::beginArray()
{
    skipWhitespace();
    if (m_pos >= m_text.size() || m_text[m_pos] != '[')
        return fail("'['");
    return enter();
}

Reader::Step Reader::nextMember(bool& first, std::string_view& rawKey, bool& keyHasEscapes)
{
    if (hasFailed())
        return Step::Error;
    skipWhitespace();
    if (m_pos >= m_text.size()) {
        fail(first ? "a key or '}'" : "',' or '}'");
        return Step::Error;
    }
    if (m_text[m_pos] == '}') {
        ++m_pos;
        --m_depth;
        return Step::End;
    }
    if (!first) {
        if (m_text[m_pos] != ',') {
            fail("',' or '}'");
            return Step::Error;
        }
        ++m_pos;
    }
    first = false;
    if (!readStringRaw(rawKey, keyHasEscapes))
        return Step::Error;
    skipWhitespace();
    if (m_pos >= m_text.size() || m_text[m_pos] != ':') {
        fail("':'");
        return Step::Error;
    }
    ++m_pos;
    return Step::Item;
}

Reader::Step Reader::nextElement(bool& first)
{
    if (hasFailed())
        return Step::Error;
    skipWhitespace();
    if (m_pos >= m_text.size()) {
        fail(first ? "a value or ']'" : "',' or ']'");
        return Step::Error;
    }
    if (m_text[m_pos] == ']') {
        ++m_pos;
        --m_depth;
        return Step::End;
    }
    if (!first) {
        if (m_text[m_pos] != ',') {
            fail("',' or ']'");
            return Step::Error;
        }
        ++m_pos;
    }
    first = false;
    return Step::Item;
}

bool Reader::skipValue()
{
    // Iterative: `open` holds the brackets entered by this call, bounded by the depth limit.
    char open[kMaxDepthLimit]; // written before read; not cleared (this runs per skipped value)
    std::size_t depth = 0;
    std::string_view ignoredText;
    bool ignoredFlag = false;
    bool expectValue = true;
    while (true) {
        if (hasFailed())
            return false;
        if (expectValue) {
            const auto type = peekType();
            if (!type)
                return false;
            if (*type == JsonType::Object || *type == JsonType::Array) {
                const bool isObject = *type == JsonType::Object;
                if (m_depth + depth >= m_maxDepth)
                    return fail("less deeply nested values");
                ++m_pos;
                skipWhitespace();
                const char close = isObject ? '}' : ']';
                if (m_pos < m_text.size() && m_text[m_pos] == close) {
                    ++m_pos;
                    expectValue = false;
                    continue;
                }
                open[depth++] = isObject ? '{' : '[';
                if (isObject) {
                    if (!readStringRaw(ignoredText, ignoredFlag))
                        return false;
                    skipWhitespace();
                    if (m_pos >= m_text.size() || m_text[m_pos] != ':')
                        return fail("':'");
                    ++m_pos;
                }
                continue; // a value follows
            }
            bool ok = false;
            switch (*type) {
            case JsonType::String: ok = readStringRaw(ignoredText, ignoredFlag); break;
            case JsonType::Number: ok = readNumber(ignoredText); break;
            case JsonType::Bool: ok = readBool(ignoredFlag); break;
            case JsonType::Null: ok = readNull(); break;
            default: break;
            }
            if (!ok)
                return false;
            expectValue = false;
            continue;
        }
        if (depth == 0)
            return true;
        skipWhitespace();
        if (m_pos >= m_text.size())
            return fail(open[depth - 1] == '{' ? "',' or '}'" : "',' or ']'");
        const char c = m_text[m_pos];
        if (c == ',') {
            ++m_pos;
            if (open[depth - 1] == '{') {
                if (!readStringRaw(ignoredText, ignoredFlag))
                    return false;
                skipWhitespace();
                if (m_pos >= m_text.size() || m_text[m_pos] != ':')
                    return fail("':'");
                ++m_pos;
            }
            expectValue = true;
        } else if ((c == '}' && open[depth - 1] == '{') || (c == ']' && open[depth - 1] == '[')) {
            ++m_pos;
            --depth;
        } else {
            return fail(open[depth - 1] == '{' ? "',' or '}'" : "',' or ']'");
        }
    }
}

void decodeString(std::string_view raw, std::string& out)
{
    out.clear();
    out.reserve(raw.size());
    std::size_t pos = 0;
    while (pos < raw.size()) {
        const char c = raw[pos];
        if (c != '\\' || pos + 1 >= raw.size()) {
            out.push_back(c);
            ++pos;
            continue;
        }
        const char e = raw[pos + 1];
        pos += 2;
        switch (e) {
        case 'b': out.push_back('\b'); break;
        case 'f': out.push_back('\f'); break;
        case 'n': out.push_back('\n'); break;
        case 'r': out.push_back('\r'); break;
        case 't': out.push_back('\t'); break;
        case 'u': {
            const int unit = readHex4(raw, pos);
            if (unit < 0) {
                utf8::append(out, 0xFFFD);
                break;
            }
            pos += 4;
            char32_t cp = static_cast<char32_t>(unit);
            if (cp >= 0xD800 && cp <= 0xDBFF) {
                const int low = (raw.substr(pos, 2) == "\\u") ? readHex4(raw, pos + 2) : -1;
                if (low >= 0xDC00 && low <= 0xDFFF) {
                    cp = 0x10000 + ((cp - 0xD800) << 10U) + (static_cast<char32_t>(low) - 0xDC00);
                    pos += 6;
                } else {
                    cp = 0xFFFD;
                }
            } else if (cp >= 0xDC00 && cp <= 0xDFFF) {
                cp = 0xFFFD;
            }
            utf8::append(out, cp);
            break;
        }
        default: out.push_back(e); break; // '"', '\\', '/'
        }
    }
}

std::optional<std::int64_t> parseInt(std::string_view token)
{
    if (token.find_first_of(".eE") != std::string_view::npos)
        return std::nullopt;
    std::int64_t value = 0;
    const auto [end, ec] = std::from_chars(token.data(), token.data() + token.size(), value);
    if (ec != std::errc() || end != token.data() + token.size())
        return std::nullopt;
    return value;
}

std::optional<double> parseDouble(std::string_view token)
{
    double value = 0;
    const auto [end, ec] = std::from_chars(token.data(), token.data() + token.size(), value);
    if (ec == std::errc::result_out_of_range) {
        // Overflow or underflow: pick the limit the number tends to.
        const bool negative = !token.empty() && token.front() == '-';
        const auto e = token.find_first_of("eE");
        const bool tiny = e != std::string_view::npos && e + 1 < token.size() && token[e + 1] == '-';
        if (tiny)
            return negative ? -0.0 : 0.0;
        return negative ? -HUGE_VAL : HUGE_VAL;
    }
    if (ec != std::errc() || end != token.data() + token.size())
        return std::nullopt;
    return value;
}

bool isValid(std::string_view text, std::size_t maxDepth)
{
    Reader reader(text, maxDepth);
    return reader.skipValue() && reader.atEnd();
}

void appendQuoted(std::string& out, std::string_view text)
{
    static constexpr std::string_view kHex = "0123456789abcdef";
    out.push_back('"');
    for (const char c : text) {
        const auto u = static_cast<unsigned char>(c);
        switch (c) {
        case '"': out += "\\\""; break;
        case '\\': out += "\\\\"; break;
        case '\n': out += "\\n"; break;
        case '\r': out += "\\r"; break;
        case '\t': out += "\\t"; break;
        case '\b': out += "\\b"; break;
        case '\f': out += "\\f"; break;
        default:
            if (u < 0x20) {
                out += "\\u00";
                out.push_back(kHex[u >> 4U]);
                out.push_back(kHex[u & 0xFU]);
            } else {
                out.push_back(c);
            }
        }
    }
    out.push_back('"');
}

} // namespace sluice::decode::json
