// SPDX-License-Identifier: Apache-2.0
#pragma once

// A small pull reader over JSON text (RFC 8259, strict: UTF-8 only, no comments, no
// trailing commas). It builds nothing: callers walk the values they care about and skip
// the rest, which is how the filter extracts a few paths from a large value in one pass.
// Nesting is bounded (maxDepth), and skipping uses no recursion, so hostile input can
// neither overflow the stack nor make the reader read past the text.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace sluice::decode::json {

enum class JsonType { Null, Bool, Number, String, Object, Array };

std::string_view nameOf(JsonType type);

inline constexpr std::size_t kDefaultMaxDepth = 256;
inline constexpr std::size_t kMaxDepthLimit = 1024; // larger maxDepth values are clamped

class Reader {
public:
    explicit Reader(std::string_view text, std::size_t maxDepth = kDefaultMaxDepth);

    std::size_t position() const { return m_pos; }
    std::string_view text() const { return m_text; }
    bool hasFailed() const { return !m_failure.empty(); }
    // What was expected at failurePosition(), e.g. "',' or '}'"; empty while no failure.
    std::string_view failure() const { return m_failure; }
    std::size_t failurePosition() const { return m_failurePos; }

    // Skips whitespace and names the kind of value that starts here; nullopt (and a
    // failure) when none does.
    std::optional<JsonType> peekType();
    // Skips whitespace; true when nothing else is left.
    bool atEnd();

    bool readNull();
    bool readBool(bool& out);
    bool readNumber(std::string_view& token);
    // The text between the quotes, validated (escapes, UTF-8, no control characters) but
    // not decoded; hasEscapes says whether decodeString() would change it.
    bool readStringRaw(std::string_view& content, bool& hasEscapes);
    // The decoded string, written to `out` (replacing its contents).
    bool readString(std::string& out);

    enum class Step { Item, End, Error };

    // Containers: after begin*, call next* until it returns End (the closing bracket is
    // consumed) or Error. `first` starts true and is managed by the reader.
    bool beginObject();
    // On Item the member's key has been read and the ':' consumed; the value comes next.
    Step nextMember(bool& first, std::string_view& rawKey, bool& keyHasEscapes);
    bool beginArray();
    // On Item an element value comes next.
    Step nextElement(bool& first);

    // Skips one complete value of any kind, validating it.
    bool skipValue();

private:
    void skipWhitespace();
    bool fail(std::string_view expected);
    bool expectLiteral(std::string_view word);
    bool enter();

    std::string_view m_text;
    std::size_t m_pos = 0;
    std::size_t m_depth = 0;
    std::size_t m_maxDepth;
    std::string_view m_failure;
    std::size_t m_failurePos = 0;
};

// Decodes string content as returned by readStringRaw() (assumed validated) into UTF-8,
// replacing `out`. A lone surrogate escape becomes U+FFFD.
void decodeString(std::string_view raw, std::string& out);

// An integral number token (no fraction, no exponent) that fits in int64; nullopt otherwise.
std::optional<std::int64_t> parseInt(std::string_view token);
// Any number token as a double (may round); nullopt when the token is not a number.
std::optional<double> parseDouble(std::string_view token);

// Exactly one JSON value, optionally surrounded by whitespace.
bool isValid(std::string_view text, std::size_t maxDepth = kDefaultMaxDepth);

// Appends `text` (which must be valid UTF-8) as a JSON string literal with quotes.
void appendQuoted(std::string& out, std::string_view text);

} // namespace sluice::decode::json
