// SPDX-License-Identifier: Apache-2.0
#include "lag/verdict_since.h"

#include <iterator>

namespace sluice::lag {

std::optional<StoredVerdict> verdictRunOf(std::span<const VerdictAt> newestFirst)
{
    if (newestFirst.empty())
        return std::nullopt;
    StoredVerdict run;
    run.verdict = newestFirst.front().verdict;
    auto oldest = newestFirst.begin();
    for (auto it = newestFirst.begin(); it != newestFirst.end(); ++it) {
        if (it->verdict != run.verdict) {
            run.since.at = oldest->at; // the run's first point: the change was seen there
            return run;
        }
        oldest = it;
    }
    if (run.verdict != Verdict::Ok)
        run.since = { oldest->at, true };
    return run;
}

void VerdictSinceTracker::seed(const std::string& group, const StoredVerdict& stored)
{
    m_groups[group] = stored;
}

VerdictSince VerdictSinceTracker::update(
    const std::string& group, Verdict verdict, std::chrono::system_clock::time_point at)
{
    auto it = m_groups.find(group);
    if (it == m_groups.end()) {
        StoredVerdict first { verdict, {} };
        if (verdict != Verdict::Ok)
            first.since = { at, true };
        return m_groups.emplace(group, first).first->second.since;
    }
    if (it->second.verdict != verdict)
        it->second = { verdict, { at, false } };
    return it->second.since;
}

void VerdictSinceTracker::retain(const std::set<std::string, std::less<>>& present)
{
    std::erase_if(m_groups, [&](const auto& entry) { return !present.contains(entry.first); });
}

std::optional<StoredVerdict> VerdictSinceTracker::of(std::string_view group) const
{
    const auto it = m_groups.find(group);
    if (it == m_groups.end())
        return std::nullopt;
    return it->second;
}

} // namespace sluice::lag
