// SPDX-License-Identifier: Apache-2.0
#include "reset_command.h"

#include "command_support.h"
#include "config/workspace_io.h"
#include "filter/time_literal.h"
#include "reset/offset_reset.h"
#include "secrets/keychain.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QFile>
#include <QStringList>
#include <iomanip>
#include <iostream>
#include <sstream>

namespace sluice::app {
namespace {

std::string optionalText(const std::optional<std::int64_t>& value)
{
    return value ? std::to_string(*value) : std::string("-");
}

std::string timeText(const std::optional<std::int64_t>& ms)
{
    return ms ? filter::formatIsoTimestamp(*ms) : std::string("unknown");
}

void printPreview(const reset::ResetPreview& preview)
{
    std::cout << "group " << preview.spec.group << " (" << preview.groupState << ", " << preview.activeMembers
              << " active member(s))\n";
    for (const std::string& client : preview.activeClients)
        std::cout << "  active: " << client << '\n';
    std::cout << std::left << std::setw(32) << "TOPIC" << std::right << std::setw(6) << "PART" << std::setw(12)
              << "CURRENT" << std::setw(12) << "TARGET" << std::setw(12) << "TO-READ"
              << "  TIME SPAN / CLAMPED\n";
    for (const reset::ResetRow& row : preview.rows) {
        std::cout << std::left << std::setw(32) << row.topic << std::right << std::setw(6) << row.partition
                  << std::setw(12) << optionalText(row.current) << std::setw(12) << row.target << std::setw(12)
                  << row.toReprocess << "  " << timeText(row.targetTimeMs) << " .. "
                  << timeText(row.current && *row.current > row.target ? row.currentTimeMs : row.lastTimeMs);
        if (!row.clamped.empty())
            std::cout << "  CLAMPED: " << row.clamped << " (asked " << row.requested << ")";
        std::cout << '\n';
    }
    std::cout << "records to read: " << preview.totalToReprocess() << ", clamped partitions: " << preview.clampedRows()
              << ", plan hash: " << reset::planHashOf(preview) << '\n';
}

} // namespace

int runResetOffsets(QCoreApplication& app)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Reset a consumer group's committed offsets. --dry-run prints the preview; --execute applies it (refused "
        "while the group has active members, on read-only clusters, and when --plan-hash no longer matches)."));
    parser.addHelpOption();
    auto option = [&parser](const char* name, const char* help, const char* value = nullptr) {
        QCommandLineOption o(QString::fromLatin1(name), QString::fromLatin1(help));
        if (value)
            o.setValueName(QString::fromLatin1(value));
        parser.addOption(o);
        return o;
    };
    const auto workspace = option("workspace", "The workspace FILE with the clusters.", "FILE");
    const auto cluster = option("cluster", "The cluster NAME (default: the workspace's first).", "NAME");
    const auto group = option("group", "The consumer GROUP.", "GROUP");
    const auto topic = option("topic", "Only this TOPIC (default: every topic the group committed to).", "TOPIC");
    const auto partitions = option("partitions", "With --topic: only these partitions, e.g. 0,2,5.", "LIST");
    const auto earliest = option("to-earliest", "To the log start.");
    const auto latest = option("to-latest", "To the log end.");
    const auto offset = option("to-offset", "To offset N.", "N");
    const auto datetime = option("to-datetime", "To the first record at or after TIME (ISO 8601 with a zone).", "TIME");
    const auto ago = option("by-duration", "To the first record at or after DURATION ago (e.g. 30m, 2h).", "DURATION");
    const auto shift = option("shift-by", "By N (negative: read again).", "N");
    const auto fromFile = option("from-file", "To the offsets of a topic,partition,offset CSV FILE.", "FILE");
    const auto dryRun = option("dry-run", "Print the preview only (default).");
    const auto execute = option("execute", "Apply the reset.");
    const auto planHash = option("plan-hash", "--execute: require the plan HASH shown by the dry run.", "HASH");
    const auto confirm = option("confirm", "--execute on a production cluster: its name, typed out.", "CLUSTER");
    const auto audit = option("audit-log", "The audit log FILE (default: the data folder's).", "FILE");
    parser.addPositionalArgument(QStringLiteral("reset-offsets"), QStringLiteral("The command."));
    parser.process(app);

    if (!parser.isSet(workspace) || !parser.isSet(group))
        return fail("--workspace and --group are required", 2);
    if (parser.isSet(dryRun) && parser.isSet(execute))
        return fail("give one of --dry-run and --execute", 2);
    auto ws = config::loadWorkspace(parser.value(workspace).toStdString());
    if (!ws)
        return fail(ws.error().message);
    if (ws->clusters.empty())
        return fail("the workspace has no cluster");
    const config::ClusterConfig* target
        = parser.isSet(cluster) ? ws->cluster(parser.value(cluster).toStdString()) : &ws->clusters.front();
    if (!target)
        return fail("the workspace has no cluster named " + parser.value(cluster).toStdString());

    reset::ResetSpec spec;
    spec.group = parser.value(group).toStdString();
    spec.topic = parser.value(topic).toStdString();
    if (parser.isSet(partitions)) {
        if (spec.topic.empty())
            return fail("--partitions needs --topic", 2);
        for (const QString& p : parser.value(partitions).split(QLatin1Char(','), Qt::SkipEmptyParts)) {
            bool ok = false;
            const int n = p.trimmed().toInt(&ok);
            if (!ok || n < 0)
                return fail("--partitions takes numbers such as 0,2,5", 2);
            spec.partitions.push_back(n);
        }
    }
    int modes = 0;
    bool ok = true;
    if (parser.isSet(earliest))
        ++modes, spec.kind = reset::ResetKind::Earliest;
    if (parser.isSet(latest))
        ++modes, spec.kind = reset::ResetKind::Latest;
    if (parser.isSet(offset))
        ++modes, spec.kind = reset::ResetKind::Offset, spec.value = parser.value(offset).toLongLong(&ok);
    if (parser.isSet(shift))
        ++modes, spec.kind = reset::ResetKind::ShiftBy, spec.value = parser.value(shift).toLongLong(&ok);
    if (parser.isSet(datetime)) {
        ++modes;
        spec.kind = reset::ResetKind::Timestamp;
        std::string problem;
        const auto ms = filter::parseIsoTimestamp(parser.value(datetime).toStdString(), &problem);
        if (!ms)
            return fail("--to-datetime: " + problem, 2);
        spec.value = *ms;
    }
    if (parser.isSet(ago)) {
        ++modes;
        spec.kind = reset::ResetKind::DurationAgo;
        std::string problem;
        const auto ms = filter::parseDuration(parser.value(ago).toStdString(), &problem);
        if (!ms)
            return fail("--by-duration: " + problem, 2);
        spec.value = *ms;
    }
    if (parser.isSet(fromFile)) {
        ++modes;
        spec.kind = reset::ResetKind::FromFile;
        QFile file(parser.value(fromFile));
        if (!file.open(QIODevice::ReadOnly))
            return fail("can't read " + parser.value(fromFile).toStdString() + ": " + file.errorString().toStdString());
        auto parsed = reset::parseOffsetsFile(file.readAll().toStdString());
        if (!parsed)
            return fail(parsed.error().message);
        for (const auto& [tp, o] : *parsed)
            if (spec.topic.empty() || tp.topic == spec.topic)
                spec.fileOffsets[tp] = o;
        if (!spec.topic.empty() && spec.partitions.empty())
            for (const auto& [tp, o] : spec.fileOffsets)
                spec.partitions.push_back(tp.partition);
    }
    if (modes != 1 || !ok)
        return fail("give exactly one of --to-earliest, --to-latest, --to-offset N, --to-datetime TIME, "
                    "--by-duration D, --shift-by N, --from-file FILE",
            2);

    reset::OffsetResetter resetter(*target, ui::makeKeychainSecretResolver(), parser.value(audit));
    auto preview = resetter.preview(spec);
    if (!preview)
        return fail(preview.error().message);
    printPreview(*preview);
    if (!parser.isSet(execute)) {
        std::cout << "dry run: nothing written. Apply with --execute --plan-hash " << reset::planHashOf(*preview)
                  << '\n';
        return 0;
    }
    if (parser.isSet(planHash) && parser.value(planHash).toStdString() != reset::planHashOf(*preview))
        return fail("the plan changed since the dry run (hash differs); review the preview above and run again");
    if (target->production && parser.value(confirm).toStdString() != target->name)
        return fail("cluster " + target->name + " is a production cluster: add --confirm " + target->name);
    auto done = resetter.execute(*preview);
    if (!done)
        return fail(done.error().message);
    std::cout << "applied: audit action " << done->actionId << ", report " << done->reportPath.toStdString() << '\n';
    return 0;
}

} // namespace sluice::app
