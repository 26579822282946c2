// SPDX-License-Identifier: Apache-2.0
#pragma once

// The browser's scan controls as plain values: what the user typed for the start position,
// the stop condition and the partitions, checked and turned into a ScanRequest's fields.
// Errors name the field so the view can show them next to it.

#include "browse/scan_request.h"
#include "support/result.h"

#include <QString>
#include <chrono>
#include <cstdint>
#include <optional>
#include <vector>

namespace sluice::ui {

enum class StartChoice { Beginning, EndMinus, Offset, Timestamp, GroupCommitted };
enum class StopChoice { EndOfTopic, AfterRecords, UntilTimestamp, LiveTail };

struct ScanForm {
    StartChoice start = StartChoice::EndMinus;
    QString startValue; // N, offset, ISO timestamp or duration ago ("15m" or "15m ago"), group id
    StopChoice stop = StopChoice::EndOfTopic;
    QString stopValue; // N or ISO timestamp / duration ago
    QString partitions; // "" or "all", else "0-3, 7"
};

struct ScanFormValues {
    browse::StartPosition start;
    browse::StopCondition stop;
    std::vector<std::int32_t> partitions; // empty: all
};

// `nowMs` anchors durations ("15m" = 15 minutes ago).
Result<ScanFormValues> parseScanForm(const ScanForm& form, std::int64_t nowMs);

// "0-3, 7" → {0,1,2,3,7}; empty or "all" → {}. Error for anything else.
Result<std::vector<std::int32_t>> parsePartitionList(const QString& text);

// An instant as typed: ISO-8601 ("2026-11-22T10:00Z", "2026-11-22"), epoch milliseconds,
// or a duration ago ("15m", "2h", "15m ago", "1h30m ago").
Result<std::int64_t> parseInstant(const QString& text, std::int64_t nowMs);

} // namespace sluice::ui
