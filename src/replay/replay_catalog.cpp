// SPDX-License-Identifier: Apache-2.0
#include "replay/replay_catalog.h"

#include <QDir>
#include <QFile>
#include <algorithm>

namespace sluice::replay {

std::uint64_t remainingOffsets(const ReplayPlan& plan, const std::map<std::int32_t, std::int64_t>& next)
{
    std::uint64_t out = 0;
    for (const auto& [partition, ranges] : plan.offsets) {
        const auto nextIt = next.find(partition);
        const std::int64_t from = nextIt == next.end() ? 0 : nextIt->second;
        const auto endIt = plan.pinnedEnd.find(partition);
        const std::int64_t end = endIt == plan.pinnedEnd.end() ? 0 : endIt->second; // exclusive
        for (const auto& [first, last] : ranges) {
            const std::int64_t a = std::max(first, from);
            const std::int64_t b = std::min(last, end - 1);
            if (b >= a)
                out += static_cast<std::uint64_t>(b - a + 1);
        }
    }
    return out;
}

std::vector<StoredReplay> unfinishedReplays(const QString& dataDirectory)
{
    std::vector<StoredReplay> out;
    const QDir root(QDir(dataDirectory).filePath(QStringLiteral("replays")));
    if (!root.exists())
        return out;
    const QStringList ids = root.entryList(QDir::Dirs | QDir::NoDotAndDotDot, QDir::Name | QDir::Reversed);
    for (const QString& id : ids) {
        const QDir folder(root.filePath(id));
        if (folder.exists(QLatin1String(kDiscardedMarkerFile)))
            continue;
        const QString planPath = folder.filePath(QLatin1String(kReviewedPlanFile));
        if (!QFile::exists(planPath))
            continue; // not started from a stored plan: nothing to resume with
        auto plan = readPlanFile(planPath);
        const QString hash = storedPlanHash(planPath);
        if (!plan || hash.isEmpty() || !plan->isPinned())
            continue;
        StoredReplay replay;
        replay.id = id.toStdString();
        replay.folder = folder.absolutePath();
        replay.plan = std::move(*plan);
        replay.planHash = hash.toStdString();
        const Journal journal(replay.folder);
        if (journal.exists()) {
            auto state = journal.load();
            if (!state || state->finished || state->planHash != replay.planHash)
                continue;
            replay.journal = std::move(*state);
        }
        if (replay.plan.selection == SelectionKind::Offsets) {
            replay.selected = remainingOffsets(replay.plan, {});
            // Exactly-once progress lives in Kafka; the journal's positions are a lower bound there.
            replay.remaining = remainingOffsets(
                replay.plan, replay.journal ? replay.journal->next : std::map<std::int32_t, std::int64_t> {});
        }
        out.push_back(std::move(replay));
    }
    return out;
}

Status discardReplay(const QString& folder)
{
    QFile marker(QDir(folder).filePath(QLatin1String(kDiscardedMarkerFile)));
    if (!marker.open(QIODevice::WriteOnly | QIODevice::Truncate))
        return Error { ErrorKind::Fatal,
            "Couldn't mark the replay in " + folder.toStdString()
                + " as discarded: " + marker.errorString().toStdString(),
            {} };
    marker.write("discarded by the operator; the journal and report are kept\n");
    return Ok {};
}

} // namespace sluice::replay
