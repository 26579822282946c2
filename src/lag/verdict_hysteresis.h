// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "lag/verdict.h"

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace sluice::lag {

// A verdict change worth telling someone about (the alerting seam).
struct ReportedChange {
    std::optional<Verdict> from; // nullopt: the first verdict ever reported for this key
    Verdict to = Verdict::Ok;
    friend bool operator==(const ReportedChange&, const ReportedChange&) = default;
};

// Debounces verdicts per key (a group id, or any other name). A new verdict is reported only
// once it has come out of `holdEvaluations` consecutive evaluations in a row; anything else
// in between restarts the count. With holdEvaluations == 1 every change is reported at once.
// The first verdict of a new key is reported the same way, with `from` unset.
class VerdictHysteresis {
public:
    static constexpr int kDefaultHoldEvaluations = 3;

    explicit VerdictHysteresis(int holdEvaluations = kDefaultHoldEvaluations);

    // One evaluation of `key` came out as `verdict`.
    std::optional<ReportedChange> feed(const std::string& key, Verdict verdict);

    // The key is gone (its group disappeared). Returns the verdict last reported for it, if any.
    std::optional<Verdict> forget(std::string_view key);

    std::optional<Verdict> reported(std::string_view key) const;
    std::vector<std::string> keys() const;
    int holdEvaluations() const { return m_holdEvaluations; }

private:
    struct Track {
        std::optional<Verdict> reported;
        std::optional<Verdict> candidate;
        int candidateRuns = 0;
    };
    int m_holdEvaluations;
    std::map<std::string, Track, std::less<>> m_tracks;
};

} // namespace sluice::lag
