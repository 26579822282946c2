// SPDX-License-Identifier: Apache-2.0
#include "reset/offset_reset.h"

#include "audit/audit_log.h"
#include "kafka/admin_calls.h"
#include "kafka/client_config.h"
#include "kafka/rdkafka_handles.h"
#include "kafka/write_gate.h"

#include <QDateTime>
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

std::int64_t reviewedTargetOf(const ResetPreview& reviewed, std::int32_t partition)
{
    for (const ResetRow& row : reviewed.rows)
        if (row.partition == partition)
            return row.target;
    return -1;
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

Result<std::map<std::int32_t, std::int64_t>> parseOffsetsFile(const std::string& text, const std::string& topic)
{
    std::map<std::int32_t, std::int64_t> out;
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
        if (first == std::string::npos)
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
            if (line.substr(0, first) == topic)
                out[partition] = offset;
        } catch (const std::exception&) {
            return Error { ErrorKind::Configuration,
                "Offsets file line " + std::to_string(number) + ": partition and offset must be non-negative numbers",
                {} };
        }
    }
    return out;
}

Result<ResetRow> planRow(const ResetSpec& spec, std::int32_t partition, const PartitionState& state)
{
    ResetRow row;
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
        auto it = spec.fileOffsets.find(partition);
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

struct OffsetResetter::Impl {
    config::ClusterConfig cluster;
    std::shared_ptr<kafka::SecretResolver> secrets;
    QString auditPath;
    kafka::KafkaHandle handle;

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
        handle = std::move(*client);
        return Ok {};
    }

    Result<std::pair<std::string, int>> describeGroup(const std::string& group)
    {
        kafka::AdminOptions options(rd_kafka_AdminOptions_new(handle.get(), RD_KAFKA_ADMIN_OP_DESCRIBECONSUMERGROUPS));
        std::array<char, 256> errstr {};
        rd_kafka_AdminOptions_set_request_timeout(options.get(), kTimeoutMs, errstr.data(), errstr.size());
        kafka::KafkaQueue queue(rd_kafka_queue_new(handle.get()));
        const char* groups[] = { group.c_str() };
        rd_kafka_DescribeConsumerGroups(handle.get(), groups, 1, options.get(), queue.get());
        kafka::KafkaEvent event(rd_kafka_queue_poll(queue.get(), kTimeoutMs + 2000));
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
        return std::make_pair(
            std::string(rd_kafka_consumer_group_state_name(rd_kafka_ConsumerGroupDescription_state(descriptions[0]))),
            static_cast<int>(rd_kafka_ConsumerGroupDescription_member_count(descriptions[0])));
    }
};

OffsetResetter::OffsetResetter(
    config::ClusterConfig cluster, std::shared_ptr<kafka::SecretResolver> secrets, QString auditPath)
    : m_impl(std::make_unique<Impl>())
{
    m_impl->cluster = std::move(cluster);
    m_impl->secrets = std::move(secrets);
    m_impl->auditPath = auditPath.isEmpty() ? audit::AuditLog::defaultPath() : std::move(auditPath);
}

OffsetResetter::~OffsetResetter() = default;

Result<ResetPreview> OffsetResetter::preview(const ResetSpec& spec)
{
    Impl& d = *m_impl;
    if (auto s = d.ensureHandle(); !s)
        return s.error();
    ResetPreview out;
    out.spec = spec;
    auto group = d.describeGroup(spec.group);
    if (!group)
        return group.error();
    out.groupState = group->first;
    out.activeMembers = group->second;

    std::vector<std::int32_t> partitions = spec.partitions;
    if (partitions.empty()) {
        const rd_kafka_metadata_t* raw = nullptr;
        kafka::KafkaHandle& rk = d.handle;
        rd_kafka_topic_t* topic = rd_kafka_topic_new(rk.get(), spec.topic.c_str(), nullptr);
        const auto err = rd_kafka_metadata(rk.get(), 0, topic, &raw, kTimeoutMs);
        rd_kafka_topic_destroy(topic);
        if (err)
            return kafkaError("Couldn't read the partitions of " + spec.topic, err);
        kafka::Metadata metadata(raw);
        if (metadata->topic_cnt != 1 || metadata->topics[0].err)
            return Error { ErrorKind::NotFound, "Topic " + spec.topic + " does not exist.", {} };
        for (int i = 0; i < metadata->topics[0].partition_cnt; ++i)
            partitions.push_back(metadata->topics[0].partitions[i].id);
        std::sort(partitions.begin(), partitions.end());
    }
    auto committed = kafka::committedOffsets(d.handle.get(), spec.group, std::chrono::milliseconds(kTimeoutMs));
    if (!committed)
        return committed.error();
    std::map<std::int32_t, std::int64_t> forTime;
    if (spec.kind == ResetKind::Timestamp || spec.kind == ResetKind::DurationAgo) {
        const std::int64_t ms
            = spec.kind == ResetKind::Timestamp ? spec.value : QDateTime::currentMSecsSinceEpoch() - spec.value;
        kafka::PartitionList list(rd_kafka_topic_partition_list_new(static_cast<int>(partitions.size())));
        for (auto p : partitions)
            rd_kafka_topic_partition_list_add(list.get(), spec.topic.c_str(), p)->offset = ms;
        if (auto err = rd_kafka_offsets_for_times(d.handle.get(), list.get(), kTimeoutMs))
            return kafkaError("Couldn't look up offsets by time in " + spec.topic, err);
        for (int i = 0; i < list->cnt; ++i)
            if (list->elems[i].offset >= 0)
                forTime[list->elems[i].partition] = list->elems[i].offset;
    }
    for (auto p : partitions) {
        PartitionState state;
        if (auto err = rd_kafka_query_watermark_offsets(
                d.handle.get(), spec.topic.c_str(), p, &state.logStart, &state.logEnd, kTimeoutMs))
            return kafkaError("Couldn't read the offsets of " + spec.topic + "/" + std::to_string(p), err);
        if (auto it = committed->find(domain::TopicPartition { spec.topic, p }); it != committed->end())
            state.committed = it->second;
        if (auto it = forTime.find(p); it != forTime.end())
            state.offsetForTime = it->second;
        auto row = planRow(spec, p, state);
        if (!row)
            return row.error();
        out.rows.push_back(*row);
    }
    return out;
}

Status OffsetResetter::apply(const ResetPreview& reviewed)
{
    Impl& d = *m_impl;
    const ResetSpec& spec = reviewed.spec;
    auto now = preview(spec);
    if (!now)
        return now.error();
    if (now->activeMembers > 0)
        return Error { ErrorKind::Configuration,
            "Group " + spec.group + " has " + std::to_string(now->activeMembers) + " active member(s) ("
                + now->groupState + "). Stop its consumers, then reset again.",
            {} };
    // What is applied is what was shown. A "duration ago" moves with the clock, so for it only
    // the committed offsets and the log start must be unchanged; otherwise the targets too.
    bool same = now->rows.size() == reviewed.rows.size();
    for (std::size_t i = 0; same && i < now->rows.size(); ++i) {
        const ResetRow& a = now->rows[i];
        const ResetRow& b = reviewed.rows[i];
        same = a.partition == b.partition && a.current == b.current && a.logStart == b.logStart
            && (spec.kind == ResetKind::DurationAgo || a.target == b.target);
    }
    if (!same)
        return Error { ErrorKind::Transient,
            "Group " + spec.group + " or topic " + spec.topic
                + " changed since the preview (a commit or deleted records). Preview again.",
            {} };

    audit::AuditLog log(d.auditPath);
    audit::AuditEntry intent;
    intent.phase = QStringLiteral("intent");
    intent.action = QStringLiteral("offset-reset");
    intent.cluster = QString::fromStdString(d.cluster.name);
    intent.actionId = QString::fromStdString(spec.group + "@" + std::to_string(QDateTime::currentMSecsSinceEpoch()));
    QString detail = QStringLiteral("group %1, topic %2, %3:")
                         .arg(QString::fromStdString(spec.group), QString::fromStdString(spec.topic),
                             QString::fromLatin1(nameOf(spec.kind).data()));
    for (const ResetRow& row : reviewed.rows)
        detail += QStringLiteral(" %1:%2→%3")
                      .arg(row.partition)
                      .arg(row.current ? QString::number(*row.current) : QStringLiteral("-"))
                      .arg(row.target);
    intent.detail = detail;
    if (auto written = log.append(intent); !written)
        return written.error();
    auto outcome = [&](const QString& result) {
        audit::AuditEntry e = intent;
        e.phase = QStringLiteral("outcome");
        e.result = result;
        (void)log.append(e);
    };
    if (auto allowed
        = kafka::authorize(d.cluster, kafka::Mutation::CommitOffsets, "reset the offsets of group " + spec.group);
        !allowed) {
        outcome(QStringLiteral("refused: ") + QString::fromStdString(allowed.error().message));
        return allowed.error();
    }

    kafka::PartitionList offsets(rd_kafka_topic_partition_list_new(static_cast<int>(now->rows.size())));
    for (const ResetRow& row : now->rows)
        rd_kafka_topic_partition_list_add(offsets.get(), spec.topic.c_str(), row.partition)->offset
            = reviewedTargetOf(reviewed, row.partition);
    rd_kafka_AlterConsumerGroupOffsets_t* alter
        = rd_kafka_AlterConsumerGroupOffsets_new(spec.group.c_str(), offsets.get());
    kafka::AdminOptions options(rd_kafka_AdminOptions_new(d.handle.get(), RD_KAFKA_ADMIN_OP_ALTERCONSUMERGROUPOFFSETS));
    std::array<char, 256> errstr {};
    rd_kafka_AdminOptions_set_request_timeout(options.get(), kTimeoutMs, errstr.data(), errstr.size());
    kafka::KafkaQueue queue(rd_kafka_queue_new(d.handle.get()));
    rd_kafka_AlterConsumerGroupOffsets(d.handle.get(), &alter, 1, options.get(), queue.get());
    rd_kafka_AlterConsumerGroupOffsets_destroy(alter);
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
                    failure = "partition " + std::to_string(parts->elems[j].partition) + ": "
                        + rd_kafka_err2str(parts->elems[j].err);
        }
    }
    if (!failure.empty()) {
        outcome(QStringLiteral("failed: ") + QString::fromStdString(failure));
        return Error { ErrorKind::Fatal, "Resetting the offsets of group " + spec.group + " failed: " + failure, {} };
    }
    outcome(QStringLiteral("ok"));
    return Ok {};
}

} // namespace sluice::reset
