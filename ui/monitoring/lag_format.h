// SPDX-License-Identifier: Apache-2.0
#pragma once

// How lag values look in every table and chart: verdict names and colours, lag in seconds,
// rates. Unknown values are an em dash, never a fake zero.

#include "common/state_palette.h"
#include "lag/verdict.h"

#include <QColor>
#include <QString>
#include <optional>

namespace sluice::ui {

enum LagRole {
    TrendRole = 0x0200 + 32, // QList<double>: recent total lag, oldest first (sparkline)
    VerdictRole, // int: lag::Verdict code, -1 when unknown
};

Health verdictHealth(lag::Verdict verdict); // OK green, WARN/REWIND amber, ERR/STALL/STOP red
QString verdictText(const std::optional<lag::Verdict>& verdict); // "OK", "STOP", em dash
QString verdictExplanation(lag::Verdict verdict); // one line for tooltips
// "0 s", "12 s", "4 min 05 s", "2 h 10 min", "3 d 4 h"; "≥ " in front of a lower bound.
QString formatLagSeconds(const std::optional<double>& seconds, bool isLowerBound = false);
// "0/s", "12.5/s", "1,234/s"; em dash when unknown.
QString formatRate(const std::optional<double>& recordsPerSecond);

} // namespace sluice::ui
