// SPDX-License-Identifier: Apache-2.0
#include "replay/journal.h"

#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <algorithm>
#include <cstdio>
#include <unistd.h>

namespace sluice::replay {
namespace {

Status writeDurably(const QString& path, const QByteArray& content)
{
    const QString temporary = path + QStringLiteral(".tmp");
    QFile file(temporary);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate))
        return Error { ErrorKind::Fatal,
            "Couldn't write the replay journal " + temporary.toStdString() + ": " + file.errorString().toStdString(),
            {} };
    if (file.write(content) != content.size() || !file.flush() || ::fsync(file.handle()) != 0)
        return Error { ErrorKind::Fatal,
            "Couldn't write the replay journal " + temporary.toStdString() + ": " + file.errorString().toStdString(),
            {} };
    file.close();
    if (std::rename(QFile::encodeName(temporary).constData(), QFile::encodeName(path).constData()) != 0)
        return Error { ErrorKind::Fatal, "Couldn't replace the replay journal " + path.toStdString(), {} };
    return Ok {};
}

QJsonObject offsetsToJson(const std::map<std::int32_t, std::int64_t>& offsets)
{
    QJsonObject out;
    for (const auto& [partition, offset] : offsets)
        out.insert(QString::number(partition), static_cast<qint64>(offset));
    return out;
}

std::map<std::int32_t, std::int64_t> offsetsFromJson(const QJsonObject& json)
{
    std::map<std::int32_t, std::int64_t> out;
    for (auto it = json.begin(); it != json.end(); ++it)
        out[it.key().toInt()] = it.value().toInteger();
    return out;
}

} // namespace

Journal::Journal(QString folder)
    : m_folder(std::move(folder))
{
}

bool Journal::exists() const
{
    return QFile::exists(QDir(m_folder).filePath(QStringLiteral("journal.json")));
}

QString Journal::reportPath() const
{
    return QDir(m_folder).filePath(QStringLiteral("report.json"));
}

Result<JournalState> Journal::load() const
{
    const QString path = QDir(m_folder).filePath(QStringLiteral("journal.json"));
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return Error { ErrorKind::NotFound, "No replay journal at " + path.toStdString(), {} };
    const QJsonDocument doc = QJsonDocument::fromJson(file.readAll());
    if (!doc.isObject())
        return Error { ErrorKind::Fatal, "The replay journal " + path.toStdString() + " is damaged.", {} };
    const QJsonObject json = doc.object();
    JournalState state;
    state.planHash = json.value(QStringLiteral("planHash")).toString().toStdString();
    state.next = offsetsFromJson(json.value(QStringLiteral("next")).toObject());
    const QJsonObject targets = json.value(QStringLiteral("targetStart")).toObject();
    for (auto it = targets.begin(); it != targets.end(); ++it)
        state.targetStart[it.key().toStdString()] = offsetsFromJson(it.value().toObject());
    state.runs = json.value(QStringLiteral("runs")).toInt();
    state.possibleDuplicates = static_cast<std::uint64_t>(json.value(QStringLiteral("possibleDuplicates")).toInteger());
    state.finished = json.value(QStringLiteral("finished")).toBool();
    state.stoppedCleanly = json.value(QStringLiteral("stoppedCleanly")).toBool();
    state.sentPastNext = static_cast<std::uint64_t>(json.value(QStringLiteral("sentPastNext")).toInteger());
    return state;
}

Status Journal::save(const JournalState& state) const
{
    if (!QDir().mkpath(m_folder))
        return Error { ErrorKind::Fatal, "Couldn't create the replay folder " + m_folder.toStdString(), {} };
    QJsonObject json;
    json.insert(QStringLiteral("planHash"), QString::fromStdString(state.planHash));
    json.insert(QStringLiteral("next"), offsetsToJson(state.next));
    QJsonObject targets;
    for (const auto& [topic, offsets] : state.targetStart)
        targets.insert(QString::fromStdString(topic), offsetsToJson(offsets));
    json.insert(QStringLiteral("targetStart"), targets);
    json.insert(QStringLiteral("runs"), state.runs);
    json.insert(QStringLiteral("possibleDuplicates"), static_cast<qint64>(state.possibleDuplicates));
    json.insert(QStringLiteral("finished"), state.finished);
    json.insert(QStringLiteral("stoppedCleanly"), state.stoppedCleanly);
    json.insert(QStringLiteral("sentPastNext"), static_cast<qint64>(state.sentPastNext));
    return writeDurably(
        QDir(m_folder).filePath(QStringLiteral("journal.json")), QJsonDocument(json).toJson(QJsonDocument::Indented));
}

Status Journal::appendFailure(const Failure& failure) const
{
    if (!QDir().mkpath(m_folder))
        return Error { ErrorKind::Fatal, "Couldn't create the replay folder " + m_folder.toStdString(), {} };
    QFile file(QDir(m_folder).filePath(QStringLiteral("failures.jsonl")));
    if (!file.open(QIODevice::WriteOnly | QIODevice::Append))
        return Error { ErrorKind::Fatal, "Couldn't record a failed record in " + file.fileName().toStdString(), {} };
    QJsonObject json;
    json.insert(QStringLiteral("partition"), failure.partition);
    json.insert(QStringLiteral("offset"), static_cast<qint64>(failure.offset));
    json.insert(QStringLiteral("reason"), QString::fromStdString(failure.reason));
    file.write(QJsonDocument(json).toJson(QJsonDocument::Compact) + '\n');
    if (!file.flush() || ::fsync(file.handle()) != 0)
        return Error { ErrorKind::Fatal, "Couldn't record a failed record in " + file.fileName().toStdString(), {} };
    return Ok {};
}

std::vector<Journal::Failure> Journal::failures() const
{
    std::map<std::pair<std::int32_t, std::int64_t>, std::string> last;
    QFile file(QDir(m_folder).filePath(QStringLiteral("failures.jsonl")));
    if (file.open(QIODevice::ReadOnly)) {
        while (!file.atEnd()) {
            const QJsonObject json = QJsonDocument::fromJson(file.readLine()).object();
            if (json.isEmpty())
                continue; // a torn last line after a crash
            last[{ json.value(QStringLiteral("partition")).toInt(), json.value(QStringLiteral("offset")).toInteger() }]
                = json.value(QStringLiteral("reason")).toString().toStdString();
        }
    }
    std::vector<Failure> out;
    for (const auto& [coordinates, reason] : last)
        out.push_back(Failure { coordinates.first, coordinates.second, reason });
    return out;
}

std::map<std::int32_t, std::int64_t> resumePositions(const std::map<std::int32_t, std::int64_t>& planStart,
    const std::map<std::int32_t, std::int64_t>& planEnd, const std::map<std::int32_t, std::int64_t>& journalNext)
{
    std::map<std::int32_t, std::int64_t> out;
    for (const auto& [partition, start] : planStart) {
        std::int64_t position = start;
        if (auto it = journalNext.find(partition); it != journalNext.end())
            position = std::max(position, it->second);
        const auto end = planEnd.find(partition);
        if (end != planEnd.end() && position >= end->second)
            continue;
        out[partition] = position;
    }
    return out;
}

std::uint64_t ProgressTracker::sentPastNext() const
{
    std::uint64_t n = 0;
    for (const auto& [partition, p] : m_partitions)
        n += p.pending.size();
    return n;
}

void ProgressTracker::start(std::int32_t partition, std::int64_t offset)
{
    m_partitions[partition].read = offset;
}

void ProgressTracker::sent(std::int32_t partition, std::int64_t offset)
{
    Partition& p = m_partitions[partition];
    auto& q = p.pending;
    if (q.empty() || q.back().first < offset) {
        q.emplace_back(offset, false);
    } else {
        // Out of order (not expected): keep the queue sorted; a repeat counts once.
        auto at = std::lower_bound(
            q.begin(), q.end(), offset, [](const auto& entry, std::int64_t o) { return entry.first < o; });
        if (at != q.end() && at->first == offset) {
            if (at->second) {
                at->second = false;
                ++m_inFlight;
            }
            p.read = std::max(p.read, offset + 1);
            return;
        }
        q.insert(at, { offset, false });
    }
    p.read = std::max(p.read, offset + 1);
    ++m_inFlight;
}

void ProgressTracker::settled(std::int32_t partition, std::int64_t offset)
{
    Partition& p = m_partitions[partition];
    auto& q = p.pending;
    auto at = std::lower_bound(
        q.begin(), q.end(), offset, [](const auto& entry, std::int64_t o) { return entry.first < o; });
    if (at == q.end() || at->first != offset || at->second)
        return;
    at->second = true;
    --m_inFlight;
    while (!q.empty() && q.front().second)
        q.pop_front();
}

void ProgressTracker::passed(std::int32_t partition, std::int64_t nextOffset)
{
    Partition& p = m_partitions[partition];
    p.read = std::max(p.read, nextOffset);
}

std::map<std::int32_t, std::int64_t> ProgressTracker::next() const
{
    std::map<std::int32_t, std::int64_t> out;
    for (const auto& [partition, p] : m_partitions)
        out[partition] = p.pending.empty() ? p.read : p.pending.front().first;
    return out;
}

} // namespace sluice::replay
