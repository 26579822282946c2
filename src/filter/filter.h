// SPDX-License-Identifier: Apache-2.0
#pragma once

// The message filter language (docs/filter-language.md): compile a filter once, then let
// each scanning thread evaluate it against records with its own Evaluator.
//
//   auto filter = filter::compileFilter(R"(value.order.total > 100 and headers["src"] == "web")");
//   filter::Evaluator evaluator(*filter);            // one per thread
//   if (evaluator.evaluate(record).verdict == filter::Verdict::Match) …
//
// A filter is small and cannot loop or do I/O; every evaluation is charged in steps and
// stops with Verdict::BudgetExceeded rather than running long.

#include "decode/record.h"
#include "support/result.h"

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace sluice::filter {

struct Program; // the compiled form (filter/program.h); immutable once built

inline constexpr std::size_t kMaxFilterBytes = 16 * 1024;
inline constexpr std::size_t kMaxFilterNesting = 64;    // parentheses and `not`
inline constexpr std::size_t kMaxFilterConditions = 256;
inline constexpr std::size_t kMaxListItems = 1000;
inline constexpr std::uint64_t kDefaultMaxSteps = 4'000'000;

struct CompileOptions {
    // The instant `now` stands for, in epoch milliseconds; nullopt: the system clock at
    // compile time. A scan compiles its filter once, so `now` does not drift during it.
    std::optional<std::int64_t> nowMs;
};

// Why a filter did not compile: where (1-based column, in characters) and what was
// expected there. `message` is the whole sentence for the UI.
struct FilterError {
    std::size_t column = 1;
    std::size_t length = 1;     // characters to underline, at least 1
    std::size_t byteOffset = 0; // the same position in bytes of the UTF-8 text
    std::string expected;       // e.g. "an operator (==, !=, <, <=, >, >=, contains, …)"
    std::string found;          // e.g. "'foo'" or "end of input"
    std::string message;        // "Column 12: expected …, found …"
};

// A compiled filter. Cheap to copy; the program inside is shared and never changes, so
// one Filter may be used by any number of threads (each with its own Evaluator).
class Filter {
public:
    const std::string& text() const;
    bool readsKey() const;     // whether evaluation looks at the key bytes
    bool readsValue() const;   // … at the value bytes (size included)
    bool readsHeaders() const;
    const Program& program() const { return *m_program; }

private:
    friend Result<Filter> compileFilter(std::string_view, const CompileOptions&, FilterError*);
    explicit Filter(std::shared_ptr<const Program> program) : m_program(std::move(program)) {}
    std::shared_ptr<const Program> m_program;
};

// Empty or blank text compiles to a filter that matches every record. On failure the
// Error (ErrorKind::Configuration) carries FilterError::message, and `error`, when given,
// receives the details.
Result<Filter> compileFilter(std::string_view text, const CompileOptions& options = {},
                             FilterError* error = nullptr);

enum class Verdict { NoMatch, Match, BudgetExceeded };

constexpr std::string_view nameOf(Verdict verdict)
{
    switch (verdict) {
    case Verdict::NoMatch: return "no-match";
    case Verdict::Match: return "match";
    case Verdict::BudgetExceeded: return "budget-exceeded";
    }
    return "unknown";
}

struct EvalLimits {
    std::uint64_t maxSteps = kDefaultMaxSteps; // per record
};

struct Evaluation {
    Verdict verdict = Verdict::NoMatch;
    std::uint64_t steps = 0; // charged for this record
};

// Evaluates one filter against records, one at a time. Holds per-thread scratch memory
// (parsed JSON slots, regex state), so give each thread its own; not thread-safe itself.
class Evaluator {
public:
    explicit Evaluator(Filter filter, EvalLimits limits = {});
    ~Evaluator();
    Evaluator(Evaluator&&) noexcept;
    Evaluator& operator=(Evaluator&&) noexcept;
    Evaluator(const Evaluator&) = delete;
    Evaluator& operator=(const Evaluator&) = delete;

    // The record's bytes must stay valid during the call only.
    Evaluation evaluate(const decode::RecordView& record);

    const Filter& filter() const;

private:
    struct State;
    std::unique_ptr<State> m_state;
};

} // namespace sluice::filter
