// SPDX-License-Identifier: Apache-2.0
#pragma once

// Helpers for the replay integration tests: dead letters with binary keys, null values and
// duplicate header names; a workspace file; the `sluice replay` CLI as a child process;
// and an independent verifier that reads the target back with its own read_committed
// consumer and compares every record with its dead letter byte for byte.

#include "support/stack_env.h"

#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace sluice::testing {

struct RawHeader {
    std::string name;
    std::optional<std::string> value;
};

struct RawRecord {
    std::int32_t partition = -1;
    std::int64_t offset = -1;
    std::optional<std::string> key;
    std::optional<std::string> value;
    std::vector<RawHeader> headers;
};

inline int recordCount(int fallback)
{
    bool ok = false;
    const int n = qEnvironmentVariableIntValue("SLUICE_REPLAY_RECORDS", &ok);
    return ok && n > 0 ? n : fallback;
}

// Dead letter i of a Kafka Connect sink: original topic `original`, partition i % 3.
inline RawRecord deadLetter(int i, const std::string& original)
{
    RawRecord r;
    const unsigned n = static_cast<unsigned>(i);
    if (i % 11 != 0) // some null keys
        r.key = std::string { '\0', static_cast<char>(n >> 24), static_cast<char>(n >> 16), static_cast<char>(n >> 8),
            static_cast<char>(n), '\xff' };
    if (i % 7 != 0) // some null values (tombstones)
        r.value = "{\"n\":" + std::to_string(i) + ",\"bin\":\"" + std::string("\x01\x00\xfe", 3) + "\"}";
    r.headers = { { "__connect.errors.topic", original }, { "__connect.errors.partition", std::to_string(i % 3) },
        { "__connect.errors.offset", std::to_string(i) },
        { "__connect.errors.exception.class.name", std::string("org.apache.kafka.connect.errors.DataException") },
        { "trace", std::string("first") }, { "trace", std::string("second") }, // duplicate names, order matters
        { "nullable", std::nullopt }, { "bin", std::string("\x00\x01\x02", 3) } };
    return r;
}

inline bool produceRecords(
    rd_kafka_t* producer, const std::string& topic, int partitions, int count, const std::string& original)
{
    for (int i = 0; i < count; ++i) {
        const RawRecord r = deadLetter(i, original);
        rd_kafka_headers_t* headers = rd_kafka_headers_new(r.headers.size());
        for (const auto& h : r.headers)
            rd_kafka_header_add(headers, h.name.data(), static_cast<ssize_t>(h.name.size()),
                h.value ? h.value->data() : nullptr, h.value ? static_cast<ssize_t>(h.value->size()) : 0);
        rd_kafka_vu_t vus[5];
        std::size_t n = 0;
        vus[n].vtype = RD_KAFKA_VTYPE_TOPIC;
        vus[n++].u.cstr = topic.c_str();
        vus[n].vtype = RD_KAFKA_VTYPE_PARTITION;
        vus[n++].u.i32 = i % partitions;
        if (r.key) {
            vus[n].vtype = RD_KAFKA_VTYPE_KEY;
            vus[n].u.mem.ptr = const_cast<char*>(r.key->data());
            vus[n++].u.mem.size = r.key->size();
        }
        if (r.value) {
            vus[n].vtype = RD_KAFKA_VTYPE_VALUE;
            vus[n].u.mem.ptr = const_cast<char*>(r.value->data());
            vus[n++].u.mem.size = r.value->size();
        }
        vus[n].vtype = RD_KAFKA_VTYPE_HEADERS;
        vus[n++].u.headers = headers;
        for (;;) {
            rd_kafka_error_t* error = rd_kafka_produceva(producer, vus, n);
            if (!error)
                break;
            const bool full = rd_kafka_error_code(error) == RD_KAFKA_RESP_ERR__QUEUE_FULL;
            rd_kafka_error_destroy(error);
            if (!full) {
                rd_kafka_headers_destroy(headers);
                return false;
            }
            rd_kafka_poll(producer, 50);
        }
    }
    return rd_kafka_flush(producer, 60000) == RD_KAFKA_RESP_ERR_NO_ERROR;
}

// Every record of `topic` from `start` (partition → offset; all partitions from 0 when
// empty) up to the current end, read_committed.
inline std::vector<RawRecord> readAll(const std::string& bootstrap, const std::string& topic, int partitions,
    std::map<std::int32_t, std::int64_t> start = {})
{
    Client consumer = makeClient(bootstrap, RD_KAFKA_CONSUMER,
        { { "group.id", "sluice-test-verifier" }, { "enable.auto.commit", "false" },
            { "isolation.level", "read_committed" }, { "enable.partition.eof", "true" },
            { "auto.offset.reset", "earliest" } });
    rd_kafka_topic_partition_list_t* list = rd_kafka_topic_partition_list_new(partitions);
    std::set<std::int32_t> open;
    for (int p = 0; p < partitions; ++p) {
        std::int64_t low = 0, high = 0;
        rd_kafka_query_watermark_offsets(consumer.get(), topic.c_str(), p, &low, &high, 10000);
        const std::int64_t from = start.count(p) ? start[p] : low;
        if (from >= high)
            continue;
        rd_kafka_topic_partition_list_add(list, topic.c_str(), p)->offset = from;
        open.insert(p);
    }
    rd_kafka_assign(consumer.get(), list);
    rd_kafka_topic_partition_list_destroy(list);
    std::vector<RawRecord> out;
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(120);
    while (!open.empty() && std::chrono::steady_clock::now() < deadline) {
        rd_kafka_message_t* m = rd_kafka_consumer_poll(consumer.get(), 200);
        if (!m)
            continue;
        if (m->err == RD_KAFKA_RESP_ERR__PARTITION_EOF) {
            open.erase(m->partition);
        } else if (!m->err) {
            RawRecord r;
            r.partition = m->partition;
            r.offset = m->offset;
            if (m->key)
                r.key = std::string(static_cast<const char*>(m->key), m->key_len);
            if (m->payload)
                r.value = std::string(static_cast<const char*>(m->payload), m->len);
            rd_kafka_headers_t* headers = nullptr;
            if (rd_kafka_message_headers(m, &headers) == RD_KAFKA_RESP_ERR_NO_ERROR) {
                const char* name = nullptr;
                const void* value = nullptr;
                size_t size = 0;
                for (size_t i = 0; !rd_kafka_header_get_all(headers, i, &name, &value, &size); ++i)
                    r.headers.push_back({ name,
                        value ? std::optional(std::string(static_cast<const char*>(value), size)) : std::nullopt });
            }
            out.push_back(std::move(r));
        }
        rd_kafka_message_destroy(m);
    }
    rd_kafka_consumer_close(consumer.get());
    return out;
}

inline std::map<std::int32_t, std::int64_t> endOffsets(
    const std::string& bootstrap, const std::string& topic, int partitions)
{
    Client consumer = makeClient(bootstrap, RD_KAFKA_CONSUMER, { { "group.id", "sluice-test-verifier" } });
    std::map<std::int32_t, std::int64_t> out;
    for (int p = 0; p < partitions; ++p) {
        std::int64_t low = 0, high = 0;
        rd_kafka_query_watermark_offsets(consumer.get(), topic.c_str(), p, &low, &high, 10000);
        out[p] = high;
    }
    return out;
}

struct VerifierResult {
    int expected = 0;
    int found = 0;
    int lost = 0;
    int duplicated = 0;
    int corrupted = 0;
    int reordered = 0;
    QString firstProblem;
};

inline std::optional<std::string> lastHeaderValue(const RawRecord& r, const std::string& name, bool* present = nullptr)
{
    std::optional<std::string> out;
    bool found = false;
    for (const auto& h : r.headers)
        if (h.name == name) {
            out = h.value;
            found = true;
        }
    if (present)
        *present = found;
    return out;
}

// Compares the replayed records in `target` with the dead letters in `source` (all of them
// selected): every dead letter must arrive once, with the same key, value and headers
// (minus the Connect error headers, plus provenance), in source order per target partition.
inline VerifierResult verifyReplay(const std::vector<RawRecord>& source, const std::vector<RawRecord>& target,
    const std::string& sourceTopic, const std::string& replayId)
{
    VerifierResult result;
    std::map<std::string, const RawRecord*> bySource;
    for (const RawRecord& r : source)
        bySource[sourceTopic + "/" + std::to_string(r.partition) + "/" + std::to_string(r.offset)] = &r;
    result.expected = static_cast<int>(bySource.size());
    std::map<std::string, int> seen;
    std::map<std::pair<std::int32_t, std::string>, std::int64_t> lastOffset; // (target partition, source partition)
    for (const RawRecord& t : target) {
        if (lastHeaderValue(t, "sluice.replay.id") != std::optional<std::string>(replayId))
            continue;
        const auto src = lastHeaderValue(t, "sluice.replay.source");
        if (!src || !bySource.count(*src))
            continue;
        if (++seen[*src] > 1) {
            ++result.duplicated;
            continue;
        }
        const RawRecord& s = *bySource[*src];
        std::vector<RawHeader> kept;
        for (const auto& h : s.headers)
            if (h.name.rfind("__connect.errors.", 0) != 0)
                kept.push_back(h);
        std::vector<RawHeader> got;
        for (const auto& h : t.headers)
            if (h.name.rfind("sluice.replay.", 0) != 0)
                got.push_back(h);
        bool same = s.key == t.key && s.value == t.value && kept.size() == got.size();
        for (std::size_t i = 0; same && i < kept.size(); ++i)
            same = kept[i].name == got[i].name && kept[i].value == got[i].value;
        if (!same) {
            ++result.corrupted;
            if (result.firstProblem.isEmpty())
                result.firstProblem = QStringLiteral("corrupted: ") + QString::fromStdString(*src);
        }
        const std::string sourcePartition = src->substr(0, src->rfind('/'));
        auto& last = lastOffset[{ t.partition, sourcePartition }];
        if (s.offset < last) {
            ++result.reordered;
            if (result.firstProblem.isEmpty())
                result.firstProblem = QStringLiteral("reordered: ") + QString::fromStdString(*src);
        }
        last = std::max(last, s.offset);
    }
    result.found = static_cast<int>(seen.size());
    result.lost = result.expected - result.found;
    return result;
}

inline QString workspaceYaml(const QString& name, const QString& bootstrap, bool readOnly, bool production = false)
{
    return QStringLiteral("version: 1\nclusters:\n  - name: %1\n    bootstrapServers: %2\n    readOnly: %3\n"
                          "    production: %4\n")
        .arg(name, bootstrap, readOnly ? QStringLiteral("true") : QStringLiteral("false"),
            production ? QStringLiteral("true") : QStringLiteral("false"));
}

inline bool writeFile(const QString& path, const QByteArray& content)
{
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate))
        return false;
    return file.write(content) == content.size();
}

struct CliResult {
    int exitCode = -1;
    QByteArray out;
    QByteArray err;
    QJsonObject json() const { return QJsonDocument::fromJson(out).object(); }
};

inline QString sluiceBinary()
{
    return qEnvironmentVariable("SLUICE_BINARY");
}

inline CliResult runCli(const QStringList& args, int timeoutMs = 180000)
{
    QProcess process;
    process.start(sluiceBinary(), QStringList { QStringLiteral("replay") } + args);
    CliResult result;
    if (!process.waitForFinished(timeoutMs)) {
        process.kill();
        process.waitForFinished();
    }
    result.exitCode = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
    result.out = process.readAllStandardOutput();
    result.err = process.readAllStandardError();
    return result;
}

} // namespace sluice::testing
