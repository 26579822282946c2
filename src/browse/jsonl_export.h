// SPDX-License-Identifier: Apache-2.0
#pragma once

// Writes rows of a RecordIndex to a JSON Lines file (decode/jsonl.h: byte-exact, base64
// where not UTF-8, re-importable with decode::JsonlReader). The file appears complete or
// not at all: rows go to "<path>.part", which is renamed over `path` at the end and removed
// on failure or cancel.
//
// Threads: reads the spool (blocking I/O), so run it on a worker thread. `cancel` and
// `progress` are polled / called on that thread.

#include "browse/record_index.h"
#include "support/result.h"

#include <atomic>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <span>

namespace sluice::browse {

struct ExportSummary {
    std::uint64_t records = 0;
    std::uint64_t bytes = 0; // bytes written to the file
    bool isCancelled = false; // nothing was written
};

struct ExportOptions {
    const std::atomic<bool>* cancel = nullptr; // checked between records
    std::function<void(std::uint64_t recordsDone)> progress; // every 1024 records and at the end
};

// Rows [range.first, range.end) that the index still holds.
Result<ExportSummary> exportJsonLines(
    const RecordIndex& index, RowRange range, const std::filesystem::path& path, const ExportOptions& options = {});
// These rows, in the order given. A row the index no longer holds fails the export.
Result<ExportSummary> exportJsonLines(const RecordIndex& index, std::span<const std::uint64_t> rows,
    const std::filesystem::path& path, const ExportOptions& options = {});

} // namespace sluice::browse
