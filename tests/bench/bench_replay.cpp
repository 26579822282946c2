// SPDX-License-Identifier: Apache-2.0
// B5: replay N dead letters to a target topic with the replay engine (idempotent and
// exactly-once), against a raw librdkafka consume→produce loop (idempotent and not) and a
// `kcat -C | kcat -P` pipe, in the same run on the same broker. Prints records/s and ratios.
// Run by tests/bench/bench_replay.sh, which starts a stack of its own.
//
//   bench_replay --bootstrap HOST:PORT [--records 1000000] [--runs 1]
#include "replay/replay_engine.h"
#include "support/replay_fixture.h"

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <string>
#include <sys/resource.h>

using namespace sluice;
using namespace sluice::testing;

namespace {

using Clock = std::chrono::steady_clock;

// CPU seconds of this process (all its threads) and of finished children (the kcat pipe):
// on a loaded machine wall time is noisy, CPU per record much less so.
double cpuSeconds(int who)
{
    rusage usage {};
    getrusage(who, &usage);
    auto toSeconds
        = [](const timeval& t) { return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_usec) / 1e6; };
    return toSeconds(usage.ru_utime) + toSeconds(usage.ru_stime);
}

double seconds(Clock::time_point since)
{
    return std::chrono::duration<double>(Clock::now() - since).count();
}

// Text-only dead letters (kcat's line format cannot carry binary), ~200-byte values.
bool produceFixture(rd_kafka_t* producer, const std::string& topic, int count, const std::string& original)
{
    const std::string padding(150, 'x');
    for (int i = 0; i < count; ++i) {
        const std::string key = "key-" + std::to_string(i);
        const std::string value = "{\"n\":" + std::to_string(i) + ",\"pad\":\"" + padding + "\"}";
        rd_kafka_headers_t* headers = rd_kafka_headers_new(4);
        rd_kafka_header_add(
            headers, "__connect.errors.topic", -1, original.data(), static_cast<ssize_t>(original.size()));
        rd_kafka_header_add(headers, "__connect.errors.exception.class.name", -1, "DataException", -1);
        rd_kafka_header_add(headers, "trace", -1, "abc", -1);
        rd_kafka_vu_t vus[5];
        vus[0].vtype = RD_KAFKA_VTYPE_TOPIC;
        vus[0].u.cstr = topic.c_str();
        vus[1].vtype = RD_KAFKA_VTYPE_PARTITION;
        vus[1].u.i32 = i % 3;
        vus[2].vtype = RD_KAFKA_VTYPE_KEY;
        vus[2].u.mem.ptr = const_cast<char*>(key.data());
        vus[2].u.mem.size = key.size();
        vus[3].vtype = RD_KAFKA_VTYPE_VALUE;
        vus[3].u.mem.ptr = const_cast<char*>(value.data());
        vus[3].u.mem.size = value.size();
        vus[4].vtype = RD_KAFKA_VTYPE_HEADERS;
        vus[4].u.headers = headers;
        for (;;) {
            rd_kafka_error_t* error = rd_kafka_produceva(producer, vus, 5);
            if (!error)
                break;
            const bool full = rd_kafka_error_code(error) == RD_KAFKA_RESP_ERR__QUEUE_FULL;
            rd_kafka_error_destroy(error);
            if (!full)
                return false;
            rd_kafka_poll(producer, 10);
        }
    }
    return rd_kafka_flush(producer, 120000) == RD_KAFKA_RESP_ERR_NO_ERROR;
}

// The peer: consume everything, produce each record (key, value, headers) to `target`.
double rawLoop(
    const std::string& bootstrap, const std::string& source, const std::string& target, int count, bool idempotent)
{
    const auto start = Clock::now();
    Client consumer = makeClient(bootstrap, RD_KAFKA_CONSUMER,
        { { "group.id", "bench-raw" }, { "enable.auto.commit", "false" }, { "enable.partition.eof", "true" },
            { "auto.offset.reset", "earliest" } });
    std::map<std::string, std::string> settings { { "linger.ms", "5" } };
    if (idempotent)
        settings["enable.idempotence"] = "true";
    Client producer = makeClient(bootstrap, RD_KAFKA_PRODUCER, settings);
    rd_kafka_topic_partition_list_t* list = rd_kafka_topic_partition_list_new(3);
    for (int p = 0; p < 3; ++p)
        rd_kafka_topic_partition_list_add(list, source.c_str(), p)->offset = RD_KAFKA_OFFSET_BEGINNING;
    rd_kafka_assign(consumer.get(), list);
    rd_kafka_topic_partition_list_destroy(list);
    int read = 0, eof = 0;
    while (read < count && eof < 3) {
        rd_kafka_message_t* m = rd_kafka_consumer_poll(consumer.get(), 100);
        if (!m)
            continue;
        if (m->err == RD_KAFKA_RESP_ERR__PARTITION_EOF) {
            ++eof;
        } else if (!m->err) {
            rd_kafka_headers_t* headers = nullptr;
            rd_kafka_message_detach_headers(m, &headers);
            for (;;) {
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wold-style-cast" // librdkafka's RD_KAFKA_V_* macros
                const auto err = rd_kafka_producev(producer.get(), RD_KAFKA_V_TOPIC(target.c_str()),
                    RD_KAFKA_V_PARTITION(m->partition), RD_KAFKA_V_KEY(m->key, m->key_len),
                    RD_KAFKA_V_VALUE(m->payload, m->len), RD_KAFKA_V_HEADERS(headers),
                    RD_KAFKA_V_MSGFLAGS(RD_KAFKA_MSG_F_COPY), RD_KAFKA_V_END);
#pragma GCC diagnostic pop
                if (err != RD_KAFKA_RESP_ERR__QUEUE_FULL)
                    break;
                rd_kafka_poll(producer.get(), 10);
            }
            ++read;
            rd_kafka_poll(producer.get(), 0);
        }
        rd_kafka_message_destroy(m);
    }
    rd_kafka_flush(producer.get(), 120000);
    return seconds(start);
}

double kcatPipe(const std::string& bootstrap, const std::string& source, const std::string& target)
{
    const std::string command = "kcat -C -b " + bootstrap + " -t " + source
        + " -o beginning -e -q -K '\\t' | kcat -P -b " + bootstrap + " -t " + target + " -K '\\t' -X linger.ms=5";
    const auto start = Clock::now();
    const int rc = std::system(command.c_str());
    if (rc != 0)
        std::cerr << "kcat pipe failed (" << rc << ")\n";
    return seconds(start);
}

double engineRun(const std::string& bootstrap, const std::string& source, replay::ExecutionMode mode,
    const QString& dataDir, double& cpu)
{
    config::Workspace workspace;
    config::ClusterConfig cluster;
    cluster.name = "bench";
    cluster.bootstrapServers = { bootstrap };
    workspace.clusters.push_back(cluster);
    replay::EngineOptions options;
    options.dataDirectory = dataDir;
    options.verify = false;
    replay::ReplayEngine engine(workspace, kafka::makeEnvSecretResolver(), options);
    replay::ReplayPlan plan;
    plan.sourceCluster = "bench";
    plan.sourceTopic = source;
    for (int p = 0; p < 3; ++p)
        plan.offsets[p] = { { 0, 1'000'000'000'000 } };
    plan.partitioning = replay::Partitioning::SourcePartition;
    plan.mode = mode;
    if (const char* every = std::getenv("B5_CHECKPOINT_EVERY"))
        plan.checkpointEvery = std::atoi(every);
    if (const char* window = std::getenv("B5_MAX_IN_FLIGHT"))
        plan.maxInFlight = std::atoi(window);
    if (const char* txn = std::getenv("B5_TRANSACTION_RECORDS"))
        plan.transactionRecords = std::atoi(txn);
    auto dry = engine.dryRun(plan); // not timed: the operator reviews between the two
    if (!dry) {
        std::cerr << "dry run failed: " << dry.error().message << '\n';
        return -1;
    }
    const double cpuBefore = cpuSeconds(RUSAGE_SELF);
    const auto start = Clock::now();
    auto report = engine.execute(dry->plan, dry->planHash);
    const double elapsed = seconds(start);
    cpu = cpuSeconds(RUSAGE_SELF) - cpuBefore;
    if (!report || !report->completed)
        std::cerr << "replay failed: " << (report ? report->stopReason : report.error().message) << '\n';
    return elapsed;
}

} // namespace

int main(int argc, char* argv[])
{
    std::string bootstrap;
    int records = 1'000'000;
    for (int i = 1; i + 1 < argc; i += 2) {
        const std::string arg = argv[i];
        if (arg == "--bootstrap")
            bootstrap = argv[i + 1];
        else if (arg == "--records")
            records = std::atoi(argv[i + 1]);
    }
    if (bootstrap.empty()) {
        std::cerr << "usage: bench_replay --bootstrap HOST:PORT [--records N]\n";
        return 2;
    }
    QTemporaryDir dataDir;
    Client admin = makeClient(bootstrap, RD_KAFKA_PRODUCER, { { "linger.ms", "20" } });
    const std::string dlq = uniqueName("b5-dlq");
    if (!createTopic(admin.get(), dlq, 3).empty() || !produceFixture(admin.get(), dlq, records, "b5-target-unused")) {
        std::cerr << "cannot create the dead letters\n";
        return 1;
    }
    auto target = [&](const char* name) {
        const std::string topic = uniqueName(std::string("b5-") + name);
        createTopic(admin.get(), topic, 3);
        return topic;
    };
    struct Row {
        const char* name;
        double secondsTaken;
        double cpu = 0;
    };
    std::vector<Row> rows;
    auto timed = [](const char* name, int who, auto&& run) {
        const double before = cpuSeconds(who);
        const double wall = run();
        return Row { name, wall, cpuSeconds(who) - before };
    };
    rows.push_back(timed(
        "raw librdkafka loop", RUSAGE_SELF, [&] { return rawLoop(bootstrap, dlq, target("raw"), records, false); }));
    rows.push_back(timed("raw librdkafka loop, idempotent", RUSAGE_SELF,
        [&] { return rawLoop(bootstrap, dlq, target("rawi"), records, true); }));
    rows.push_back(timed(
        "kcat -C | kcat -P (no headers)", RUSAGE_CHILDREN, [&] { return kcatPipe(bootstrap, dlq, target("kcat")); }));
    {
        // The engine writes to the original topic named in the headers: re-create the dead
        // letters naming a fresh target for the engine runs.
        const std::string engineDlq = uniqueName("b5-dlq-engine");
        const std::string engineTarget = target("engine");
        createTopic(admin.get(), engineDlq, 3);
        produceFixture(admin.get(), engineDlq, records, engineTarget);
        // Timed from execute() on: the dry run comes before, while the operator reviews.
        double cpu = 0;
        const double idempotent = engineRun(
            bootstrap, engineDlq, replay::ExecutionMode::Idempotent, dataDir.filePath(QStringLiteral("i")), cpu);
        rows.push_back({ "sluice replay, idempotent", idempotent, cpu });
        const double exactlyOnce = engineRun(
            bootstrap, engineDlq, replay::ExecutionMode::ExactlyOnce, dataDir.filePath(QStringLiteral("e")), cpu);
        rows.push_back({ "sluice replay, exactly-once", exactlyOnce, cpu });
    }
    const double raw = rows[0].secondsTaken, rawIdempotent = rows[1].secondsTaken, kcat = rows[2].secondsTaken;
    std::printf("B5: %d dead letters, 3 partitions, ~200-byte values\n", records);
    std::printf("%-36s %10s %12s %14s\n", "", "seconds", "records/s", "CPU µs/record");
    for (const Row& row : rows)
        std::printf("%-36s %10.2f %12.0f %14.2f\n", row.name, row.secondsTaken, records / row.secondsTaken,
            row.cpu * 1e6 / records);
    std::printf("idempotent replay vs raw loop: %.2fx; vs raw idempotent loop: %.2fx; vs kcat pipe: %.2fx\n",
        raw / rows[3].secondsTaken, rawIdempotent / rows[3].secondsTaken, kcat / rows[3].secondsTaken);
    std::printf("CPU per record, idempotent replay vs raw loop: %.2fx; vs raw idempotent loop: %.2fx "
                "(the replay's dry run is not counted)\n",
        rows[3].cpu / rows[0].cpu, rows[3].cpu / rows[1].cpu);
    std::printf("exactly-once cost: %.2fx the idempotent replay's time\n", rows[4].secondsTaken / rows[3].secondsTaken);
    return 0;
}
