// SPDX-License-Identifier: Apache-2.0
#include "kafka/admin_calls.h"

#include "support/logging.h"
#include "support/redaction.h"

#include <algorithm>
#include <array>
#include <atomic>
#include <thread>

namespace sluice::kafka {
namespace {

constexpr auto kQueueMargin = std::chrono::milliseconds(2000); // the admin timeout fires first

int toMs(std::chrono::milliseconds timeout)
{
    return static_cast<int>(std::clamp<std::chrono::milliseconds::rep>(timeout.count(), 0, 3'600'000));
}

void logCallback(const rd_kafka_t* /*rk*/, int level, const char* facility, const char* text)
{
    // Runs on librdkafka's threads; spdlog is thread-safe and the sink redacts secrets.
    auto log = logging::kafka();
    const auto spdLevel = level <= 3 ? spdlog::level::warn : level <= 6 ? spdlog::level::info : spdlog::level::debug;
    log->log(spdLevel, "librdkafka {}: {}", facility ? facility : "", text ? text : "");
}

AdminOptions makeOptions(rd_kafka_t* rk, rd_kafka_admin_op_t op, std::chrono::milliseconds timeout)
{
    AdminOptions options(rd_kafka_AdminOptions_new(rk, op));
    std::array<char, 256> errstr{};
    rd_kafka_AdminOptions_set_request_timeout(options.get(), toMs(timeout), errstr.data(), errstr.size());
    return options;
}

Error cancelled(const char* operation)
{
    return Error{ErrorKind::Transient, std::string(operation) + " was cancelled.", {}};
}

bool isCancelled(const CancelFlag* cancel)
{
    return cancel && cancel->load();
}

// Waits for the next event of `type` on `queue`, in short slices so that `cancel` is
// honoured promptly; errors name the operation.
Result<KafkaEvent> awaitResult(rd_kafka_queue_t* queue, rd_kafka_event_type_t type, std::chrono::milliseconds timeout,
                               const char* operation, const CancelFlag* cancel)
{
    const auto deadline = std::chrono::steady_clock::now() + timeout + kQueueMargin;
    KafkaEvent event;
    while (!event) {
        if (isCancelled(cancel))
            return cancelled(operation);
        const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
        if (left.count() <= 0)
            return Error{ErrorKind::Transient, std::string(operation) + " got no answer in time. " +
                                                   explainError(RD_KAFKA_RESP_ERR__TIMED_OUT), {}};
        event.reset(rd_kafka_queue_poll(queue, toMs(std::min(left, kCancelCheck))));
    }
    if (rd_kafka_event_type(event.get()) != type)
        return Error{ErrorKind::Bug, std::string(operation) + ": unexpected event " + rd_kafka_event_name(event.get()), {}};
    if (auto err = rd_kafka_event_error(event.get()); err != RD_KAFKA_RESP_ERR_NO_ERROR) {
        const char* text = rd_kafka_event_error_string(event.get());
        return Error{err == RD_KAFKA_RESP_ERR__TIMED_OUT ? ErrorKind::Transient : ErrorKind::Fatal,
                     std::string(operation) + " failed. " + explainError(err), text ? text : ""};
    }
    return event;
}

ErrorKind kindOf(rd_kafka_resp_err_t err)
{
    switch (err) {
    case RD_KAFKA_RESP_ERR__AUTHENTICATION:
    case RD_KAFKA_RESP_ERR_SASL_AUTHENTICATION_FAILED:
    case RD_KAFKA_RESP_ERR_TOPIC_AUTHORIZATION_FAILED:
    case RD_KAFKA_RESP_ERR_GROUP_AUTHORIZATION_FAILED:
    case RD_KAFKA_RESP_ERR_CLUSTER_AUTHORIZATION_FAILED:
        return ErrorKind::Authorization;
    case RD_KAFKA_RESP_ERR__SSL:
    case RD_KAFKA_RESP_ERR__INVALID_ARG:
        return ErrorKind::Configuration;
    case RD_KAFKA_RESP_ERR__UNKNOWN_TOPIC:
    case RD_KAFKA_RESP_ERR_UNKNOWN_TOPIC_OR_PART:
    case RD_KAFKA_RESP_ERR_GROUP_ID_NOT_FOUND:
        return ErrorKind::NotFound;
    default:
        return ErrorKind::Transient;
    }
}

std::string connectAssignorFamily(const std::string& assignor)
{
    // Kafka Connect workers form groups with their own protocol names; say so instead of "consumer".
    static constexpr std::array<std::string_view, 3> kConnectProtocols{"sessioned", "compatible", "eager"};
    return std::find(kConnectProtocols.begin(), kConnectProtocols.end(), assignor) != kConnectProtocols.end()
               ? "connect" : "consumer";
}

} // namespace

std::string explainError(rd_kafka_resp_err_t err)
{
    switch (err) {
    case RD_KAFKA_RESP_ERR__TRANSPORT:
    case RD_KAFKA_RESP_ERR__ALL_BROKERS_DOWN:
        return "No broker answered (connection refused or closed). Check the bootstrap servers, that the brokers "
               "are running, and that the security protocol matches the listener.";
    case RD_KAFKA_RESP_ERR__TIMED_OUT:
        return "The request timed out. The brokers may be down, overloaded, or unreachable from this machine.";
    case RD_KAFKA_RESP_ERR__RESOLVE:
        return "A broker host name could not be resolved. Check the bootstrap servers.";
    case RD_KAFKA_RESP_ERR__AUTHENTICATION:
    case RD_KAFKA_RESP_ERR_SASL_AUTHENTICATION_FAILED:
        return "Authentication failed. Check the SASL mechanism, user name and password.";
    case RD_KAFKA_RESP_ERR__SSL:
        return "The TLS handshake failed. Check the CA file, the client certificate and key, and hostname "
               "verification.";
    case RD_KAFKA_RESP_ERR_TOPIC_AUTHORIZATION_FAILED:
    case RD_KAFKA_RESP_ERR_GROUP_AUTHORIZATION_FAILED:
    case RD_KAFKA_RESP_ERR_CLUSTER_AUTHORIZATION_FAILED:
        return "Not authorized. Check the ACLs of the configured principal.";
    default:
        return std::string(rd_kafka_err2str(err)) + ".";
    }
}

Result<KafkaHandle> createClient(const ClientProperties& properties, void* opaque, ErrorCallback errorCallback)
{
    KafkaConf conf(rd_kafka_conf_new());
    std::array<char, 512> errstr{};
    for (const auto& [key, value] : properties) {
        if (rd_kafka_conf_set(conf.get(), key.c_str(), value.c_str(), errstr.data(), errstr.size()) !=
            RD_KAFKA_CONF_OK) {
            return Error{ErrorKind::Configuration,
                         "Invalid client setting " + key + "=" + redaction::displayValue(key, value) + ": " +
                             redaction::redact(errstr.data()) + ". Fix or remove it in the workspace.",
                         {}};
        }
    }
    rd_kafka_conf_set_opaque(conf.get(), opaque);
    if (errorCallback)
        rd_kafka_conf_set_error_cb(conf.get(), errorCallback);
    rd_kafka_conf_set_log_cb(conf.get(), logCallback);
    rd_kafka_t* rk = rd_kafka_new(RD_KAFKA_PRODUCER, conf.get(), errstr.data(), errstr.size());
    if (!rk)
        return Error{ErrorKind::Configuration, "Couldn't create a Kafka client: " + redaction::redact(errstr.data()), {}};
    (void)conf.release(); // rd_kafka_new() took ownership
    return KafkaHandle(rk);
}

Result<domain::ClusterSnapshot> fetchMetadata(rd_kafka_t* rk, std::chrono::milliseconds timeout,
                                              const CancelFlag* cancel)
{
    // rd_kafka_metadata() cannot be interrupted, so ask in slices of at most a second: a
    // live cluster answers in the first, a dead one is given up on as soon as cancel is set.
    constexpr auto kSlice = std::chrono::milliseconds(1000);
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    const rd_kafka_metadata_t* raw = nullptr;
    rd_kafka_resp_err_t err = RD_KAFKA_RESP_ERR__TIMED_OUT;
    for (;;) {
        if (isCancelled(cancel))
            return cancelled("Reading cluster metadata");
        const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
        if (left.count() <= 0)
            break;
        err = rd_kafka_metadata(rk, 1, nullptr, &raw, toMs(std::min(left, kSlice)));
        if (err != RD_KAFKA_RESP_ERR__TIMED_OUT)
            break;
    }
    if (err != RD_KAFKA_RESP_ERR_NO_ERROR)
        return Error{kindOf(err), explainError(err), rd_kafka_err2name(err)};
    Metadata md(raw);

    domain::ClusterSnapshot snapshot;
    for (int i = 0; i < md->broker_cnt; ++i) {
        const auto& b = md->brokers[i];
        snapshot.brokers.push_back({b.id, b.host ? b.host : "", b.port, {}});
    }
    std::sort(snapshot.brokers.begin(), snapshot.brokers.end(), [](const auto& a, const auto& b) { return a.id < b.id; });

    for (int i = 0; i < md->topic_cnt; ++i) {
        const auto& t = md->topics[i];
        domain::TopicInfo topic;
        topic.name = t.topic;
        if (t.err != RD_KAFKA_RESP_ERR_NO_ERROR)
            topic.error = rd_kafka_err2str(t.err);
        for (int j = 0; j < t.partition_cnt; ++j) {
            const auto& p = t.partitions[j];
            domain::PartitionInfo partition;
            partition.partition = p.id;
            partition.leader = p.leader;
            partition.replicas.assign(p.replicas, p.replicas + p.replica_cnt);
            partition.isr.assign(p.isrs, p.isrs + p.isr_cnt);
            if (p.err != RD_KAFKA_RESP_ERR_NO_ERROR)
                partition.error = rd_kafka_err2str(p.err);
            topic.partitions.push_back(std::move(partition));
        }
        std::sort(topic.partitions.begin(), topic.partitions.end(),
                  [](const auto& a, const auto& b) { return a.partition < b.partition; });
        snapshot.topics.push_back(std::move(topic));
    }
    std::sort(snapshot.topics.begin(), snapshot.topics.end(), [](const auto& a, const auto& b) { return a.name < b.name; });

    if (char* id = rd_kafka_clusterid(rk, 0)) {
        snapshot.clusterId = id;
        rd_kafka_mem_free(rk, id);
    }
    snapshot.controllerId = rd_kafka_controllerid(rk, 0);
    return snapshot;
}

namespace {

// One rd_kafka_offsets_for_times call over partitions[begin, end).
void queryBatch(rd_kafka_t* rk, const std::vector<domain::TopicPartition>& partitions, std::size_t begin,
                std::size_t end, OffsetSpec spec, std::chrono::milliseconds timeout, OffsetQueryResult& out)
{
    PartitionList list(rd_kafka_topic_partition_list_new(static_cast<int>(end - begin)));
    const std::int64_t sentinel = spec == OffsetSpec::Earliest ? RD_KAFKA_OFFSET_BEGINNING : RD_KAFKA_OFFSET_END;
    for (std::size_t i = begin; i < end; ++i)
        rd_kafka_topic_partition_list_add(list.get(), partitions[i].topic.c_str(), partitions[i].partition)->offset =
            sentinel;
    ++out.calls;
    const rd_kafka_resp_err_t err = rd_kafka_offsets_for_times(rk, list.get(), toMs(timeout));
    for (int i = 0; i < list->cnt; ++i) {
        const auto& elem = list->elems[i];
        if (elem.err == RD_KAFKA_RESP_ERR_NO_ERROR && elem.offset >= 0) {
            out.offsets.emplace_hint(out.offsets.end(), domain::TopicPartition{elem.topic, elem.partition},
                                     elem.offset);
        } else if (out.error.empty()) {
            out.error = std::string(elem.topic) + "[" + std::to_string(elem.partition) + "]: " +
                        (elem.err != RD_KAFKA_RESP_ERR_NO_ERROR
                             ? rd_kafka_err2str(elem.err)
                             : "the broker answered without an offset (is the partition offline or without a leader?)");
        }
    }
    if (err != RD_KAFKA_RESP_ERR_NO_ERROR && out.error.empty())
        out.error = explainError(err);
}

void mergeInto(OffsetQueryResult& into, OffsetQueryResult&& part)
{
    into.offsets.merge(part.offsets);
    into.calls += part.calls;
    if (into.error.empty())
        into.error = std::move(part.error);
}

// Runs every batch of every spec in `specs`, several at once, and merges per spec.
std::vector<OffsetQueryResult> queryBatches(rd_kafka_t* rk, const std::vector<domain::TopicPartition>& partitions,
                                            const std::vector<OffsetSpec>& specs, std::chrono::milliseconds timeout,
                                            std::size_t chunk)
{
    struct Job {
        std::size_t spec, begin, end;
        OffsetQueryResult result;
    };
    std::vector<Job> jobs;
    for (std::size_t s = 0; s < specs.size(); ++s)
        for (std::size_t begin = 0; begin < partitions.size(); begin += chunk)
            jobs.push_back({s, begin, std::min(partitions.size(), begin + chunk), {}});
    constexpr std::size_t kMaxThreads = 4;
    std::atomic<std::size_t> next{0};
    auto work = [&] {
        for (std::size_t j = next++; j < jobs.size(); j = next++)
            queryBatch(rk, partitions, jobs[j].begin, jobs[j].end, specs[jobs[j].spec], timeout, jobs[j].result);
    };
    {
        std::vector<std::jthread> helpers;
        for (std::size_t t = 1; t < std::min(jobs.size(), kMaxThreads); ++t)
            helpers.emplace_back(work);
        work(); // this thread takes its share too
    }
    std::vector<OffsetQueryResult> out(specs.size());
    for (auto& job : jobs)
        mergeInto(out[job.spec], std::move(job.result));
    return out;
}

} // namespace

OffsetQueryResult queryOffsets(rd_kafka_t* rk, const std::vector<domain::TopicPartition>& partitions, OffsetSpec spec,
                               std::chrono::milliseconds timeout, std::size_t chunk)
{
    if (partitions.empty())
        return {};
    chunk = std::max<std::size_t>(chunk, 1);
    if (partitions.size() <= chunk) {
        OffsetQueryResult result;
        queryBatch(rk, partitions, 0, partitions.size(), spec, timeout, result);
        return result;
    }
    return std::move(queryBatches(rk, partitions, {spec}, timeout, chunk).front());
}

OffsetRange queryOffsetRange(rd_kafka_t* rk, const std::vector<domain::TopicPartition>& partitions,
                             std::chrono::milliseconds timeout, std::size_t chunk)
{
    if (partitions.empty())
        return {};
    auto both = queryBatches(rk, partitions, {OffsetSpec::Earliest, OffsetSpec::Latest}, timeout,
                             std::max<std::size_t>(chunk, 1));
    return OffsetRange{std::move(both[0]), std::move(both[1])};
}

Result<std::map<std::string, std::vector<domain::ConfigEntry>>>
describeTopicConfigs(rd_kafka_t* rk, const std::vector<std::string>& topics, std::chrono::milliseconds timeout,
                     const CancelFlag* cancel)
{
    std::map<std::string, std::vector<domain::ConfigEntry>> out;
    if (topics.empty())
        return out;
    std::vector<rd_kafka_ConfigResource_t*> resources;
    resources.reserve(topics.size());
    for (const auto& name : topics)
        resources.push_back(rd_kafka_ConfigResource_new(RD_KAFKA_RESOURCE_TOPIC, name.c_str()));
    KafkaQueue queue(rd_kafka_queue_new(rk));
    auto options = makeOptions(rk, RD_KAFKA_ADMIN_OP_DESCRIBECONFIGS, timeout);
    rd_kafka_DescribeConfigs(rk, resources.data(), resources.size(), options.get(), queue.get());
    rd_kafka_ConfigResource_destroy_array(resources.data(), resources.size());

    auto event = awaitResult(queue.get(), RD_KAFKA_EVENT_DESCRIBECONFIGS_RESULT, timeout, "Reading topic configs", cancel);
    if (!event)
        return event.error();
    const auto* result = rd_kafka_event_DescribeConfigs_result(event->get());
    std::size_t count = 0;
    const rd_kafka_ConfigResource_t** described = rd_kafka_DescribeConfigs_result_resources(result, &count);
    for (std::size_t i = 0; i < count; ++i) {
        if (rd_kafka_ConfigResource_error(described[i]) != RD_KAFKA_RESP_ERR_NO_ERROR)
            continue;
        std::size_t entryCount = 0;
        const rd_kafka_ConfigEntry_t** entries = rd_kafka_ConfigResource_configs(described[i], &entryCount);
        auto& target = out[rd_kafka_ConfigResource_name(described[i])];
        for (std::size_t e = 0; e < entryCount; ++e) {
            domain::ConfigEntry entry;
            entry.name = rd_kafka_ConfigEntry_name(entries[e]);
            entry.isSensitive = rd_kafka_ConfigEntry_is_sensitive(entries[e]) != 0;
            const char* value = rd_kafka_ConfigEntry_value(entries[e]);
            entry.value = entry.isSensitive ? std::string(redaction::kMask) : (value ? value : "");
            entry.source = rd_kafka_ConfigSource_name(rd_kafka_ConfigEntry_source(entries[e]));
            entry.isDefault = rd_kafka_ConfigEntry_is_default(entries[e]) != 0;
            entry.isReadOnly = rd_kafka_ConfigEntry_is_read_only(entries[e]) != 0;
            target.push_back(std::move(entry));
        }
        std::sort(target.begin(), target.end(), [](const auto& a, const auto& b) { return a.name < b.name; });
    }
    return out;
}

Result<std::string> describeBrokerRack(rd_kafka_t* rk, std::int32_t brokerId, std::chrono::milliseconds timeout,
                                       const CancelFlag* cancel)
{
    const std::string id = std::to_string(brokerId);
    rd_kafka_ConfigResource_t* resource = rd_kafka_ConfigResource_new(RD_KAFKA_RESOURCE_BROKER, id.c_str());
    KafkaQueue queue(rd_kafka_queue_new(rk));
    auto options = makeOptions(rk, RD_KAFKA_ADMIN_OP_DESCRIBECONFIGS, timeout);
    rd_kafka_DescribeConfigs(rk, &resource, 1, options.get(), queue.get());
    rd_kafka_ConfigResource_destroy(resource);
    auto event = awaitResult(queue.get(), RD_KAFKA_EVENT_DESCRIBECONFIGS_RESULT, timeout, "Reading broker configs", cancel);
    if (!event)
        return event.error();
    std::size_t count = 0;
    const auto** described =
        rd_kafka_DescribeConfigs_result_resources(rd_kafka_event_DescribeConfigs_result(event->get()), &count);
    for (std::size_t i = 0; i < count; ++i) {
        std::size_t entryCount = 0;
        const auto** entries = rd_kafka_ConfigResource_configs(described[i], &entryCount);
        for (std::size_t e = 0; e < entryCount; ++e) {
            if (std::string_view(rd_kafka_ConfigEntry_name(entries[e])) == "broker.rack") {
                const char* value = rd_kafka_ConfigEntry_value(entries[e]);
                return std::string(value ? value : "");
            }
        }
    }
    return std::string();
}

Result<std::map<domain::TopicPartition, std::int64_t>> committedOffsets(rd_kafka_t* rk, const std::string& group,
                                                                        std::chrono::milliseconds timeout,
                                                                        const CancelFlag* cancel)
{
    KafkaQueue queue(rd_kafka_queue_new(rk));
    auto options = makeOptions(rk, RD_KAFKA_ADMIN_OP_LISTCONSUMERGROUPOFFSETS, timeout);
    rd_kafka_ListConsumerGroupOffsets_t* request = rd_kafka_ListConsumerGroupOffsets_new(group.c_str(), nullptr);
    rd_kafka_ListConsumerGroupOffsets(rk, &request, 1, options.get(), queue.get());
    rd_kafka_ListConsumerGroupOffsets_destroy(request);
    auto event = awaitResult(queue.get(), RD_KAFKA_EVENT_LISTCONSUMERGROUPOFFSETS_RESULT, timeout,
                             "Reading committed offsets", cancel);
    if (!event)
        return event.error();
    std::map<domain::TopicPartition, std::int64_t> out;
    std::size_t count = 0;
    const auto** groups = rd_kafka_ListConsumerGroupOffsets_result_groups(
        rd_kafka_event_ListConsumerGroupOffsets_result(event->get()), &count);
    for (std::size_t i = 0; i < count; ++i) {
        if (const rd_kafka_error_t* error = rd_kafka_group_result_error(groups[i]))
            return Error{ErrorKind::Transient, "Couldn't read offsets of group " + group + ": " +
                                                   rd_kafka_error_string(error), {}};
        const rd_kafka_topic_partition_list_t* partitions = rd_kafka_group_result_partitions(groups[i]);
        for (int p = 0; partitions && p < partitions->cnt; ++p) {
            const auto& elem = partitions->elems[p];
            if (elem.err == RD_KAFKA_RESP_ERR_NO_ERROR && elem.offset >= 0)
                out.emplace(domain::TopicPartition{elem.topic, elem.partition}, elem.offset);
        }
    }
    return out;
}

Result<GroupListing> describeAllGroups(rd_kafka_t* rk, std::chrono::milliseconds timeout, int& requests,
                                       const CancelFlag* cancel, bool withCommittedTopics,
                                       const GroupIdsCallback& onListed)
{
    GroupListing listing;
    KafkaQueue queue(rd_kafka_queue_new(rk));

    auto listOptions = makeOptions(rk, RD_KAFKA_ADMIN_OP_LISTCONSUMERGROUPS, timeout);
    rd_kafka_ListConsumerGroups(rk, listOptions.get(), queue.get());
    ++requests;
    auto listed = awaitResult(queue.get(), RD_KAFKA_EVENT_LISTCONSUMERGROUPS_RESULT, timeout, "Listing consumer groups", cancel);
    if (!listed)
        return listed.error();
    const auto* listResult = rd_kafka_event_ListConsumerGroups_result(listed->get());
    std::size_t validCount = 0;
    const auto** valid = rd_kafka_ListConsumerGroups_result_valid(listResult, &validCount);
    std::size_t errorCount = 0;
    const auto** errors = rd_kafka_ListConsumerGroups_result_errors(listResult, &errorCount);
    for (std::size_t i = 0; i < errorCount; ++i)
        listing.warnings.push_back(std::string("Some brokers did not list their groups: ") + rd_kafka_error_string(errors[i]));

    std::vector<std::string> ids;
    for (std::size_t i = 0; i < validCount; ++i)
        ids.emplace_back(rd_kafka_ConsumerGroupListing_group_id(valid[i]));
    std::sort(ids.begin(), ids.end());
    ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
    if (ids.empty())
        return listing;

    std::vector<const char*> idPointers;
    for (const auto& id : ids)
        idPointers.push_back(id.c_str());
    auto describeOptions = makeOptions(rk, RD_KAFKA_ADMIN_OP_DESCRIBECONSUMERGROUPS, timeout);
    rd_kafka_DescribeConsumerGroups(rk, idPointers.data(), idPointers.size(), describeOptions.get(), queue.get());
    ++requests;
    if (onListed)
        onListed(ids);

    // All committed-offset requests go out together; 2.0.2 takes one group per call.
    KafkaQueue offsetQueue(rd_kafka_queue_new(rk));
    auto offsetOptions = makeOptions(rk, RD_KAFKA_ADMIN_OP_LISTCONSUMERGROUPOFFSETS, timeout);
    for (const auto& id : withCommittedTopics ? ids : std::vector<std::string>{}) {
        rd_kafka_ListConsumerGroupOffsets_t* request = rd_kafka_ListConsumerGroupOffsets_new(id.c_str(), nullptr);
        rd_kafka_ListConsumerGroupOffsets(rk, &request, 1, offsetOptions.get(), offsetQueue.get());
        rd_kafka_ListConsumerGroupOffsets_destroy(request);
        ++requests;
    }

    auto described = awaitResult(queue.get(), RD_KAFKA_EVENT_DESCRIBECONSUMERGROUPS_RESULT, timeout,
                                 "Describing consumer groups", cancel);
    if (!described)
        return described.error();
    std::size_t groupCount = 0;
    const auto** groups = rd_kafka_DescribeConsumerGroups_result_groups(
        rd_kafka_event_DescribeConsumerGroups_result(described->get()), &groupCount);
    for (std::size_t i = 0; i < groupCount; ++i) {
        const auto* desc = groups[i];
        domain::ConsumerGroupInfo group;
        group.groupId = rd_kafka_ConsumerGroupDescription_group_id(desc);
        if (const rd_kafka_error_t* error = rd_kafka_ConsumerGroupDescription_error(desc)) {
            group.error = rd_kafka_error_string(error);
            listing.warnings.push_back("Couldn't describe group " + group.groupId + ": " + group.error);
        }
        group.state = rd_kafka_consumer_group_state_name(rd_kafka_ConsumerGroupDescription_state(desc));
        group.isSimple = rd_kafka_ConsumerGroupDescription_is_simple_consumer_group(desc) != 0;
        const char* assignor = rd_kafka_ConsumerGroupDescription_partition_assignor(desc);
        group.assignor = assignor ? assignor : "";
        group.protocolType = group.isSimple ? std::string() : connectAssignorFamily(group.assignor);
        if (const rd_kafka_Node_t* coordinator = rd_kafka_ConsumerGroupDescription_coordinator(desc))
            group.coordinator = rd_kafka_Node_id(coordinator);
        const std::size_t memberCount = rd_kafka_ConsumerGroupDescription_member_count(desc);
        for (std::size_t m = 0; m < memberCount; ++m) {
            const auto* member = rd_kafka_ConsumerGroupDescription_member(desc, m);
            domain::GroupMember out;
            out.memberId = rd_kafka_MemberDescription_consumer_id(member);
            out.clientId = rd_kafka_MemberDescription_client_id(member);
            out.host = rd_kafka_MemberDescription_host(member);
            if (const auto* assignment = rd_kafka_MemberDescription_assignment(member)) {
                if (const auto* parts = rd_kafka_MemberAssignment_partitions(assignment)) {
                    for (int p = 0; p < parts->cnt; ++p)
                        out.assignment.push_back({parts->elems[p].topic, parts->elems[p].partition});
                }
            }
            std::sort(out.assignment.begin(), out.assignment.end());
            group.members.push_back(std::move(out));
        }
        listing.groups.push_back(std::move(group));
    }
    std::sort(listing.groups.begin(), listing.groups.end(),
              [](const auto& a, const auto& b) { return a.groupId < b.groupId; });

    for (std::size_t received = 0; withCommittedTopics && received < ids.size(); ++received) {
        auto event = awaitResult(offsetQueue.get(), RD_KAFKA_EVENT_LISTCONSUMERGROUPOFFSETS_RESULT, timeout,
                                 "Reading committed offsets", cancel);
        if (!event) {
            listing.warnings.push_back(event.error().message);
            break;
        }
        std::size_t count = 0;
        const auto** results = rd_kafka_ListConsumerGroupOffsets_result_groups(
            rd_kafka_event_ListConsumerGroupOffsets_result(event->get()), &count);
        for (std::size_t r = 0; r < count; ++r) {
            const std::string name = rd_kafka_group_result_name(results[r]);
            auto it = std::lower_bound(listing.groups.begin(), listing.groups.end(), name,
                                       [](const auto& g, const std::string& n) { return g.groupId < n; });
            if (it == listing.groups.end() || it->groupId != name || rd_kafka_group_result_error(results[r]))
                continue;
            const auto* parts = rd_kafka_group_result_partitions(results[r]);
            for (int p = 0; parts && p < parts->cnt; ++p) {
                if (parts->elems[p].offset >= 0)
                    it->committedTopics.emplace_back(parts->elems[p].topic);
            }
            std::sort(it->committedTopics.begin(), it->committedTopics.end());
            it->committedTopics.erase(std::unique(it->committedTopics.begin(), it->committedTopics.end()),
                                      it->committedTopics.end());
        }
    }
    return listing;
}

} // namespace sluice::kafka
