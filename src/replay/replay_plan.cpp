// SPDX-License-Identifier: Apache-2.0
#include "replay/replay_plan.h"

#include <QCryptographicHash>
#include <QDateTime>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QRandomGenerator>
#include <QSaveFile>

namespace sluice::replay {
namespace {

Error bad(const std::string& member, const std::string& problem)
{
    return Error { ErrorKind::Configuration, "Replay plan: " + member + " " + problem + ". See docs/replay.md.", {} };
}

template <typename Enum, std::size_t N>
std::optional<Enum> enumFromName(const QString& text, const std::array<Enum, N>& values)
{
    for (Enum value : values) {
        if (text == QLatin1String(nameOf(value).data(), static_cast<qsizetype>(nameOf(value).size())))
            return value;
    }
    return std::nullopt;
}

template <typename Enum, std::size_t N>
Status readEnum(
    const QJsonObject& object, const char* key, const char* member, const std::array<Enum, N>& values, Enum& out)
{
    if (!object.contains(QLatin1String(key)))
        return Ok {};
    const auto value = enumFromName(object.value(QLatin1String(key)).toString(), values);
    if (!value) {
        std::string allowed;
        for (Enum v : values)
            allowed += (allowed.empty() ? "" : ", ") + std::string(nameOf(v));
        return bad(member, "must be one of " + allowed);
    }
    out = *value;
    return Ok {};
}

QString str(std::string_view text)
{
    return QString::fromUtf8(text.data(), static_cast<qsizetype>(text.size()));
}

// Bytes in JSON: {"base64": "..."}, {"text": "..."} or null.
QJsonValue bytesToJson(const std::optional<std::string>& bytes)
{
    if (!bytes)
        return QJsonValue::Null;
    QJsonObject object;
    object.insert(QStringLiteral("base64"),
        QString::fromLatin1(QByteArray(bytes->data(), static_cast<qsizetype>(bytes->size())).toBase64()));
    return object;
}

Result<std::optional<std::string>> bytesFromJson(const QJsonValue& value, const std::string& member)
{
    if (value.isNull())
        return std::optional<std::string>();
    const QJsonObject object = value.toObject();
    if (object.contains(QStringLiteral("text")))
        return std::optional<std::string>(object.value(QStringLiteral("text")).toString().toStdString());
    if (object.contains(QStringLiteral("base64"))) {
        const auto decoded = QByteArray::fromBase64Encoding(
            object.value(QStringLiteral("base64")).toString().toLatin1(), QByteArray::AbortOnBase64DecodingErrors);
        if (!decoded)
            return bad(member, "is not valid base64");
        return std::optional<std::string>(decoded.decoded.toStdString());
    }
    return bad(member, "must be null, {\"text\": …} or {\"base64\": …}");
}

QJsonObject rangesToJson(const std::map<std::int32_t, OffsetRanges>& ranges)
{
    QJsonObject out;
    for (const auto& [partition, list] : ranges) {
        QJsonArray array;
        for (const auto& [first, last] : list)
            array.append(QJsonArray { static_cast<qint64>(first), static_cast<qint64>(last) });
        out.insert(QString::number(partition), array);
    }
    return out;
}

Result<std::int32_t> partitionKey(const QString& key, const std::string& member)
{
    bool ok = false;
    const int partition = key.toInt(&ok);
    if (!ok || partition < 0)
        return bad(member, "has a key '" + key.toStdString() + "' that is not a partition number");
    return partition;
}

Result<std::map<std::int32_t, OffsetRanges>> rangesFromJson(const QJsonObject& object, const std::string& member)
{
    std::map<std::int32_t, OffsetRanges> out;
    for (auto it = object.begin(); it != object.end(); ++it) {
        auto partition = partitionKey(it.key(), member);
        if (!partition)
            return partition.error();
        OffsetRanges ranges;
        for (const QJsonValue& item : it.value().toArray()) {
            const QJsonArray pair = item.toArray();
            if (pair.size() != 2 || !pair[0].isDouble() || !pair[1].isDouble())
                return bad(member + "." + it.key().toStdString(), "must list [first, last] offset pairs");
            const auto first = pair[0].toInteger(), last = pair[1].toInteger();
            if (first < 0 || last < first)
                return bad(member + "." + it.key().toStdString(), "has a range with last < first or a negative offset");
            ranges.emplace_back(first, last);
        }
        std::sort(ranges.begin(), ranges.end());
        out[*partition] = std::move(ranges);
    }
    return out;
}

constexpr std::array kSelectionKinds { SelectionKind::Offsets, SelectionKind::Filter, SelectionKind::TimeRange };
constexpr std::array kTargetModes { TargetMode::OriginalTopic, TargetMode::Topic };
constexpr std::array kPartitionings { Partitioning::ByKey, Partitioning::OriginalPartition,
    Partitioning::SourcePartition };
constexpr std::array kTimestampPolicies { TimestampPolicy::Now, TimestampPolicy::Keep };
constexpr std::array kLimitActions { LimitAction::Skip, LimitAction::Refuse };
constexpr std::array kExecutionModes { ExecutionMode::Idempotent, ExecutionMode::ExactlyOnce };

} // namespace

std::string_view nameOf(SelectionKind kind)
{
    switch (kind) {
    case SelectionKind::Offsets:
        return "offsets";
    case SelectionKind::Filter:
        return "filter";
    case SelectionKind::TimeRange:
        return "time-range";
    }
    return "offsets";
}

std::string_view nameOf(TargetMode mode)
{
    return mode == TargetMode::OriginalTopic ? "original-topic" : "topic";
}

std::string_view nameOf(Partitioning partitioning)
{
    switch (partitioning) {
    case Partitioning::ByKey:
        return "key";
    case Partitioning::OriginalPartition:
        return "original-partition";
    case Partitioning::SourcePartition:
        return "source-partition";
    }
    return "key";
}

std::string_view nameOf(TimestampPolicy policy)
{
    return policy == TimestampPolicy::Now ? "now" : "keep";
}

std::string_view nameOf(LimitAction action)
{
    return action == LimitAction::Skip ? "skip" : "refuse";
}

std::string_view nameOf(ExecutionMode mode)
{
    return mode == ExecutionMode::Idempotent ? "idempotent" : "exactly-once";
}

QJsonObject planToJson(const ReplayPlan& plan)
{
    QJsonObject source;
    source.insert(QStringLiteral("cluster"), str(plan.sourceCluster));
    source.insert(QStringLiteral("topic"), str(plan.sourceTopic));
    QJsonObject selection;
    selection.insert(QStringLiteral("kind"), str(nameOf(plan.selection)));
    switch (plan.selection) {
    case SelectionKind::Offsets:
        selection.insert(QStringLiteral("partitions"), rangesToJson(plan.offsets));
        break;
    case SelectionKind::Filter: {
        selection.insert(QStringLiteral("filter"), str(plan.filter));
        if (!plan.offsets.empty())
            selection.insert(QStringLiteral("bounds"), rangesToJson(plan.offsets));
        QJsonObject excluded;
        for (const auto& [partition, list] : plan.excluded) {
            QJsonArray array;
            for (auto offset : list)
                array.append(static_cast<qint64>(offset));
            excluded.insert(QString::number(partition), array);
        }
        if (!excluded.isEmpty())
            selection.insert(QStringLiteral("exclude"), excluded);
        if (plan.filterNowMs)
            selection.insert(QStringLiteral("nowMs"), static_cast<qint64>(*plan.filterNowMs));
        break;
    }
    case SelectionKind::TimeRange:
        selection.insert(QStringLiteral("fromMs"), static_cast<qint64>(plan.fromMs));
        selection.insert(QStringLiteral("toMs"), static_cast<qint64>(plan.toMs));
        break;
    }
    source.insert(QStringLiteral("selection"), selection);

    QJsonObject target;
    target.insert(QStringLiteral("mode"), str(nameOf(plan.targetMode)));
    if (plan.targetMode == TargetMode::Topic)
        target.insert(QStringLiteral("topic"), str(plan.targetTopic));
    if (!plan.targetCluster.empty())
        target.insert(QStringLiteral("cluster"), str(plan.targetCluster));
    target.insert(QStringLiteral("partitioning"), str(nameOf(plan.partitioning)));

    QJsonObject transforms;
    transforms.insert(QStringLiteral("dropDeadLetterHeaders"), plan.dropDeadLetterHeaders);
    QJsonArray prefixes;
    for (const auto& prefix : plan.extraDropPrefixes)
        prefixes.append(str(prefix));
    if (!prefixes.isEmpty())
        transforms.insert(QStringLiteral("dropHeaderPrefixes"), prefixes);
    transforms.insert(QStringLiteral("provenance"), plan.provenance);
    transforms.insert(QStringLiteral("timestamp"), str(nameOf(plan.timestamp)));
    QJsonArray edits;
    for (const RecordEdit& edit : plan.edits) {
        QJsonObject e;
        e.insert(QStringLiteral("partition"), edit.partition);
        e.insert(QStringLiteral("offset"), static_cast<qint64>(edit.offset));
        if (edit.replaceKey)
            e.insert(QStringLiteral("key"), bytesToJson(edit.key));
        if (edit.replaceValue)
            e.insert(QStringLiteral("value"), bytesToJson(edit.value));
        if (edit.replaceHeaders) {
            QJsonArray headers;
            for (const auto& [name, value] : edit.headers)
                headers.append(QJsonObject {
                    { QStringLiteral("name"), str(name) }, { QStringLiteral("value"), bytesToJson(value) } });
            e.insert(QStringLiteral("headers"), headers);
        }
        edits.append(e);
    }
    if (!edits.isEmpty())
        transforms.insert(QStringLiteral("edits"), edits);

    QJsonObject guard;
    guard.insert(QStringLiteral("maxReplayCount"), plan.maxReplayCount);
    guard.insert(QStringLiteral("onLimit"), str(nameOf(plan.onLimit)));

    QJsonObject execution;
    execution.insert(QStringLiteral("mode"), str(nameOf(plan.mode)));
    execution.insert(QStringLiteral("recordsPerSecond"), plan.recordsPerSecond);
    execution.insert(QStringLiteral("bytesPerSecond"), plan.bytesPerSecond);
    execution.insert(QStringLiteral("maxInFlight"), plan.maxInFlight);
    execution.insert(QStringLiteral("checkpointEvery"), plan.checkpointEvery);
    execution.insert(QStringLiteral("transactionRecords"), plan.transactionRecords);

    QJsonObject json;
    json.insert(QStringLiteral("version"), plan.version);
    if (!plan.id.empty())
        json.insert(QStringLiteral("id"), str(plan.id));
    json.insert(QStringLiteral("source"), source);
    json.insert(QStringLiteral("target"), target);
    json.insert(QStringLiteral("transforms"), transforms);
    json.insert(QStringLiteral("loopGuard"), guard);
    json.insert(QStringLiteral("execution"), execution);
    if (plan.isPinned()) {
        QJsonObject pinned;
        for (const auto& [partition, end] : plan.pinnedEnd)
            pinned.insert(QString::number(partition), static_cast<qint64>(end));
        json.insert(QStringLiteral("pinnedEnd"), pinned);
    }
    return json;
}

Result<ReplayPlan> planFromJson(const QJsonObject& json)
{
    ReplayPlan plan;
    plan.version = json.value(QStringLiteral("version")).toInt(1);
    if (plan.version != 1)
        return bad("version", "must be 1");
    plan.id = json.value(QStringLiteral("id")).toString().toStdString();
    for (char c : plan.id) {
        if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' || c == '.'))
            return bad("id", "may only hold letters, digits, '-', '_' and '.'");
    }

    const QJsonObject source = json.value(QStringLiteral("source")).toObject();
    plan.sourceCluster = source.value(QStringLiteral("cluster")).toString().toStdString();
    plan.sourceTopic = source.value(QStringLiteral("topic")).toString().toStdString();
    if (plan.sourceCluster.empty())
        return bad("source.cluster", "is missing");
    if (plan.sourceTopic.empty())
        return bad("source.topic", "is missing");
    const QJsonObject selection = source.value(QStringLiteral("selection")).toObject();
    if (auto s = readEnum(selection, "kind", "source.selection.kind", kSelectionKinds, plan.selection); !s)
        return s.error();
    switch (plan.selection) {
    case SelectionKind::Offsets: {
        auto ranges
            = rangesFromJson(selection.value(QStringLiteral("partitions")).toObject(), "source.selection.partitions");
        if (!ranges)
            return ranges.error();
        plan.offsets = std::move(*ranges);
        if (plan.offsets.empty())
            return bad("source.selection.partitions", "selects no records");
        break;
    }
    case SelectionKind::Filter: {
        plan.filter = selection.value(QStringLiteral("filter")).toString().toStdString();
        auto ranges = rangesFromJson(selection.value(QStringLiteral("bounds")).toObject(), "source.selection.bounds");
        if (!ranges)
            return ranges.error();
        plan.offsets = std::move(*ranges);
        const QJsonObject excluded = selection.value(QStringLiteral("exclude")).toObject();
        for (auto it = excluded.begin(); it != excluded.end(); ++it) {
            auto partition = partitionKey(it.key(), "source.selection.exclude");
            if (!partition)
                return partition.error();
            for (const QJsonValue& v : it.value().toArray())
                plan.excluded[*partition].push_back(v.toInteger());
            std::sort(plan.excluded[*partition].begin(), plan.excluded[*partition].end());
        }
        if (selection.contains(QStringLiteral("nowMs")))
            plan.filterNowMs = selection.value(QStringLiteral("nowMs")).toInteger();
        break;
    }
    case SelectionKind::TimeRange:
        plan.fromMs = selection.value(QStringLiteral("fromMs")).toInteger(-1);
        plan.toMs = selection.value(QStringLiteral("toMs")).toInteger(-1);
        if (plan.fromMs < 0 || plan.toMs <= plan.fromMs)
            return bad("source.selection", "needs fromMs >= 0 and toMs > fromMs (epoch milliseconds)");
        break;
    }

    const QJsonObject target = json.value(QStringLiteral("target")).toObject();
    if (auto s = readEnum(target, "mode", "target.mode", kTargetModes, plan.targetMode); !s)
        return s.error();
    plan.targetTopic = target.value(QStringLiteral("topic")).toString().toStdString();
    plan.targetCluster = target.value(QStringLiteral("cluster")).toString().toStdString();
    if (plan.targetMode == TargetMode::Topic && plan.targetTopic.empty())
        return bad("target.topic", "is needed when target.mode is topic");
    if (auto s = readEnum(target, "partitioning", "target.partitioning", kPartitionings, plan.partitioning); !s)
        return s.error();

    const QJsonObject transforms = json.value(QStringLiteral("transforms")).toObject();
    plan.dropDeadLetterHeaders = transforms.value(QStringLiteral("dropDeadLetterHeaders")).toBool(true);
    for (const QJsonValue& v : transforms.value(QStringLiteral("dropHeaderPrefixes")).toArray())
        plan.extraDropPrefixes.push_back(v.toString().toStdString());
    plan.provenance = transforms.value(QStringLiteral("provenance")).toBool(true);
    if (auto s = readEnum(transforms, "timestamp", "transforms.timestamp", kTimestampPolicies, plan.timestamp); !s)
        return s.error();
    for (const QJsonValue& v : transforms.value(QStringLiteral("edits")).toArray()) {
        const QJsonObject e = v.toObject();
        RecordEdit edit;
        edit.partition = e.value(QStringLiteral("partition")).toInt(-1);
        edit.offset = e.value(QStringLiteral("offset")).toInteger(-1);
        if (edit.partition < 0 || edit.offset < 0)
            return bad("transforms.edits", "need partition and offset");
        if (e.contains(QStringLiteral("key"))) {
            auto key = bytesFromJson(e.value(QStringLiteral("key")), "transforms.edits.key");
            if (!key)
                return key.error();
            edit.replaceKey = true;
            edit.key = *key;
        }
        if (e.contains(QStringLiteral("value"))) {
            auto value = bytesFromJson(e.value(QStringLiteral("value")), "transforms.edits.value");
            if (!value)
                return value.error();
            edit.replaceValue = true;
            edit.value = *value;
        }
        if (e.contains(QStringLiteral("headers"))) {
            edit.replaceHeaders = true;
            for (const QJsonValue& h : e.value(QStringLiteral("headers")).toArray()) {
                auto value
                    = bytesFromJson(h.toObject().value(QStringLiteral("value")), "transforms.edits.headers.value");
                if (!value)
                    return value.error();
                edit.headers.emplace_back(h.toObject().value(QStringLiteral("name")).toString().toStdString(), *value);
            }
        }
        plan.edits.push_back(std::move(edit));
    }

    const QJsonObject guard = json.value(QStringLiteral("loopGuard")).toObject();
    plan.maxReplayCount = guard.value(QStringLiteral("maxReplayCount")).toInt(3);
    if (plan.maxReplayCount < 1)
        return bad("loopGuard.maxReplayCount", "must be at least 1");
    if (auto s = readEnum(guard, "onLimit", "loopGuard.onLimit", kLimitActions, plan.onLimit); !s)
        return s.error();

    const QJsonObject execution = json.value(QStringLiteral("execution")).toObject();
    if (auto s = readEnum(execution, "mode", "execution.mode", kExecutionModes, plan.mode); !s)
        return s.error();
    plan.recordsPerSecond = execution.value(QStringLiteral("recordsPerSecond")).toDouble(0);
    plan.bytesPerSecond = execution.value(QStringLiteral("bytesPerSecond")).toDouble(0);
    plan.maxInFlight = execution.value(QStringLiteral("maxInFlight")).toInt(10000);
    plan.checkpointEvery = execution.value(QStringLiteral("checkpointEvery")).toInt(1000);
    plan.transactionRecords = execution.value(QStringLiteral("transactionRecords")).toInt(2000);
    if (plan.recordsPerSecond < 0 || plan.bytesPerSecond < 0)
        return bad("execution", "rates must not be negative");
    if (plan.maxInFlight < 1 || plan.checkpointEvery < 1 || plan.transactionRecords < 1)
        return bad("execution", "maxInFlight, checkpointEvery and transactionRecords must be at least 1");

    const QJsonObject pinned = json.value(QStringLiteral("pinnedEnd")).toObject();
    for (auto it = pinned.begin(); it != pinned.end(); ++it) {
        auto partition = partitionKey(it.key(), "pinnedEnd");
        if (!partition)
            return partition.error();
        plan.pinnedEnd[*partition] = it.value().toInteger();
    }
    return plan;
}

Result<ReplayPlan> readPlanFile(const QString& path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return Error { ErrorKind::NotFound,
            "Couldn't read the plan file " + path.toStdString() + ": " + file.errorString().toStdString(), {} };
    QJsonParseError error {};
    const QJsonDocument doc = QJsonDocument::fromJson(file.readAll(), &error);
    if (error.error != QJsonParseError::NoError || !doc.isObject())
        return Error { ErrorKind::Configuration,
            "The plan file " + path.toStdString() + " is not a JSON object: " + error.errorString().toStdString()
                + " at byte " + std::to_string(error.offset),
            {} };
    QJsonObject object = doc.object();
    // A reviewed plan file wraps the plan: {"planHash": …, "plan": {…}}.
    if (object.contains(QStringLiteral("plan")))
        object = object.value(QStringLiteral("plan")).toObject();
    return planFromJson(object);
}

QString storedPlanHash(const QString& path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return QJsonDocument::fromJson(file.readAll()).object().value(QStringLiteral("planHash")).toString();
}

Status writePlanFile(const ReplayPlan& plan, const QString& path, const QString& hash)
{
    QJsonObject wrapper;
    wrapper.insert(QStringLiteral("planHash"), hash);
    wrapper.insert(QStringLiteral("plan"), planToJson(plan));
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return Error { ErrorKind::Fatal,
            "Couldn't write " + path.toStdString() + ": " + file.errorString().toStdString(), {} };
    file.write(QJsonDocument(wrapper).toJson(QJsonDocument::Indented));
    if (!file.commit())
        return Error { ErrorKind::Fatal,
            "Couldn't write " + path.toStdString() + ": " + file.errorString().toStdString(), {} };
    return Ok {};
}

std::string planHash(const ReplayPlan& plan)
{
    const QByteArray canonical = QJsonDocument(planToJson(plan)).toJson(QJsonDocument::Compact);
    return QCryptographicHash::hash(canonical, QCryptographicHash::Sha256).toHex().toStdString();
}

ReplayPlan planFromSelection(const std::string& cluster, const dlq::SelectionModel& selection)
{
    ReplayPlan plan;
    plan.sourceCluster = cluster;
    plan.sourceTopic = selection.topic();
    if (selection.kind() == dlq::SelectionModel::Kind::Explicit) {
        plan.selection = SelectionKind::Offsets;
    } else {
        plan.selection = SelectionKind::Filter;
        plan.filter = selection.filter() ? selection.filter()->text() : std::string();
        for (const auto& [partition, set] : selection.exclusions()) {
            for (const auto& [first, last] : set.ranges()) {
                for (auto offset = first; offset <= last; ++offset)
                    plan.excluded[partition].push_back(offset);
            }
        }
    }
    for (std::int32_t partition : selection.partitions()) {
        if (const auto* set = selection.offsets(partition))
            plan.offsets[partition] = set->ranges();
    }
    return plan;
}

std::string newReplayId()
{
    const QString time = QDateTime::currentDateTimeUtc().toString(QStringLiteral("yyyyMMddTHHmmss"));
    const quint32 random = QRandomGenerator::global()->generate() & 0xffffu;
    return "r" + time.toStdString() + "-"
        + QString::number(random, 16).rightJustified(4, QLatin1Char('0')).toStdString();
}

} // namespace sluice::replay
