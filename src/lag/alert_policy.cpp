// SPDX-License-Identifier: Apache-2.0
#include "lag/alert_policy.h"

namespace sluice::lag {
namespace {

// Whole-text glob: '*' any run (also none), '?' one character.
bool glob(std::string_view pattern, std::string_view text)
{
    std::size_t p = 0;
    std::size_t t = 0;
    std::size_t star = std::string_view::npos;
    std::size_t mark = 0;
    while (t < text.size()) {
        if (p < pattern.size() && (pattern[p] == '?' || pattern[p] == text[t])) {
            ++p;
            ++t;
        } else if (p < pattern.size() && pattern[p] == '*') {
            star = p++;
            mark = t;
        } else if (star != std::string_view::npos) {
            p = star + 1;
            t = ++mark;
        } else {
            return false;
        }
    }
    while (p < pattern.size() && pattern[p] == '*')
        ++p;
    return p == pattern.size();
}

} // namespace

std::string alertTitle(const Alert& alert)
{
    std::string title = alert.group + " on " + alert.cluster + ": ";
    if (!alert.to)
        return title + "group disappeared";
    if (alert.from)
        title += std::string(nameOf(*alert.from)) + " \u2192 ";
    return title + std::string(nameOf(*alert.to));
}

AlertPolicy::AlertPolicy(AlertSettings settings)
    : m_settings(std::move(settings))
{
}

bool AlertPolicy::matches(std::string_view group) const
{
    if (m_settings.pinnedGroups.count(group))
        return true;
    for (const std::string& pattern : m_settings.patterns)
        if (glob(pattern, group))
            return true;
    return false;
}

std::vector<Alert> AlertPolicy::onChanges(
    std::string_view cluster, const std::vector<VerdictChange>& changes, TimePoint now)
{
    std::vector<Alert> alerts;
    for (const VerdictChange& change : changes) {
        if (!matches(change.group))
            continue;
        if (!change.from && change.to && *change.to == Verdict::Ok)
            continue; // a healthy first look is not news
        if (!change.from && !change.to)
            continue;
        if (change.to && *change.to == Verdict::Ok && !m_settings.alertOnRecovery)
            continue;
        Alert alert;
        alert.cluster = std::string(cluster);
        alert.group = change.group;
        alert.from = change.from;
        alert.to = change.to;
        alert.at = change.at;
        const std::string key = alert.cluster + '\n' + alert.group;
        alert.notify = allowNotification(key, now);
        if (alert.notify) {
            alert.suppressed = m_suppressed;
            m_suppressed = 0;
        } else {
            ++m_suppressed;
        }
        alerts.push_back(std::move(alert));
    }
    return alerts;
}

bool AlertPolicy::allowNotification(const std::string& key, TimePoint now)
{
    while (!m_recent.empty() && now - m_recent.front() >= m_settings.window)
        m_recent.pop_front();
    if (const auto it = m_lastNotified.find(key);
        it != m_lastNotified.end() && now - it->second < m_settings.perGroupInterval)
        return false;
    if (static_cast<int>(m_recent.size()) >= m_settings.maxPerWindow)
        return false;
    m_recent.push_back(now);
    m_lastNotified[key] = now;
    return true;
}

} // namespace sluice::lag
