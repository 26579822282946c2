// SPDX-License-Identifier: Apache-2.0
// B1 helper: produces the seeded input topic, scans it with the message browser's Scanner
// (index built, payloads retrievable), or reads it with a raw librdkafka loop (the limit).
// One mode per process, so bench_scan.py can time each the same way it times kcat.
//
//   bench_scan produce --bootstrap B --topic T [--records N] [--value-bytes 100] [--partitions 8] [--seed 42]
//   bench_scan scan    --bootstrap B --topic T [--spool DIR] [--set key=value ...] [--batch N]
//   bench_scan raw     --bootstrap B --topic T [--api batch|batch2|batchwait|callback|poll] [--set key=value ...]
//
// Each mode prints one JSON object on stdout.
#include "browse/scanner.h"

#include <array>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <librdkafka/rdkafka.h>
#include <map>
#include <mutex>
#include <random>
#include <string>
#include <sys/resource.h>
#include <thread>
#include <vector>

using namespace sluice;
using Clock = std::chrono::steady_clock;

namespace {

struct Args {
    std::string mode;
    std::string bootstrap;
    std::string topic;
    std::string api = "batch";
    std::string spool;
    long long records = 1'000'000;
    int valueBytes = 100;
    int partitions = 8;
    unsigned seed = 42;
    int batch = 0;
    bool trace = false;
    std::vector<std::pair<std::string, std::string>> extra;
};

[[noreturn]] void usage(const char* why)
{
    std::fprintf(stderr, "bench_scan: %s\n", why);
    std::exit(2);
}

Args parse(int argc, char** argv)
{
    if (argc < 2)
        usage("mode missing (produce, scan, raw)");
    Args args;
    args.mode = argv[1];
    for (int i = 2; i < argc; ++i) {
        const std::string flag = argv[i];
        if (i + 1 >= argc)
            usage(("value missing after " + flag).c_str());
        const std::string value = argv[++i];
        if (flag == "--bootstrap")
            args.bootstrap = value;
        else if (flag == "--topic")
            args.topic = value;
        else if (flag == "--api")
            args.api = value;
        else if (flag == "--spool")
            args.spool = value;
        else if (flag == "--records")
            args.records = std::stoll(value);
        else if (flag == "--value-bytes")
            args.valueBytes = std::stoi(value);
        else if (flag == "--partitions")
            args.partitions = std::stoi(value);
        else if (flag == "--seed")
            args.seed = static_cast<unsigned>(std::stoul(value));
        else if (flag == "--batch")
            args.batch = std::stoi(value);
        else if (flag == "--trace")
            args.trace = value == "1";
        else if (flag == "--set") {
            const auto eq = value.find('=');
            if (eq == std::string::npos)
                usage("--set needs key=value");
            args.extra.emplace_back(value.substr(0, eq), value.substr(eq + 1));
        } else
            usage(("unknown flag " + flag).c_str());
    }
    if (args.bootstrap.empty() || args.topic.empty())
        usage("--bootstrap and --topic are required");
    return args;
}

long peakRssKb()
{
    rusage usage {};
    getrusage(RUSAGE_SELF, &usage);
    return usage.ru_maxrss;
}

rd_kafka_conf_t* makeConf(const Args& args, const std::vector<std::pair<std::string, std::string>>& props)
{
    rd_kafka_conf_t* conf = rd_kafka_conf_new();
    std::array<char, 512> err {};
    auto set = [&](const std::string& k, const std::string& v) {
        if (rd_kafka_conf_set(conf, k.c_str(), v.c_str(), err.data(), err.size()) != RD_KAFKA_CONF_OK)
            usage((k + ": " + err.data()).c_str());
    };
    set("bootstrap.servers", args.bootstrap);
    for (const auto& [k, v] : props)
        set(k, v);
    for (const auto& [k, v] : args.extra)
        set(k, v);
    return conf;
}

// ---- produce: the seeded input topic --------------------------------------------------

int produce(const Args& args)
{
    std::array<char, 512> err {};
    rd_kafka_conf_t* conf = makeConf(args,
        { { "linger.ms", "20" }, { "batch.size", "1000000" }, { "batch.num.messages", "100000" },
            { "queue.buffering.max.messages", "1000000" }, { "queue.buffering.max.kbytes", "1048576" },
            { "compression.type", "none" }, { "acks", "1" } });
    rd_kafka_t* rk = rd_kafka_new(RD_KAFKA_PRODUCER, conf, err.data(), err.size());
    if (!rk)
        usage(err.data());

    rd_kafka_NewTopic_t* nt = rd_kafka_NewTopic_new(args.topic.c_str(), args.partitions, 1, err.data(), err.size());
    rd_kafka_queue_t* q = rd_kafka_queue_new(rk);
    rd_kafka_CreateTopics(rk, &nt, 1, nullptr, q);
    rd_kafka_NewTopic_destroy(nt);
    if (rd_kafka_event_t* ev = rd_kafka_queue_poll(q, 30000)) {
        std::size_t n = 0;
        const auto** results = rd_kafka_CreateTopics_result_topics(rd_kafka_event_CreateTopics_result(ev), &n);
        for (std::size_t i = 0; i < n; ++i)
            if (rd_kafka_topic_result_error(results[i]) != RD_KAFKA_RESP_ERR_NO_ERROR)
                usage(rd_kafka_topic_result_error_string(results[i]));
        rd_kafka_event_destroy(ev);
    }
    rd_kafka_queue_destroy(q);

    // Seeded content: key "k%08d" (i mod 100 000), value of printable random bytes.
    std::mt19937 rng(args.seed);
    static constexpr char kAlphabet[] = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
    std::string value(static_cast<std::size_t>(args.valueBytes), ' ');
    std::array<char, 16> key {};
    rd_kafka_topic_t* rkt = rd_kafka_topic_new(rk, args.topic.c_str(), nullptr);
    const auto started = Clock::now();
    for (long long i = 0; i < args.records; ++i) {
        for (auto& c : value)
            c = kAlphabet[rng() % (sizeof kAlphabet - 1)];
        const int keyLen = std::snprintf(key.data(), key.size(), "k%08lld", i % 100000);
        while (rd_kafka_produce(rkt, static_cast<int32_t>(i % args.partitions), RD_KAFKA_MSG_F_COPY, value.data(),
                   value.size(), key.data(), static_cast<std::size_t>(keyLen), nullptr)
            != 0) {
            if (rd_kafka_last_error() != RD_KAFKA_RESP_ERR__QUEUE_FULL)
                usage(rd_kafka_err2str(rd_kafka_last_error()));
            rd_kafka_poll(rk, 10);
        }
        if (i % 10000 == 0)
            rd_kafka_poll(rk, 0);
    }
    if (rd_kafka_flush(rk, 120000) != RD_KAFKA_RESP_ERR_NO_ERROR)
        usage("flush timed out");
    const double seconds = std::chrono::duration<double>(Clock::now() - started).count();
    rd_kafka_topic_destroy(rkt);
    rd_kafka_destroy(rk);
    std::printf("{\"mode\":\"produce\",\"records\":%lld,\"seconds\":%.3f}\n", args.records, seconds);
    return 0;
}

// ---- scan: the message browser's path --------------------------------------------------

int scan(const Args& args)
{
    const auto started = Clock::now();
    browse::ScanRequest request;
    request.cluster.name = "bench";
    request.cluster.bootstrapServers = { args.bootstrap };
    request.topic = args.topic;
    request.spoolDirectory = args.spool;
    request.tuning.extraProperties = args.extra;
    if (args.batch > 0)
        request.tuning.batchSize = args.batch;
    if (const char* threaded = std::getenv("BENCH_SCAN_INDEX_THREAD"))
        request.tuning.indexThread = std::string(threaded) == "1";
    if (const char* kick = std::getenv("BENCH_SCAN_KICK_MS"))
        request.tuning.fetchKickAfter = std::chrono::milliseconds(std::atoi(kick));
    auto scanner = browse::Scanner::create(request, nullptr);
    if (!scanner)
        usage(scanner.error().message.c_str());
    int updates = 0;
    const auto result = (*scanner)->run([&](const browse::ScanUpdate& update) {
        ++updates;
        if (args.trace)
            std::fprintf(stderr, "update %lld ms: %s rows=%llu read=%llu rate=%.0f/s\n",
                static_cast<long long>(update.progress.elapsed.count()), std::string(nameOf(update.state)).c_str(),
                static_cast<unsigned long long>(update.rows.end),
                static_cast<unsigned long long>(update.progress.recordsRead), update.progress.recordsPerSecond);
    });
    const double seconds = std::chrono::duration<double>(Clock::now() - started).count();
    if (result.state != browse::ScanState::Finished)
        usage(result.error ? result.error->message.c_str() : "scan did not finish");
    const auto& index = *(*scanner)->index();
    // Payloads are retrievable: read back the last row.
    const auto rows = index.rows();
    if (rows.size() > 0 && !index.fetch(rows.end - 1))
        usage("fetch of the last row failed");
    const auto memory = index.memory();
    std::printf("{\"mode\":\"scan\",\"records\":%llu,\"bytes\":%llu,\"seconds\":%.3f,\"scanMs\":%lld,\"updates\":%d,"
                "\"indexBytesPerRecord\":%.2f,\"spoolBytes\":%llu,\"peakRssKb\":%ld}\n",
        static_cast<unsigned long long>(result.progress.recordsMatched),
        static_cast<unsigned long long>(result.progress.bytesRead), seconds,
        static_cast<long long>(result.progress.elapsed.count()), updates, memory.bytesPerRow(),
        static_cast<unsigned long long>(memory.spoolBytesOnDisk), peakRssKb());
    return 0;
}

// ---- raw: the limit ---------------------------------------------------------------------

struct RawTotals {
    unsigned long long records = 0;
    unsigned long long bytes = 0;
    unsigned checksum = 0;
    int eofs = 0;
};

void touch(const rd_kafka_message_t* m, RawTotals& t)
{
    if (m->err == RD_KAFKA_RESP_ERR__PARTITION_EOF) {
        ++t.eofs;
        return;
    }
    if (m->err)
        return;
    ++t.records;
    t.bytes += m->len + m->key_len;
    if (m->len)
        t.checksum += static_cast<const unsigned char*>(m->payload)[m->len - 1];
}

std::vector<std::pair<std::string, std::string>> rawProps()
{
    const browse::ScanTuning tuning; // the same knobs the scanner uses
    return { { "queued.min.messages", std::to_string(tuning.queuedMinMessages) },
        { "queued.max.messages.kbytes", std::to_string(tuning.queuedMaxMessagesKbytes) },
        { "fetch.max.bytes", std::to_string(tuning.fetchMaxBytes) },
        { "max.partition.fetch.bytes", std::to_string(tuning.maxPartitionFetchBytes) },
        { "fetch.wait.max.ms", std::to_string(tuning.fetchWaitMaxMs) },
        { "receive.message.max.bytes", std::to_string(std::max(100000000, tuning.fetchMaxBytes + (1 << 20))) },
        { "enable.partition.eof", "true" }, { "enable.auto.commit", "false" },
        { "enable.auto.offset.store", "false" } };
}

int partitionCount(rd_kafka_t* rk, rd_kafka_topic_t* rkt)
{
    const rd_kafka_metadata_t* md = nullptr;
    if (rd_kafka_metadata(rk, 0, rkt, &md, 10000) != RD_KAFKA_RESP_ERR_NO_ERROR)
        usage("metadata failed");
    const int n = md->topics[0].partition_cnt;
    rd_kafka_metadata_destroy(md);
    return n;
}

// For the "batch2" loop: frees consumed messages on a second thread, as the scanner's
// index thread does, so the consume thread only consumes.
class Reaper {
public:
    Reaper()
        : m_thread([this] { run(); })
    {
    }
    ~Reaper() { finish(); }
    void take(rd_kafka_message_t** messages, std::size_t count)
    {
        std::unique_lock lock(m_mutex);
        m_room.wait(lock, [this] { return m_pending.size() < 200000; });
        m_pending.insert(m_pending.end(), messages, messages + count);
        m_ready.notify_one();
    }
    void finish()
    {
        {
            std::lock_guard lock(m_mutex);
            m_done = true;
        }
        m_ready.notify_one();
        if (m_thread.joinable())
            m_thread.join();
    }

private:
    void run()
    {
        std::vector<rd_kafka_message_t*> local;
        for (;;) {
            {
                std::unique_lock lock(m_mutex);
                m_ready.wait(lock, [this] { return !m_pending.empty() || m_done; });
                if (m_pending.empty())
                    return;
                local.swap(m_pending);
            }
            m_room.notify_one();
            for (auto* m : local)
                rd_kafka_message_destroy(m);
            local.clear();
        }
    }
    std::mutex m_mutex;
    std::condition_variable m_ready;
    std::condition_variable m_room;
    std::vector<rd_kafka_message_t*> m_pending;
    bool m_done = false;
    std::thread m_thread;
};

// The same librdkafka 2.0.2 workaround the scanner uses (ScanRun::kickFetcher): a queue
// that ran dry while partitions still have records means the fetcher may be sitting out
// its one-second backoff; a ListOffsets request wakes it.
void kick(rd_kafka_t* rk, const std::string& topic, const std::vector<bool>& eofSeen)
{
    rd_kafka_topic_partition_list_t* list = rd_kafka_topic_partition_list_new(static_cast<int>(eofSeen.size()));
    for (std::size_t p = 0; p < eofSeen.size(); ++p)
        if (!eofSeen[p])
            rd_kafka_topic_partition_list_add(list, topic.c_str(), static_cast<int32_t>(p))->offset
                = RD_KAFKA_OFFSET_END;
    if (list->cnt > 0)
        rd_kafka_offsets_for_times(rk, list, 1000);
    rd_kafka_topic_partition_list_destroy(list);
}

int raw(const Args& args)
{
    const auto started = Clock::now();
    std::array<char, 512> err {};
    auto props = rawProps();
    if (args.api == "poll")
        props.emplace_back("group.id", "bench-raw-poll");
    rd_kafka_t* rk = rd_kafka_new(RD_KAFKA_CONSUMER, makeConf(args, props), err.data(), err.size());
    if (!rk)
        usage(err.data());
    rd_kafka_topic_t* rkt = rd_kafka_topic_new(rk, args.topic.c_str(), nullptr);
    const int partitions = partitionCount(rk, rkt);
    RawTotals totals;
    rd_kafka_queue_t* queue = nullptr;

    if (args.api == "poll") {
        rd_kafka_poll_set_consumer(rk);
        rd_kafka_topic_partition_list_t* list = rd_kafka_topic_partition_list_new(partitions);
        for (int p = 0; p < partitions; ++p)
            rd_kafka_topic_partition_list_add(list, args.topic.c_str(), p)->offset = RD_KAFKA_OFFSET_BEGINNING;
        rd_kafka_assign(rk, list);
        rd_kafka_topic_partition_list_destroy(list);
        while (totals.eofs < partitions) {
            if (rd_kafka_message_t* m = rd_kafka_consumer_poll(rk, 1000)) {
                touch(m, totals);
                rd_kafka_message_destroy(m);
            }
        }
        rd_kafka_assign(rk, nullptr);
        rd_kafka_consumer_close(rk);
    } else {
        queue = rd_kafka_queue_new(rk);
        for (int p = 0; p < partitions; ++p)
            rd_kafka_consume_start_queue(rkt, p, RD_KAFKA_OFFSET_BEGINNING, queue);
        std::vector<rd_kafka_message_t*> batch(static_cast<std::size_t>(args.batch > 0 ? args.batch : 10000));
        std::vector<bool> eofSeen(static_cast<std::size_t>(partitions), false);
        Reaper reaper;
        while (totals.eofs < partitions) {
            if (args.api == "callback") {
                rd_kafka_consume_callback_queue(
                    queue, 1000,
                    [](rd_kafka_message_t* m, void* opaque) { touch(m, *static_cast<RawTotals*>(opaque)); }, &totals);
                continue;
            }
            ssize_t n = 0;
            if (args.api == "batchwait") {
                n = rd_kafka_consume_batch_queue(queue, 1000, batch.data(), batch.size());
            } else {
                n = rd_kafka_consume_batch_queue(queue, 0, batch.data(), batch.size());
                if (n == 0) {
                    if (rd_kafka_message_t* m = rd_kafka_consume_queue(queue, 20))
                        batch[static_cast<std::size_t>(n++)] = m;
                    else
                        kick(rk, args.topic, eofSeen);
                }
            }
            for (ssize_t i = 0; i < n; ++i) {
                const rd_kafka_message_t* m = batch[static_cast<std::size_t>(i)];
                if (m->err == RD_KAFKA_RESP_ERR__PARTITION_EOF && m->partition < partitions)
                    eofSeen[static_cast<std::size_t>(m->partition)] = true;
                touch(m, totals);
            }
            if (args.api == "batch2") {
                reaper.take(batch.data(), static_cast<std::size_t>(n));
            } else {
                for (ssize_t i = 0; i < n; ++i)
                    rd_kafka_message_destroy(batch[static_cast<std::size_t>(i)]);
            }
        }
        reaper.finish();
        for (int p = 0; p < partitions; ++p)
            rd_kafka_consume_stop(rkt, p);
        rd_kafka_queue_destroy(queue);
    }
    rd_kafka_topic_destroy(rkt);
    rd_kafka_destroy(rk);
    const double seconds = std::chrono::duration<double>(Clock::now() - started).count();
    std::printf(
        "{\"mode\":\"raw-%s\",\"records\":%llu,\"bytes\":%llu,\"seconds\":%.3f,\"checksum\":%u,\"peakRssKb\":%ld}\n",
        args.api.c_str(), totals.records, totals.bytes, seconds, totals.checksum, peakRssKb());
    return 0;
}

} // namespace

int main(int argc, char** argv)
{
    const Args args = parse(argc, argv);
    if (args.mode == "produce")
        return produce(args);
    if (args.mode == "scan")
        return scan(args);
    if (args.mode == "raw")
        return raw(args);
    usage("unknown mode");
}
