// SPDX-License-Identifier: Apache-2.0
// The filter parser: recursive descent over the grammar in docs/filter-language.md, with
// type checks of each predicate, producing a Program. Recursion depth is bounded by
// kMaxFilterNesting.
#include "filter/filter.h"

#include "decode/utf8.h"
#include "filter/lexer.h"
#include "filter/program.h"
#include "filter/time_literal.h"

#include <algorithm>
#include <chrono>
#include <limits>

namespace sluice::filter {

namespace {

constexpr std::string_view kOperators =
    "an operator (==, !=, <, <=, >, >=, contains, startsWith, endsWith, matches, in, exists)";
constexpr std::string_view kFields =
    "a field (topic, partition, offset, timestamp, size, key, value, headers[\"name\"])";

bool equalsIgnoreCase(std::string_view a, std::string_view b)
{
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
               return (x >= 'A' && x <= 'Z' ? x + 32 : x) == (y >= 'A' && y <= 'Z' ? y + 32 : y);
           });
}

enum class StaticType { Int, Text, Bytes, Dynamic };

StaticType staticTypeOf(FieldKind kind)
{
    switch (kind) {
    case FieldKind::Partition:
    case FieldKind::Offset:
    case FieldKind::Timestamp:
    case FieldKind::Size: return StaticType::Int;
    case FieldKind::Topic: return StaticType::Text;
    case FieldKind::Key:
    case FieldKind::Value:
    case FieldKind::Header: return StaticType::Bytes;
    case FieldKind::KeyJson:
    case FieldKind::ValueJson: return StaticType::Dynamic;
    }
    return StaticType::Dynamic;
}

struct LiteralToken {
    Literal literal;
    Token token;
};

class Parser {
public:
    Parser(std::string_view source, const CompileOptions& options, Program& program)
        : m_lexer(source), m_source(source), m_program(program)
    {
        m_nowMs = options.nowMs ? *options.nowMs
                                : std::chrono::duration_cast<std::chrono::milliseconds>(
                                      std::chrono::system_clock::now().time_since_epoch())
                                      .count();
    }

    bool run()
    {
        if (m_source.size() > kMaxFilterBytes) {
            Token whole;
            whole.start = kMaxFilterBytes;
            whole.length = 1;
            return fail(whole, "a filter of at most 16 KiB");
        }
        advance();
        if (m_tok.kind == TokenKind::End) {
            m_program.root = addNode(Node{NodeKind::Constant, true, 0, {}});
            return true;
        }
        const auto root = orExpression(0);
        if (!root)
            return false;
        if (m_tok.kind != TokenKind::End)
            return fail(m_tok, "'and', 'or' or the end of the filter");
        m_program.root = *root;
        return true;
    }

    const FilterError& error() const { return m_error; }

private:
    void advance() { m_tok = m_lexer.next(); }

    bool isKeyword(std::string_view word) const
    {
        return m_tok.kind == TokenKind::Identifier && equalsIgnoreCase(m_tok.text, word);
    }

    bool fail(const Token& at, std::string expected)
    {
        if (!m_failed) {
            m_failed = true;
            const decode::ByteView bytes = decode::asBytes(m_source);
            const std::size_t start = std::min(at.start, m_source.size());
            const std::size_t end = std::min(at.start + at.length, m_source.size());
            m_error.byteOffset = start;
            m_error.column = decode::utf8::countCodePoints(bytes, start) + 1;
            m_error.length = std::max<std::size_t>(1, decode::utf8::countCodePoints(bytes, end) + 1 - m_error.column);
            if (at.kind == TokenKind::Error)
                expected = at.text;
            m_error.expected = std::move(expected);
            if (at.kind == TokenKind::End || start >= m_source.size()) {
                m_error.found = "the end of the filter";
            } else {
                std::string_view text = m_source.substr(start, end - start);
                if (text.size() > 30)
                    text = text.substr(0, 30);
                m_error.found = "'" + std::string(text) + "'";
            }
            m_error.message = "Column " + std::to_string(m_error.column) + ": expected " + m_error.expected + ", found "
                              + m_error.found;
        }
        return false;
    }

    std::uint32_t addNode(Node node)
    {
        m_program.nodes.push_back(std::move(node));
        return static_cast<std::uint32_t>(m_program.nodes.size() - 1);
    }

    std::optional<std::uint32_t> orExpression(std::size_t depth)
    {
        return chain(depth, NodeKind::Or);
    }

    // A run of operands joined by `or` (kind Or) or `and` (kind And), as one n-ary node.
    std::optional<std::uint32_t> chain(std::size_t depth, NodeKind kind)
    {
        const bool isOr = kind == NodeKind::Or;
        Node node{kind, true, 0, {}};
        while (true) {
            const auto child = isOr ? chain(depth, NodeKind::And) : notExpression(depth);
            if (!child)
                return std::nullopt;
            node.children.push_back(*child);
            const bool joined = isOr ? (isKeyword("or") || m_tok.kind == TokenKind::OrOr)
                                     : (isKeyword("and") || m_tok.kind == TokenKind::AndAnd);
            if (!joined)
                break;
            advance();
        }
        if (node.children.size() == 1)
            return node.children.front();
        return addNode(std::move(node));
    }

    std::optional<std::uint32_t> notExpression(std::size_t depth)
    {
        if (isKeyword("not") || m_tok.kind == TokenKind::Bang) {
            if (depth >= kMaxFilterNesting) {
                fail(m_tok, "at most 64 nested 'not' and parentheses");
                return std::nullopt;
            }
            advance();
            const auto inner = notExpression(depth + 1);
            if (!inner)
                return std::nullopt;
            return addNode(Node{NodeKind::Not, true, 0, {*inner}});
        }
        return primary(depth);
    }

    std::optional<std::uint32_t> primary(std::size_t depth)
    {
        if (m_tok.kind == TokenKind::LParen) {
            if (depth >= kMaxFilterNesting) {
                fail(m_tok, "at most 64 nested 'not' and parentheses");
                return std::nullopt;
            }
            advance();
            const auto inner = orExpression(depth + 1);
            if (!inner)
                return std::nullopt;
            if (m_tok.kind != TokenKind::RParen) {
                fail(m_tok, "')' or another condition joined with 'and' / 'or'");
                return std::nullopt;
            }
            advance();
            return inner;
        }
        if (isKeyword("true") || isKeyword("false")) {
            const bool value = isKeyword("true");
            advance();
            return addNode(Node{NodeKind::Constant, value, 0, {}});
        }
        if (m_tok.kind == TokenKind::Identifier)
            return predicate();
        fail(m_tok, "a condition: a field such as value.id, 'not' or '('");
        return std::nullopt;
    }

    std::optional<std::uint32_t> predicate()
    {
        if (m_program.predicates.size() >= kMaxFilterConditions) {
            fail(m_tok, "at most 256 conditions");
            return std::nullopt;
        }
        auto ref = field();
        if (!ref)
            return std::nullopt;
        Predicate p;
        p.field = std::move(*ref);
        const Token opToken = m_tok;
        if (!readOperator(p.op))
            return std::nullopt;
        if (!operands(p, opToken))
            return std::nullopt;
        switch (p.field.kind) {
        case FieldKind::Key:
        case FieldKind::KeyJson: m_program.readsKey = true; break;
        case FieldKind::Value:
        case FieldKind::ValueJson:
        case FieldKind::Size: m_program.readsValue = true; break;
        case FieldKind::Header: m_program.readsHeaders = true; break;
        default: break;
        }
        m_program.predicates.push_back(std::move(p));
        return addNode(
            Node{NodeKind::Test, true, static_cast<std::uint32_t>(m_program.predicates.size() - 1), {}});
    }

    std::optional<FieldRef> field()
    {
        const Token token = m_tok;
        const std::string name = m_tok.text;
        FieldRef ref;
        if (name == "topic")
            ref.kind = FieldKind::Topic;
        else if (name == "partition")
            ref.kind = FieldKind::Partition;
        else if (name == "offset")
            ref.kind = FieldKind::Offset;
        else if (name == "timestamp")
            ref.kind = FieldKind::Timestamp;
        else if (name == "size")
            ref.kind = FieldKind::Size;
        else if (name == "key" || name == "value")
            return jsonField(name == "key");
        else if (name == "headers")
            return headerField();
        else {
            fail(token, std::string(kFields));
            return std::nullopt;
        }
        advance();
        return ref;
    }

    std::optional<FieldRef> headerField()
    {
        advance();
        if (m_tok.kind != TokenKind::LBracket) {
            fail(m_tok, "'[' and a header name, as in headers[\"trace-id\"]");
            return std::nullopt;
        }
        advance();
        if (m_tok.kind != TokenKind::String) {
            fail(m_tok, "a header name in quotes, as in headers[\"trace-id\"]");
            return std::nullopt;
        }
        FieldRef ref;
        ref.kind = FieldKind::Header;
        ref.headerName = m_tok.text;
        advance();
        if (m_tok.kind != TokenKind::RBracket) {
            fail(m_tok, "']'");
            return std::nullopt;
        }
        advance();
        return ref;
    }

    std::optional<FieldRef> jsonField(bool isKey)
    {
        advance();
        std::vector<JsonPathStep> path;
        while (m_tok.kind == TokenKind::Dot || m_tok.kind == TokenKind::LBracket) {
            if (path.size() >= kMaxJsonPathSteps) {
                fail(m_tok, "a path of at most 32 steps");
                return std::nullopt;
            }
            JsonPathStep step;
            if (m_tok.kind == TokenKind::Dot) {
                advance();
                if (m_tok.kind != TokenKind::Identifier) {
                    fail(m_tok, "a member name after '.' (use [\"…\"] for other names)");
                    return std::nullopt;
                }
                step.member = m_tok.text;
            } else {
                advance();
                if (m_tok.kind == TokenKind::Integer) {
                    if (m_tok.integer < 0 || m_tok.integer > std::numeric_limits<std::uint32_t>::max()) {
                        fail(m_tok, "an array index from 0 to 4294967295");
                        return std::nullopt;
                    }
                    step.isIndex = true;
                    step.index = static_cast<std::uint32_t>(m_tok.integer);
                } else if (m_tok.kind == TokenKind::String) {
                    step.member = m_tok.text;
                } else {
                    fail(m_tok, "an array index or a quoted member name");
                    return std::nullopt;
                }
                advance();
                if (m_tok.kind != TokenKind::RBracket) {
                    fail(m_tok, "']'");
                    return std::nullopt;
                }
            }
            advance();
            path.push_back(std::move(step));
        }
        FieldRef ref;
        if (path.empty()) {
            ref.kind = isKey ? FieldKind::Key : FieldKind::Value;
            return ref;
        }
        ref.kind = isKey ? FieldKind::KeyJson : FieldKind::ValueJson;
        ref.slot = (isKey ? m_program.keyPaths : m_program.valuePaths).add(path);
        return ref;
    }

    bool readOperator(Op& op)
    {
        switch (m_tok.kind) {
        case TokenKind::EqEq: op = Op::Eq; break;
        case TokenKind::NotEq: op = Op::Ne; break;
        case TokenKind::Less: op = Op::Lt; break;
        case TokenKind::LessEq: op = Op::Le; break;
        case TokenKind::Greater: op = Op::Gt; break;
        case TokenKind::GreaterEq: op = Op::Ge; break;
        case TokenKind::Identifier:
            if (isKeyword("contains"))
                op = Op::Contains;
            else if (isKeyword("startsWith"))
                op = Op::StartsWith;
            else if (isKeyword("endsWith"))
                op = Op::EndsWith;
            else if (isKeyword("matches"))
                op = Op::Matches;
            else if (isKeyword("in"))
                op = Op::In;
            else if (isKeyword("exists"))
                op = Op::Exists;
            else
                return fail(m_tok, std::string(kOperators));
            break;
        default: return fail(m_tok, std::string(kOperators));
        }
        if (op == Op::Matches)
            m_tok = m_lexer.nextAllowingRegex();
        else
            advance();
        return true;
    }

    bool operands(Predicate& p, const Token& opToken)
    {
        const StaticType type = staticTypeOf(p.field.kind);
        const bool isTextOp = p.op == Op::Contains || p.op == Op::StartsWith || p.op == Op::EndsWith || p.op == Op::Matches;
        if (isTextOp && type == StaticType::Int)
            return fail(opToken, "an operator for numbers (==, !=, <, <=, >, >=, in, exists); text operators "
                                 "work on topic, key, value, headers and JSON fields");
        if (p.op == Op::Exists)
            return true;
        if (p.op == Op::Matches)
            return regexOperand(p);
        if (p.op == Op::In) {
            if (m_tok.kind != TokenKind::LBracket)
                return fail(m_tok, "'[' starting a list, as in partition in [0, 1]");
            advance();
            if (m_tok.kind == TokenKind::RBracket) {
                advance();
                return true;
            }
            while (true) {
                if (p.operands.size() >= kMaxListItems)
                    return fail(m_tok, "at most 1000 list items");
                auto item = literal();
                if (!item || !check(p, type, *item))
                    return false;
                p.operands.push_back(std::move(item->literal));
                if (m_tok.kind == TokenKind::RBracket)
                    break;
                if (m_tok.kind != TokenKind::Comma)
                    return fail(m_tok, "',' or ']'");
                advance();
            }
            advance();
            return true;
        }
        auto operand = literal();
        if (!operand || !check(p, type, *operand))
            return false;
        p.operands.push_back(std::move(operand->literal));
        return true;
    }

    bool regexOperand(Predicate& p)
    {
        const Token token = m_tok;
        std::string flags;
        if (token.kind == TokenKind::Regex)
            flags = token.flags;
        else if (token.kind != TokenKind::String)
            return fail(token, "a regular expression: /pattern/ or \"pattern\"");
        bool caseInsensitive = false;
        for (const char f : flags) {
            if (f != 'i')
                return fail(token, "regular-expression flags: only 'i' (ASCII case-insensitive)");
            caseInsensitive = true;
        }
        Regex regex;
        RegexError regexError;
        if (!Regex::compile(token.text, caseInsensitive, regex, regexError)) {
            Token at = token;
            // Point into the pattern (exact for /…/ without escaped slashes).
            at.start = std::min(token.start + 1 + regexError.offset, token.start + token.length - 1);
            at.length = 1;
            at.kind = TokenKind::Regex;
            return fail(at, "in the regular expression, " + regexError.expected);
        }
        m_program.regexes.push_back(std::move(regex));
        p.regex = static_cast<std::int32_t>(m_program.regexes.size() - 1);
        Literal pattern;
        pattern.kind = LiteralKind::String;
        pattern.text = token.text;
        p.operands.push_back(std::move(pattern));
        advance();
        return true;
    }

    std::optional<LiteralToken> literal()
    {
        LiteralToken out;
        out.token = m_tok;
        Literal& lit = out.literal;
        switch (m_tok.kind) {
        case TokenKind::String:
            lit.kind = LiteralKind::String;
            lit.text = m_tok.text;
            break;
        case TokenKind::Integer:
            lit.kind = LiteralKind::Int;
            lit.integer = m_tok.integer;
            break;
        case TokenKind::Float:
            lit.kind = LiteralKind::Float;
            lit.real = m_tok.real;
            break;
        case TokenKind::DateTime:
            lit.kind = LiteralKind::Int;
            lit.integer = m_tok.integer;
            break;
        case TokenKind::Minus: {
            advance();
            if (m_tok.kind == TokenKind::Integer) {
                lit.kind = LiteralKind::Int;
                lit.integer = -m_tok.integer;
            } else if (m_tok.kind == TokenKind::Float) {
                lit.kind = LiteralKind::Float;
                lit.real = -m_tok.real;
            } else {
                fail(m_tok, "a number after '-'");
                return std::nullopt;
            }
            out.token.length = m_tok.start + m_tok.length - out.token.start;
            break;
        }
        case TokenKind::Duration:
            fail(m_tok, "a value; a duration needs 'now' before it, as in now - 15m");
            return std::nullopt;
        case TokenKind::Identifier:
            if (isKeyword("true") || isKeyword("false")) {
                lit.kind = LiteralKind::Bool;
                lit.boolean = isKeyword("true");
            } else if (isKeyword("null")) {
                lit.kind = LiteralKind::Null;
            } else if (isKeyword("now")) {
                return nowLiteral();
            } else {
                fail(m_tok, "a value (\"text\", a number, true, false, null, a time or now); fields "
                            "can only be compared with values");
                return std::nullopt;
            }
            break;
        default:
            fail(m_tok, "a value (\"text\", a number, true, false, null, a time or now)");
            return std::nullopt;
        }
        advance();
        return out;
    }

    std::optional<LiteralToken> nowLiteral()
    {
        LiteralToken out;
        out.token = m_tok;
        out.literal.kind = LiteralKind::Int;
        out.literal.integer = m_nowMs;
        advance();
        if (m_tok.kind == TokenKind::Plus || m_tok.kind == TokenKind::Minus) {
            const bool minus = m_tok.kind == TokenKind::Minus;
            advance();
            if (m_tok.kind != TokenKind::Duration) {
                fail(m_tok, "a duration such as 15m, 2h or 7d");
                return std::nullopt;
            }
            out.literal.integer += minus ? -m_tok.integer : m_tok.integer;
            out.token.length = m_tok.start + m_tok.length - out.token.start;
            advance();
        }
        return out;
    }

    // Whether `item` suits the field's type and the operator; converts ISO text for timestamp.
    bool check(const Predicate& p, StaticType type, LiteralToken& item)
    {
        Literal& lit = item.literal;
        const bool isOrdering = p.op == Op::Lt || p.op == Op::Le || p.op == Op::Gt || p.op == Op::Ge;
        const bool isTextOp = p.op == Op::Contains || p.op == Op::StartsWith || p.op == Op::EndsWith;
        const bool isNumber = lit.kind == LiteralKind::Int || lit.kind == LiteralKind::Float;
        if (isTextOp) {
            if (lit.kind != LiteralKind::String)
                return fail(item.token, "a string in quotes");
            return true;
        }
        switch (type) {
        case StaticType::Int:
            if (p.field.kind == FieldKind::Timestamp && lit.kind == LiteralKind::String) {
                std::string problem;
                const auto ms = parseIsoTimestamp(lit.text, &problem);
                if (!ms)
                    return fail(item.token, "an ISO-8601 time (" + problem + "), e.g. \"2026-11-22T10:00:00Z\"");
                lit.kind = LiteralKind::Int;
                lit.integer = *ms;
                return true;
            }
            if (!isNumber)
                return fail(item.token, p.field.kind == FieldKind::Timestamp
                                            ? "a time (2026-11-22T10:00:00Z, now - 15m) or epoch milliseconds"
                                            : "a number (this field is a number)");
            return true;
        case StaticType::Text:
            if (lit.kind != LiteralKind::String)
                return fail(item.token, "a string in quotes (topic is text)");
            return true;
        case StaticType::Bytes:
            if (lit.kind == LiteralKind::String || (lit.kind == LiteralKind::Null && !isOrdering))
                return true;
            return fail(item.token, isOrdering ? "a string in quotes (bytes are ordered byte by byte)"
                                               : "a string in quotes or null (bytes compare with text, as in "
                                                 "key == \"42\"; use key.id for JSON)");
        case StaticType::Dynamic:
            if (isOrdering && !isNumber && lit.kind != LiteralKind::String)
                return fail(item.token, "a number or a string (null and booleans have no order)");
            return true;
        }
        return true;
    }

    Lexer m_lexer;
    std::string_view m_source;
    Program& m_program;
    Token m_tok;
    std::int64_t m_nowMs = 0;
    bool m_failed = false;
    FilterError m_error;
};

} // namespace

Result<Filter> compileFilter(std::string_view text, const CompileOptions& options, FilterError* error)
{
    auto program = std::make_shared<Program>();
    program->text = std::string(text);
    Parser parser(program->text, options, *program);
    if (!parser.run()) {
        if (error)
            *error = parser.error();
        return Error{ErrorKind::Configuration, parser.error().message, "filter: " + std::string(text.substr(0, 200))};
    }
    return Filter(std::move(program));
}

} // namespace sluice::filter
