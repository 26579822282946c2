// SPDX-License-Identifier: Apache-2.0
#include "filter/regex.h"

#include "decode/bytes.h"
#include "decode/utf8.h"

#include <algorithm>
#include <limits>
#include <optional>

namespace sluice::filter {

namespace {

constexpr std::uint32_t kUnbounded = std::numeric_limits<std::uint32_t>::max();
// Bytes that are not valid UTF-8 are read as these code points, outside Unicode.
constexpr char32_t kInvalidByteBase = 0x110000;

struct Node {
    enum class Kind { Empty, Char, Any, Class, Begin, End, Concat, Alternate, Repeat } kind = Kind::Empty;
    char32_t ch = 0;
    std::uint32_t cls = 0;
    std::uint32_t min = 0;
    std::uint32_t max = 0;
    std::vector<std::uint32_t> children;
};

bool isAsciiAlnum(char32_t c)
{
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

int hexValue(char32_t c)
{
    if (c >= '0' && c <= '9')
        return static_cast<int>(c - '0');
    if (c >= 'a' && c <= 'f')
        return static_cast<int>(c - 'a' + 10);
    if (c >= 'A' && c <= 'F')
        return static_cast<int>(c - 'A' + 10);
    return -1;
}

} // namespace

bool Regex::CharClass::contains(char32_t c) const
{
    bool inside = false;
    for (const auto& [lo, hi] : ranges) {
        if (c >= lo && c <= hi) {
            inside = true;
            break;
        }
    }
    return inside != isNegated;
}

// Parses the pattern into a small tree, then emits NFA instructions from it.
class RegexCompiler {
public:
    RegexCompiler(std::string_view pattern, bool caseInsensitive, Regex& out, RegexError& error)
        : m_pattern(pattern), m_caseInsensitive(caseInsensitive), m_out(out), m_error(error)
    {
    }

    bool run()
    {
        if (m_pattern.size() > kMaxRegexPatternBytes)
            return fail(0, "a pattern of at most 4096 bytes");
        if (m_pattern.substr(0, 4) == "(?i)") {
            m_caseInsensitive = true;
            m_pos = 4;
        }
        const auto root = alternation(0);
        if (!root)
            return false;
        if (m_pos < m_pattern.size())
            return fail(m_pos, m_pattern[m_pos] == ')' ? "no unmatched ')'" : "the end of the pattern");
        m_out.m_program.clear();
        m_out.m_classes = std::move(m_classes);
        if (!emit(*root))
            return false;
        m_out.m_program.push_back({Regex::Op::Match, 0, 0, 0});
        m_out.m_anchoredStart = !m_out.m_program.empty() && m_out.m_program.front().op == Regex::Op::Begin;
        return true;
    }

private:
    bool fail(std::size_t offset, std::string expected)
    {
        m_error.offset = offset;
        m_error.expected = std::move(expected);
        return false;
    }

    bool atEnd() const { return m_pos >= m_pattern.size(); }

    char32_t take()
    {
        const auto cp = decode::utf8::decodeAt(decode::asBytes(m_pattern), m_pos);
        m_pos += cp.length;
        return cp.valid ? cp.value : kInvalidByteBase + static_cast<unsigned char>(m_pattern[m_pos - 1]);
    }

    std::uint32_t add(Node node)
    {
        m_nodes.push_back(std::move(node));
        return static_cast<std::uint32_t>(m_nodes.size() - 1);
    }

    std::optional<std::uint32_t> alternation(std::size_t depth)
    {
        if (depth > kMaxRegexNesting) {
            fail(m_pos, "at most 32 nested groups");
            return std::nullopt;
        }
        std::vector<std::uint32_t> branches;
        while (true) {
            const auto branch = concatenation(depth);
            if (!branch)
                return std::nullopt;
            branches.push_back(*branch);
            if (atEnd() || m_pattern[m_pos] != '|')
                break;
            ++m_pos;
        }
        if (branches.size() == 1)
            return branches.front();
        Node node;
        node.kind = Node::Kind::Alternate;
        node.children = std::move(branches);
        return add(std::move(node));
    }

    std::optional<std::uint32_t> concatenation(std::size_t depth)
    {
        Node node;
        node.kind = Node::Kind::Concat;
        while (!atEnd() && m_pattern[m_pos] != '|' && m_pattern[m_pos] != ')') {
            const auto item = repetition(depth);
            if (!item)
                return std::nullopt;
            node.children.push_back(*item);
        }
        return add(std::move(node));
    }

    std::optional<std::uint32_t> repetition(std::size_t depth)
    {
        const std::size_t atomStart = m_pos;
        auto item = atom(depth);
        if (!item)
            return std::nullopt;
        bool repeated = false;
        while (!atEnd()) {
            std::uint32_t min = 0;
            std::uint32_t max = 0;
            const std::size_t quantifierStart = m_pos;
            const char c = m_pattern[m_pos];
            if (c == '*') {
                max = kUnbounded;
                ++m_pos;
            } else if (c == '+') {
                min = 1;
                max = kUnbounded;
                ++m_pos;
            } else if (c == '?') {
                max = 1;
                ++m_pos;
            } else if (c == '{') {
                if (!counted(min, max))
                    return m_error.expected.empty() ? item : std::nullopt; // not a quantifier: a literal '{'
            } else {
                break;
            }
            if (repeated) {
                fail(quantifierStart, "one quantifier per item (group it to repeat again)");
                return std::nullopt;
            }
            const Node::Kind kind = m_nodes[*item].kind;
            if (kind == Node::Kind::Begin || kind == Node::Kind::End) {
                fail(atomStart, "something to repeat (not an anchor)");
                return std::nullopt;
            }
            if (!atEnd() && m_pattern[m_pos] == '?')
                ++m_pos; // lazy: same language, same verdict
            Node node;
            node.kind = Node::Kind::Repeat;
            node.min = min;
            node.max = max;
            node.children.push_back(*item);
            item = add(std::move(node));
            repeated = true;
        }
        return item;
    }

    // {n}, {n,}, {n,m}. false with an empty error when the brace is not a quantifier.
    bool counted(std::uint32_t& min, std::uint32_t& max)
    {
        std::size_t p = m_pos + 1;
        auto number = [&](std::uint32_t& value) {
            const std::size_t begin = p;
            std::uint64_t v = 0;
            while (p < m_pattern.size() && m_pattern[p] >= '0' && m_pattern[p] <= '9') {
                v = std::min<std::uint64_t>(v * 10 + static_cast<std::uint64_t>(m_pattern[p] - '0'), 1'000'000);
                ++p;
            }
            value = static_cast<std::uint32_t>(v);
            return p > begin;
        };
        if (!number(min))
            return false;
        max = min;
        if (p < m_pattern.size() && m_pattern[p] == ',') {
            ++p;
            if (!number(max))
                max = kUnbounded;
        }
        if (p >= m_pattern.size() || m_pattern[p] != '}')
            return false;
        if ((max != kUnbounded && max > kMaxRegexRepeat) || min > kMaxRegexRepeat)
            return fail(m_pos, "a repeat count of at most 1000");
        if (max < min)
            return fail(m_pos, "a repeat range with min <= max");
        m_pos = p + 1;
        return true;
    }

    std::optional<std::uint32_t> atom(std::size_t depth)
    {
        const std::size_t start = m_pos;
        const char32_t c = take();
        Node node;
        switch (c) {
        case '(': {
            if (!atEnd() && m_pattern[m_pos] == '?') {
                if (m_pattern.substr(m_pos, 2) != "?:") {
                    fail(start, "a group ( … ) or (?: … ); lookaround, named groups and inline flags "
                                "other than a leading (?i) are not supported");
                    return std::nullopt;
                }
                m_pos += 2;
            }
            const auto inner = alternation(depth + 1);
            if (!inner)
                return std::nullopt;
            if (atEnd() || m_pattern[m_pos] != ')') {
                fail(m_pos, "')'");
                return std::nullopt;
            }
            ++m_pos;
            return inner;
        }
        case '[': return characterClass(start);
        case '.': node.kind = Node::Kind::Any; return add(std::move(node));
        case '^': node.kind = Node::Kind::Begin; return add(std::move(node));
        case '$': node.kind = Node::Kind::End; return add(std::move(node));
        case '*':
        case '+':
        case '?':
            fail(start, "something to repeat before the quantifier");
            return std::nullopt;
        case '\\': return escape(start);
        default: return literal(c);
        }
    }

    std::uint32_t literal(char32_t c)
    {
        Node node;
        const bool hasCase = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
        if (m_caseInsensitive && hasCase) {
            Regex::CharClass cls;
            const char32_t lower = c | 0x20U;
            cls.ranges = {{lower, lower}, {lower - 32, lower - 32}};
            node.kind = Node::Kind::Class;
            node.cls = addClass(std::move(cls));
        } else {
            node.kind = Node::Kind::Char;
            node.ch = c;
        }
        return add(std::move(node));
    }

    std::uint32_t addClass(Regex::CharClass cls)
    {
        m_classes.push_back(std::move(cls));
        return static_cast<std::uint32_t>(m_classes.size() - 1);
    }

    static bool shorthand(char32_t letter, Regex::CharClass& cls)
    {
        switch (letter) {
        case 'd':
        case 'D': cls.ranges = {{'0', '9'}}; break;
        case 'w':
        case 'W': cls.ranges = {{'0', '9'}, {'A', 'Z'}, {'a', 'z'}, {'_', '_'}}; break;
        case 's':
        case 'S': cls.ranges = {{' ', ' '}, {'\t', '\r'}}; break;
        default: return false;
        }
        cls.isNegated = letter == 'D' || letter == 'W' || letter == 'S';
        return true;
    }

    // The character an escape stands for (after the backslash), or nullopt with an error.
    std::optional<char32_t> escapedChar(std::size_t start)
    {
        if (atEnd()) {
            fail(start, "a character after '\\'");
            return std::nullopt;
        }
        const char32_t e = take();
        switch (e) {
        case 'n': return U'\n';
        case 'r': return U'\r';
        case 't': return U'\t';
        case 'f': return U'\f';
        case 'v': return U'\v';
        case '0': return U'\0';
        case 'x': {
            const int hi = atEnd() ? -1 : hexValue(take());
            const int lo = atEnd() ? -1 : hexValue(take());
            if (hi < 0 || lo < 0) {
                fail(start, "two hex digits after \\x");
                return std::nullopt;
            }
            return static_cast<char32_t>(hi * 16 + lo);
        }
        case 'u': {
            if (atEnd() || m_pattern[m_pos] != '{') {
                fail(start, "\\u{hex digits}");
                return std::nullopt;
            }
            ++m_pos;
            char32_t value = 0;
            int count = 0;
            while (!atEnd() && m_pattern[m_pos] != '}' && count < 7) {
                const int digit = hexValue(take());
                if (digit < 0)
                    break;
                value = value * 16 + static_cast<char32_t>(digit);
                ++count;
            }
            if (atEnd() || m_pattern[m_pos] != '}' || count == 0 || value > 0x10FFFF) {
                fail(start, "\\u{hex digits} naming a code point");
                return std::nullopt;
            }
            ++m_pos;
            return value;
        }
        default:
            if (isAsciiAlnum(e)) {
                fail(start, "a supported escape (\\d \\w \\s \\D \\W \\S \\n \\r \\t \\f \\v \\xHH \\u{…} or "
                            "escaped punctuation); backreferences and \\b are not supported");
                return std::nullopt;
            }
            return e;
        }
    }

    std::optional<std::uint32_t> escape(std::size_t start)
    {
        if (!atEnd()) {
            Regex::CharClass cls;
            if (shorthand(static_cast<char32_t>(static_cast<unsigned char>(m_pattern[m_pos])), cls)) {
                ++m_pos;
                Node node;
                node.kind = Node::Kind::Class;
                node.cls = addClass(std::move(cls));
                return add(std::move(node));
            }
        }
        const auto c = escapedChar(start);
        if (!c)
            return std::nullopt;
        return literal(*c);
    }

    std::optional<std::uint32_t> characterClass(std::size_t start)
    {
        Regex::CharClass cls;
        if (!atEnd() && m_pattern[m_pos] == '^') {
            cls.isNegated = true;
            ++m_pos;
        }
        bool first = true;
        while (true) {
            if (atEnd()) {
                fail(start, "the closing ']' of the class");
                return std::nullopt;
            }
            if (m_pattern[m_pos] == ']' && !first)
                break;
            first = false;
            const std::size_t itemStart = m_pos;
            char32_t lo = take();
            if (lo == '[' && !atEnd() && m_pattern[m_pos] == ':') {
                fail(itemStart, "a class without POSIX [:name:] sets");
                return std::nullopt;
            }
            if (lo == '\\') {
                Regex::CharClass inner;
                if (!atEnd() && shorthand(static_cast<char32_t>(static_cast<unsigned char>(m_pattern[m_pos])), inner)) {
                    if (inner.isNegated) {
                        fail(itemStart, "\\d, \\w or \\s (negated shorthands are not supported inside [ ])");
                        return std::nullopt;
                    }
                    ++m_pos;
                    cls.ranges.insert(cls.ranges.end(), inner.ranges.begin(), inner.ranges.end());
                    continue;
                }
                const auto c = escapedChar(itemStart);
                if (!c)
                    return std::nullopt;
                lo = *c;
            }
            char32_t hi = lo;
            if (m_pos + 1 < m_pattern.size() && m_pattern[m_pos] == '-' && m_pattern[m_pos + 1] != ']') {
                ++m_pos;
                const std::size_t hiStart = m_pos;
                hi = take();
                if (hi == '\\') {
                    const auto c = escapedChar(hiStart);
                    if (!c)
                        return std::nullopt;
                    hi = *c;
                }
                if (hi < lo) {
                    fail(itemStart, "a range whose start is not after its end");
                    return std::nullopt;
                }
            }
            cls.ranges.emplace_back(lo, hi);
        }
        ++m_pos; // ']'
        if (m_caseInsensitive) {
            const auto original = cls.ranges;
            for (const auto& [lo, hi] : original) {
                const char32_t upperLo = std::max<char32_t>(lo, 'a');
                const char32_t upperHi = std::min<char32_t>(hi, 'z');
                if (upperLo <= upperHi)
                    cls.ranges.emplace_back(upperLo - 32, upperHi - 32);
                const char32_t lowerLo = std::max<char32_t>(lo, 'A');
                const char32_t lowerHi = std::min<char32_t>(hi, 'Z');
                if (lowerLo <= lowerHi)
                    cls.ranges.emplace_back(lowerLo + 32, lowerHi + 32);
            }
        }
        Node node;
        node.kind = Node::Kind::Class;
        node.cls = addClass(std::move(cls));
        return add(std::move(node));
    }

    bool push(Regex::Instruction instruction)
    {
        if (m_out.m_program.size() >= kMaxRegexInstructions)
            return fail(0, "a smaller pattern (at most 10000 steps after expanding repeats)");
        m_out.m_program.push_back(instruction);
        return true;
    }

    std::uint32_t here() const { return static_cast<std::uint32_t>(m_out.m_program.size()); }

    bool emit(std::uint32_t index)
    {
        const Node& node = m_nodes[index];
        switch (node.kind) {
        case Node::Kind::Empty: return true;
        case Node::Kind::Char: return push({Regex::Op::Char, node.ch, 0, 0});
        case Node::Kind::Any: return push({Regex::Op::Any, 0, 0, 0});
        case Node::Kind::Class: return push({Regex::Op::Class, 0, node.cls, 0});
        case Node::Kind::Begin: return push({Regex::Op::Begin, 0, 0, 0});
        case Node::Kind::End: return push({Regex::Op::End, 0, 0, 0});
        case Node::Kind::Concat:
            for (const std::uint32_t child : node.children) {
                if (!emit(child))
                    return false;
            }
            return true;
        case Node::Kind::Alternate: {
            // split L1, next; L1: a; jmp end; next: split L2, next2; …
            std::vector<std::uint32_t> jumps;
            for (std::size_t i = 0; i < node.children.size(); ++i) {
                const bool last = i + 1 == node.children.size();
                std::uint32_t split = 0;
                if (!last) {
                    split = here();
                    if (!push({Regex::Op::Split, 0, split + 1, 0}))
                        return false;
                }
                if (!emit(node.children[i]))
                    return false;
                if (!last) {
                    jumps.push_back(here());
                    if (!push({Regex::Op::Jump, 0, 0, 0}))
                        return false;
                    m_out.m_program[split].y = here();
                }
            }
            for (const std::uint32_t jump : jumps)
                m_out.m_program[jump].x = here();
            return true;
        }
        case Node::Kind::Repeat: {
            const std::uint32_t child = node.children.front();
            for (std::uint32_t i = 0; i < node.min; ++i) {
                if (!emit(child))
                    return false;
            }
            if (node.max == kUnbounded) {
                // L: split body, out; body; jmp L
                const std::uint32_t loop = here();
                if (!push({Regex::Op::Split, 0, loop + 1, 0}) || !emit(child) || !push({Regex::Op::Jump, 0, loop, 0}))
                    return false;
                m_out.m_program[loop].y = here();
                return true;
            }
            std::vector<std::uint32_t> splits;
            for (std::uint32_t i = node.min; i < node.max; ++i) {
                splits.push_back(here());
                if (!push({Regex::Op::Split, 0, here() + 1, 0}) || !emit(child))
                    return false;
            }
            for (const std::uint32_t split : splits)
                m_out.m_program[split].y = here();
            return true;
        }
        }
        return false;
    }

    std::string_view m_pattern;
    bool m_caseInsensitive;
    Regex& m_out;
    RegexError& m_error;
    std::size_t m_pos = 0;
    std::vector<Node> m_nodes;
    std::vector<Regex::CharClass> m_classes;
};

bool Regex::compile(std::string_view pattern, bool caseInsensitive, Regex& out, RegexError& error)
{
    error = {};
    return RegexCompiler(pattern, caseInsensitive, out, error).run();
}

Regex::Outcome Regex::search(std::string_view input, std::uint64_t budget, RegexScratch& scratch) const
{
    Outcome outcome;
    const std::size_t size = m_program.size();
    if (scratch.marks.size() < size)
        scratch.marks.assign(size, 0);
    auto& current = scratch.current;
    auto& next = scratch.next;
    auto& stack = scratch.stack;
    current.clear();
    next.clear();

    auto newGeneration = [&] {
        if (++scratch.generation == 0) {
            std::fill(scratch.marks.begin(), scratch.marks.end(), 0);
            scratch.generation = 1;
        }
    };
    // Follows jumps, splits and assertions from `pc` at input position `pos`, adding the
    // instructions that consume input to `list`. Sets isMatch when Match is reachable.
    auto addThread = [&](std::vector<std::uint32_t>& list, std::uint32_t pc, std::size_t pos) {
        stack.clear();
        stack.push_back(pc);
        while (!stack.empty()) {
            const std::uint32_t at = stack.back();
            stack.pop_back();
            if (scratch.marks[at] == scratch.generation)
                continue;
            scratch.marks[at] = scratch.generation;
            ++outcome.steps;
            const Instruction& inst = m_program[at];
            switch (inst.op) {
            case Op::Jump: stack.push_back(inst.x); break;
            case Op::Split:
                stack.push_back(inst.y);
                stack.push_back(inst.x);
                break;
            case Op::Begin:
                if (pos == 0)
                    stack.push_back(at + 1);
                break;
            case Op::End:
                if (pos == input.size())
                    stack.push_back(at + 1);
                break;
            case Op::Match: outcome.isMatch = true; return;
            default: list.push_back(at); break;
            }
        }
    };

    const decode::ByteView bytes = decode::asBytes(input);
    newGeneration();
    std::size_t pos = 0;
    while (true) {
        if (!m_anchoredStart || pos == 0)
            addThread(current, 0, pos);
        if (outcome.isMatch)
            return outcome;
        if (outcome.steps > budget) {
            outcome.isBudgetExceeded = true;
            return outcome;
        }
        if (pos >= input.size() || (current.empty() && m_anchoredStart))
            return outcome;
        const auto cp = decode::utf8::decodeAt(bytes, pos);
        const char32_t c = cp.valid ? cp.value : kInvalidByteBase + bytes[pos];
        const std::size_t nextPos = pos + cp.length;
        newGeneration();
        next.clear();
        for (const std::uint32_t pc : current) {
            ++outcome.steps;
            const Instruction& inst = m_program[pc];
            bool consumes = false;
            switch (inst.op) {
            case Op::Char: consumes = c == inst.ch; break;
            case Op::Any: consumes = c != U'\n'; break;
            case Op::Class: consumes = m_classes[inst.x].contains(c); break;
            default: break;
            }
            if (consumes) {
                addThread(next, pc + 1, nextPos);
                if (outcome.isMatch)
                    return outcome;
            }
        }
        std::swap(current, next);
        pos = nextPos;
    }
}

} // namespace sluice::filter
