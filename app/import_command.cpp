// SPDX-License-Identifier: Apache-2.0
#include "import_command.h"

#include "command_support.h"
#include "config/workspace_io.h"
#include "importing/jsonl_import.h"
#include "secrets/keychain.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QJsonDocument>
#include <atomic>
#include <chrono>
#include <csignal>
#include <iostream>

namespace sluice::app {
namespace {

} // namespace

int runImport(QCoreApplication& app)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("Import a JSON Lines export into a topic. Without --execute only validates the file and prints "
                       "counts and errors. See docs/import.md."));
    parser.addHelpOption();
    const QCommandLineOption workspace(
        QStringLiteral("workspace"), QStringLiteral("The workspace FILE with the clusters."), QStringLiteral("FILE"));
    const QCommandLineOption file(
        QStringLiteral("file"), QStringLiteral("The JSON Lines FILE."), QStringLiteral("FILE"));
    const QCommandLineOption cluster(
        QStringLiteral("cluster"), QStringLiteral("The target cluster (workspace name)."), QStringLiteral("NAME"));
    const QCommandLineOption topic(
        QStringLiteral("topic"), QStringLiteral("The target topic (must exist)."), QStringLiteral("TOPIC"));
    const QCommandLineOption partitions(QStringLiteral("partitions"),
        QStringLiteral("key (default): by key, as Java clients; file: the partition in the file when the target has "
                       "it."),
        QStringLiteral("MODE"), QStringLiteral("key"));
    const QCommandLineOption timestamps(QStringLiteral("timestamps"),
        QStringLiteral("keep (default): the timestamps in the file; now: the time of sending."), QStringLiteral("MODE"),
        QStringLiteral("keep"));
    const QCommandLineOption execute(QStringLiteral("execute"), QStringLiteral("Produce the records."));
    const QCommandLineOption confirm(QStringLiteral("confirm"),
        QStringLiteral("--execute on a production cluster: its name, typed out."), QStringLiteral("CLUSTER"));
    const QCommandLineOption auditLog(QStringLiteral("audit-log"),
        QStringLiteral("The audit log FILE (default: the data folder's)."), QStringLiteral("FILE"));
    const QCommandLineOption quiet(QStringLiteral("quiet"), QStringLiteral("No progress lines on stderr."));
    parser.addOptions({ workspace, file, cluster, topic, partitions, timestamps, execute, confirm, auditLog, quiet });
    parser.addPositionalArgument(QStringLiteral("import"), QStringLiteral("The command."));
    parser.process(app);

    if (!parser.isSet(file))
        return fail("--file is required", 2);
    const QString partitionMode = parser.value(partitions);
    const QString timestampMode = parser.value(timestamps);
    if (partitionMode != QLatin1String("key") && partitionMode != QLatin1String("file"))
        return fail("--partitions must be key or file", 2);
    if (timestampMode != QLatin1String("keep") && timestampMode != QLatin1String("now"))
        return fail("--timestamps must be keep or now", 2);

    if (!parser.isSet(execute)) {
        auto validation = importing::validateJsonlFile(parser.value(file));
        if (!validation)
            return fail(validation.error().message);
        printJson(validation->toJson());
        if (!validation->ok())
            return fail(validation->advice);
        std::cerr << "Dry run only: add --workspace, --cluster, --topic and --execute to import.\n";
        return 0;
    }
    if (!parser.isSet(workspace) || !parser.isSet(cluster) || !parser.isSet(topic))
        return fail("--execute needs --workspace, --cluster and --topic", 2);
    auto ws = config::loadWorkspace(parser.value(workspace).toStdString());
    if (!ws)
        return fail(ws.error().message);
    const std::string clusterName = parser.value(cluster).toStdString();
    const config::ClusterConfig* target = ws->cluster(clusterName);
    if (target && target->production && parser.value(confirm).toStdString() != target->name)
        return fail("cluster " + target->name + " is a production cluster: add --confirm " + target->name
            + " to run this import");

    importing::ImportOptions options;
    options.cluster = clusterName;
    options.topic = parser.value(topic).toStdString();
    options.partitionMode
        = partitionMode == QLatin1String("file") ? importing::PartitionMode::FromFile : importing::PartitionMode::ByKey;
    options.timestampMode
        = timestampMode == QLatin1String("now") ? importing::TimestampMode::Now : importing::TimestampMode::Keep;
    if (parser.isSet(auditLog))
        options.auditPath = parser.value(auditLog);
    if (!parser.isSet(quiet)) {
        options.onProgress
            = [last = std::chrono::steady_clock::time_point {}](const importing::ImportProgress& p) mutable {
                  const auto now = std::chrono::steady_clock::now();
                  if (now - last < std::chrono::seconds(1) && p.state != "done")
                      return;
                  last = now;
                  std::cerr << "[import] " << p.state << ": read " << p.read << "/" << p.total << ", produced "
                            << p.produced << ", failed " << p.failed << '\n';
              };
    }
    importing::JsonlImporter importer(*ws, ui::makeKeychainSecretResolver(), options);
    auto report = [&] {
        CancelOnSignal cancelOnSignal(importer);
        return importer.execute(parser.value(file));
    }();
    if (!report)
        return fail(report.error().message);
    printJson(report->toJson());
    if (!report->completed)
        return fail("the import stopped before the end (" + report->stopReason + ")", 3);
    if (report->failed > 0)
        return fail(std::to_string(report->failed) + " records failed; see the report", 3);
    return 0;
}

} // namespace sluice::app
