// SPDX-License-Identifier: Apache-2.0
#include "browse/jsonl_export.h"

#include "decode/jsonl.h"

#include <algorithm>
#include <fstream>
#include <string>
#include <system_error>
#include <vector>

namespace sluice::browse {

namespace {

Error fileError(const std::filesystem::path& path, const std::string& what)
{
    return Error { ErrorKind::Configuration,
        "Couldn't write the export to " + path.string() + ": " + what + ". Check the folder exists and has space.",
        {} };
}

// Calls rowAt(i) for i in [0, count), writing each row's record.
template <typename RowAt>
Result<ExportSummary> exportRows(const RecordIndex& index, std::uint64_t count, RowAt rowAt,
    const std::filesystem::path& path, const ExportOptions& options)
{
    std::filesystem::path part = path;
    part += ".part";
    std::ofstream out(part, std::ios::binary | std::ios::trunc);
    if (!out)
        return fileError(path, "can't create " + part.string());
    const auto discard = [&part] {
        std::error_code ignored;
        std::filesystem::remove(part, ignored);
    };

    ExportSummary summary;
    std::string line;
    std::vector<decode::HeaderView> headers;
    for (std::uint64_t i = 0; i < count; ++i) {
        if (options.cancel && options.cancel->load(std::memory_order_relaxed)) {
            out.close();
            discard();
            return ExportSummary { summary.records, 0, true };
        }
        const std::uint64_t row = rowAt(i);
        auto record = index.fetch(row);
        if (!record) {
            out.close();
            discard();
            return record.error();
        }
        line.clear();
        decode::appendJsonLine(line, record->view(headers));
        line.push_back('\n');
        out.write(line.data(), static_cast<std::streamsize>(line.size()));
        summary.bytes += line.size();
        ++summary.records;
        if (options.progress && (summary.records & 1023U) == 0)
            options.progress(summary.records);
    }
    out.flush();
    if (!out) {
        out.close();
        discard();
        return fileError(path, "write failed");
    }
    out.close();
    std::error_code ec;
    std::filesystem::rename(part, path, ec);
    if (ec) {
        discard();
        return fileError(path, ec.message());
    }
    if (options.progress)
        options.progress(summary.records);
    return summary;
}

} // namespace

Result<ExportSummary> exportJsonLines(
    const RecordIndex& index, RowRange range, const std::filesystem::path& path, const ExportOptions& options)
{
    const RowRange held = index.rows();
    const std::uint64_t first = std::max(range.first, held.first);
    const std::uint64_t end = std::min(range.end, held.end);
    const std::uint64_t count = end > first ? end - first : 0;
    return exportRows(
        index, count, [first](std::uint64_t i) { return first + i; }, path, options);
}

Result<ExportSummary> exportJsonLines(const RecordIndex& index, std::span<const std::uint64_t> rows,
    const std::filesystem::path& path, const ExportOptions& options)
{
    return exportRows(
        index, rows.size(), [rows](std::uint64_t i) { return rows[i]; }, path, options);
}

} // namespace sluice::browse
