// SPDX-License-Identifier: Apache-2.0
#pragma once

// A regular-expression matcher that cannot be made to run away: patterns compile to a
// Thompson NFA which is simulated breadth-first (a Pike VM without captures), so matching
// costs at most (input length × program size) steps, and every step is charged against a
// budget. No backtracking, hence no backreferences or lookaround.
//
// Supported: literals, '.', [classes] with ranges and negation, \d \w \s \D \W \S, escapes
// (\n \r \t \f \v \xHH \u{H…} and escaped punctuation), ^ and $ (whole input), groups
// (…) and (?:…), alternation |, quantifiers * + ? {n} {n,} {n,m} (lazy forms accepted and
// treated like greedy ones, which does not change whether something matches), and a
// leading (?i) for ASCII case-insensitivity. Input is read as UTF-8 code points; a byte
// that is not valid UTF-8 matches only '.', negated classes and \D \W \S.

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace sluice::filter {

inline constexpr std::size_t kMaxRegexPatternBytes = 4096;
inline constexpr std::size_t kMaxRegexInstructions = 10'000;
inline constexpr std::uint32_t kMaxRegexRepeat = 1000;
inline constexpr std::size_t kMaxRegexNesting = 32;

struct RegexError {
    std::size_t offset = 0; // byte offset in the pattern
    std::string expected;   // what would have been valid there
};

// Per-thread working memory for matching; reuse it across calls.
struct RegexScratch {
    std::vector<std::uint32_t> current;
    std::vector<std::uint32_t> next;
    std::vector<std::uint32_t> stack;
    std::vector<std::uint32_t> marks;
    std::uint32_t generation = 0;
};

class Regex {
public:
    // nullopt-like: returns false and fills `error` when the pattern is not supported.
    static bool compile(std::string_view pattern, bool caseInsensitive, Regex& out, RegexError& error);

    struct Outcome {
        bool isMatch = false;
        bool isBudgetExceeded = false;
        std::uint64_t steps = 0;
    };

    // Whether the pattern matches anywhere in `input` (use ^…$ for the whole input).
    // Stops with isBudgetExceeded once more than `budget` steps were needed.
    Outcome search(std::string_view input, std::uint64_t budget, RegexScratch& scratch) const;

    std::size_t instructionCount() const { return m_program.size(); }

    enum class Op : std::uint8_t { Char, Any, Class, Split, Jump, Match, Begin, End };
    struct Instruction {
        Op op = Op::Match;
        char32_t ch = 0;       // Char
        std::uint32_t x = 0;   // Class: class index; Split/Jump: target
        std::uint32_t y = 0;   // Split: second target
    };
    struct CharClass {
        std::vector<std::pair<char32_t, char32_t>> ranges; // inclusive
        bool isNegated = false;
        bool contains(char32_t c) const;
    };

private:
    friend class RegexCompiler;
    std::vector<Instruction> m_program;
    std::vector<CharClass> m_classes;
    bool m_anchoredStart = false;
};

} // namespace sluice::filter
