// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QString>

#include <cstddef>
#include <string>
#include <vector>

namespace sluice::app {

struct LoggingOptions {
    QString logDirectory;      // rotating file lives here; empty: the user's app data folder
    bool toConsole = false;    // also print to stderr (debug builds, --verbose)
    bool verbose = false;      // debug level instead of info
};

// Sets up the only sinks of the process: a rotating file (5 × 5 MiB), optionally stderr,
// and a bounded in-memory ring that the in-app log panel reads. Installs Qt's message
// handler so qDebug/qWarning land in the same stream. Returns the log file path.
QString setupLogging(const LoggingOptions& options);

// The last `count` formatted lines kept in memory (for the log panel), oldest first.
std::vector<std::string> recentLogLines(std::size_t count = 500);

} // namespace sluice::app
