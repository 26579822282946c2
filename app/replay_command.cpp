// SPDX-License-Identifier: Apache-2.0
#include "replay_command.h"

#include "app_info.h"
#include "audit/audit_log.h"
#include "command_support.h"
#include "config/workspace_io.h"
#include "import_command.h"
#include "logging_setup.h"
#include "replay/replay_engine.h"
#include "reset_command.h"
#include "secrets/keychain.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QFileInfo>
#include <QJsonDocument>
#include <atomic>
#include <csignal>
#include <cstring>
#include <iostream>

namespace sluice::app {
namespace {

// Exit codes: 0 done and verified; 1 failed or refused; 2 bad command line; 3 stopped
// before the end (resume with the same command) or verification found problems.
constexpr int kExitFailed = 1;
constexpr int kExitUsage = 2;
constexpr int kExitIncomplete = 3;

int runAudit(QCoreApplication& app)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Check or list the audit log of operator actions."));
    parser.addHelpOption();
    const QCommandLineOption verify(QStringLiteral("verify"), QStringLiteral("Check the hash chain of every entry."));
    const QCommandLineOption list(QStringLiteral("list"), QStringLiteral("Print the entries as JSON Lines."));
    const QCommandLineOption file(QStringLiteral("log"),
        QStringLiteral("The audit log FILE (default: the data folder's)."), QStringLiteral("FILE"));
    parser.addOptions({ verify, list, file });
    parser.addPositionalArgument(QStringLiteral("audit"), QStringLiteral("The command."));
    parser.process(app);
    const QString path = parser.isSet(file) ? parser.value(file) : audit::AuditLog::defaultPath();
    if (parser.isSet(list)) {
        for (const QJsonObject& entry : audit::AuditLog(path).readAll())
            std::cout << QJsonDocument(entry).toJson(QJsonDocument::Compact).toStdString() << '\n';
    }
    if (parser.isSet(verify) || !parser.isSet(list)) {
        const auto result = audit::AuditLog::verify(path);
        if (!result.ok)
            return fail("the audit log " + path.toStdString() + " is damaged at line "
                + std::to_string(result.firstBadLine) + ": " + result.problem.toStdString());
        std::cout << "audit log " << path.toStdString() << ": " << result.entries << " entries, chain intact\n";
    }
    return 0;
}

int runReplay(QCoreApplication& app)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("Replay records (dead letters) headless: --dry-run reviews a plan and writes the reviewed plan; "
                       "--execute runs a reviewed plan, resuming it if it was interrupted. See docs/replay.md."));
    parser.addHelpOption();
    const QCommandLineOption workspace(
        QStringLiteral("workspace"), QStringLiteral("The workspace FILE with the clusters."), QStringLiteral("FILE"));
    const QCommandLineOption plan(
        QStringLiteral("plan"), QStringLiteral("The plan FILE (JSON)."), QStringLiteral("FILE"));
    const QCommandLineOption dryRun(
        QStringLiteral("dry-run"), QStringLiteral("Preview: counts, skips, a sample, the plan hash."));
    const QCommandLineOption execute(QStringLiteral("execute"), QStringLiteral("Run a reviewed plan."));
    const QCommandLineOption reviewed(QStringLiteral("reviewed"),
        QStringLiteral("Where --dry-run writes the reviewed plan (default: PLAN.reviewed.json)."),
        QStringLiteral("FILE"));
    const QCommandLineOption hash(QStringLiteral("plan-hash"),
        QStringLiteral("--execute: the plan hash shown by the dry run (required)."), QStringLiteral("HASH"));
    const QCommandLineOption confirm(QStringLiteral("confirm"),
        QStringLiteral("--execute on a production cluster: its name, typed out."), QStringLiteral("CLUSTER"));
    const QCommandLineOption dataDir(QStringLiteral("data-dir"),
        QStringLiteral("Data folder for journals, reports and the audit log."), QStringLiteral("DIR"));
    const QCommandLineOption quiet(QStringLiteral("quiet"), QStringLiteral("No progress lines on stderr."));
    parser.addOptions({ workspace, plan, dryRun, execute, reviewed, hash, confirm, dataDir, quiet });
    parser.addPositionalArgument(QStringLiteral("replay"), QStringLiteral("The command."));
    parser.process(app);

    if (parser.isSet(dryRun) == parser.isSet(execute))
        return fail("give exactly one of --dry-run and --execute", kExitUsage);
    if (!parser.isSet(workspace) || !parser.isSet(plan))
        return fail("--workspace and --plan are required", kExitUsage);
    if (parser.isSet(execute) && !parser.isSet(hash))
        return fail("--execute needs --plan-hash, the hash the dry run printed", kExitUsage);

    auto ws = config::loadWorkspace(parser.value(workspace).toStdString());
    if (!ws)
        return fail(ws.error().message);
    auto loaded = replay::readPlanFile(parser.value(plan));
    if (!loaded)
        return fail(loaded.error().message);

    replay::EngineOptions options;
    if (parser.isSet(dataDir))
        options.dataDirectory = parser.value(dataDir);
    if (!parser.isSet(quiet)) {
        options.onProgress = [last = std::chrono::steady_clock::time_point {}](
                                 const replay::ReplayProgress& p) mutable {
            const auto now = std::chrono::steady_clock::now();
            if (now - last < std::chrono::seconds(1) && p.state != "done" && p.state != "verified")
                return;
            last = now;
            std::cerr << "[replay] " << p.state << ": sent " << p.sent << ", delivered " << p.delivered << ", skipped "
                      << p.skipped << ", failed " << p.failed << ", " << static_cast<long long>(p.recordsPerSecond)
                      << " records/s" << (p.paused ? " (paused)" : "") << '\n';
        };
    }
    replay::ReplayEngine engine(*ws, ui::makeKeychainSecretResolver(), options);

    if (parser.isSet(dryRun)) {
        auto report = engine.dryRun(*loaded);
        if (!report)
            return fail(report.error().message);
        const QString out = parser.isSet(reviewed)
            ? parser.value(reviewed)
            : parser.value(plan).replace(QLatin1String(".json"), QString()) + QStringLiteral(".reviewed.json");
        if (auto written = replay::writePlanFile(report->plan, out, QString::fromStdString(report->planHash)); !written)
            return fail(written.error().message);
        QJsonObject json = report->toJson();
        json.insert(QStringLiteral("reviewedPlan"), QFileInfo(out).absoluteFilePath());
        printJson(json);
        for (const auto& warning : report->warnings)
            std::cerr << "warning: " << warning << '\n';
        std::cerr << "Execute with: sluice replay --workspace " << parser.value(workspace).toStdString() << " --plan "
                  << out.toStdString() << " --execute --plan-hash " << report->planHash << '\n';
        return 0;
    }

    const config::ClusterConfig* target = ws->cluster(loaded->effectiveTargetCluster());
    if (target && target->production && parser.value(confirm).toStdString() != target->name)
        return fail("cluster " + target->name + " is a production cluster: add --confirm " + target->name
            + " to run this replay");
    auto report = [&] {
        CancelOnSignal cancelOnSignal(engine);
        return engine.execute(*loaded, parser.value(hash).toStdString());
    }();
    if (!report)
        return fail(report.error().message);
    printJson(report->toJson());
    const auto& v = report->verification;
    if (!report->completed)
        return fail("the replay stopped before the end (" + report->stopReason + "); run the same command to resume",
            kExitIncomplete);
    if (v.missing || v.corrupted || v.reordered || report->lost)
        return fail("verification found problems; see the report", kExitIncomplete);
    return 0;
}

} // namespace

bool isHeadlessCommand(int argc, char* argv[])
{
    return argc > 1
        && (std::strcmp(argv[1], "replay") == 0 || std::strcmp(argv[1], "audit") == 0
            || std::strcmp(argv[1], "reset-offsets") == 0 || std::strcmp(argv[1], "import") == 0);
}

int runHeadlessCommand(int argc, char* argv[])
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QLatin1String(ui::kAppName));
    QCoreApplication::setOrganizationName(QLatin1String(ui::kOrganizationName));
    QCoreApplication::setApplicationVersion(QLatin1String(ui::kAppVersion));
    LoggingOptions logging;
    logging.toConsole = false;
    (void)setupLogging(logging);
    if (std::strcmp(argv[1], "reset-offsets") == 0)
        return runResetOffsets(app);
    if (std::strcmp(argv[1], "import") == 0)
        return runImport(app);
    return std::strcmp(argv[1], "replay") == 0 ? runReplay(app) : runAudit(app);
}

} // namespace sluice::app
