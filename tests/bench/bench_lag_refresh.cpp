// SPDX-License-Identifier: Apache-2.0
// B6: one lag refresh of G groups over P partitions on the real broker. Setup: P partitions in
// topics of 100 partitions (one record each), G groups created by committing offsets through
// the admin API (AlterConsumerGroupOffsets, no live members); group g commits every partition
// of topic g mod T. Then, in one run:
//   ours   LagSampler::sample (list + describe groups, committed offsets of every group in
//          parallel, batched end and log-start offsets, lag, seconds, verdicts);
//   floor  the requests no refresh can avoid: committed offsets of every group (in parallel)
//          plus the batched end-offsets query (batches of kafka::kOffsetQueryChunk partitions,
//          see admin_calls.h; the strict floor of one request per broker is printed too);
//   tool   Kafka's own `kafka-consumer-groups --describe --all-groups` (ConsumerGroupCommand from
//          the stack's Maven kafka-tools jars), whole process, when --tools-lib is given.
// Prints duration p50 (of --runs refreshes after a first warm-up), requests, CPU time of this
// process per refresh, CPU % of one core at a 5 s cadence, and ratios.
//   bench_lag_refresh --bootstrap HOST:PORT [--groups G] [--partitions P] [--runs N]
//                     [--tools-lib DIR] [--keep] [--reuse PREFIX]
// --keep leaves the topics and groups in place and prints their prefix; --reuse PREFIX measures
// them again without the set-up (same --groups and --partitions as the run that made them) and
// leaves them in place too.
#include "kafka/admin_calls.h"
#include "lag/lag_requests.h"
#include "lag/lag_sampler.h"
#include "support/clock.h"

#include <algorithm>
#include <array>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <librdkafka/rdkafka.h>
#include <memory>
#include <string>
#include <sys/resource.h>
#include <vector>

using namespace std::chrono_literals;
using sluice::domain::TopicPartition;

namespace {

constexpr int kPartitionsPerTopic = 100;

double cpuSeconds()
{
    rusage usage {};
    getrusage(RUSAGE_SELF, &usage);
    const auto secs = [](const timeval& tv) { return static_cast<double>(tv.tv_sec) + tv.tv_usec / 1e6; };
    return secs(usage.ru_utime) + secs(usage.ru_stime);
}

double nowSeconds()
{
    return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

[[noreturn]] void die(const std::string& what)
{
    std::fprintf(stderr, "bench_lag_refresh: %s\n", what.c_str());
    std::exit(1);
}

rd_kafka_t* makeClient(const std::string& bootstrap, rd_kafka_type_t type)
{
    std::array<char, 512> err {};
    rd_kafka_conf_t* conf = rd_kafka_conf_new();
    rd_kafka_conf_set(conf, "bootstrap.servers", bootstrap.c_str(), err.data(), err.size());
    rd_kafka_conf_set(conf, "linger.ms", "20", err.data(), err.size());
    rd_kafka_t* rk = rd_kafka_new(type, conf, err.data(), err.size());
    if (!rk)
        die(std::string("client: ") + err.data());
    return rk;
}

void createTopics(rd_kafka_t* rk, const std::vector<std::string>& names)
{
    std::array<char, 512> err {};
    std::vector<rd_kafka_NewTopic_t*> topics;
    for (const auto& name : names)
        topics.push_back(rd_kafka_NewTopic_new(name.c_str(), kPartitionsPerTopic, 1, err.data(), err.size()));
    rd_kafka_queue_t* queue = rd_kafka_queue_new(rk);
    rd_kafka_CreateTopics(rk, topics.data(), topics.size(), nullptr, queue);
    rd_kafka_event_t* event = rd_kafka_queue_poll(queue, 120000);
    if (!event || rd_kafka_event_error(event))
        die(std::string("CreateTopics: ") + (event ? rd_kafka_event_error_string(event) : "timed out"));
    std::size_t n = 0;
    const rd_kafka_topic_result_t** results
        = rd_kafka_CreateTopics_result_topics(rd_kafka_event_CreateTopics_result(event), &n);
    for (std::size_t i = 0; i < n; ++i)
        if (rd_kafka_topic_result_error(results[i]))
            die(std::string("CreateTopics: ") + rd_kafka_topic_result_error_string(results[i]));
    rd_kafka_event_destroy(event);
    rd_kafka_queue_destroy(queue);
    for (auto* t : topics)
        rd_kafka_NewTopic_destroy(t);
}

void deleteTopics(rd_kafka_t* rk, const std::vector<std::string>& names)
{
    std::vector<rd_kafka_DeleteTopic_t*> topics;
    for (const auto& name : names)
        topics.push_back(rd_kafka_DeleteTopic_new(name.c_str()));
    rd_kafka_queue_t* queue = rd_kafka_queue_new(rk);
    rd_kafka_DeleteTopics(rk, topics.data(), topics.size(), nullptr, queue);
    if (rd_kafka_event_t* event = rd_kafka_queue_poll(queue, 60000))
        rd_kafka_event_destroy(event);
    rd_kafka_queue_destroy(queue);
    for (auto* t : topics)
        rd_kafka_DeleteTopic_destroy(t);
}

void deleteGroups(rd_kafka_t* rk, const std::vector<std::string>& names)
{
    rd_kafka_queue_t* queue = rd_kafka_queue_new(rk);
    std::vector<rd_kafka_DeleteGroup_t*> groups;
    for (const auto& name : names)
        groups.push_back(rd_kafka_DeleteGroup_new(name.c_str()));
    rd_kafka_DeleteGroups(rk, groups.data(), groups.size(), nullptr, queue);
    if (rd_kafka_event_t* event = rd_kafka_queue_poll(queue, 60000))
        rd_kafka_event_destroy(event);
    rd_kafka_queue_destroy(queue);
    for (auto* g : groups)
        rd_kafka_DeleteGroup_destroy(g);
}

void produceOnePerPartition(rd_kafka_t* producer, const std::vector<std::string>& topics)
{
    const std::string value = "{\"b6\":1}";
    for (const auto& topic : topics) {
        for (int p = 0; p < kPartitionsPerTopic; ++p) {
            rd_kafka_resp_err_t err;
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wold-style-cast" // librdkafka's RD_KAFKA_V_* macros
            while ((err = rd_kafka_producev(producer, RD_KAFKA_V_TOPIC(topic.c_str()), RD_KAFKA_V_PARTITION(p),
                        RD_KAFKA_V_VALUE(const_cast<char*>(value.data()), value.size()),
                        RD_KAFKA_V_MSGFLAGS(RD_KAFKA_MSG_F_COPY), RD_KAFKA_V_END))
                == RD_KAFKA_RESP_ERR__QUEUE_FULL)
                rd_kafka_poll(producer, 50);
#pragma GCC diagnostic pop
            if (err)
                die(std::string("produce: ") + rd_kafka_err2str(err));
        }
    }
    if (rd_kafka_flush(producer, 120000) != RD_KAFKA_RESP_ERR_NO_ERROR)
        die("produce: flush timed out");
}

// Commits offset 0 on every partition of `topic` for each group, many groups in flight. A
// broker still loading its offsets partitions may time a request out; that group is sent again.
void commitGroups(rd_kafka_t* rk, const std::vector<std::pair<std::string, std::string>>& groupTopic)
{
    rd_kafka_queue_t* queue = rd_kafka_queue_new(rk);
    constexpr std::size_t kInFlight = 50;
    constexpr int kAttempts = 4;
    std::vector<int> attempts(groupTopic.size(), 0);
    std::vector<std::size_t> pending;
    for (std::size_t i = groupTopic.size(); i-- > 0;)
        pending.push_back(i);
    std::size_t inFlight = 0;
    std::size_t done = 0;
    char errstr[256];
    while (done < groupTopic.size()) {
        while (!pending.empty() && inFlight < kInFlight) {
            const std::size_t index = pending.back();
            pending.pop_back();
            ++attempts[index];
            const auto& [group, topic] = groupTopic[index];
            rd_kafka_topic_partition_list_t* list = rd_kafka_topic_partition_list_new(kPartitionsPerTopic);
            for (int p = 0; p < kPartitionsPerTopic; ++p)
                rd_kafka_topic_partition_list_add(list, topic.c_str(), p)->offset = 0;
            rd_kafka_AlterConsumerGroupOffsets_t* alter = rd_kafka_AlterConsumerGroupOffsets_new(group.c_str(), list);
            rd_kafka_AdminOptions_t* options = rd_kafka_AdminOptions_new(rk, RD_KAFKA_ADMIN_OP_ALTERCONSUMERGROUPOFFSETS);
            rd_kafka_AdminOptions_set_request_timeout(options, 120000, errstr, sizeof errstr);
            rd_kafka_AdminOptions_set_opaque(options, reinterpret_cast<void*>(index + 1));
            rd_kafka_AlterConsumerGroupOffsets(rk, &alter, 1, options, queue);
            rd_kafka_AdminOptions_destroy(options);
            rd_kafka_AlterConsumerGroupOffsets_destroy(alter);
            rd_kafka_topic_partition_list_destroy(list);
            ++inFlight;
        }
        rd_kafka_event_t* event = rd_kafka_queue_poll(queue, 180000);
        if (!event)
            die("AlterConsumerGroupOffsets timed out");
        --inFlight;
        const std::size_t index = reinterpret_cast<std::size_t>(rd_kafka_event_opaque(event)) - 1;
        if (rd_kafka_event_error(event)) {
            if (rd_kafka_event_error(event) != RD_KAFKA_RESP_ERR__TIMED_OUT || attempts[index] >= kAttempts)
                die(std::string("AlterConsumerGroupOffsets: ") + rd_kafka_event_error_string(event));
            pending.push_back(index);
        } else {
            ++done;
        }
        rd_kafka_event_destroy(event);
    }
    rd_kafka_queue_destroy(queue);
}

double pct(std::vector<double> v, double p)
{
    if (v.empty())
        return 0;
    std::sort(v.begin(), v.end());
    const auto i = static_cast<std::size_t>(p / 100.0 * static_cast<double>(v.size() - 1) + 0.5);
    return v[std::min(i, v.size() - 1)];
}

struct Figures {
    std::vector<double> ms, cpuMs;
    int requests = 0;
};

void print(const char* name, const Figures& f)
{
    const double cpu = pct(f.cpuMs, 50);
    std::printf("%-30s p50 %8.1f ms  max %8.1f ms  requests %5d  CPU %7.1f ms/refresh = %5.2f %% of a core at 5 s\n",
        name, pct(f.ms, 50), pct(f.ms, 100), f.requests, cpu, cpu / 5000.0 * 100.0);
}

} // namespace

int main(int argc, char** argv)
{
    std::string bootstrap;
    std::string toolsLib;
    int groups = 100;
    int partitions = 1000;
    int runs = 5;
    bool keep = false;
    std::string reuse;
    for (int i = 1; i < argc; ++i) {
        const std::string a = argv[i];
        auto next = [&]() -> std::string {
            if (i + 1 >= argc)
                die(a + " needs a value");
            return argv[++i];
        };
        if (a == "--bootstrap")
            bootstrap = next();
        else if (a == "--groups")
            groups = std::atoi(next().c_str());
        else if (a == "--partitions")
            partitions = std::atoi(next().c_str());
        else if (a == "--runs")
            runs = std::atoi(next().c_str());
        else if (a == "--tools-lib")
            toolsLib = next();
        else if (a == "--keep")
            keep = true;
        else if (a == "--reuse")
            reuse = next();
        else
            die("unknown argument " + a);
    }
    if (bootstrap.empty() || groups < 1 || partitions < kPartitionsPerTopic || runs < 1)
        die("usage: bench_lag_refresh --bootstrap HOST:PORT [--groups G] [--partitions P>=100] [--runs N] "
            "[--tools-lib DIR] [--keep] [--reuse PREFIX]");
    const int topicCount = partitions / kPartitionsPerTopic;
    const std::string prefix = reuse.empty() ? "b6-" + std::to_string(::getpid()) : reuse;
    std::vector<std::string> topics;
    for (int t = 0; t < topicCount; ++t)
        topics.push_back(prefix + "-t" + std::to_string(t));
    std::vector<std::pair<std::string, std::string>> groupTopic;
    std::vector<std::string> groupNames;
    for (int g = 0; g < groups; ++g) {
        groupNames.push_back(prefix + "-g" + std::to_string(g));
        groupTopic.emplace_back(groupNames.back(), topics[static_cast<std::size_t>(g % topicCount)]);
    }

    rd_kafka_t* rk = makeClient(bootstrap, RD_KAFKA_PRODUCER);
    const double setupStart = nowSeconds();
    if (reuse.empty()) {
        for (std::size_t i = 0; i < topics.size(); i += 20)
            createTopics(rk,
                std::vector<std::string>(topics.begin() + static_cast<std::ptrdiff_t>(i),
                    topics.begin() + static_cast<std::ptrdiff_t>(std::min(topics.size(), i + 20))));
        produceOnePerPartition(rk, topics);
        commitGroups(rk, groupTopic);
    }
    const long commits = static_cast<long>(groups) * kPartitionsPerTopic;
    std::printf("B6 lag refresh: %d groups, %d partitions (%d topics x %d), %ld committed offsets; setup %.1f s\n",
        groups, topicCount * kPartitionsPerTopic, topicCount, kPartitionsPerTopic, commits, nowSeconds() - setupStart);

    // --- ours ---
    sluice::SystemClock clock;
    sluice::lag::LagSampler sampler(clock);
    Figures ours;
    std::size_t seenGroups = 0;
    std::vector<std::string> lastWarnings;
    for (int r = 0; r <= runs; ++r) {
        const double c0 = cpuSeconds();
        const double t0 = nowSeconds();
        auto snapshot = sampler.sample(rk, 60s);
        const double t1 = nowSeconds();
        const double c1 = cpuSeconds();
        if (!snapshot)
            die("sample: " + snapshot.error().message);
        seenGroups = 0;
        lastWarnings = snapshot->warnings;
        for (const auto& g : snapshot->groups)
            seenGroups += g.group.rfind(prefix, 0) == 0 ? 1 : 0;
        if (r == 0)
            continue; // warm-up: connections, metadata
        ours.ms.push_back((t1 - t0) * 1000);
        ours.cpuMs.push_back((c1 - c0) * 1000);
        ours.requests = snapshot->cost.requests;
    }
    if (seenGroups != static_cast<std::size_t>(groups))
        std::printf("warning: the sample saw %zu of the %d groups\n", seenGroups, groups);
    for (std::size_t i = 0; i < lastWarnings.size() && i < 3; ++i)
        std::printf("sampler warning %zu of %zu: %s\n", i + 1, lastWarnings.size(), lastWarnings[i].c_str());

    // --- floor: committed offsets of every group + one batched end-offsets query ---
    Figures floor;
    std::vector<TopicPartition> all;
    for (const auto& topic : topics)
        for (int p = 0; p < kPartitionsPerTopic; ++p)
            all.push_back({ topic, p });
    for (int r = 0; r <= runs; ++r) {
        const double c0 = cpuSeconds();
        const double t0 = nowSeconds();
        int requests = 0;
        auto committed = sluice::lag::committedOffsetsOfGroups(rk, groupNames, 60s, requests);
        const auto ends = sluice::kafka::queryOffsets(rk, all, sluice::kafka::OffsetSpec::Latest, 60s);
        requests += ends.calls;
        const double t1 = nowSeconds();
        const double c1 = cpuSeconds();
        if (committed.size() != groupNames.size())
            die("floor: committed offsets of some groups missing");
        if (!ends.error.empty() && r == 0)
            std::printf("floor warning: end offsets of %zu of %zu partitions; first error: %s\n", ends.offsets.size(),
                all.size(), ends.error.c_str());
        if (r == 0)
            continue;
        floor.ms.push_back((t1 - t0) * 1000);
        floor.cpuMs.push_back((c1 - c0) * 1000);
        floor.requests = requests;
    }

    print("ours (LagSampler::sample)", ours);
    print("request floor", floor);
    const int brokers = [&] {
        const rd_kafka_metadata_t* md = nullptr;
        if (rd_kafka_metadata(rk, 0, nullptr, &md, 10000) != RD_KAFKA_RESP_ERR_NO_ERROR)
            return 1;
        const int n = md->broker_cnt;
        rd_kafka_metadata_destroy(md);
        return n;
    }();
    const int strictFloor = groups + brokers;
    std::printf("ratio ours/floor: duration %.2fx, requests %.2fx (%.2fx the strict floor of %d: one committed-offsets "
                "request per group, one end-offsets request per broker)\n",
        pct(ours.ms, 50) / pct(floor.ms, 50), static_cast<double>(ours.requests) / floor.requests,
        static_cast<double>(ours.requests) / strictFloor, strictFloor);

    // --- Kafka's consumer-group command, whole process (JVM start included) ---
    if (!toolsLib.empty()) {
        std::vector<double> toolMs;
        const std::string cmd = "java -cp '" + toolsLib + "/tools/*:" + toolsLib
            + "/kafka/*' org.apache.kafka.tools.consumer.group.ConsumerGroupCommand --bootstrap-server " + bootstrap
            + " --describe --all-groups > /dev/null 2>&1";
        for (int r = 0; r < std::min(runs, 3); ++r) {
            const double t0 = nowSeconds();
            const int rc = std::system(cmd.c_str());
            const double t1 = nowSeconds();
            if (rc != 0)
                die("kafka-consumer-groups failed: " + cmd);
            toolMs.push_back((t1 - t0) * 1000);
        }
        std::printf("%-30s p50 %8.1f ms  (whole process, JVM start included; n=%zu)\n", "kafka-consumer-groups --all",
            pct(toolMs, 50), toolMs.size());
        std::printf("ratio tool/ours: %.1fx\n", pct(toolMs, 50) / pct(ours.ms, 50));
    }
    const bool big = groups >= 1000 || partitions >= 10000;
    const double target = big ? 1000 : 250;
    std::printf("target: refresh <= %.0f ms: %s; <= 5 %% of a core at 5 s: %s\n", target,
        pct(ours.ms, 50) <= target ? "met" : "MISSED", pct(ours.cpuMs, 50) / 50.0 <= 5 ? "met" : "MISSED");

    if (!keep && reuse.empty()) {
        deleteGroups(rk, groupNames);
        deleteTopics(rk, topics);
    } else {
        std::printf("kept; measure again with: --groups %d --partitions %d --reuse %s\n", groups, partitions,
            prefix.c_str());
    }
    rd_kafka_destroy(rk);
    return 0;
}
