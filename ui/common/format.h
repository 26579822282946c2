// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QFont>
#include <QString>
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace sluice::ui {

// Text and fonts shared by every table and header, so numbers look the same everywhere.

inline QString qs(const std::string& text)
{
    return QString::fromStdString(text);
}

// "1,234,567" (grouped with the user's locale; English grouping under the C locale).
QString formatCount(std::int64_t value);
// formatCount, or an em dash when the value is unknown.
QString formatCount(const std::optional<std::int64_t>& value);

// Retention as people say it: "7 d", "12 h", "30 min", "45 s", "500 ms", "∞" for -1,
// an em dash when unknown.
QString formatRetention(const std::optional<std::int64_t>& retentionMs);

// Duration of a refresh: "143 ms", "2.4 s".
QString formatDuration(std::chrono::milliseconds duration);

// Wall-clock time of day ("14:03:22") and age ("4 s ago", "3 min ago").
QString formatTimeOfDay(std::chrono::system_clock::time_point time);
QString formatAge(std::chrono::system_clock::time_point time, std::chrono::system_clock::time_point now);

// "1, 2, 3" for broker id lists.
QString formatIdList(const std::vector<std::int32_t>& ids);

// "0–3, 7, 9–10": compact list of partition numbers (sorted copy).
QString formatPartitionRanges(std::vector<std::int32_t> partitions);

// A consumer's host as Kafka reports it ("/10.0.0.7") without the leading slash.
QString hostText(const std::string& host);

// A config value with a readable hint for durations and sizes:
// "86400000 (1 d)" for *.ms keys, "1073741824 (1 GiB)" for *.bytes keys, as is otherwise.
QString configValueText(const std::string& name, const std::string& value);

// The fixed-pitch font used for offsets, counts and ids.
QFont numberFont();

// Em dash for values that are unknown (never a fake zero).
inline QString unknownText()
{
    return QStringLiteral("\u2014");
}

} // namespace sluice::ui
