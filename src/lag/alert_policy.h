// SPDX-License-Identifier: Apache-2.0
#pragma once

// Which verdict changes become alerts, and how often one may pop up. Input: the verdict
// changes after hysteresis (LagSnapshot::changes) of one cluster. Plain C++, no Qt; the UI
// shows what it returns in the alert list and as desktop notifications.

#include "lag/lag_evaluator.h"
#include "lag/verdict.h"

#include <chrono>
#include <deque>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace sluice::lag {

struct AlertSettings {
    // Groups to watch: pinned ids and glob patterns ('*', '?'). A group matching neither
    // raises no alert. Defaults to every group.
    std::set<std::string, std::less<>> pinnedGroups;
    std::vector<std::string> patterns { "*" };
    // First verdicts (from = nullopt) alert only when they are not OK: opening Sluice during
    // an incident says so, a healthy start stays quiet.
    // Changes *to* OK alert only when this is set (recoveries).
    bool alertOnRecovery = true;
    // Rate limits for desktop notifications; every alert still goes to the alert list.
    std::chrono::milliseconds perGroupInterval = std::chrono::minutes(5); // at most one per group
    int maxPerWindow = 5; // and this many in all
    std::chrono::milliseconds window = std::chrono::minutes(1);
};

struct Alert {
    std::string cluster;
    std::string group;
    std::optional<Verdict> from;
    std::optional<Verdict> to; // nullopt: the group disappeared
    TimePoint at;
    bool notify = false; // pop a desktop notification (within the rate limits)
    int suppressed = 0; // notifications held back before this one (rate limit), for the text
    friend bool operator==(const Alert&, const Alert&) = default;
};

// "billing-slow on local: OK → STOP" style title (no Qt: plain UTF-8).
std::string alertTitle(const Alert& alert);

class AlertPolicy {
public:
    explicit AlertPolicy(AlertSettings settings = {});

    void setSettings(AlertSettings settings) { m_settings = std::move(settings); }
    const AlertSettings& settings() const { return m_settings; }
    bool matches(std::string_view group) const;

    // The alerts for one sample's changes, stamped with each change's time; `now` drives the
    // rate limits (it must not go backwards).
    std::vector<Alert> onChanges(std::string_view cluster, const std::vector<VerdictChange>& changes, TimePoint now);

private:
    bool allowNotification(const std::string& key, TimePoint now);

    AlertSettings m_settings;
    std::map<std::string, TimePoint, std::less<>> m_lastNotified; // cluster/group -> time
    std::deque<TimePoint> m_recent; // notifications in the window
    int m_suppressed = 0;
};

} // namespace sluice::lag
