// SPDX-License-Identifier: Apache-2.0
// B3 and B10: the real message browser view (table, record view, scan controller) on the
// real broker, with a heartbeat on the GUI thread.
//
//   bench_browser scan --bootstrap B [--records 1000000] [--value-bytes 100] [--partitions 8] [--topic T]
//       B3: produces the seeded topic (unless --topic names an existing one), scans it from the
//       beginning into the view while the bench scrolls the table every 16 ms and jumps to a
//       random partition:offset every 250 ms. Reports GUI stalls (p99, max), time to the first
//       rows on screen and the jump-to-offset latency against the 16 ms frame budget.
//   bench_browser tail --bootstrap B [--rate 100000] [--seconds 20] [--partitions 8]
//       B10: a live tail (stop condition "never") of a new topic while a producer thread in
//       this process writes --rate records/s. Reports the producer's rate vs the view's ingest
//       rate, the backlog over time, repaints per second, GUI stalls and resident memory.
//
// The heartbeat is a 1 ms precise timer; its lateness is the stall. Every event whose
// delivery takes longer than 8 ms is logged (type and receiver) on stderr. Run offscreen:
// QT_QPA_PLATFORM=offscreen (the widgets still paint into their backing store).
#include "browse/message_browser_view.h"
#include "browse/message_table_model.h"
#include "kafka/cluster_session.h"
#include "settings/app_settings.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QEvent>
#include <QFile>
#include <QScrollBar>
#include <QTableView>
#include <QTemporaryDir>
#include <QTimer>
#include <algorithm>
#include <array>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <librdkafka/rdkafka.h>
#include <map>
#include <random>
#include <string>
#include <thread>
#include <vector>

using namespace sluice;

namespace {

using Clock = std::chrono::steady_clock;

struct Args {
    std::string mode;
    std::string bootstrap;
    std::string topic;
    long long records = 1'000'000;
    int valueBytes = 100;
    int partitions = 8;
    int rate = 100'000;
    int seconds = 20;
};

[[noreturn]] void usage(const std::string& why)
{
    std::fprintf(stderr, "bench_browser: %s\n", why.c_str());
    std::exit(2);
}

Args parse(int argc, char** argv)
{
    if (argc < 2)
        usage("mode missing (scan, tail)");
    Args args;
    args.mode = argv[1];
    for (int i = 2; i + 1 < argc; i += 2) {
        const std::string flag = argv[i];
        const std::string value = argv[i + 1];
        if (flag == "--bootstrap")
            args.bootstrap = value;
        else if (flag == "--topic")
            args.topic = value;
        else if (flag == "--records")
            args.records = std::stoll(value);
        else if (flag == "--value-bytes")
            args.valueBytes = std::stoi(value);
        else if (flag == "--partitions")
            args.partitions = std::stoi(value);
        else if (flag == "--rate")
            args.rate = std::stoi(value);
        else if (flag == "--seconds")
            args.seconds = std::stoi(value);
        else
            usage("unknown flag " + flag);
    }
    if (args.bootstrap.empty())
        usage("--bootstrap is required");
    return args;
}

double residentMb()
{
    QFile statm(QStringLiteral("/proc/self/statm"));
    if (!statm.open(QIODevice::ReadOnly))
        return 0;
    const QList<QByteArray> fields = statm.readAll().split(' ');
    return fields.size() > 1 ? static_cast<double>(fields[1].toULongLong()) * 4096.0 / 1e6 : 0.0;
}

double percentile(std::vector<double> values, double p)
{
    if (values.empty())
        return 0;
    std::sort(values.begin(), values.end());
    const auto at = static_cast<std::size_t>(p * static_cast<double>(values.size() - 1) + 0.5);
    return values[std::min(at, values.size() - 1)];
}

// One line per figure: name, measured, compared with, ratio, target, pass/short.
void report(const char* name, double value, const char* unit, double budget, const char* budgetName, bool pass,
    const char* target)
{
    std::printf("%-34s %9.1f %-4s | %-18s %6.1f %-4s | ratio %5.2f | target %-14s | %s\n", name, value, unit,
        budgetName, budget, unit, budget > 0 ? value / budget : 0.0, target, pass ? "pass" : "short");
}

// Times every event delivery on the GUI thread; logs the ones over 8 ms.
class TimedApplication : public QApplication {
public:
    using QApplication::QApplication;
    bool notify(QObject* receiver, QEvent* event) override
    {
        if (m_depth > 0 || !m_logSlowEvents)
            return countedNotify(receiver, event);
        const auto type = event->type();
        const char* className = receiver->metaObject()->className();
        const QString objectName = receiver->objectName();
        const auto start = Clock::now();
        const bool result = countedNotify(receiver, event);
        const double ms = std::chrono::duration<double, std::milli>(Clock::now() - start).count();
        if (ms > 8.0) {
            ++m_slowEvents;
            std::fprintf(stderr, "slow event %.1f ms: type %d to %s '%s'\n", ms, static_cast<int>(type), className,
                qPrintable(objectName));
        }
        return result;
    }
    bool m_logSlowEvents = true;
    int m_slowEvents = 0;

private:
    bool countedNotify(QObject* receiver, QEvent* event)
    {
        ++m_depth;
        const bool result = QApplication::notify(receiver, event);
        --m_depth;
        return result;
    }
    int m_depth = 0;
};

// The heartbeat: a 1 ms precise timer whose lateness is the GUI thread's stall.
class StallProbe : public QObject {
public:
    explicit StallProbe(QObject* parent = nullptr)
        : QObject(parent)
    {
        m_timer.setTimerType(Qt::PreciseTimer);
        m_timer.setInterval(1);
        connect(&m_timer, &QTimer::timeout, this, [this] {
            const qint64 now = m_clock.nsecsElapsed();
            m_stallsMs.push_back(std::max(0.0, static_cast<double>(now - m_last) / 1e6 - 1.0));
            m_last = now;
        });
    }
    void start()
    {
        m_stallsMs.clear();
        m_clock.start();
        m_last = 0;
        m_timer.start();
    }
    void stop() { m_timer.stop(); }
    std::vector<double> takeStalls() { return std::exchange(m_stallsMs, {}); }

private:
    QTimer m_timer;
    QElapsedTimer m_clock;
    qint64 m_last = 0;
    std::vector<double> m_stallsMs;
};

// Counts paints of a widget (the table's viewport) and remembers when the last one ended.
class PaintCounter : public QObject {
public:
    explicit PaintCounter(QWidget* target)
        : QObject(target)
    {
        target->installEventFilter(this);
    }
    bool eventFilter(QObject*, QEvent* event) override
    {
        if (event->type() == QEvent::Paint) {
            ++paints;
            for (auto& callback : std::exchange(m_afterPaint, {}))
                QTimer::singleShot(0, this, callback); // after this paint has been delivered
        }
        return false;
    }
    void afterNextPaint(std::function<void()> callback) { m_afterPaint.push_back(std::move(callback)); }
    int paints = 0;

private:
    std::vector<std::function<void()>> m_afterPaint;
};

rd_kafka_t* makeProducer(const std::string& bootstrap, bool counted, std::atomic<long long>* acked)
{
    std::array<char, 512> err {};
    rd_kafka_conf_t* conf = rd_kafka_conf_new();
    const std::vector<std::pair<std::string, std::string>> props
        = { { "bootstrap.servers", bootstrap }, { "linger.ms", "20" }, { "batch.size", "1000000" },
              { "batch.num.messages", "100000" }, { "queue.buffering.max.messages", "1000000" },
              { "queue.buffering.max.kbytes", "1048576" }, { "compression.type", "none" }, { "acks", "1" } };
    for (const auto& [k, v] : props) {
        if (rd_kafka_conf_set(conf, k.c_str(), v.c_str(), err.data(), err.size()) != RD_KAFKA_CONF_OK)
            usage(k + ": " + err.data());
    }
    if (counted) {
        rd_kafka_conf_set_opaque(conf, acked);
        rd_kafka_conf_set_dr_msg_cb(conf, [](rd_kafka_t*, const rd_kafka_message_t* message, void* opaque) {
            if (!message->err)
                static_cast<std::atomic<long long>*>(opaque)->fetch_add(1, std::memory_order_relaxed);
        });
    }
    rd_kafka_t* rk = rd_kafka_new(RD_KAFKA_PRODUCER, conf, err.data(), err.size());
    if (!rk)
        usage(err.data());
    return rk;
}

void createTopic(rd_kafka_t* rk, const std::string& topic, int partitions)
{
    std::array<char, 512> err {};
    rd_kafka_NewTopic_t* nt = rd_kafka_NewTopic_new(topic.c_str(), partitions, 1, err.data(), err.size());
    rd_kafka_queue_t* q = rd_kafka_queue_new(rk);
    rd_kafka_CreateTopics(rk, &nt, 1, nullptr, q);
    rd_kafka_NewTopic_destroy(nt);
    rd_kafka_event_t* ev = rd_kafka_queue_poll(q, 30000);
    if (!ev)
        usage("creating the topic timed out");
    std::size_t n = 0;
    const auto** results = rd_kafka_CreateTopics_result_topics(rd_kafka_event_CreateTopics_result(ev), &n);
    for (std::size_t i = 0; i < n; ++i) {
        if (rd_kafka_topic_result_error(results[i]) != RD_KAFKA_RESP_ERR_NO_ERROR)
            usage(std::string("creating the topic failed: ") + rd_kafka_topic_result_error_string(results[i]));
    }
    rd_kafka_event_destroy(ev);
    rd_kafka_queue_destroy(q);
}

// Seeded content like bench_scan's: key "k%08d" (i mod 100 000), printable random value
// bytes. The values come from a pool made once, so the producer costs little CPU beside the
// view on a 2-core machine (B10 produces from this process).
class RecordMaker {
public:
    explicit RecordMaker(int valueBytes)
        : m_valueBytes(static_cast<std::size_t>(valueBytes))
    {
        static constexpr char kAlphabet[] = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
        std::mt19937 rng(42);
        m_pool.resize(m_valueBytes * kPoolValues);
        for (auto& c : m_pool)
            c = kAlphabet[rng() % (sizeof kAlphabet - 1)];
    }
    bool produce(rd_kafka_topic_t* rkt, long long i, int partitions)
    {
        const char* value = m_pool.data() + static_cast<std::size_t>(i % kPoolValues) * m_valueBytes;
        const int keyLen = std::snprintf(m_key.data(), m_key.size(), "k%08lld", i % 100000);
        return rd_kafka_produce(rkt, static_cast<int32_t>(i % partitions), RD_KAFKA_MSG_F_COPY,
                   const_cast<char*>(value), m_valueBytes, m_key.data(), static_cast<std::size_t>(keyLen), nullptr)
            == 0;
    }

private:
    static constexpr long long kPoolValues = 4096;
    std::size_t m_valueBytes;
    std::string m_pool;
    std::array<char, 16> m_key {};
};

void produceAll(const Args& args, const std::string& topic)
{
    rd_kafka_t* rk = makeProducer(args.bootstrap, false, nullptr);
    createTopic(rk, topic, args.partitions);
    rd_kafka_topic_t* rkt = rd_kafka_topic_new(rk, topic.c_str(), nullptr);
    RecordMaker maker(args.valueBytes);
    const auto started = Clock::now();
    for (long long i = 0; i < args.records; ++i) {
        while (!maker.produce(rkt, i, args.partitions)) {
            if (rd_kafka_last_error() != RD_KAFKA_RESP_ERR__QUEUE_FULL)
                usage(rd_kafka_err2str(rd_kafka_last_error()));
            rd_kafka_poll(rk, 10);
        }
        if (i % 10000 == 0)
            rd_kafka_poll(rk, 0);
    }
    if (rd_kafka_flush(rk, 120000) != RD_KAFKA_RESP_ERR_NO_ERROR)
        usage("flush timed out");
    rd_kafka_topic_destroy(rkt);
    rd_kafka_destroy(rk);
    std::fprintf(stderr, "produced %lld records of %d B to %s in %.1f s\n", args.records, args.valueBytes,
        topic.c_str(), std::chrono::duration<double>(Clock::now() - started).count());
}

struct ViewUnderTest {
    QTemporaryDir dir;
    std::unique_ptr<ui::AppSettings> settings;
    std::unique_ptr<kafka::ClusterSession> session;
    std::unique_ptr<ui::MessageBrowserView> view;

    explicit ViewUnderTest(const std::string& bootstrap)
    {
        settings = std::make_unique<ui::AppSettings>(dir.filePath(QStringLiteral("settings.ini")));
        config::ClusterConfig cluster;
        cluster.name = "bench";
        cluster.bootstrapServers = { bootstrap };
        session = std::make_unique<kafka::ClusterSession>(cluster, std::chrono::milliseconds(5000), nullptr);
        view = std::make_unique<ui::MessageBrowserView>(session.get(), *settings);
        view->resize(1600, 1000);
        view->show();
    }
};

std::string uniqueTopic(const char* prefix)
{
    return std::string(prefix) + "-" + std::to_string(QDateTime::currentMSecsSinceEpoch());
}

// Idle heartbeat for a second: what this machine's scheduler alone costs the probe.
double idleP99(QApplication& app, StallProbe& probe)
{
    probe.start();
    QTimer::singleShot(1000, &app, [&] { app.exit(); });
    app.exec();
    probe.stop();
    return percentile(probe.takeStalls(), 0.99);
}

// ---- B3 ----------------------------------------------------------------------------------

int runScan(TimedApplication& app, const Args& args)
{
    std::string topic = args.topic;
    if (topic.empty()) {
        topic = uniqueTopic("b3");
        produceAll(args, topic);
    }
    ViewUnderTest under(args.bootstrap);
    ui::MessageBrowserView& view = *under.view;
    QTableView* table = view.table();
    auto* paints = new PaintCounter(table->viewport());
    StallProbe probe;
    const double idle = idleP99(app, probe);

    // The user's steps: open the topic (its default scan starts), choose "from the
    // beginning to the end", scan.
    view.setTarget(QString::fromStdString(topic));
    view.applyOptions({ { QStringLiteral("start"), QStringLiteral("beginning") },
        { QStringLiteral("stop"), QStringLiteral("end") } });
    QElapsedTimer clock;
    clock.start();
    probe.start();
    qint64 firstRowsMs = -1;
    QObject::connect(view.model(), &QAbstractItemModel::rowsInserted, &app, [&] {
        if (firstRowsMs < 0)
            paints->afterNextPaint([&] {
                if (firstRowsMs < 0)
                    firstRowsMs = clock.elapsed();
            });
    });

    std::mt19937 rng(7);
    std::vector<double> jumpsMs;
    int scrolls = 0;
    QTimer scroller;
    scroller.setInterval(16);
    QObject::connect(&scroller, &QTimer::timeout, &app, [&] {
        QScrollBar* bar = table->verticalScrollBar();
        if (bar->maximum() <= 0)
            return;
        ++scrolls;
        switch (scrolls % 8) {
        case 0: // drag the thumb somewhere
            bar->setValue(static_cast<int>(rng() % static_cast<unsigned>(bar->maximum())));
            break;
        case 4: // page down
            bar->triggerAction(QAbstractSlider::SliderPageStepAdd);
            break;
        default: // wheel steps
            bar->triggerAction(QAbstractSlider::SliderSingleStepAdd);
            break;
        }
    });
    bool jumpPending = false;
    QTimer jumper;
    jumper.setInterval(250);
    QObject::connect(&jumper, &QTimer::timeout, &app, [&] {
        const auto& update = view.lastUpdate();
        if (jumpPending || !update || update->progress.partitions.empty())
            return;
        const auto& parts = update->progress.partitions;
        const auto& part = parts[rng() % parts.size()];
        if (part.nextOffset <= 0)
            return;
        const qint64 offset = static_cast<qint64>(rng() % static_cast<unsigned long long>(part.nextOffset));
        QElapsedTimer jumpClock;
        jumpClock.start();
        if (!view.jumpTo(part.partition, offset))
            return;
        jumpPending = true;
        // On screen once the table's next paint has been delivered.
        paints->afterNextPaint([&, jumpClock] {
            jumpsMs.push_back(static_cast<double>(jumpClock.nsecsElapsed()) / 1e6);
            jumpPending = false;
        });
    });
    // After the scan: two more seconds of scrolling and jumps over the complete result.
    QObject::connect(&view, &ui::MessageBrowserView::scanFinished, &app,
        [&] { QTimer::singleShot(2000, &app, [&] { app.exit(); }); });
    scroller.start();
    jumper.start();
    QTimer::singleShot(600'000, &app, [&] { app.exit(); }); // a scan that never ends
    app.exec();
    probe.stop();
    scroller.stop();
    jumper.stop();
    const qint64 totalMs = clock.elapsed();
    const std::vector<double> stalls = probe.takeStalls();
    const auto& last = view.lastUpdate();
    if (!last || last->state != browse::ScanState::Finished)
        usage("the scan did not finish");
    const double p99 = percentile(stalls, 0.99);
    const double max = stalls.empty() ? 0.0 : *std::max_element(stalls.begin(), stalls.end());
    const double jumpP50 = percentile(jumpsMs, 0.5);
    const double jumpMax = jumpsMs.empty() ? 0.0 : *std::max_element(jumpsMs.begin(), jumpsMs.end());

    std::printf("B3 GUI stalls while %llu records of %d B stream into the browser (topic %s, Kafka %s)\n",
        static_cast<unsigned long long>(last->progress.recordsRead), args.valueBytes, topic.c_str(),
        qPrintable(qEnvironmentVariable("SLUICE_KAFKA_VERSION", QStringLiteral("?"))));
    std::printf("scan %.1f s (%.0f records/s), %d scroll steps, %zu jumps, %zu heartbeats, %d slow events (> 8 ms), "
                "rows shown %d, peak resident %.0f MB\n",
        static_cast<double>(last->progress.elapsed.count()) / 1000.0,
        static_cast<double>(last->progress.recordsRead) * 1000.0
            / static_cast<double>(std::max<std::int64_t>(1, last->progress.elapsed.count())),
        scrolls, jumpsMs.size(), stalls.size(), app.m_slowEvents, view.model()->rowCount(), residentMb());
    std::printf("idle heartbeat p99 on this machine before the run: %.2f ms\n", idle);
    report("stall p99", p99, "ms", 16, "frame budget", p99 <= 16, "<= 16 ms");
    report("stall max", max, "ms", 16, "frame budget", max <= 50, "<= 50 ms");
    report("first rows on screen", static_cast<double>(firstRowsMs), "ms", 16, "frame budget",
        firstRowsMs >= 0 && firstRowsMs <= 250, "<= 250 ms");
    report("jump to offset p50", jumpP50, "ms", 16, "frame budget", jumpP50 <= 150, "<= 150 ms");
    report("jump to offset max", jumpMax, "ms", 16, "frame budget", jumpMax <= 150, "<= 150 ms");
    std::printf("(whole run %.1f s)\n", static_cast<double>(totalMs) / 1000.0);
    return 0;
}

// ---- B10 ---------------------------------------------------------------------------------

// Writes `rate` records/s to `topic` from its own thread, paced in 1 ms steps.
class PacedProducer {
public:
    PacedProducer(const Args& args, std::string topic)
        : m_args(args)
        , m_topic(std::move(topic))
    {
        m_rk = makeProducer(args.bootstrap, true, &m_acked);
    }
    ~PacedProducer()
    {
        stop();
        rd_kafka_flush(m_rk, 10000);
        rd_kafka_destroy(m_rk);
    }
    void createTopic() { ::createTopic(m_rk, m_topic, m_args.partitions); }
    void start()
    {
        m_thread = std::thread([this] { run(); });
    }
    void stop()
    {
        m_stop = true;
        if (m_thread.joinable())
            m_thread.join();
    }
    long long acked() const { return m_acked.load(); }
    long long behindSchedule() const { return m_behind.load(); }

private:
    void run()
    {
        rd_kafka_topic_t* rkt = rd_kafka_topic_new(m_rk, m_topic.c_str(), nullptr);
        RecordMaker maker(m_args.valueBytes);
        const auto started = Clock::now();
        long long sent = 0;
        while (!m_stop) {
            const double elapsed = std::chrono::duration<double>(Clock::now() - started).count();
            const auto due = static_cast<long long>(elapsed * m_args.rate);
            while (sent < due && !m_stop) {
                if (!maker.produce(rkt, sent, m_args.partitions)) {
                    rd_kafka_poll(m_rk, 1);
                    continue;
                }
                ++sent;
            }
            m_behind = due - sent;
            rd_kafka_poll(m_rk, 0);
            std::this_thread::sleep_for(std::chrono::milliseconds(1));
        }
        rd_kafka_topic_destroy(rkt);
    }

    Args m_args;
    std::string m_topic;
    rd_kafka_t* m_rk = nullptr;
    std::thread m_thread;
    std::atomic<bool> m_stop { false };
    std::atomic<long long> m_acked { 0 };
    std::atomic<long long> m_behind { 0 };
};

int runTail(TimedApplication& app, const Args& args)
{
    const std::string topic = uniqueTopic("b10");
    PacedProducer producer(args, topic);
    producer.createTopic();
    ViewUnderTest under(args.bootstrap);
    ui::MessageBrowserView& view = *under.view;
    auto* paints = new PaintCounter(view.table()->viewport());
    int inserts = 0;
    QObject::connect(view.model(), &QAbstractItemModel::rowsInserted, &app, [&] { ++inserts; });
    StallProbe probe;
    const double idle = idleP99(app, probe);

    view.setTarget(QString::fromStdString(topic));
    view.applyOptions(
        { { QStringLiteral("start"), QStringLiteral("last:0") }, { QStringLiteral("stop"), QStringLiteral("live") } });
    // The tail's start offsets are resolved once the scan reports Scanning.
    QTimer waitScanning;
    waitScanning.setInterval(5);
    QObject::connect(&waitScanning, &QTimer::timeout, &app, [&] {
        if (view.lastUpdate() && view.lastUpdate()->state == browse::ScanState::Scanning)
            app.exit();
    });
    waitScanning.start();
    QTimer::singleShot(30000, &app, [&] { app.exit(1); });
    if (app.exec() != 0)
        usage("the live tail did not start within 30 s");
    waitScanning.stop();

    struct Sample {
        double t = 0;
        long long produced = 0;
        long long read = 0;
        int rows = 0;
        int paints = 0;
        int inserts = 0;
        double residentMb = 0;
    };
    std::vector<Sample> samples;
    QElapsedTimer clock;
    clock.start();
    probe.start();
    producer.start();
    const auto readSoFar
        = [&] { return view.lastUpdate() ? static_cast<long long>(view.lastUpdate()->progress.recordsRead) : 0LL; };
    samples.push_back({ 0, 0, readSoFar(), view.model()->rowCount(), paints->paints, inserts, residentMb() });
    QTimer sampler;
    sampler.setInterval(1000);
    QObject::connect(&sampler, &QTimer::timeout, &app, [&] {
        samples.push_back({ static_cast<double>(clock.elapsed()) / 1000.0, producer.acked(), readSoFar(),
            view.model()->rowCount(), paints->paints, inserts, residentMb() });
        if (static_cast<int>(samples.size()) > args.seconds)
            app.exit();
    });
    sampler.start();
    app.exec();
    probe.stop();
    producer.stop();
    const std::vector<double> stalls = probe.takeStalls();

    std::printf("B10 live tail of %s at %d records/s of %d B over %d partitions, %d s (Kafka %s)\n", topic.c_str(),
        args.rate, args.valueBytes, args.partitions, args.seconds,
        qPrintable(qEnvironmentVariable("SLUICE_KAFKA_VERSION", QStringLiteral("?"))));
    std::printf("  t(s)  produced      read   backlog  rows shown  paints/s  inserts/s  resident MB\n");
    double maxPaintRate = 0;
    for (std::size_t i = 0; i < samples.size(); ++i) {
        const Sample& s = samples[i];
        const int paintRate = i == 0 ? 0 : s.paints - samples[i - 1].paints;
        const int insertRate = i == 0 ? 0 : s.inserts - samples[i - 1].inserts;
        if (i > 1) // the first second includes the first layout
            maxPaintRate = std::max(maxPaintRate, static_cast<double>(paintRate));
        std::printf("%6.1f %9lld %9lld %9lld %11d %9d %10d %12.0f\n", s.t, s.produced, s.read, s.produced - s.read,
            s.rows, paintRate, insertRate, s.residentMb);
    }
    // Rates over the run after the first second (start-up), backlog trend over the second half.
    const Sample& from = samples[std::min<std::size_t>(1, samples.size() - 1)];
    const Sample& to = samples.back();
    const double span = std::max(1e-3, to.t - from.t);
    const double producedRate = static_cast<double>(to.produced - from.produced) / span;
    const double readRate = static_cast<double>(to.read - from.read) / span;
    const Sample& mid = samples[samples.size() / 2];
    const double backlogGrowth = static_cast<double>((to.produced - to.read) - (mid.produced - mid.read))
        / std::max(1e-3, to.t - mid.t); // records/s
    const double p99 = percentile(stalls, 0.99);
    const double max = stalls.empty() ? 0.0 : *std::max_element(stalls.begin(), stalls.end());
    double peakResident = 0;
    for (const Sample& s : samples)
        peakResident = std::max(peakResident, s.residentMb);
    std::printf("idle heartbeat p99 on this machine before the run: %.2f ms; producer behind its schedule at the end: "
                "%lld records; %d slow events (> 8 ms)\n",
        idle, producer.behindSchedule(), app.m_slowEvents);
    std::printf("%-34s %9.0f %-4s | %-18s %6.0f %-4s | ratio %5.2f | target %-14s | %s\n", "view ingest rate", readRate,
        "r/s", "producer's rate", producedRate, "r/s", producedRate > 0 ? readRate / producedRate : 0.0, ">= 0.98",
        readRate >= 0.98 * producedRate ? "pass" : "short");
    std::printf("%-34s %9.0f %-4s | %-18s %6.0f %-4s | ratio %5.2f | target %-14s | %s\n",
        "backlog growth, second half", backlogGrowth, "r/s", "producer's rate", producedRate, "r/s",
        producedRate > 0 ? backlogGrowth / producedRate : 0.0, "<= 0.01",
        backlogGrowth <= 0.01 * producedRate ? "pass" : "short");
    report("repaints per second (max)", maxPaintRate, "Hz", 30, "30 Hz cap", maxPaintRate <= 30, "<= 30 Hz");
    report("stall p99", p99, "ms", 16, "frame budget", p99 <= 16, "<= 16 ms");
    report("stall max", max, "ms", 16, "frame budget", max <= 50, "(B3's <= 50 ms)");
    std::printf("resident: peak %.0f MB; rows shown at the end %d (the live tail keeps the newest %llu)\n",
        peakResident, to.rows, static_cast<unsigned long long>(ui::MessageBrowserView::kLiveTailRows));
    return 0;
}

} // namespace

int main(int argc, char** argv)
{
    const Args args = parse(argc, argv);
    TimedApplication app(argc, argv);
    if (args.mode == "scan")
        return runScan(app, args);
    if (args.mode == "tail")
        return runTail(app, args);
    usage("unknown mode " + args.mode);
}
