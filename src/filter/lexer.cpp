// SPDX-License-Identifier: Apache-2.0
#include "filter/lexer.h"

#include "decode/utf8.h"
#include "filter/time_literal.h"

#include <charconv>

namespace sluice::filter {

namespace {

bool isDigit(char c)
{
    return c >= '0' && c <= '9';
}

bool isIdentStart(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}

bool isIdentPart(char c)
{
    return isIdentStart(c) || isDigit(c);
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

// "DDDD-DD-DD" at text[pos]: the start of an ISO-8601 date.
bool looksLikeDate(std::string_view text, std::size_t pos)
{
    if (text.size() - pos < 10)
        return false;
    for (std::size_t i = 0; i < 10; ++i) {
        const char c = text[pos + i];
        const bool dash = i == 4 || i == 7;
        if (dash ? c != '-' : !isDigit(c))
            return false;
    }
    return true;
}

} // namespace

void Lexer::skipWhitespace()
{
    while (m_pos < m_source.size()) {
        const char c = m_source[m_pos];
        if (c != ' ' && c != '\t' && c != '\n' && c != '\r')
            return;
        ++m_pos;
    }
}

Token Lexer::make(TokenKind kind, std::size_t start) const
{
    Token token;
    token.kind = kind;
    token.start = start;
    token.length = m_pos - start;
    return token;
}

Token Lexer::error(std::size_t start, std::string message) const
{
    Token token;
    token.kind = TokenKind::Error;
    token.start = start;
    token.length = m_pos > start ? m_pos - start : 1;
    token.text = std::move(message);
    return token;
}

Token Lexer::nextAllowingRegex()
{
    skipWhitespace();
    if (m_pos < m_source.size() && m_source[m_pos] == '/')
        return lexRegex();
    return next();
}

Token Lexer::next()
{
    skipWhitespace();
    const std::size_t start = m_pos;
    if (m_pos >= m_source.size())
        return make(TokenKind::End, start);
    const char c = m_source[m_pos];
    const char c2 = m_pos + 1 < m_source.size() ? m_source[m_pos + 1] : '\0';
    auto two = [&](TokenKind kind) {
        m_pos += 2;
        return make(kind, start);
    };
    auto one = [&](TokenKind kind) {
        m_pos += 1;
        return make(kind, start);
    };
    switch (c) {
    case '(': return one(TokenKind::LParen);
    case ')': return one(TokenKind::RParen);
    case '[': return one(TokenKind::LBracket);
    case ']': return one(TokenKind::RBracket);
    case ',': return one(TokenKind::Comma);
    case '.': return one(TokenKind::Dot);
    case '+': return one(TokenKind::Plus);
    case '-': return one(TokenKind::Minus);
    case '"':
    case '\'': return lexString(c);
    case '=':
        if (c2 == '=')
            return two(TokenKind::EqEq);
        ++m_pos;
        return error(start, "'==' (a single '=' is not an operator)");
    case '!': return c2 == '=' ? two(TokenKind::NotEq) : one(TokenKind::Bang);
    case '<': return c2 == '=' ? two(TokenKind::LessEq) : one(TokenKind::Less);
    case '>': return c2 == '=' ? two(TokenKind::GreaterEq) : one(TokenKind::Greater);
    case '&':
        if (c2 == '&')
            return two(TokenKind::AndAnd);
        ++m_pos;
        return error(start, "'&&' or 'and'");
    case '|':
        if (c2 == '|')
            return two(TokenKind::OrOr);
        ++m_pos;
        return error(start, "'||' or 'or'");
    default: break;
    }
    if (isDigit(c))
        return lexNumber();
    if (isIdentStart(c)) {
        while (m_pos < m_source.size() && isIdentPart(m_source[m_pos]))
            ++m_pos;
        Token token = make(TokenKind::Identifier, start);
        token.text.assign(m_source.substr(start, m_pos - start));
        return token;
    }
    // One whole (possibly multi-byte) character, so the error underlines it.
    m_pos += decode::utf8::decodeAt(decode::asBytes(m_source), m_pos).length;
    return error(start, "a field, literal, operator or parenthesis");
}

Token Lexer::lexNumber()
{
    const std::size_t start = m_pos;
    if (looksLikeDate(m_source, m_pos)) {
        while (m_pos < m_source.size()) {
            const char c = m_source[m_pos];
            if (!(isDigit(c) || c == '-' || c == '+' || c == ':' || c == '.' || c == ',' || c == 'T' || c == 't'
                  || c == 'Z' || c == 'z'))
                break;
            ++m_pos;
        }
        std::string problem;
        const auto ms = parseIsoTimestamp(m_source.substr(start, m_pos - start), &problem);
        if (!ms)
            return error(start, "an ISO-8601 time (" + problem + "), e.g. 2026-11-22T10:00:00Z");
        Token token = make(TokenKind::DateTime, start);
        token.integer = *ms;
        return token;
    }
    while (m_pos < m_source.size() && isDigit(m_source[m_pos]))
        ++m_pos;
    bool isFloat = false;
    if (m_pos < m_source.size() && m_source[m_pos] == '.') {
        if (m_pos + 1 >= m_source.size() || !isDigit(m_source[m_pos + 1])) {
            ++m_pos;
            return error(start, "a digit after the decimal point");
        }
        isFloat = true;
        ++m_pos;
        while (m_pos < m_source.size() && isDigit(m_source[m_pos]))
            ++m_pos;
    }
    if (m_pos < m_source.size() && (m_source[m_pos] == 'e' || m_source[m_pos] == 'E')) {
        std::size_t p = m_pos + 1;
        if (p < m_source.size() && (m_source[p] == '+' || m_source[p] == '-'))
            ++p;
        if (p < m_source.size() && isDigit(m_source[p])) {
            isFloat = true;
            m_pos = p;
            while (m_pos < m_source.size() && isDigit(m_source[m_pos]))
                ++m_pos;
        }
    }
    if (!isFloat && m_pos < m_source.size() && isIdentStart(m_source[m_pos])) {
        // A duration: digits directly followed by a unit, possibly repeated (1h30m).
        while (m_pos < m_source.size() && isIdentPart(m_source[m_pos]))
            ++m_pos;
        std::string problem;
        const auto ms = parseDuration(m_source.substr(start, m_pos - start), &problem);
        if (!ms)
            return error(start, "a number or a duration such as 15m (" + problem + ")");
        Token token = make(TokenKind::Duration, start);
        token.integer = *ms;
        return token;
    }
    if (m_pos < m_source.size() && isIdentPart(m_source[m_pos])) {
        ++m_pos;
        return error(start, "a space or operator after the number");
    }
    const std::string_view text = m_source.substr(start, m_pos - start);
    Token token = make(isFloat ? TokenKind::Float : TokenKind::Integer, start);
    if (isFloat) {
        const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), token.real);
        if (ec != std::errc() || end != text.data() + text.size())
            return error(start, "a number of a representable size");
    } else {
        const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), token.integer);
        if (ec != std::errc() || end != text.data() + text.size())
            return error(start, "an integer within 64 bits");
    }
    return token;
}

Token Lexer::lexString(char quote)
{
    const std::size_t start = m_pos;
    ++m_pos;
    std::string out;
    while (m_pos < m_source.size()) {
        const char c = m_source[m_pos];
        if (c == quote) {
            ++m_pos;
            Token token = make(TokenKind::String, start);
            token.text = std::move(out);
            return token;
        }
        if (c != '\\') {
            out.push_back(c);
            ++m_pos;
            continue;
        }
        const std::size_t escapeStart = m_pos;
        ++m_pos;
        if (m_pos >= m_source.size())
            break;
        const char e = m_source[m_pos++];
        switch (e) {
        case '"': out.push_back('"'); break;
        case '\'': out.push_back('\''); break;
        case '\\': out.push_back('\\'); break;
        case '/': out.push_back('/'); break;
        case 'n': out.push_back('\n'); break;
        case 'r': out.push_back('\r'); break;
        case 't': out.push_back('\t'); break;
        case '0': out.push_back('\0'); break;
        case 'x': {
            const int hi = m_pos < m_source.size() ? hexValue(m_source[m_pos]) : -1;
            const int lo = m_pos + 1 < m_source.size() ? hexValue(m_source[m_pos + 1]) : -1;
            if (hi < 0 || lo < 0)
                return error(escapeStart, "two hex digits after \\x (a byte, e.g. \\x00)");
            out.push_back(static_cast<char>(hi * 16 + lo));
            m_pos += 2;
            break;
        }
        case 'u': {
            int value = 0;
            for (int i = 0; i < 4; ++i) {
                const int digit = m_pos < m_source.size() ? hexValue(m_source[m_pos]) : -1;
                if (digit < 0)
                    return error(escapeStart, "four hex digits after \\u");
                value = value * 16 + digit;
                ++m_pos;
            }
            if (value >= 0xD800 && value <= 0xDFFF)
                return error(escapeStart, "a Unicode scalar value after \\u (not a surrogate)");
            decode::utf8::append(out, static_cast<char32_t>(value));
            break;
        }
        default:
            return error(escapeStart, "a known escape (\\\" \\' \\\\ \\n \\r \\t \\0 \\xHH \\uXXXX); "
                                      "for a regular expression write matches /…/");
        }
    }
    m_pos = m_source.size();
    return error(start, "the closing quote of the string");
}

Token Lexer::lexRegex()
{
    const std::size_t start = m_pos;
    ++m_pos;
    std::string pattern;
    while (m_pos < m_source.size()) {
        const char c = m_source[m_pos];
        if (c == '/') {
            ++m_pos;
            const std::size_t flagsStart = m_pos;
            while (m_pos < m_source.size() && isIdentPart(m_source[m_pos]))
                ++m_pos;
            Token token = make(TokenKind::Regex, start);
            token.text = std::move(pattern);
            token.flags.assign(m_source.substr(flagsStart, m_pos - flagsStart));
            return token;
        }
        if (c == '\\' && m_pos + 1 < m_source.size() && m_source[m_pos + 1] == '/') {
            pattern.push_back('/');
            m_pos += 2;
            continue;
        }
        if (c == '\\' && m_pos + 1 < m_source.size()) {
            pattern.push_back(c);
            pattern.push_back(m_source[m_pos + 1]);
            m_pos += 2;
            continue;
        }
        pattern.push_back(c);
        ++m_pos;
    }
    return error(start, "the closing '/' of the regular expression");
}

} // namespace sluice::filter
