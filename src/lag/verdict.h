// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <optional>
#include <string_view>

namespace sluice::lag {

// Health of a consumer on a partition (and, taking the worst partition, of a group).
// The enumerators are declared in order of severity and their values are stored in the
// history database: never renumber them, only append. docs/lag-rules.md defines each one.
enum class Verdict {
    Ok = 0,     // consuming, caught up or keeping up
    Warn = 1,   // consuming, but lag did not go down across a full window
    Rewind = 2, // the committed offset went backwards (usually a deliberate offset reset)
    Err = 3,    // consuming, but lag is over a configured threshold (records or seconds)
    Stall = 4,  // a live member owns the partition, lag exists, the offset does not move
    Stop = 5,   // nobody is moving the offset, lag exists, and commits are stale
};

constexpr int kVerdictCount = 6;

constexpr std::string_view nameOf(Verdict verdict)
{
    switch (verdict) {
    case Verdict::Ok: return "OK";
    case Verdict::Warn: return "WARN";
    case Verdict::Rewind: return "REWIND";
    case Verdict::Err: return "ERR";
    case Verdict::Stall: return "STALL";
    case Verdict::Stop: return "STOP";
    }
    return "UNKNOWN";
}

constexpr int severityOf(Verdict verdict) { return static_cast<int>(verdict); }

constexpr Verdict worseOf(Verdict a, Verdict b) { return severityOf(a) >= severityOf(b) ? a : b; }

// The stored code back to a verdict; nullopt for codes this version does not know.
constexpr std::optional<Verdict> verdictFromCode(int code)
{
    if (code < 0 || code >= kVerdictCount)
        return std::nullopt;
    return static_cast<Verdict>(code);
}

} // namespace sluice::lag
