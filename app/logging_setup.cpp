// SPDX-License-Identifier: Apache-2.0
#include "logging_setup.h"

#include "support/logging.h"

#include <QDir>
#include <QStandardPaths>
#include <QtGlobal>

#include <spdlog/sinks/ringbuffer_sink.h>
#include <spdlog/sinks/rotating_file_sink.h>
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

namespace sluice::app {
namespace {

constexpr std::size_t kRingLines = 2000;
constexpr std::size_t kFileBytes = 5 * 1024 * 1024;
constexpr std::size_t kFileCount = 5;

std::shared_ptr<spdlog::sinks::ringbuffer_sink_mt>& ring()
{
    static std::shared_ptr<spdlog::sinks::ringbuffer_sink_mt> sink;
    return sink;
}

void forwardQtMessage(QtMsgType type, const QMessageLogContext& context, const QString& message)
{
    auto log = logging::ui();
    const std::string text = message.toStdString();
    const char* category = context.category ? context.category : "qt";
    switch (type) {
    case QtDebugMsg: log->debug("{}: {}", category, text); break;
    case QtInfoMsg: log->info("{}: {}", category, text); break;
    case QtWarningMsg: log->warn("{}: {}", category, text); break;
    case QtCriticalMsg:
    case QtFatalMsg: log->error("{}: {}", category, text); break;
    }
}

} // namespace

QString setupLogging(const LoggingOptions& options)
{
    QString dir = options.logDirectory;
    if (dir.isEmpty())
        dir = QStandardPaths::writableLocation(QStandardPaths::AppLocalDataLocation) + QStringLiteral("/logs");
    QDir().mkpath(dir);
    const QString path = dir + QStringLiteral("/sluice.log");

    std::vector<spdlog::sink_ptr> sinks;
    try {
        sinks.push_back(std::make_shared<spdlog::sinks::rotating_file_sink_mt>(path.toStdString(), kFileBytes, kFileCount));
    } catch (const spdlog::spdlog_ex& ex) {
        // No file log is a degraded mode, not a reason to refuse starting; say so on stderr.
        fprintf(stderr, "sluice: cannot write the log file %s: %s\n", qPrintable(path), ex.what());
    }
    ring() = std::make_shared<spdlog::sinks::ringbuffer_sink_mt>(kRingLines);
    sinks.push_back(ring());
    if (options.toConsole)
        sinks.push_back(std::make_shared<spdlog::sinks::stderr_color_sink_mt>());
    for (auto& sink : sinks)
        sink->set_pattern("%Y-%m-%dT%H:%M:%S.%e%z %^%-5l%$ [%n] %v");

    logging::installSinks(std::move(sinks));
    logging::setLevel(options.verbose ? spdlog::level::debug : spdlog::level::info);
    qInstallMessageHandler(forwardQtMessage);
    logging::app()->info("Sluice starting log={}", path.toStdString());
    return path;
}

std::vector<std::string> recentLogLines(std::size_t count)
{
    if (!ring())
        return {};
    return ring()->last_formatted(count);
}

} // namespace sluice::app
