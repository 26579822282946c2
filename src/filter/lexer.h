// SPDX-License-Identifier: Apache-2.0
#pragma once

// Tokens of the filter language. The lexer is pulled one token at a time by the parser,
// which lets `matches` ask for a /regex/ literal where '/' would otherwise be an error.

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace sluice::filter {

enum class TokenKind {
    End,
    Error,      // `text` holds the problem; `start` where it is
    Identifier, // also keywords: and, or, not, contains, in, true, now …
    String,     // `text` holds the decoded bytes
    Integer,
    Float,
    DateTime,   // ISO-8601 instant; `integer` holds epoch milliseconds
    Duration,   // 15m, 1h30m; `integer` holds milliseconds
    Regex,      // /…/flags: `text` the pattern, `flags` the letters after the closing '/'
    LParen, RParen, LBracket, RBracket, Comma, Dot, Plus, Minus,
    EqEq, NotEq, Less, LessEq, Greater, GreaterEq,
    AndAnd, OrOr, Bang,
};

struct Token {
    TokenKind kind = TokenKind::End;
    std::size_t start = 0;  // byte offset in the filter text
    std::size_t length = 0; // bytes
    std::string text;
    std::string flags;
    std::int64_t integer = 0;
    double real = 0;
};

class Lexer {
public:
    explicit Lexer(std::string_view source) : m_source(source) {}

    Token next();
    // As next(), but a '/' starts a regex literal.
    Token nextAllowingRegex();

    std::string_view source() const { return m_source; }

private:
    Token lexString(char quote);
    Token lexNumber();
    Token lexRegex();
    Token make(TokenKind kind, std::size_t start) const;
    Token error(std::size_t start, std::string message) const;
    void skipWhitespace();

    std::string_view m_source;
    std::size_t m_pos = 0;
};

} // namespace sluice::filter
