// SPDX-License-Identifier: Apache-2.0
#include "reset/offset_reset.h"

#include "audit/audit_log.h"
#include "kafka/admin_calls.h"
#include "kafka/client_config.h"
#include "kafka/rdkafka_handles.h"
#include "kafka/write_gate.h"
#include "reset/record_times.h"
#include "support/logging.h"

#include <QCryptographicHash>
#include <QDateTime>
#include <QDeadlineTimer>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <algorithm>
#include <array>
#include <sstream>

namespace sluice::reset {
namespace {

constexpr int kTimeoutMs = 15000;

Error kafkaError(const std::string& what, rd_kafka_resp_err_t err)
{
    return Error { err == RD_KAFKA_RESP_ERR__TIMED_OUT ? ErrorKind::Transient : ErrorKind::Fatal,
        what + ": " + rd_kafka_err2str(err), rd_kafka_err2name(err) };
}

} // namespace

std::string_view nameOf(ResetKind kind)
{
    switch (kind) {
    case ResetKind::Earliest:
        return "earliest";
    case ResetKind::Latest:
        return "latest";
    case ResetKind::Offset:
        return "offset";
    case ResetKind::Timestamp:
        return "timestamp";
    case ResetKind::DurationAgo:
        return "duration-ago";
    case ResetKind::ShiftBy:
        return "shift-by";
    case ResetKind::FromFile:
        return "from-file";
    }
    return "earliest";
}

Result<std::map<domain::TopicPartition, std::int64_t>> parseOffsetsFile(const std::string& text)
{
    std::map<domain::TopicPartition, std::int64_t> out;
    std::istringstream lines(text);
    std::string line;
    int number = 0;
    while (std::getline(lines, line)) {
        ++number;
        if (!line.empty() && line.back() == '\r')
            line.pop_back();
        if (line.empty() || line.front() == '#')
            continue;
        const auto second = line.rfind(',');
        const auto first = second == std::string::npos || second == 0 ? std::string::npos : line.rfind(',', second - 1);
        if (first == std::string::npos || first == 0)
            return Error { ErrorKind::Configuration,
                "Offsets file line " + std::to_string(number) + ": expected topic,partition,offset", {} };
        try {
            std::size_t used = 0;
            const std::string partitionText = line.substr(first + 1, second - first - 1);
            const std::string offsetText = line.substr(second + 1);
            const int partition = std::stoi(partitionText, &used);
            if (used != partitionText.size())
                throw std::invalid_argument("partition");
            const long long offset = std::stoll(offsetText, &used);
            if (used != offsetText.size() || partition < 0 || offset < 0)
                throw std::invalid_argument("offset");
            out[domain::TopicPartition { line.substr(0, first), partition }] = offset;
        } catch (const std::exception&) {
            return Error { ErrorKind::Configuration,
                "Offsets file line " + std::to_string(number) + ": partition and offset must be non-negative numbers",
                {} };
        }
    }
    return out;
}

Result<std::map<std::int32_t, std::int64_t>> parseOffsetsFile(const std::string& text, const std::string& topic)
{
    auto all = parseOffsetsFile(text);
    if (!all)
        return all.error();
    std::map<std::int32_t, std::int64_t> out;
    for (const auto& [tp, offset] : *all)
        if (tp.topic == topic)
            out[tp.partition] = offset;
    return out;
}

Result<ResetRow> planRow(const ResetSpec& spec, std::int32_t partition, const PartitionState& state)
{
    ResetRow row;
    row.topic = spec.topic;
    row.partition = partition;
    row.current = state.committed;
    row.logStart = state.logStart;
    row.logEnd = state.logEnd;
    switch (spec.kind) {
    case ResetKind::Earliest:
        row.requested = state.logStart;
        break;
    case ResetKind::Latest:
        row.requested = state.logEnd;
        break;
    case ResetKind::Offset:
        row.requested = spec.value;
        break;
    case ResetKind::Timestamp:
    case ResetKind::DurationAgo:
        row.requested = state.offsetForTime.value_or(state.logEnd);
        break;
    case ResetKind::ShiftBy:
        if (!state.committed)
            return Error { ErrorKind::Configuration,
                "Partition " + std::to_string(partition)
                    + " has no committed offset to shift from. Choose another reset.",
                {} };
        row.requested = *state.committed + spec.value;
        break;
    case ResetKind::FromFile: {
        auto it = spec.fileOffsets.find(domain::TopicPartition { spec.topic, partition });
        if (it == spec.fileOffsets.end())
            return Error { ErrorKind::Configuration,
                "The offsets file has no offset for partition " + std::to_string(partition) + " of " + spec.topic + ".",
                {} };
        row.requested = it->second;
        break;
    }
    }
    row.target = row.requested;
    if (row.requested < state.logStart) {
        row.target = state.logStart;
        row.clamped = "below the log start " + std::to_string(state.logStart) + " (older records were deleted)";
    } else if (row.requested > state.logEnd) {
        row.target = state.logEnd;
        row.clamped = "past the log end " + std::to_string(state.logEnd);
    }
    row.toReprocess = state.logEnd - row.target;
    return row;
}

std::int64_t ResetPreview::totalToReprocess() const
{
    std::int64_t total = 0;
    for (const ResetRow& row : rows)
        total += row.toReprocess;
    return total;
}

int ResetPreview::clampedRows() const
{
    return static_cast<int>(
        std::count_if(rows.begin(), rows.end(), [](const ResetRow& r) { return !r.clamped.empty(); }));
}

std::string planHashOf(const ResetPreview& preview)
{
    QByteArray canonical;
    canonical += QByteArray::fromStdString(preview.spec.group) + '\n';
    canonical += QByteArray(nameOf(preview.spec.kind).data()) + '\n';
    for (const ResetRow& row : preview.rows)
        canonical += QByteArray::fromStdString(row.topic) + '\t' + QByteArray::number(row.partition) + '\t'
            + (row.current ? QByteArray::number(static_cast<qint64>(*row.current)) : QByteArray("-")) + '\t'
            + QByteArray::number(static_cast<qint64>(row.target)) + '\n';
    return QCryptographicHash::hash(canonical, QCryptographicHash::Sha256).toHex().toStdString();
}

std::vector<std::string> changesSince(const ResetPreview& reviewed, const ResetPreview& now)
{
    std::vector<std::string> changes;
    auto key = [](const ResetRow& r) { return domain::TopicPartition { r.topic, r.partition }; };
    auto text = [](const std::optional<std::int64_t>& v) { return v ? std::to_string(*v) : std::string("none"); };
    std::map<domain::TopicPartition, const ResetRow*> before;
    for (const ResetRow& row : reviewed.rows)
        before[key(row)] = &row;
    for (const ResetRow& row : now.rows) {
        const std::string name = row.topic + "/" + std::to_string(row.partition);
        auto it = before.find(key(row));
        if (it == before.end()) {
            changes.push_back(name + ": new partition");
            continue;
        }
        const ResetRow& old = *it->second;
        before.erase(it);
        if (old.current != row.current)
            changes.push_back(name + ": committed offset " + text(old.current) + " \u2192 " + text(row.current));
        if (old.logStart != row.logStart)
            changes.push_back(name + ": log start " + std::to_string(old.logStart) + " \u2192 "
                + std::to_string(row.logStart) + " (records deleted)");
        if (reviewed.spec.kind != ResetKind::DurationAgo && old.target != row.target)
            changes.push_back(
                name + ": target " + std::to_string(old.target) + " \u2192 " + std::to_string(row.target));
    }
    for (const auto& [tp, row] : before)
        changes.push_back(tp.topic + "/" + std::to_string(tp.partition) + ": no longer part of the reset");
    return changes;
}

struct OffsetResetter::Impl {
    config::ClusterConfig cluster;
    std::shared_ptr<kafka::SecretResolver> secrets;
    QString auditPath;
    kafka::KafkaHandle handle;
    kafka::ClientProperties properties;
    bool readsRecordTimes = true;

    Status ensureHandle()
    {
        if (handle)
            return Ok {};
        auto props = kafka::buildClientProperties(cluster, *secrets);
        if (!props)
            return props.error();
        auto client = kafka::createClient(*props, nullptr, nullptr);
        if (!client)
            return client.error();
        properties = std::move(*props);
        handle = std::move(*client);
        return Ok {};
    }

    struct GroupState {
        std::string state;
        int members = 0;
        std::vector<std::string> clients;
    };

    Result<GroupState> describeGroup(const std::string& group, const std::atomic<bool>* cancel)
    {
        kafka::AdminOptions options(rd_kafka_AdminOptions_new(handle.get(), RD_KAFKA_ADMIN_OP_DESCRIBECONSUMERGROUPS));
        std::array<char, 256> errstr {};
        rd_kafka_AdminOptions_set_request_timeout(options.get(), kTimeoutMs, errstr.data(), errstr.size());
        kafka::KafkaQueue queue(rd_kafka_queue_new(handle.get()));
        const char* groups[] = { group.c_str() };
        rd_kafka_DescribeConsumerGroups(handle.get(), groups, 1, options.get(), queue.get());
        kafka::KafkaEvent event(nullptr);
        QDeadlineTimer deadline(kTimeoutMs + 2000);
        while (!event && !deadline.hasExpired()) {
            if (cancel && cancel->load())
                return cancelled();
            event.reset(rd_kafka_queue_poll(queue.get(), 100));
        }
        if (!event)
            return Error { ErrorKind::Transient, "Describing group " + group + " got no answer in time.", {} };
        if (auto err = rd_kafka_event_error(event.get()))
            return kafkaError("Couldn't describe group " + group, err);
        size_t count = 0;
        const auto** descriptions = rd_kafka_DescribeConsumerGroups_result_groups(
            rd_kafka_event_DescribeConsumerGroups_result(event.get()), &count);
        if (count != 1)
            return Error { ErrorKind::Bug, "Describing group " + group + " returned no description.", {} };
        if (const rd_kafka_error_t* error = rd_kafka_ConsumerGroupDescription_error(descriptions[0]))
            return Error { ErrorKind::Fatal, "Couldn't describe group " + group + ": " + rd_kafka_error_string(error),
                {} };
        GroupState out;
        out.state = rd_kafka_consumer_group_state_name(rd_kafka_ConsumerGroupDescription_state(descriptions[0]));
        out.members = static_cast<int>(rd_kafka_ConsumerGroupDescription_member_count(descriptions[0]));
        for (int i = 0; i < out.members; ++i) {
            const rd_kafka_MemberDescription_t* member
                = rd_kafka_ConsumerGroupDescription_member(descriptions[0], static_cast<size_t>(i));
            const char* client = rd_kafka_MemberDescription_client_id(member);
            const char* host = rd_kafka_MemberDescription_host(member);
            out.clients.push_back(std::string(client ? client : "?") + " (" + (host ? host : "?") + ")");
        }
        return out;
    }

    static Error cancelled() { return Error { ErrorKind::Transient, "Cancelled.", "cancelled" }; }

    Result<std::vector<std::int32_t>> partitionsOf(const std::string& topicName)
    {
        const rd_kafka_metadata_t* raw = nullptr;
        rd_kafka_topic_t* topic = rd_kafka_topic_new(handle.get(), topicName.c_str(), nullptr);
        const auto err = rd_kafka_metadata(handle.get(), 0, topic, &raw, kTimeoutMs);
        rd_kafka_topic_destroy(topic);
        if (err)
            return kafkaError("Couldn't read the partitions of " + topicName, err);
        kafka::Metadata metadata(raw);
        if (metadata->topic_cnt != 1 || metadata->topics[0].err)
            return Error { ErrorKind::NotFound, "Topic " + topicName + " does not exist.", {} };
        std::vector<std::int32_t> partitions;
        for (int i = 0; i < metadata->topics[0].partition_cnt; ++i)
            partitions.push_back(metadata->topics[0].partitions[i].id);
        std::sort(partitions.begin(), partitions.end());
        return partitions;
    }

    Result<ResetPreview> preview(const ResetSpec& spec, const std::atomic<bool>* cancel, bool withTimes);
};

Result<ResetPreview> OffsetResetter::Impl::preview(
    const ResetSpec& spec, const std::atomic<bool>* cancel, bool withTimes)
{
    if (auto s = ensureHandle(); !s)
        return s.error();
    ResetPreview out;
    out.spec = spec;
    out.previewedAtMs = QDateTime::currentMSecsSinceEpoch();
    auto group = describeGroup(spec.group, cancel);
    if (!group)
        return group.error();
    out.groupState = group->state;
    out.activeMembers = group->members;
    out.activeClients = group->clients;

    auto committed = kafka::committedOffsets(handle.get(), spec.group, std::chrono::milliseconds(kTimeoutMs), cancel);
    if (!committed)
        return committed.error();
    if (cancel && cancel->load())
        return cancelled();

    // Which topics and partitions: the one topic (all or chosen partitions), or every
    // topic the group committed to (the file's topics for a reset from a file).
    std::map<std::string, std::vector<std::int32_t>> scope;
    if (!spec.topic.empty()) {
        scope[spec.topic] = spec.partitions;
    } else if (spec.kind == ResetKind::FromFile) {
        for (const auto& [tp, offset] : spec.fileOffsets)
            scope[tp.topic];
        if (scope.empty())
            return Error { ErrorKind::Configuration, "The offsets file names no partition.", {} };
    } else {
        for (const auto& [tp, offset] : *committed)
            scope[tp.topic];
        if (scope.empty())
            return Error { ErrorKind::Configuration,
                "Group " + spec.group + " has no committed offsets, so it has no topics to reset. Choose a topic.",
                {} };
    }
    for (auto& [topic, partitions] : scope) {
        if (!partitions.empty())
            continue;
        auto all = partitionsOf(topic);
        if (!all)
            return all.error();
        partitions = *all;
        if (cancel && cancel->load())
            return cancelled();
    }

    std::map<domain::TopicPartition, std::int64_t> forTime;
    if (spec.kind == ResetKind::Timestamp || spec.kind == ResetKind::DurationAgo) {
        const std::int64_t ms
            = spec.kind == ResetKind::Timestamp ? spec.value : QDateTime::currentMSecsSinceEpoch() - spec.value;
        for (const auto& [topic, partitions] : scope) {
            kafka::PartitionList list(rd_kafka_topic_partition_list_new(static_cast<int>(partitions.size())));
            for (auto p : partitions)
                rd_kafka_topic_partition_list_add(list.get(), topic.c_str(), p)->offset = ms;
            if (auto err = rd_kafka_offsets_for_times(handle.get(), list.get(), kTimeoutMs))
                return kafkaError("Couldn't look up offsets by time in " + topic, err);
            for (int i = 0; i < list->cnt; ++i)
                if (list->elems[i].offset >= 0)
                    forTime[domain::TopicPartition { topic, list->elems[i].partition }] = list->elems[i].offset;
        }
    }
    for (const auto& [topic, partitions] : scope) {
        ResetSpec one = spec;
        one.topic = topic;
        for (auto p : partitions) {
            if (cancel && cancel->load())
                return cancelled();
            const domain::TopicPartition tp { topic, p };
            PartitionState state;
            if (auto err = rd_kafka_query_watermark_offsets(
                    handle.get(), topic.c_str(), p, &state.logStart, &state.logEnd, kTimeoutMs))
                return kafkaError("Couldn't read the offsets of " + topic + "/" + std::to_string(p), err);
            if (auto it = committed->find(tp); it != committed->end())
                state.committed = it->second;
            if (auto it = forTime.find(tp); it != forTime.end())
                state.offsetForTime = it->second;
            auto row = planRow(one, p, state);
            if (!row)
                return row.error();
            out.rows.push_back(*row);
        }
    }

    if (withTimes && readsRecordTimes) {
        std::vector<OffsetAt> requests;
        std::map<domain::TopicPartition, std::int64_t> ends;
        for (const ResetRow& row : out.rows) {
            const domain::TopicPartition tp { row.topic, row.partition };
            ends[tp] = row.logEnd;
            requests.emplace_back(tp, row.target);
            if (row.current)
                requests.emplace_back(tp, *row.current);
            requests.emplace_back(tp, row.logEnd - 1);
        }
        const auto times = readRecordTimes(properties, requests, ends, std::chrono::milliseconds(5000), cancel);
        if (cancel && cancel->load())
            return cancelled();
        auto at = [&times](const ResetRow& row, std::int64_t offset) -> std::optional<std::int64_t> {
            auto it = times.find({ domain::TopicPartition { row.topic, row.partition }, offset });
            return it == times.end() ? std::nullopt : std::optional<std::int64_t>(it->second);
        };
        for (ResetRow& row : out.rows) {
            row.targetTimeMs = at(row, row.target);
            if (row.current)
                row.currentTimeMs = at(row, *row.current);
            row.lastTimeMs = at(row, row.logEnd - 1);
        }
    }
    return out;
}

OffsetResetter::OffsetResetter(
    config::ClusterConfig cluster, std::shared_ptr<kafka::SecretResolver> secrets, QString auditPath)
    : m_impl(std::make_unique<Impl>())
{
    m_impl->cluster = std::move(cluster);
    m_impl->secrets = std::move(secrets);
    m_impl->auditPath = auditPath.isEmpty() ? audit::AuditLog::defaultPath() : std::move(auditPath);
}

OffsetResetter::~OffsetResetter() = default;

void OffsetResetter::setReadsRecordTimes(bool reads)
{
    m_impl->readsRecordTimes = reads;
}

Result<ResetPreview> OffsetResetter::preview(const ResetSpec& spec, const std::atomic<bool>* cancel)
{
    return m_impl->preview(spec, cancel, true);
}

Status OffsetResetter::apply(const ResetPreview& reviewed)
{
    auto done = execute(reviewed);
    if (!done)
        return done.error();
    return Ok {};
}

namespace {

QJsonObject reportOf(const ResetPreview& reviewed, const std::string& cluster, const std::string& actionId,
    const std::string& planHash, const QString& result)
{
    QJsonObject json;
    json.insert(QStringLiteral("kind"), QStringLiteral("offset-reset"));
    json.insert(QStringLiteral("actionId"), QString::fromStdString(actionId));
    json.insert(QStringLiteral("cluster"), QString::fromStdString(cluster));
    json.insert(QStringLiteral("group"), QString::fromStdString(reviewed.spec.group));
    json.insert(QStringLiteral("mode"), QString::fromLatin1(nameOf(reviewed.spec.kind).data()));
    json.insert(QStringLiteral("value"), static_cast<qint64>(reviewed.spec.value));
    json.insert(QStringLiteral("planHash"), QString::fromStdString(planHash));
    json.insert(QStringLiteral("previewedAt"),
        QDateTime::fromMSecsSinceEpoch(reviewed.previewedAtMs, Qt::UTC).toString(Qt::ISODateWithMs));
    json.insert(QStringLiteral("result"), result);
    json.insert(QStringLiteral("toReprocess"), static_cast<qint64>(reviewed.totalToReprocess()));
    QJsonArray rows;
    for (const ResetRow& row : reviewed.rows) {
        QJsonObject r;
        r.insert(QStringLiteral("topic"), QString::fromStdString(row.topic));
        r.insert(QStringLiteral("partition"), row.partition);
        r.insert(QStringLiteral("current"), row.current ? QJsonValue(static_cast<qint64>(*row.current)) : QJsonValue());
        r.insert(QStringLiteral("requested"), static_cast<qint64>(row.requested));
        r.insert(QStringLiteral("target"), static_cast<qint64>(row.target));
        r.insert(QStringLiteral("logStart"), static_cast<qint64>(row.logStart));
        r.insert(QStringLiteral("logEnd"), static_cast<qint64>(row.logEnd));
        r.insert(QStringLiteral("toReprocess"), static_cast<qint64>(row.toReprocess));
        if (!row.clamped.empty())
            r.insert(QStringLiteral("clamped"), QString::fromStdString(row.clamped));
        rows.append(r);
    }
    json.insert(QStringLiteral("partitions"), rows);
    return json;
}

QString fileSafe(const std::string& text)
{
    QString out = QString::fromStdString(text);
    for (QChar& c : out)
        if (!c.isLetterOrNumber() && c != QLatin1Char('-') && c != QLatin1Char('.'))
            c = QLatin1Char('_');
    return out;
}

} // namespace

Result<ResetOutcome> OffsetResetter::execute(const ResetPreview& reviewed, const std::atomic<bool>* cancel)
{
    Impl& d = *m_impl;
    const ResetSpec& spec = reviewed.spec;
    const std::string scopeText = spec.topic.empty() ? std::string("its topics") : "topic " + spec.topic;
    auto now = d.preview(spec, cancel, false);
    if (!now)
        return now.error();
    if (now->activeMembers > 0) {
        std::string clients;
        for (const std::string& c : now->activeClients)
            clients += (clients.empty() ? "" : ", ") + c;
        return Error { ErrorKind::Configuration,
            "Group " + spec.group + " has " + std::to_string(now->activeMembers) + " active member(s) ("
                + now->groupState + (clients.empty() ? "" : ": " + clients)
                + "). Stop its consumers, then reset again.",
            {} };
    }
    // What is applied is what was shown. A "duration ago" moves with the clock, so for it only
    // the committed offsets and the log start must be unchanged; otherwise the targets too.
    const auto changes = changesSince(reviewed, *now);
    if (!changes.empty()) {
        std::string list;
        for (const std::string& c : changes)
            list += "\n  " + c;
        return Error { ErrorKind::Transient,
            "Group " + spec.group + " or " + scopeText
                + " changed since the preview (a commit or deleted records). Preview again." + list,
            "changed" };
    }
    if (cancel && cancel->load())
        return Impl::cancelled();

    ResetOutcome result;
    result.planHash = planHashOf(reviewed);
    result.actionId = "reset-" + spec.group + "-" + std::to_string(QDateTime::currentMSecsSinceEpoch());
    result.reportPath
        = QFileInfo(d.auditPath).dir().filePath(QStringLiteral("resets/%1.json").arg(fileSafe(result.actionId)));
    audit::AuditLog log(d.auditPath);
    audit::AuditEntry intent;
    intent.phase = QStringLiteral("intent");
    intent.action = QStringLiteral("offset-reset");
    intent.cluster = QString::fromStdString(d.cluster.name);
    intent.actionId = QString::fromStdString(result.actionId);
    intent.plan = QString::fromStdString(result.planHash);
    intent.report = result.reportPath;
    QString detail = QStringLiteral("group %1, %2, %3:")
                         .arg(QString::fromStdString(spec.group), QString::fromStdString(scopeText),
                             QString::fromLatin1(nameOf(spec.kind).data()));
    for (const ResetRow& row : reviewed.rows)
        detail += QStringLiteral(" %1/%2:%3\u2192%4")
                      .arg(QString::fromStdString(row.topic))
                      .arg(row.partition)
                      .arg(row.current ? QString::number(*row.current) : QStringLiteral("-"))
                      .arg(row.target);
    intent.detail = detail;
    if (auto written = log.append(intent); !written)
        return written.error();
    auto outcome = [&](const QString& text) {
        audit::AuditEntry e = intent;
        e.phase = QStringLiteral("outcome");
        e.result = text;
        (void)log.append(e);
        QDir().mkpath(QFileInfo(result.reportPath).absolutePath());
        QFile file(result.reportPath);
        if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate)
            || file.write(QJsonDocument(reportOf(reviewed, d.cluster.name, result.actionId, result.planHash, text))
                              .toJson(QJsonDocument::Indented))
                < 0)
            logging::replay()->warn("offset reset report not written path={}", result.reportPath.toStdString());
    };
    if (auto allowed
        = kafka::authorize(d.cluster, kafka::Mutation::CommitOffsets, "reset the offsets of group " + spec.group);
        !allowed) {
        outcome(QStringLiteral("refused: ") + QString::fromStdString(allowed.error().message));
        return allowed.error();
    }

    // One AlterConsumerGroupOffsets for all partitions, with the reviewed targets.
    kafka::PartitionList offsets(rd_kafka_topic_partition_list_new(static_cast<int>(reviewed.rows.size())));
    for (const ResetRow& row : reviewed.rows)
        rd_kafka_topic_partition_list_add(offsets.get(), row.topic.c_str(), row.partition)->offset = row.target;
    rd_kafka_AlterConsumerGroupOffsets_t* alter
        = rd_kafka_AlterConsumerGroupOffsets_new(spec.group.c_str(), offsets.get());
    kafka::AdminOptions options(rd_kafka_AdminOptions_new(d.handle.get(), RD_KAFKA_ADMIN_OP_ALTERCONSUMERGROUPOFFSETS));
    std::array<char, 256> errstr {};
    rd_kafka_AdminOptions_set_request_timeout(options.get(), kTimeoutMs, errstr.data(), errstr.size());
    kafka::KafkaQueue queue(rd_kafka_queue_new(d.handle.get()));
    rd_kafka_AlterConsumerGroupOffsets(d.handle.get(), &alter, 1, options.get(), queue.get());
    rd_kafka_AlterConsumerGroupOffsets_destroy(alter);
    // Sent: from here on the write is not cancelled; we wait for its answer.
    kafka::KafkaEvent event(rd_kafka_queue_poll(queue.get(), kTimeoutMs + 2000));
    std::string failure;
    if (!event) {
        failure = "no answer in time; check the group's offsets before trying again";
    } else if (auto err = rd_kafka_event_error(event.get())) {
        failure = rd_kafka_err2str(err);
    } else {
        size_t count = 0;
        const rd_kafka_group_result_t** groups = rd_kafka_AlterConsumerGroupOffsets_result_groups(
            rd_kafka_event_AlterConsumerGroupOffsets_result(event.get()), &count);
        for (size_t i = 0; i < count && failure.empty(); ++i) {
            if (const rd_kafka_error_t* error = rd_kafka_group_result_error(groups[i]))
                failure = rd_kafka_error_string(error);
            const rd_kafka_topic_partition_list_t* parts = rd_kafka_group_result_partitions(groups[i]);
            for (int j = 0; parts && j < parts->cnt && failure.empty(); ++j)
                if (parts->elems[j].err)
                    failure = std::string(parts->elems[j].topic) + "/" + std::to_string(parts->elems[j].partition)
                        + ": " + rd_kafka_err2str(parts->elems[j].err);
        }
    }
    if (!failure.empty()) {
        outcome(QStringLiteral("failed: ") + QString::fromStdString(failure));
        return Error { ErrorKind::Fatal, "Resetting the offsets of group " + spec.group + " failed: " + failure, {} };
    }
    outcome(QStringLiteral("ok"));
    logging::replay()->info("offset reset applied cluster={} group={} partitions={} action={}", d.cluster.name,
        spec.group, reviewed.rows.size(), result.actionId);
    return result;
}

} // namespace sluice::reset
