// SPDX-License-Identifier: Apache-2.0
//
// sluice_demo_traffic: the demo pipeline's traffic, against a real broker.
//
// Creates the demo topics if missing, then runs until SIGINT/SIGTERM (or --duration):
//   producer            orders (key: customer id, a JSON number so Connect's JsonConverter
//                       accepts it), every Nth one broken in one of six ways (see
//                       Malformed) for the sink connector's dead-letter topic; payments
//                       keyed by order id;
//                       an inventory backlog at start and a trickle afterwards.
//   orders-enrichment   consumes orders, produces orders.enriched, commits every second:
//                       keeps up.
//   billing-slow        consumes payments slower than they are produced: its lag grows;
//                       like a Spring Kafka app, it parks the payments it fails on in
//                       payments.DLT with kafka_dlt-* headers.
//   audit-archiver      consumes a few hundred inventory records, commits, leaves: an
//                       Empty group whose lag grows with the trickle.
// Record contents come from a fixed-seed generator (--seed), so two runs produce the same
// orders, customers and amounts; only timestamps differ.
//
// --archive N instead fills orders-archive once with N orders (fixed timestamps too) and exits.
//
// Only librdkafka's C API and the standard library: this must build wherever the stack runs.

#include <librdkafka/rdkafka.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <csignal>
#include <cstdarg>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <iterator>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include <pthread.h>
#include <sys/types.h>
#include <signal.h>

namespace {

using Clock = std::chrono::steady_clock;
using namespace std::chrono_literals;

// ---------------------------------------------------------------------------------------
// Options

struct Options {
    std::string bootstrap;
    double rate = 20.0;          // orders per second
    int malformedEvery = 10;     // every Nth order value is not JSON (0 = never)
    int durationSeconds = 0;     // 0 = until SIGINT/SIGTERM
    std::uint64_t seed = 42;
    double billingRate = -1.0;   // payments per second billing-slow handles; default rate / 2
    int inventoryBacklog = 600;  // inventory records produced at start
    int auditRecords = 300;      // records audit-archiver consumes before it leaves
    bool createTopicsOnly = false;
    long long archiveRecords = 0; // --archive N: fill orders-archive with N orders once, then exit
    std::string stackDir;        // informational: lets stack.sh recognise its own process
};

void usage(std::FILE* out)
{
    std::fprintf(out,
        "usage: sluice_demo_traffic --bootstrap HOST:PORT [options]\n"
        "  --rate N                orders per second (default 20)\n"
        "  --malformed-every N     every Nth order is broken, six kinds in turn (default 10, 0 = never)\n"
        "  --duration SECONDS      stop after this long (default 0 = until SIGINT/SIGTERM)\n"
        "  --billing-rate N        payments per second the billing-slow group handles (default rate/2)\n"
        "  --inventory-backlog N   inventory records produced at start (default 600)\n"
        "  --audit-records N       records audit-archiver reads before leaving (default 300)\n"
        "  --seed N                seed of the record generator (default 42)\n"
        "  --create-topics-only    create the demo topics and exit\n"
        "  --archive N             create orders-archive and fill it once with N orders (fixed seed and\n"
        "                          timestamps from 2026-11-01T00:00Z, 2.5 s apart), then exit; a topic\n"
        "                          that already holds N records is left alone\n"
        "  --stack-dir DIR         the stack folder (informational)\n");
}

bool parseNumber(const char* text, double& out)
{
    char* end = nullptr;
    out = std::strtod(text, &end);
    return end != text && *end == '\0';
}

bool parseArgs(int argc, char** argv, Options& o)
{
    for (int i = 1; i < argc; ++i) {
        const std::string_view arg = argv[i];
        auto value = [&](double& out) {
            if (i + 1 >= argc || !parseNumber(argv[i + 1], out)) {
                std::fprintf(stderr, "%s needs a number\n", argv[i]);
                return false;
            }
            ++i;
            return true;
        };
        double n = 0;
        if (arg == "--bootstrap" && i + 1 < argc) {
            o.bootstrap = argv[++i];
        } else if (arg == "--stack-dir" && i + 1 < argc) {
            o.stackDir = argv[++i];
        } else if (arg == "--rate") {
            if (!value(n) || n <= 0)
                return false;
            o.rate = n;
        } else if (arg == "--malformed-every") {
            if (!value(n) || n < 0)
                return false;
            o.malformedEvery = static_cast<int>(n);
        } else if (arg == "--duration") {
            if (!value(n) || n < 0)
                return false;
            o.durationSeconds = static_cast<int>(n);
        } else if (arg == "--billing-rate") {
            if (!value(n) || n <= 0)
                return false;
            o.billingRate = n;
        } else if (arg == "--inventory-backlog") {
            if (!value(n) || n < 0)
                return false;
            o.inventoryBacklog = static_cast<int>(n);
        } else if (arg == "--audit-records") {
            if (!value(n) || n < 1)
                return false;
            o.auditRecords = static_cast<int>(n);
        } else if (arg == "--seed") {
            if (!value(n) || n < 0)
                return false;
            o.seed = static_cast<std::uint64_t>(n);
        } else if (arg == "--archive") {
            if (!value(n) || n < 1 || n > 9'999'999)
                return false;
            o.archiveRecords = static_cast<long long>(n);
        } else if (arg == "--create-topics-only") {
            o.createTopicsOnly = true;
        } else if (arg == "-h" || arg == "--help") {
            usage(stdout);
            std::exit(0);
        } else {
            std::fprintf(stderr, "unknown option: %s\n", argv[i]);
            return false;
        }
    }
    if (o.bootstrap.empty()) {
        std::fprintf(stderr, "--bootstrap is required\n");
        return false;
    }
    if (o.billingRate <= 0)
        o.billingRate = o.rate / 2.0;
    return true;
}

// ---------------------------------------------------------------------------------------
// Logging and shared state

std::atomic<bool> g_stop { false };
std::mutex g_logMutex;

void logLine(const char* fmt, ...) __attribute__((format(printf, 1, 2)));
void logLine(const char* fmt, ...)
{
    char when[32];
    const std::time_t now = std::time(nullptr);
    std::tm tm {};
    gmtime_r(&now, &tm);
    std::strftime(when, sizeof when, "%Y-%m-%dT%H:%M:%SZ", &tm);
    std::lock_guard lock(g_logMutex);
    std::fprintf(stdout, "%s [demo-traffic] ", when);
    va_list args;
    va_start(args, fmt);
    std::vfprintf(stdout, fmt, args);
    va_end(args);
    std::fputc('\n', stdout);
    std::fflush(stdout);
}

struct Counters {
    std::atomic<std::uint64_t> orders { 0 };
    std::atomic<std::uint64_t> malformed { 0 };
    std::atomic<std::uint64_t> payments { 0 };
    std::atomic<std::uint64_t> inventory { 0 };
    std::atomic<std::uint64_t> delivered { 0 };
    std::atomic<std::uint64_t> deliveryFailed { 0 };
    std::atomic<std::uint64_t> enriched { 0 };
    std::atomic<std::uint64_t> enrichSkipped { 0 };
    std::atomic<std::uint64_t> billed { 0 };
    std::atomic<std::uint64_t> billingDeadLetters { 0 };
    std::atomic<std::uint64_t> audited { 0 };
    std::atomic<bool> auditLeft { false };
};
Counters g_counters;

// Sleeps until `until` in short steps; false when asked to stop.
bool sleepUntil(Clock::time_point until)
{
    while (!g_stop.load()) {
        const auto now = Clock::now();
        if (now >= until)
            return true;
        std::this_thread::sleep_for(std::min<Clock::duration>(until - now, 100ms));
    }
    return false;
}

// ---------------------------------------------------------------------------------------
// Deterministic record contents (splitmix64: same numbers on every platform and library)

class Random {
public:
    explicit Random(std::uint64_t seed) : m_state(seed) { }
    std::uint64_t next()
    {
        std::uint64_t z = (m_state += 0x9e3779b97f4a7c15ULL);
        z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
        z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
        return z ^ (z >> 31);
    }
    int below(int n) { return static_cast<int>(next() % static_cast<std::uint64_t>(n)); }

private:
    std::uint64_t m_state;
};

struct Product {
    const char* sku;
    const char* name;
    int priceCents;
};

constexpr Product kProducts[] = {
    { "SKU-1001", "Steel water bottle", 1490 }, { "SKU-1002", "Trail running socks", 1290 },
    { "SKU-1003", "Espresso beans 1kg", 2450 }, { "SKU-1004", "Ceramic pour-over", 3190 },
    { "SKU-1005", "Wool beanie", 2290 },        { "SKU-1006", "Notebook A5 dotted", 890 },
    { "SKU-1007", "USB-C cable 2m", 1190 },     { "SKU-1008", "Bike light set", 3990 },
    { "SKU-1009", "Rain jacket", 11900 },       { "SKU-1010", "Headlamp 400lm", 4490 },
    { "SKU-1011", "Chef knife 20cm", 7900 },    { "SKU-1012", "Yoga mat", 3490 },
    { "SKU-1013", "Desk lamp", 5490 },          { "SKU-1014", "Backpack 28l", 8990 },
    { "SKU-1015", "Green tea 250g", 1150 },     { "SKU-1016", "Cast iron pan", 4990 },
};
constexpr int kProductCount = static_cast<int>(std::size(kProducts));

constexpr const char* kFirstNames[] = { "Ada", "Grace", "Alan", "Edsger", "Barbara", "Ken", "Margaret", "Dennis",
    "Frances", "Niklaus", "Radia", "Leslie", "Sophie", "Tim", "Hedy", "Linus" };
constexpr const char* kLastNames[] = { "Lovelace", "Hopper", "Turing", "Dijkstra", "Liskov", "Thompson", "Hamilton",
    "Ritchie", "Allen", "Wirth", "Perlman", "Lamport", "Wilson", "Berners-Lee", "Lamarr", "Torvalds" };

struct Market {
    const char* country;
    const char* currency;
    const char* warehouse;
};
constexpr Market kMarkets[] = { { "DE", "EUR", "FRA-1" }, { "FR", "EUR", "PAR-1" }, { "NL", "EUR", "AMS-1" },
    { "GB", "GBP", "LON-1" }, { "SE", "SEK", "STO-1" }, { "PL", "PLN", "WAW-1" }, { "US", "USD", "NYC-1" } };
constexpr const char* kChannels[] = { "web", "web", "web", "mobile", "mobile", "pos" };
constexpr const char* kPaymentMethods[] = { "card", "card", "card", "paypal", "sepa_debit", "klarna" };

constexpr int kFirstCustomer = 10000;
constexpr int kCustomerCount = 240;

struct Customer {
    int id;
    std::string name;
    const Market* market;
};

std::vector<Customer> makeCustomers(Random& random)
{
    std::vector<Customer> customers;
    for (int i = 0; i < kCustomerCount; ++i) {
        Customer c;
        c.id = kFirstCustomer + i;
        c.name = std::string(kFirstNames[random.below(16)]) + " " + kLastNames[random.below(16)];
        c.market = &kMarkets[random.below(static_cast<int>(std::size(kMarkets)))];
        customers.push_back(std::move(c));
    }
    return customers;
}

std::int64_t nowMs()
{
    return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
        .count();
}

std::string isoTime(std::int64_t ms)
{
    const std::time_t secs = static_cast<std::time_t>(ms / 1000);
    std::tm tm {};
    gmtime_r(&secs, &tm);
    char buf[80];
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", tm.tm_year + 1900, tm.tm_mon + 1,
        tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, static_cast<int>(ms % 1000));
    return buf;
}

std::string isoNow()
{
    return isoTime(nowMs());
}

std::string money(long long cents)
{
    char buf[32];
    std::snprintf(buf, sizeof buf, "%lld.%02lld", cents / 100, cents % 100);
    return buf;
}

std::string hex64(std::uint64_t v)
{
    char buf[20];
    std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(v));
    return buf;
}

struct Order {
    std::string id;
    std::string key;     // customer id as a JSON number
    std::string value;   // JSON, or not JSON at all for malformed orders
    std::string channel;
    std::string traceId;
    std::string currency;
    long long amountCents = 0;
    bool malformed = false;
};

// The kinds of broken order, in rotation. Each reaches Connect's dead-letter topic at a
// different point of the sink's pipeline, so orders.dlq has several causes to group by:
// three values the JsonConverter cannot read (VALUE_CONVERTER), a key it cannot read
// (KEY_CONVERTER), and two records the connector's Cast transform refuses (TRANSFORMATION).
enum class Malformed {
    CutOff, // the JSON cut off mid-record
    LegacyText, // a legacy producer writing key=value text
    PythonRepr, // Python repr instead of JSON
    TextKey, // key "cust-10042": not JSON, unlike the other keys
    TextCustomerId, // "customer_id":"C-10042": valid JSON, but Cast to int64 fails
    ArrayValue, // a JSON array of two orders: Cast needs an object
};
constexpr int kMalformedKinds = 6;

Order makeOrder(Random& random, const std::vector<Customer>& customers, std::uint64_t seq, bool malformed,
    std::uint64_t malformedSeq, const std::string& ts)
{
    const Customer& c = customers[static_cast<std::size_t>(random.below(kCustomerCount))];
    Order o;
    char id[32];
    std::snprintf(id, sizeof id, "ord-%07llu", static_cast<unsigned long long>(seq));
    o.id = id;
    o.key = std::to_string(c.id);
    o.channel = kChannels[random.below(static_cast<int>(std::size(kChannels)))];
    o.traceId = hex64(random.next()) + hex64(random.next());
    o.currency = c.market->currency;

    std::string items = "[";
    const int lines = 1 + random.below(3);
    for (int i = 0; i < lines; ++i) {
        const Product& p = kProducts[random.below(kProductCount)];
        const int qty = 1 + random.below(3);
        o.amountCents += static_cast<long long>(qty) * p.priceCents;
        if (i)
            items += ',';
        items += std::string(R"({"sku":")") + p.sku + R"(","name":")" + p.name + R"(","qty":)" + std::to_string(qty)
            + R"(,"unit_price":)" + money(p.priceCents) + "}";
    }
    items += "]";
    o.value = std::string(R"({"order_id":")") + o.id + R"(","customer_id":)" + o.key + R"(,"customer":")" + c.name
        + R"(","country":")" + c.market->country + R"(","channel":")" + o.channel + R"(","items":)" + items
        + R"(,"amount":)" + money(o.amountCents) + R"(,"currency":")" + o.currency + R"(","ts":")" + ts + "\"}";

    if (malformed) {
        o.malformed = true;
        switch (static_cast<Malformed>(malformedSeq % kMalformedKinds)) {
        case Malformed::CutOff:
            o.value.resize(o.value.size() * 3 / 5);
            break;
        case Malformed::LegacyText:
            o.value = "order_id=" + o.id + ";customer_id=" + o.key + ";amount=" + money(o.amountCents)
                + ";currency=" + o.currency + ";ts=" + ts;
            break;
        case Malformed::PythonRepr:
            o.value = "{'order_id': '" + o.id + "', 'customer_id': " + o.key + ", 'amount': " + money(o.amountCents)
                + ", 'currency': '" + o.currency + "'}";
            break;
        case Malformed::TextKey:
            o.key = "cust-" + o.key;
            break;
        case Malformed::TextCustomerId: {
            const std::string number = R"("customer_id":)" + o.key;
            o.value.replace(o.value.find(number), number.size(), R"("customer_id":"C-)" + o.key + "\"");
            break;
        }
        case Malformed::ArrayValue:
            o.value = "[" + o.value + "," + o.value + "]";
            break;
        }
    }
    return o;
}

// ---------------------------------------------------------------------------------------
// librdkafka plumbing

struct HandleDeleter {
    void operator()(rd_kafka_t* rk) const { rd_kafka_destroy(rk); }
};
using Handle = std::unique_ptr<rd_kafka_t, HandleDeleter>;

void errorCallback(rd_kafka_t* rk, int err, const char* reason, void*)
{
    // Rate-limited: during a broker outage every client reports the same thing repeatedly.
    static std::atomic<std::int64_t> lastLog { 0 };
    const std::int64_t now = std::chrono::duration_cast<std::chrono::seconds>(Clock::now().time_since_epoch()).count();
    std::int64_t last = lastLog.load();
    if (now - last >= 5 && lastLog.compare_exchange_strong(last, now))
        logLine("kafka error (%s): %s: %s", rd_kafka_name(rk), rd_kafka_err2name(static_cast<rd_kafka_resp_err_t>(err)),
            reason);
}

void deliveryCallback(rd_kafka_t*, const rd_kafka_message_t* msg, void*)
{
    if (msg->err) {
        if (g_counters.deliveryFailed.fetch_add(1) < 5)
            logLine("delivery to %s failed: %s", rd_kafka_topic_name(msg->rkt), rd_kafka_err2str(msg->err));
    } else {
        g_counters.delivered.fetch_add(1);
    }
}

rd_kafka_conf_t* baseConfig(const Options& o, const char* clientId)
{
    rd_kafka_conf_t* conf = rd_kafka_conf_new();
    auto set = [&](const char* key, const std::string& value) {
        char err[512];
        if (rd_kafka_conf_set(conf, key, value.c_str(), err, sizeof err) != RD_KAFKA_CONF_OK) {
            std::fprintf(stderr, "config %s=%s: %s\n", key, value.c_str(), err);
            std::exit(2);
        }
    };
    set("bootstrap.servers", o.bootstrap);
    set("client.id", clientId);
    set("log.connection.close", "false");
    set("reconnect.backoff.max.ms", "2000");
    rd_kafka_conf_set_error_cb(conf, errorCallback);
    return conf;
}

void setOrDie(rd_kafka_conf_t* conf, const char* key, const char* value)
{
    char err[512];
    if (rd_kafka_conf_set(conf, key, value, err, sizeof err) != RD_KAFKA_CONF_OK) {
        std::fprintf(stderr, "config %s=%s: %s\n", key, value, err);
        std::exit(2);
    }
}

Handle makeHandle(rd_kafka_type_t type, rd_kafka_conf_t* conf)
{
    char err[512];
    rd_kafka_t* rk = rd_kafka_new(type, conf, err, sizeof err);
    if (!rk) {
        std::fprintf(stderr, "rd_kafka_new: %s\n", err);
        std::exit(2);
    }
    return Handle(rk);
}

Handle makeProducer(const Options& o)
{
    rd_kafka_conf_t* conf = baseConfig(o, "sluice-demo-producer");
    setOrDie(conf, "enable.idempotence", o.createTopicsOnly ? "false" : "true");
    setOrDie(conf, "linger.ms", "10");
    setOrDie(conf, "compression.type", "lz4");
    rd_kafka_conf_set_dr_msg_cb(conf, deliveryCallback);
    return makeHandle(RD_KAFKA_PRODUCER, conf);
}

Handle makeConsumer(const Options& o, const char* group, bool autoCommit)
{
    rd_kafka_conf_t* conf = baseConfig(o, group);
    setOrDie(conf, "group.id", group);
    setOrDie(conf, "auto.offset.reset", "earliest");
    setOrDie(conf, "enable.auto.commit", autoCommit ? "true" : "false");
    setOrDie(conf, "auto.commit.interval.ms", "1000");
    Handle rk = makeHandle(RD_KAFKA_CONSUMER, conf);
    rd_kafka_poll_set_consumer(rk.get());
    return rk;
}

bool subscribe(rd_kafka_t* rk, const char* topic)
{
    rd_kafka_topic_partition_list_t* topics = rd_kafka_topic_partition_list_new(1);
    rd_kafka_topic_partition_list_add(topics, topic, RD_KAFKA_PARTITION_UA);
    const rd_kafka_resp_err_t err = rd_kafka_subscribe(rk, topics);
    rd_kafka_topic_partition_list_destroy(topics);
    if (err) {
        logLine("%s: subscribe to %s failed: %s", rd_kafka_name(rk), topic, rd_kafka_err2str(err));
        return false;
    }
    return true;
}

// rd_kafka_produceva() rather than the RD_KAFKA_V_* macros, whose C casts trip our warnings.
rd_kafka_resp_err_t produceOnce(rd_kafka_t* rk, const char* topic, std::string_view key, std::string_view value,
    rd_kafka_headers_t* headers, std::int64_t timestampMs)
{
    rd_kafka_vu_t vu[6] {};
    std::size_t n = 0;
    vu[n].vtype = RD_KAFKA_VTYPE_TOPIC;
    vu[n++].u.cstr = topic;
    vu[n].vtype = RD_KAFKA_VTYPE_KEY;
    vu[n].u.mem.ptr = const_cast<char*>(key.data());
    vu[n++].u.mem.size = key.size();
    vu[n].vtype = RD_KAFKA_VTYPE_VALUE;
    vu[n].u.mem.ptr = const_cast<char*>(value.data());
    vu[n++].u.mem.size = value.size();
    vu[n].vtype = RD_KAFKA_VTYPE_MSGFLAGS;
    vu[n++].u.i = RD_KAFKA_MSG_F_COPY;
    if (headers) {
        vu[n].vtype = RD_KAFKA_VTYPE_HEADERS;
        vu[n++].u.headers = headers;
    }
    if (timestampMs > 0) {
        vu[n].vtype = RD_KAFKA_VTYPE_TIMESTAMP;
        vu[n++].u.i64 = timestampMs;
    }
    rd_kafka_error_t* error = rd_kafka_produceva(rk, vu, n);
    if (!error)
        return RD_KAFKA_RESP_ERR_NO_ERROR;
    const rd_kafka_resp_err_t code = rd_kafka_error_code(error);
    rd_kafka_error_destroy(error);
    return code;
}

// Produces one record, waiting (and serving delivery reports) while the local queue is full.
// Takes ownership of headers. `timestampMs` 0: the time of sending.
bool produce(rd_kafka_t* rk, const char* topic, const std::string& key, const std::string& value,
    rd_kafka_headers_t* headers, std::int64_t timestampMs = 0)
{
    while (!g_stop.load()) {
        const rd_kafka_resp_err_t err = produceOnce(rk, topic, key, value, headers, timestampMs);
        if (!err)
            return true; // headers now belong to the message
        if (err != RD_KAFKA_RESP_ERR__QUEUE_FULL) {
            logLine("produce to %s failed: %s", topic, rd_kafka_err2str(err));
            break;
        }
        rd_kafka_poll(rk, 100);
    }
    if (headers)
        rd_kafka_headers_destroy(headers);
    return false;
}

rd_kafka_headers_t* makeHeaders(std::initializer_list<std::pair<const char*, std::string>> list)
{
    rd_kafka_headers_t* headers = rd_kafka_headers_new(list.size());
    for (const auto& [name, value] : list)
        rd_kafka_header_add(headers, name, -1, value.data(), static_cast<ssize_t>(value.size()));
    return headers;
}

// ---------------------------------------------------------------------------------------
// Topics

struct TopicSpec {
    const char* name;
    int partitions;
    const char* retentionMs = nullptr; // topic config retention.ms; null: the broker's default
};
// payments.DLT: where billing-slow, written like a Spring Kafka app, parks the payments it
// fails on (same partition count as payments, as Spring's default destination resolver
// expects).
constexpr TopicSpec kTopics[]
    = { { "orders", 6 }, { "payments", 3 }, { "orders.enriched", 6 }, { "inventory", 2 }, { "payments.DLT", 3 } };
// The user guide's 1 M-record topic (--archive). Its records carry fixed timestamps in
// November 2026, so it keeps them forever rather than letting retention delete them.
constexpr TopicSpec kArchiveTopic { "orders-archive", 6, "-1" };

bool createTopics(rd_kafka_t* rk, const std::vector<TopicSpec>& topics)
{
    std::vector<rd_kafka_NewTopic_t*> newTopics;
    char err[512];
    for (const TopicSpec& t : topics) {
        rd_kafka_NewTopic_t* nt = rd_kafka_NewTopic_new(t.name, t.partitions, 1, err, sizeof err);
        if (!nt) {
            logLine("topic %s: %s", t.name, err);
            rd_kafka_NewTopic_destroy_array(newTopics.data(), newTopics.size());
            return false;
        }
        if (t.retentionMs)
            rd_kafka_NewTopic_set_config(nt, "retention.ms", t.retentionMs);
        newTopics.push_back(nt);
    }
    rd_kafka_AdminOptions_t* options = rd_kafka_AdminOptions_new(rk, RD_KAFKA_ADMIN_OP_CREATETOPICS);
    rd_kafka_AdminOptions_set_operation_timeout(options, 15000, err, sizeof err);
    rd_kafka_AdminOptions_set_request_timeout(options, 20000, err, sizeof err);
    rd_kafka_queue_t* queue = rd_kafka_queue_new(rk);
    rd_kafka_CreateTopics(rk, newTopics.data(), newTopics.size(), options, queue);

    bool ok = true;
    rd_kafka_event_t* event = rd_kafka_queue_poll(queue, 30000);
    if (!event) {
        logLine("CreateTopics: no answer within 30 s");
        ok = false;
    } else if (rd_kafka_event_error(event)) {
        logLine("CreateTopics failed: %s", rd_kafka_event_error_string(event));
        ok = false;
    } else {
        size_t count = 0;
        const rd_kafka_topic_result_t** results
            = rd_kafka_CreateTopics_result_topics(rd_kafka_event_CreateTopics_result(event), &count);
        for (size_t i = 0; i < count; ++i) {
            const rd_kafka_resp_err_t e = rd_kafka_topic_result_error(results[i]);
            const char* name = rd_kafka_topic_result_name(results[i]);
            if (e == RD_KAFKA_RESP_ERR_NO_ERROR) {
                logLine("created topic %s", name);
            } else if (e == RD_KAFKA_RESP_ERR_TOPIC_ALREADY_EXISTS) {
                logLine("topic %s exists", name);
            } else {
                logLine("creating topic %s failed: %s", name, rd_kafka_topic_result_error_string(results[i]));
                ok = false;
            }
        }
    }
    if (event)
        rd_kafka_event_destroy(event);
    rd_kafka_queue_destroy(queue);
    rd_kafka_AdminOptions_destroy(options);
    rd_kafka_NewTopic_destroy_array(newTopics.data(), newTopics.size());
    return ok;
}

// Waits until every demo topic has a leader for each partition, so the producers and the
// connector started right after do not race the new topics' metadata.
bool waitForTopics(rd_kafka_t* rk, const std::vector<TopicSpec>& topics, std::chrono::seconds timeout)
{
    const auto deadline = Clock::now() + timeout;
    while (Clock::now() < deadline) {
        const rd_kafka_metadata_t* md = nullptr;
        if (rd_kafka_metadata(rk, 1, nullptr, &md, 5000) == RD_KAFKA_RESP_ERR_NO_ERROR) {
            int ready = 0;
            for (const TopicSpec& t : topics) {
                for (int i = 0; i < md->topic_cnt; ++i) {
                    const rd_kafka_metadata_topic_t& mt = md->topics[i];
                    if (std::strcmp(mt.topic, t.name) != 0 || mt.err)
                        continue;
                    bool leaders = mt.partition_cnt == t.partitions;
                    for (int p = 0; p < mt.partition_cnt; ++p)
                        leaders = leaders && mt.partitions[p].leader >= 0 && !mt.partitions[p].err;
                    ready += leaders ? 1 : 0;
                }
            }
            rd_kafka_metadata_destroy(md);
            if (ready == static_cast<int>(topics.size()))
                return true;
        }
        std::this_thread::sleep_for(200ms);
    }
    return false;
}

// ---------------------------------------------------------------------------------------
// The threads

std::string inventoryRecord(Random& random, std::string& key)
{
    const Product& p = kProducts[random.below(kProductCount)];
    const Market& m = kMarkets[random.below(static_cast<int>(std::size(kMarkets)))];
    key = p.sku;
    const int delta = random.below(2) ? -(1 + random.below(4)) : 10 + random.below(40);
    return std::string(R"({"sku":")") + p.sku + R"(","warehouse":")" + m.warehouse + R"(","delta":)"
        + std::to_string(delta) + R"(,"on_hand":)" + std::to_string(50 + random.below(400)) + R"(,"ts":")" + isoNow()
        + "\"}";
}

void produceInventoryBacklog(rd_kafka_t* producer, Random& random, int count)
{
    for (int i = 0; i < count && !g_stop.load(); ++i) {
        std::string key;
        const std::string value = inventoryRecord(random, key);
        if (produce(producer, "inventory", key, value, nullptr))
            g_counters.inventory.fetch_add(1);
        rd_kafka_poll(producer, 0);
    }
    rd_kafka_flush(producer, 10000);
    logLine("inventory backlog: %d records", count);
}

void runProducer(const Options& o, rd_kafka_t* producer, Random& random, const std::vector<Customer>& customers)
{
    const auto interval = std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(1.0 / o.rate));
    auto next = Clock::now();
    auto nextInventory = next + 1s;
    std::uint64_t seq = 0;
    std::uint64_t malformedSeq = 0;
    while (sleepUntil(next)) {
        next += interval;
        // After a long stall (broker down, machine suspended) do not burst to catch up.
        if (Clock::now() - next > 5s)
            next = Clock::now();

        ++seq;
        const bool malformed = o.malformedEvery > 0 && seq % static_cast<std::uint64_t>(o.malformedEvery) == 0;
        const Order order = makeOrder(random, customers, seq, malformed, malformedSeq, isoNow());
        if (malformed)
            ++malformedSeq;
        if (produce(producer, "orders", order.key, order.value,
                makeHeaders({ { "source", order.channel }, { "trace-id", order.traceId } }))) {
            g_counters.orders.fetch_add(1);
            if (malformed)
                g_counters.malformed.fetch_add(1);
        }
        if (!malformed) {
            char paymentId[32];
            std::snprintf(paymentId, sizeof paymentId, "pay-%07llu", static_cast<unsigned long long>(seq));
            const std::string payment = std::string(R"({"payment_id":")") + paymentId + R"(","order_id":")" + order.id
                + R"(","amount":)" + money(order.amountCents) + R"(,"currency":")" + order.currency
                + R"(","method":")" + kPaymentMethods[random.below(static_cast<int>(std::size(kPaymentMethods)))]
                + R"(","status":"captured","ts":")" + isoNow() + "\"}";
            if (produce(producer, "payments", order.id, payment, makeHeaders({ { "trace-id", order.traceId } })))
                g_counters.payments.fetch_add(1);
        }
        if (Clock::now() >= nextInventory) {
            nextInventory += 1s;
            std::string key;
            const std::string value = inventoryRecord(random, key);
            if (produce(producer, "inventory", key, value, nullptr))
                g_counters.inventory.fetch_add(1);
        }
        rd_kafka_poll(producer, 0);
    }
}

void closeConsumer(rd_kafka_t* rk)
{
    const rd_kafka_resp_err_t err = rd_kafka_consumer_close(rk);
    if (err)
        logLine("%s: close: %s", rd_kafka_name(rk), rd_kafka_err2str(err));
}

// Reports consumer errors other than the routine end-of-partition event.
bool usable(rd_kafka_t* rk, rd_kafka_message_t* msg)
{
    if (!msg)
        return false;
    if (msg->err) {
        if (msg->err != RD_KAFKA_RESP_ERR__PARTITION_EOF)
            errorCallback(rk, msg->err, rd_kafka_message_errstr(msg), nullptr);
        rd_kafka_message_destroy(msg);
        return false;
    }
    return true;
}

void runEnrichment(const Options& o, rd_kafka_t* producer)
{
    Handle consumer = makeConsumer(o, "orders-enrichment", false);
    if (!subscribe(consumer.get(), "orders"))
        return;
    static constexpr const char* kTiers[] = { "bronze", "silver", "gold", "platinum" };
    auto nextCommit = Clock::now() + 1s;
    bool dirty = false;
    while (!g_stop.load()) {
        rd_kafka_message_t* msg = rd_kafka_consumer_poll(consumer.get(), 200);
        if (usable(consumer.get(), msg)) {
            const std::string_view value(static_cast<const char*>(msg->payload), msg->len);
            const std::string key(static_cast<const char*>(msg->key), msg->key_len);
            if (value.size() > 2 && value.front() == '{' && value.back() == '}' && value.find('\'') == value.npos
                && !key.empty()) {
                const int customer = std::atoi(key.c_str());
                std::string enriched(value.substr(0, value.size() - 1));
                enriched += std::string(R"(,"customer_tier":")") + kTiers[customer % 4] + R"(","segment":")"
                    + (customer % 7 == 0 ? "b2b" : "b2c") + R"(","enriched_at":")" + isoNow() + "\"}";
                rd_kafka_headers_t* headers = nullptr;
                if (rd_kafka_message_headers(msg, &headers) == RD_KAFKA_RESP_ERR_NO_ERROR)
                    headers = rd_kafka_headers_copy(headers);
                else
                    headers = rd_kafka_headers_new(1);
                rd_kafka_header_add(headers, "enriched-by", -1, "orders-enrichment", -1);
                if (produce(producer, "orders.enriched", key, enriched, headers))
                    g_counters.enriched.fetch_add(1);
            } else {
                g_counters.enrichSkipped.fetch_add(1); // not an order we can read; Connect's DLQ has it
            }
            dirty = true;
            rd_kafka_message_destroy(msg);
        }
        if (dirty && Clock::now() >= nextCommit) {
            rd_kafka_commit(consumer.get(), nullptr, 1);
            nextCommit = Clock::now() + 1s;
            dirty = false;
        }
    }
    rd_kafka_commit(consumer.get(), nullptr, 0);
    closeConsumer(consumer.get());
}

// ---------------------------------------------------------------------------------------
// billing-slow as a Spring Kafka app: the payments it fails on go to payments.DLT with the
// headers Spring's DeadLetterPublishingRecoverer writes (kafka_dlt-*: the original topic,
// partition as a 4-byte and offset and timestamp as 8-byte big-endian integers, the
// consumer group, the exception's class, message and stack trace), original key, value
// and headers kept. Which payments fail depends on the payment id only, so every run fails
// the same ones: one in 25, in three causes.

struct BillingFailure {
    const char* exceptionClass;
    const char* causeClass; // null: no cause
    std::string message;
    std::string stackTrace;
};

std::optional<BillingFailure> billingFailureFor(std::string_view payment)
{
    const std::size_t at = payment.find("\"payment_id\":\"pay-");
    const std::size_t idAt = payment.find("\"order_id\":\"");
    if (at == std::string_view::npos || idAt == std::string_view::npos)
        return std::nullopt;
    const std::string paymentId(payment.substr(at + 14, 11));
    const std::string orderId(payment.substr(idAt + 12, 11));
    const long long seq = std::atoll(paymentId.c_str() + 4);
    const std::string listener = "\tat com.example.billing.PaymentListener.onPayment(PaymentListener.java:48)\n"
                                 "\tat java.base/jdk.internal.reflect.DirectMethodHandleAccessor.invoke("
                                 "DirectMethodHandleAccessor.java:103)\n"
                                 "\tat org.springframework.kafka.listener.adapter.RecordMessagingMessageListenerAdapter"
                                 ".onMessage(RecordMessagingMessageListenerAdapter.java:78)\n"
                                 "\tat org.springframework.kafka.listener.KafkaMessageListenerContainer$"
                                 "ListenerConsumer.doInvokeRecordListener(KafkaMessageListenerContainer.java:2800)\n";
    switch (seq % 100) {
    case 7:
    case 57: {
        const char* reasons[] = { "insufficient_funds", "card_expired", "do_not_honor" };
        BillingFailure f { "com.example.billing.PaymentDeclinedException", nullptr,
            "Payment " + paymentId + " declined by the provider: " + reasons[(seq / 100) % 3], {} };
        f.stackTrace = std::string(f.exceptionClass) + ": " + f.message + "\n"
            + "\tat com.example.billing.ProviderClient.capture(ProviderClient.java:112)\n" + listener;
        return f;
    }
    case 19: {
        BillingFailure f { "java.lang.IllegalStateException", nullptr,
            "No billing account for order " + orderId + " (customer unknown to billing)", {} };
        f.stackTrace = std::string(f.exceptionClass) + ": " + f.message + "\n"
            + "\tat com.example.billing.AccountRepository.require(AccountRepository.java:57)\n" + listener;
        return f;
    }
    case 49: {
        BillingFailure f { "org.springframework.dao.QueryTimeoutException", "org.postgresql.util.PSQLException",
            "PreparedStatementCallback; SQL [insert into invoices (payment_id, order_id, amount) values (?, ?, ?)]; "
            "ERROR: canceling statement due to statement timeout",
            {} };
        f.stackTrace = std::string(f.exceptionClass) + ": " + f.message + "\n"
            + "\tat org.springframework.jdbc.core.JdbcTemplate.translateException(JdbcTemplate.java:1548)\n"
            + "\tat com.example.billing.InvoiceWriter.write(InvoiceWriter.java:33)\n" + listener
            + "Caused by: org.postgresql.util.PSQLException: ERROR: canceling statement due to statement timeout\n"
              "\tat org.postgresql.core.v3.QueryExecutorImpl.receiveErrorResponse(QueryExecutorImpl.java:2733)\n";
        return f;
    }
    default:
        return std::nullopt;
    }
}

void addBigEndian(rd_kafka_headers_t* headers, const char* name, std::uint64_t value, int bytes)
{
    unsigned char buf[8];
    for (int i = 0; i < bytes; ++i)
        buf[i] = static_cast<unsigned char>(value >> (8 * (bytes - 1 - i)));
    rd_kafka_header_add(headers, name, -1, buf, bytes);
}

bool sendToDlt(rd_kafka_t* producer, const rd_kafka_message_t* msg, const BillingFailure& failure)
{
    rd_kafka_headers_t* original = nullptr;
    rd_kafka_headers_t* headers = rd_kafka_message_headers(const_cast<rd_kafka_message_t*>(msg), &original)
            == RD_KAFKA_RESP_ERR_NO_ERROR
        ? rd_kafka_headers_copy(original)
        : rd_kafka_headers_new(10);
    rd_kafka_timestamp_type_t tsType = RD_KAFKA_TIMESTAMP_NOT_AVAILABLE;
    const std::int64_t timestamp = rd_kafka_message_timestamp(msg, &tsType);
    rd_kafka_header_add(headers, "kafka_dlt-original-topic", -1, "payments", -1);
    addBigEndian(headers, "kafka_dlt-original-partition", static_cast<std::uint32_t>(msg->partition), 4);
    addBigEndian(headers, "kafka_dlt-original-offset", static_cast<std::uint64_t>(msg->offset), 8);
    addBigEndian(headers, "kafka_dlt-original-timestamp", static_cast<std::uint64_t>(timestamp), 8);
    rd_kafka_header_add(headers, "kafka_dlt-original-timestamp-type", -1,
        tsType == RD_KAFKA_TIMESTAMP_LOG_APPEND_TIME ? "LogAppendTime" : "CreateTime", -1);
    rd_kafka_header_add(headers, "kafka_dlt-original-consumer-group", -1, "billing-slow", -1);
    rd_kafka_header_add(headers, "kafka_dlt-exception-fqcn", -1, failure.exceptionClass, -1);
    if (failure.causeClass)
        rd_kafka_header_add(headers, "kafka_dlt-exception-cause-fqcn", -1, failure.causeClass, -1);
    rd_kafka_header_add(headers, "kafka_dlt-exception-message", -1, failure.message.data(),
        static_cast<ssize_t>(failure.message.size()));
    rd_kafka_header_add(headers, "kafka_dlt-exception-stacktrace", -1, failure.stackTrace.data(),
        static_cast<ssize_t>(failure.stackTrace.size()));
    const std::string key(static_cast<const char*>(msg->key), msg->key_len);
    const std::string value(static_cast<const char*>(msg->payload), msg->len);
    return produce(producer, "payments.DLT", key, value, headers); // same key: same partition as the original
}

void runBilling(const Options& o, rd_kafka_t* producer)
{
    Handle consumer = makeConsumer(o, "billing-slow", true);
    if (!subscribe(consumer.get(), "payments"))
        return;
    const auto interval
        = std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(1.0 / o.billingRate));
    auto next = Clock::now();
    while (!g_stop.load()) {
        rd_kafka_message_t* msg = rd_kafka_consumer_poll(consumer.get(), 200);
        if (!usable(consumer.get(), msg))
            continue;
        const auto failure = billingFailureFor(std::string_view(static_cast<const char*>(msg->payload), msg->len));
        if (failure && sendToDlt(producer, msg, *failure))
            g_counters.billingDeadLetters.fetch_add(1);
        rd_kafka_message_destroy(msg);
        g_counters.billed.fetch_add(1);
        // The slow part: a billing backend that handles only billingRate payments a second.
        next += interval;
        if (Clock::now() - next > 5s)
            next = Clock::now();
        sleepUntil(next);
    }
    closeConsumer(consumer.get());
}

void runAudit(const Options& o)
{
    Handle consumer = makeConsumer(o, "audit-archiver", false);
    if (!subscribe(consumer.get(), "inventory"))
        return;
    // An equal share from every partition, so each one ends up with a committed offset and
    // lag (a consumer fetches whole batches, so "the first N records" may all come from one).
    int partitions = 0;
    for (const TopicSpec& t : kTopics)
        partitions = std::strcmp(t.name, "inventory") == 0 ? t.partitions : partitions;
    const int quota = (o.auditRecords + partitions - 1) / partitions;
    std::vector<int> taken(static_cast<std::size_t>(partitions), 0);
    std::vector<std::int64_t> nextOffset(static_cast<std::size_t>(partitions), -1);
    int seen = 0;
    int full = 0;
    auto lastRecord = Clock::now();
    while (!g_stop.load() && full < partitions) {
        rd_kafka_message_t* msg = rd_kafka_consumer_poll(consumer.get(), 200);
        if (usable(consumer.get(), msg)) {
            const auto p = static_cast<std::size_t>(msg->partition);
            if (p < taken.size() && taken[p] < quota) {
                ++seen;
                g_counters.audited.fetch_add(1);
                nextOffset[p] = msg->offset + 1;
                if (++taken[p] == quota)
                    ++full;
                lastRecord = Clock::now();
            }
            rd_kafka_message_destroy(msg);
        } else if (seen > 0 && Clock::now() - lastRecord > 30s) {
            break; // nothing more to archive for now
        }
    }
    rd_kafka_topic_partition_list_t* offsets = rd_kafka_topic_partition_list_new(partitions);
    for (int p = 0; p < partitions; ++p)
        if (nextOffset[static_cast<std::size_t>(p)] >= 0)
            rd_kafka_topic_partition_list_add(offsets, "inventory", p)->offset = nextOffset[static_cast<std::size_t>(p)];
    const rd_kafka_resp_err_t err = offsets->cnt ? rd_kafka_commit(consumer.get(), offsets, 0) : RD_KAFKA_RESP_ERR_NO_ERROR;
    rd_kafka_topic_partition_list_destroy(offsets);
    closeConsumer(consumer.get());
    g_counters.auditLeft.store(true);
    logLine("audit-archiver: archived %d inventory records, commit: %s, left the group", seen,
        err ? rd_kafka_err2str(err) : "ok");
}

void logProgress(std::chrono::seconds elapsed, rd_kafka_t* producer)
{
    auto& c = g_counters;
    logLine("t=%llds orders=%llu (malformed=%llu) payments=%llu inventory=%llu delivered=%llu failed=%llu "
            "queued=%d | orders-enrichment=%llu (skipped %llu) billing-slow=%llu (to payments.DLT %llu) "
            "audit-archiver=%llu%s",
        static_cast<long long>(elapsed.count()), static_cast<unsigned long long>(c.orders.load()),
        static_cast<unsigned long long>(c.malformed.load()), static_cast<unsigned long long>(c.payments.load()),
        static_cast<unsigned long long>(c.inventory.load()), static_cast<unsigned long long>(c.delivered.load()),
        static_cast<unsigned long long>(c.deliveryFailed.load()), rd_kafka_outq_len(producer),
        static_cast<unsigned long long>(c.enriched.load()), static_cast<unsigned long long>(c.enrichSkipped.load()),
        static_cast<unsigned long long>(c.billed.load()), static_cast<unsigned long long>(c.billingDeadLetters.load()),
        static_cast<unsigned long long>(c.audited.load()),
        c.auditLeft.load() ? " (left)" : "");
}


// ---------------------------------------------------------------------------------------
// --archive N: the user guide's big topic. The same generator as the live orders (same
// customers, items and amounts for the same seed), but nothing malformed, and timestamps
// fixed (record and "ts" field alike), so two fills of an empty topic hold the same records
// at the same partitions and offsets.

constexpr std::int64_t kArchiveStartMs = 1'793'491'200'000; // 2026-11-01T00:00:00Z
constexpr std::int64_t kArchiveStepMs = 2'500;

// Records in the topic, or -1 when its offsets can't be read (a topic created a moment ago
// may not answer at once: retried for 30 s).
std::int64_t recordsIn(rd_kafka_t* rk, const TopicSpec& topic)
{
    const auto deadline = Clock::now() + 30s;
    std::int64_t total = 0;
    for (int p = 0; p < topic.partitions; ++p) {
        std::int64_t low = 0;
        std::int64_t high = 0;
        rd_kafka_resp_err_t err;
        while ((err = rd_kafka_query_watermark_offsets(rk, topic.name, p, &low, &high, 5000))
            != RD_KAFKA_RESP_ERR_NO_ERROR) {
            if (Clock::now() >= deadline) {
                logLine("offsets of %s [%d]: %s", topic.name, p, rd_kafka_err2str(err));
                return -1;
            }
            std::this_thread::sleep_for(200ms);
        }
        total += high - low;
    }
    return total;
}

int fillArchive(const Options& o)
{
    rd_kafka_conf_t* conf = baseConfig(o, "sluice-demo-archive");
    setOrDie(conf, "enable.idempotence", "true");
    setOrDie(conf, "linger.ms", "50");
    setOrDie(conf, "batch.size", "1000000");
    setOrDie(conf, "compression.type", "lz4");
    setOrDie(conf, "queue.buffering.max.messages", "500000");
    rd_kafka_conf_set_dr_msg_cb(conf, deliveryCallback);
    Handle producer = makeHandle(RD_KAFKA_PRODUCER, conf);
    const std::vector<TopicSpec> topics { kArchiveTopic };
    if (!createTopics(producer.get(), topics) || !waitForTopics(producer.get(), topics, 30s)) {
        logLine("topic %s is not ready on %s", kArchiveTopic.name, o.bootstrap.c_str());
        return 1;
    }
    const std::int64_t existing = recordsIn(producer.get(), kArchiveTopic);
    if (existing < 0) {
        logLine("couldn't read the offsets of %s", kArchiveTopic.name);
        return 1;
    }
    if (existing >= o.archiveRecords) {
        logLine("%s already holds %lld records: nothing to do", kArchiveTopic.name, static_cast<long long>(existing));
        return 0;
    }
    if (existing > 0) {
        logLine("%s holds %lld records, fewer than %lld (an interrupted fill?): delete the topic and run again",
            kArchiveTopic.name, static_cast<long long>(existing), o.archiveRecords);
        return 1;
    }

    Random random(o.seed);
    const std::vector<Customer> customers = makeCustomers(random);
    const auto started = Clock::now();
    for (long long i = 0; i < o.archiveRecords && !g_stop.load(); ++i) {
        const std::int64_t ts = kArchiveStartMs + i * kArchiveStepMs;
        const Order order = makeOrder(random, customers, static_cast<std::uint64_t>(i + 1), false, 0, isoTime(ts));
        if (!produce(producer.get(), kArchiveTopic.name, order.key, order.value,
                makeHeaders({ { "source", order.channel }, { "trace-id", order.traceId } }), ts))
            return 1;
        if ((i & 1023) == 0)
            rd_kafka_poll(producer.get(), 0);
        if ((i + 1) % 200'000 == 0)
            logLine("%s: %lld of %lld queued", kArchiveTopic.name, i + 1, o.archiveRecords);
    }
    const rd_kafka_resp_err_t flushed = rd_kafka_flush(producer.get(), 120000);
    const double seconds = std::chrono::duration<double>(Clock::now() - started).count();
    const auto delivered = g_counters.delivered.load();
    const auto failed = g_counters.deliveryFailed.load();
    logLine("%s: %llu records written in %.1f s (%.0f records/s), %llu failed%s", kArchiveTopic.name,
        static_cast<unsigned long long>(delivered), seconds, static_cast<double>(delivered) / seconds,
        static_cast<unsigned long long>(failed), flushed ? ", flush timed out" : "");
    return flushed || failed > 0 || static_cast<long long>(delivered) != o.archiveRecords ? 1 : 0;
}

} // namespace

int main(int argc, char** argv)
{
    Options options;
    if (!parseArgs(argc, argv, options)) {
        usage(stderr);
        return 2;
    }
    if (options.archiveRecords > 0)
        return fillArchive(options); // a one-off: Ctrl+C simply ends it

    // Signals are taken by sigtimedwait() below. A shell starting us in the background may
    // have set SIGINT to "ignore"; restore the default first so it can still be delivered.
    std::signal(SIGINT, SIG_DFL);
    std::signal(SIGTERM, SIG_DFL);
    sigset_t signals;
    sigemptyset(&signals);
    sigaddset(&signals, SIGINT);
    sigaddset(&signals, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &signals, nullptr); // every thread created from here inherits it

    Handle producer = makeProducer(options);
    const std::vector<TopicSpec> topics(std::begin(kTopics), std::end(kTopics));
    if (!createTopics(producer.get(), topics) || !waitForTopics(producer.get(), topics, 30s)) {
        logLine("the demo topics are not ready on %s", options.bootstrap.c_str());
        return 1;
    }
    if (options.createTopicsOnly)
        return 0;

    logLine("bootstrap %s, %.1f orders/s, every %d malformed, billing-slow at %.1f/s, seed %llu, rdkafka %s",
        options.bootstrap.c_str(), options.rate, options.malformedEvery, options.billingRate,
        static_cast<unsigned long long>(options.seed), rd_kafka_version_str());

    Random random(options.seed);
    const std::vector<Customer> customers = makeCustomers(random);
    produceInventoryBacklog(producer.get(), random, options.inventoryBacklog);

    const auto started = Clock::now();
    std::vector<std::thread> threads;
    threads.emplace_back([&] { runProducer(options, producer.get(), random, customers); });
    threads.emplace_back([&] { runEnrichment(options, producer.get()); });
    threads.emplace_back([&] { runBilling(options, producer.get()); });
    threads.emplace_back([&] { runAudit(options); });

    auto nextLog = started + 10s;
    const timespec tick { 0, 250'000'000 };
    while (!g_stop.load()) {
        siginfo_t info;
        const int sig = sigtimedwait(&signals, &info, &tick);
        if (sig == SIGINT || sig == SIGTERM) {
            logLine("%s: shutting down", sig == SIGINT ? "SIGINT" : "SIGTERM");
            g_stop.store(true);
            break;
        }
        const auto now = Clock::now();
        if (options.durationSeconds > 0 && now - started >= std::chrono::seconds(options.durationSeconds)) {
            logLine("duration of %d s reached: shutting down", options.durationSeconds);
            g_stop.store(true);
            break;
        }
        if (now >= nextLog) {
            nextLog += 10s;
            logProgress(std::chrono::duration_cast<std::chrono::seconds>(now - started), producer.get());
        }
    }
    for (std::thread& t : threads)
        t.join(); // consumers close (and leave their groups) on their own threads
    const rd_kafka_resp_err_t flushed = rd_kafka_flush(producer.get(), 10000);
    logProgress(std::chrono::duration_cast<std::chrono::seconds>(Clock::now() - started), producer.get());
    if (flushed)
        logLine("flush: %s (%d records not delivered)", rd_kafka_err2str(flushed), rd_kafka_outq_len(producer.get()));
    producer.reset();
    logLine("stopped");
    return 0;
}
