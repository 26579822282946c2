// SPDX-License-Identifier: Apache-2.0
// Composition root: parse the command line, set up logging, build the main window, run.
#include "app_info.h"
#include "browse/record_decoders.h"
#include "kafka/cluster_session.h"
#include "logging_setup.h"
#include "main_window.h"
#include "replay_command.h"
#include "screenshot_job.h"
#include "secrets/keychain.h"
#include "settings/app_settings.h"
#include "startup_probe.h"
#include "support/logging.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QTimer>
#include <cstring>
#include <memory>
#include <iostream>

namespace {

// A screenshot needs no screen: unless told otherwise, render off-screen.
void preferOffscreenForScreenshots(int argc, char* argv[])
{
    for (int i = 1; i < argc; ++i) {
        if (std::strcmp(argv[i], "--screenshot") == 0 && qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
            qputenv("QT_QPA_PLATFORM", "offscreen");
    }
}

// --quit-after: report when the first window is painted, or when the first cluster's
// overview has data, then quit.
bool quitAfterMilestone(const QString& milestone, sluice::ui::MainWindow& window, sluice::app::StartupProbe& probe)
{
    auto report = [](const char* name, qint64 ms) {
        std::cout << name << ' ' << ms << std::endl;
        QTimer::singleShot(0, qApp, &QCoreApplication::quit);
    };
    if (milestone == QLatin1String("first-window")) {
        QObject::connect(&probe, &sluice::app::StartupProbe::firstPainted, qApp,
            [report](qint64 ms) { report("first-window-ms", ms); });
        probe.watchFirstPaint(window.centralWidget() ? window.centralWidget() : &window);
        return true;
    }
    auto* session = window.sessionForView(QStringLiteral("overview"));
    if (milestone != QLatin1String("overview") || !session) {
        std::cerr << "sluice: --quit-after takes first-window or overview (overview needs --workspace)\n";
        return false;
    }
    QObject::connect(session, &sluice::kafka::ClusterSession::snapshotUpdated, qApp,
        [report, &probe] { report("overview-ms", probe.elapsedMs()); });
    return true;
}

} // namespace

int main(int argc, char* argv[])
{
    using namespace sluice;
    if (app::isHeadlessCommand(argc, argv)) // sluice replay … / sluice audit …: no window
        return app::runHeadlessCommand(argc, argv);
    app::StartupProbe startup; // first thing: start-up milestones are measured from here
    preferOffscreenForScreenshots(argc, argv);
    QApplication app(argc, argv);
    QApplication::setApplicationName(QLatin1String(ui::kAppName));
    QApplication::setOrganizationName(QLatin1String(ui::kOrganizationName));
    QApplication::setApplicationVersion(QLatin1String(ui::kAppVersion));

    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Sluice: a desktop console for Kafka pipelines."));
    parser.addHelpOption();
    parser.addVersionOption();
    const QCommandLineOption workspaceOption(
        QStringLiteral("workspace"), QStringLiteral("Open the workspace FILE."), QStringLiteral("FILE"));
    const QCommandLineOption screenshotOption(QStringLiteral("screenshot"),
        QStringLiteral("Render a view to PNG and exit: view=SPEC out=FILE [size=WxH] [timeout=SECONDS] [lagSamples=N] "
                       "[view.KEY=VALUE]. SPEC is start, overview, topics, topic/NAME, groups, group/ID, "
                       "browse/TOPIC, deadletters, deadletter/TOPIC, dashboard, alerts or audit, optionally prefixed CLUSTER:."),
        QStringLiteral("view=SPEC"));
    const QCommandLineOption verboseOption(QStringLiteral("verbose"), QStringLiteral("Debug logging, also to stderr."));
    const QCommandLineOption logDirOption(
        QStringLiteral("log-dir"), QStringLiteral("Write the log file into DIR."), QStringLiteral("DIR"));
    const QCommandLineOption quitAfterOption(QStringLiteral("quit-after"),
        QStringLiteral("Print the start-up time of a milestone and exit: first-window or overview (benchmarks)."),
        QStringLiteral("MILESTONE"));
    const QCommandLineOption historyOption(QStringLiteral("history-file"),
        QStringLiteral("Keep lag history in FILE instead of history.sqlite in the user's data folder."),
        QStringLiteral("FILE"));
    parser.addOptions(
        { workspaceOption, screenshotOption, verboseOption, logDirOption, quitAfterOption, historyOption });
    parser.addPositionalArgument(
        QStringLiteral("key=value"), QStringLiteral("More --screenshot settings."), QStringLiteral("[key=value…]"));
    parser.process(app);

    app::LoggingOptions logging;
    logging.logDirectory = parser.value(logDirOption);
    logging.verbose = parser.isSet(verboseOption);
#ifndef NDEBUG
    logging.toConsole = true;
#else
    logging.toConsole = logging.verbose;
#endif
    const QString logPath = app::setupLogging(logging);
    logging::app()->info("version={} log={}", ui::kAppVersion, logPath.toStdString());

    // The payload decoders every record view offers, built once. A schema-registry integration
    // adds its Avro/Protobuf decoders to this registry (docs/architecture.md, "Decoder seam").
    ui::setDefaultRecordDecoders(
        std::make_shared<const decode::DecoderRegistry>(decode::DecoderRegistry::withBuiltins()));
    ui::AppSettings settings;
    ui::MainWindow window(ui::makeKeychainSecretResolver(), settings);
    if (parser.isSet(historyOption))
        window.setHistoryPath(parser.value(historyOption).toStdString());
    if (parser.isSet(workspaceOption)) {
        const Status opened = window.openWorkspaceFile(parser.value(workspaceOption));
        if (!opened)
            std::cerr << "sluice: " << opened.error().message << '\n';
    }

    if (parser.isSet(quitAfterOption)) {
        if (!quitAfterMilestone(parser.value(quitAfterOption), window, startup))
            return 2;
    }
    if (!parser.isSet(screenshotOption)) {
        window.show();
        const int rc = QApplication::exec();
        window.closeWorkspace();
        kafka::waitForStoppedWorkers(10000);
        return rc;
    }

    const auto request
        = ui::parseScreenshotRequest(QStringList { parser.value(screenshotOption) } + parser.positionalArguments());
    if (!request) {
        std::cerr << "sluice: " << request.error().message << '\n';
        return 1;
    }
    ui::ScreenshotJob job(&window, *request);
    QObject::connect(&job, &ui::ScreenshotJob::finished, &app, [](bool ok, const QString& message) {
        (ok ? std::cout : std::cerr) << "sluice: screenshot " << (ok ? "" : "failed: ") << message.toStdString()
                                     << '\n';
        QApplication::exit(ok ? 0 : 1);
    });
    QTimer::singleShot(0, &job, &ui::ScreenshotJob::start);
    return QApplication::exec();
}
