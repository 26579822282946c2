// SPDX-License-Identifier: Apache-2.0
#include "lag/verdict_hysteresis.h"

#include <algorithm>

namespace sluice::lag {

VerdictHysteresis::VerdictHysteresis(int holdEvaluations)
    : m_holdEvaluations(std::max(holdEvaluations, 1))
{
}

std::optional<ReportedChange> VerdictHysteresis::feed(const std::string& key, Verdict verdict)
{
    Track& track = m_tracks[key];
    if (track.reported == verdict) {
        track.candidate.reset();
        track.candidateRuns = 0;
        return std::nullopt;
    }
    if (track.candidate == verdict) {
        ++track.candidateRuns;
    } else {
        track.candidate = verdict;
        track.candidateRuns = 1;
    }
    if (track.candidateRuns < m_holdEvaluations)
        return std::nullopt;
    ReportedChange change{track.reported, verdict};
    track.reported = verdict;
    track.candidate.reset();
    track.candidateRuns = 0;
    return change;
}

std::optional<Verdict> VerdictHysteresis::forget(std::string_view key)
{
    const auto it = m_tracks.find(key);
    if (it == m_tracks.end())
        return std::nullopt;
    const std::optional<Verdict> last = it->second.reported;
    m_tracks.erase(it);
    return last;
}

std::optional<Verdict> VerdictHysteresis::reported(std::string_view key) const
{
    const auto it = m_tracks.find(key);
    return it == m_tracks.end() ? std::nullopt : it->second.reported;
}

std::vector<std::string> VerdictHysteresis::keys() const
{
    std::vector<std::string> out;
    out.reserve(m_tracks.size());
    for (const auto& [key, track] : m_tracks)
        out.push_back(key);
    return out;
}

} // namespace sluice::lag
