// SPDX-License-Identifier: Apache-2.0
#pragma once

// Helpers for integration tests: where the local stack runs, and small librdkafka calls to
// set up fixtures (topics, records, consumers). Header-only so each test stays one file.

#include <librdkafka/rdkafka.h>

#include <QFile>
#include <QProcess>
#include <QString>
#include <QStringList>
#include <QTest>

#include <array>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <thread>
#include <utility>
#include <vector>
#include <unistd.h>

namespace sluice::testing {

// Reads the env file written by tests/stack/stack.sh (KEY=VALUE lines, optional quotes).
// Fails the test loudly if it is missing: integration tests never skip.
inline std::map<QString, QString> readStackEnv(const QString& path)
{
    std::map<QString, QString> out;
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return out;
    for (const QByteArray& raw : file.readAll().split('\n')) {
        QString line = QString::fromUtf8(raw).trimmed();
        if (line.startsWith(QLatin1String("export ")))
            line = line.mid(7);
        const int eq = line.indexOf(QLatin1Char('='));
        if (line.isEmpty() || line.startsWith(QLatin1Char('#')) || eq <= 0)
            continue;
        QString value = line.mid(eq + 1).trimmed();
        if (value.size() >= 2 && (value.front() == QLatin1Char('"') || value.front() == QLatin1Char('\'')))
            value = value.mid(1, value.size() - 2);
        out[line.left(eq)] = value;
    }
    return out;
}

inline std::map<QString, QString> stackEnvOrFail()
{
    const QString path = qEnvironmentVariable("SLUICE_STACK_ENV");
    auto env = readStackEnv(path);
    if (path.isEmpty() || env.empty() || !env.count(QStringLiteral("SLUICE_KAFKA_BOOTSTRAP")))
        qFatal("SLUICE_STACK_ENV does not name a stack env file with SLUICE_KAFKA_BOOTSTRAP (got '%s'). "
               "Run the suite with ./dev.sh test, which starts the local stack.", qPrintable(path));
    return env;
}

inline std::string uniqueName(const std::string& prefix)
{
    static std::atomic<int> counter{0};
    const auto now = std::chrono::system_clock::now().time_since_epoch();
    return prefix + "-" + std::to_string(::getpid()) + "-" +
           std::to_string(std::chrono::duration_cast<std::chrono::milliseconds>(now).count() % 100000000) + "-" +
           std::to_string(counter++);
}

struct RdDeleter {
    void operator()(rd_kafka_t* rk) const { rd_kafka_destroy(rk); }
};
using Client = std::unique_ptr<rd_kafka_t, RdDeleter>;

inline Client makeClient(const std::string& bootstrap, rd_kafka_type_t type,
                         const std::map<std::string, std::string>& extra = {})
{
    rd_kafka_conf_t* conf = rd_kafka_conf_new();
    std::array<char, 512> err{};
    rd_kafka_conf_set(conf, "bootstrap.servers", bootstrap.c_str(), err.data(), err.size());
    for (const auto& [k, v] : extra) {
        if (rd_kafka_conf_set(conf, k.c_str(), v.c_str(), err.data(), err.size()) != RD_KAFKA_CONF_OK)
            qFatal("bad test client setting %s: %s", k.c_str(), err.data());
    }
    rd_kafka_t* rk = rd_kafka_new(type, conf, err.data(), err.size());
    if (!rk)
        qFatal("cannot create test client: %s", err.data());
    return Client(rk);
}

// Topic configs for records with timestamps from long ago: without them the broker's
// retention check (every 5 min, 7 days by default) may delete them in the middle of a test.
inline const std::vector<std::pair<std::string, std::string>> kKeepForever { { "retention.ms", "-1" } };

// Creates a topic and waits for the result; returns an empty string or the error.
inline std::string createTopic(rd_kafka_t* rk, const std::string& name, int partitions, int replication = 1,
    const std::vector<std::pair<std::string, std::string>>& configs = {})
{
    std::array<char, 512> err{};
    rd_kafka_NewTopic_t* topic = rd_kafka_NewTopic_new(name.c_str(), partitions, replication, err.data(), err.size());
    for (const auto& [key, value] : configs)
        rd_kafka_NewTopic_set_config(topic, key.c_str(), value.c_str());
    rd_kafka_queue_t* queue = rd_kafka_queue_new(rk);
    rd_kafka_CreateTopics(rk, &topic, 1, nullptr, queue);
    rd_kafka_NewTopic_destroy(topic);
    rd_kafka_event_t* event = rd_kafka_queue_poll(queue, 30000);
    std::string error;
    if (!event) {
        error = "CreateTopics timed out";
    } else {
        size_t count = 0;
        const rd_kafka_topic_result_t** results =
            rd_kafka_CreateTopics_result_topics(rd_kafka_event_CreateTopics_result(event), &count);
        if (rd_kafka_event_error(event))
            error = rd_kafka_event_error_string(event);
        for (size_t i = 0; error.empty() && i < count; ++i) {
            if (rd_kafka_topic_result_error(results[i]))
                error = rd_kafka_topic_result_error_string(results[i]);
        }
        rd_kafka_event_destroy(event);
    }
    rd_kafka_queue_destroy(queue);
    return error;
}

// Produces `count` records to one partition and waits for every delivery report.
inline bool produce(rd_kafka_t* producer, const std::string& topic, int partition, int count,
                    const std::string& value = "{\"n\":1}")
{
    for (int i = 0; i < count; ++i) {
        const std::string key = "k" + std::to_string(i);
        rd_kafka_resp_err_t err;
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wold-style-cast" // librdkafka's RD_KAFKA_V_* macros
        while ((err = rd_kafka_producev(producer, RD_KAFKA_V_TOPIC(topic.c_str()), RD_KAFKA_V_PARTITION(partition),
                                        RD_KAFKA_V_KEY(key.data(), key.size()),
                                        RD_KAFKA_V_VALUE(const_cast<char*>(value.data()), value.size()),
                                        RD_KAFKA_V_MSGFLAGS(RD_KAFKA_MSG_F_COPY), RD_KAFKA_V_END)) ==
               RD_KAFKA_RESP_ERR__QUEUE_FULL)
            rd_kafka_poll(producer, 50);
#pragma GCC diagnostic pop
        if (err)
            return false;
    }
    return rd_kafka_flush(producer, 30000) == RD_KAFKA_RESP_ERR_NO_ERROR;
}

// Commits explicit offsets (partition -> offset) of one topic for `group` with a consumer that
// never joins the group, so the group stays Empty. Returns librdkafka's error string, or "".
inline std::string commitOffsets(const std::string& bootstrap, const std::string& group, const std::string& topic,
                                 const std::vector<std::pair<int, std::int64_t>>& offsets)
{
    Client consumer = makeClient(bootstrap, RD_KAFKA_CONSUMER, {{"group.id", group}, {"enable.auto.commit", "false"}});
    rd_kafka_topic_partition_list_t* list = rd_kafka_topic_partition_list_new(static_cast<int>(offsets.size()));
    for (const auto& [partition, offset] : offsets)
        rd_kafka_topic_partition_list_add(list, topic.c_str(), partition)->offset = offset;
    const rd_kafka_resp_err_t err = rd_kafka_commit(consumer.get(), list, 0);
    rd_kafka_topic_partition_list_destroy(list);
    rd_kafka_consumer_close(consumer.get());
    return err == RD_KAFKA_RESP_ERR_NO_ERROR ? std::string() : std::string(rd_kafka_err2str(err));
}

// Runs stack.sh with arguments; returns its exit code (output goes to the test log).
inline int runStackScript(const QStringList& args, int timeoutMs = 180000)
{
    QProcess process;
    process.setProcessChannelMode(QProcess::ForwardedChannels);
    process.start(qEnvironmentVariable("SLUICE_STACK_SH"), args);
    if (!process.waitForFinished(timeoutMs))
        return -1;
    return process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
}

} // namespace sluice::testing
