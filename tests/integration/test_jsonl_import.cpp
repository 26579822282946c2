// SPDX-License-Identifier: Apache-2.0
// JSON Lines import on the real broker: a topic with binary keys, null values and
// duplicate header names is written to a JSON Lines file (decode::JsonlWriter, the writer
// the browser's export uses), imported with `sluice import --execute` into a new topic, and
// read back by an independent consumer: identical record for record, partition and order
// kept. A read-only cluster is refused by the CLI and by the core with no producer created
// and nothing reaching the broker.
#include "audit/audit_log.h"
#include "decode/jsonl.h"
#include "importing/jsonl_import.h"
#include "kafka/secret_resolver.h"
#include "kafka/write_gate.h"
#include "support/replay_fixture.h"

#include <QProcess>
#include <QTest>
#include <fstream>

using namespace sluice;
using namespace sluice::testing;

namespace {

constexpr int kRecords = 2000;

CliResult runImportCli(const QStringList& args)
{
    QProcess process;
    process.start(sluiceBinary(), QStringList { QStringLiteral("import") } + args);
    CliResult result;
    if (!process.waitForFinished(120000)) {
        process.kill();
        process.waitForFinished();
    }
    result.exitCode = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
    result.out = process.readAllStandardOutput();
    result.err = process.readAllStandardError();
    return result;
}

decode::Bytes bytesOf(const std::string& s)
{
    return decode::Bytes(s.begin(), s.end());
}

bool writeJsonl(const std::vector<RawRecord>& records, const std::string& topic, const QString& path)
{
    std::ofstream out(path.toStdString(), std::ios::binary);
    decode::JsonlWriter writer(out);
    std::vector<decode::HeaderView> storage;
    for (const RawRecord& r : records) {
        decode::Record record;
        record.topic = topic;
        record.partition = r.partition;
        record.offset = r.offset;
        if (r.key)
            record.key = bytesOf(*r.key);
        if (r.value)
            record.value = bytesOf(*r.value);
        for (const auto& h : r.headers)
            record.headers.push_back({ h.name, h.value ? std::optional(bytesOf(*h.value)) : std::nullopt });
        if (!writer.write(record.view(storage)))
            return false;
    }
    out.close();
    return static_cast<bool>(out);
}

bool sameRecord(const RawRecord& a, const RawRecord& b)
{
    if (a.partition != b.partition || a.key != b.key || a.value != b.value || a.headers.size() != b.headers.size())
        return false;
    for (std::size_t i = 0; i < a.headers.size(); ++i)
        if (a.headers[i].name != b.headers[i].name || a.headers[i].value != b.headers[i].value)
            return false;
    return true;
}

} // namespace

class TestJsonlImportBroker : public QObject {
    Q_OBJECT
private:
    QString m_bootstrap;
    QTemporaryDir m_dir;
    Client m_producer;
    Client m_admin;
    std::string m_source;
    QString m_file;

    QString workspace(bool readOnly)
    {
        const QString path = m_dir.filePath(readOnly ? QStringLiteral("ro.yaml") : QStringLiteral("rw.yaml"));
        writeFile(path, workspaceYaml(QStringLiteral("local"), m_bootstrap, readOnly).toUtf8());
        return path;
    }

private slots:
    void initTestCase()
    {
        auto env = stackEnvOrFail();
        m_bootstrap = env[QStringLiteral("SLUICE_KAFKA_BOOTSTRAP")];
        QVERIFY2(QFile::exists(sluiceBinary()), "SLUICE_BINARY must name the sluice executable (build target sluice)");
        m_producer = makeClient(
            m_bootstrap.toStdString(), RD_KAFKA_PRODUCER, { { "linger.ms", "5" }, { "enable.idempotence", "true" } });
        m_admin = makeClient(m_bootstrap.toStdString(), RD_KAFKA_PRODUCER);
        m_source = uniqueName("import-src");
        QCOMPARE(createTopic(m_admin.get(), m_source, 3), std::string());
        QVERIFY(produceRecords(m_producer.get(), m_source, 3, kRecords, "orig"));
        const auto exported = readAll(m_bootstrap.toStdString(), m_source, 3);
        QCOMPARE(static_cast<int>(exported.size()), kRecords);
        m_file = m_dir.filePath(QStringLiteral("export.jsonl"));
        QVERIFY(writeJsonl(exported, m_source, m_file));
    }

    void dryRunValidatesWithoutWriting()
    {
        const auto result = runImportCli({ QStringLiteral("--file"), m_file });
        QVERIFY2(result.exitCode == 0, result.err.constData());
        QCOMPARE(result.json().value(QStringLiteral("records")).toInt(), kRecords);
        QCOMPARE(result.json().value(QStringLiteral("errorCount")).toInt(), 0);
    }

    void importIsByteExact()
    {
        const std::string target = uniqueName("import-dst");
        QCOMPARE(createTopic(m_admin.get(), target, 3), std::string());
        const QString audit = m_dir.filePath(QStringLiteral("audit.jsonl"));
        const auto result = runImportCli({ QStringLiteral("--file"), m_file, QStringLiteral("--workspace"),
            workspace(false), QStringLiteral("--cluster"), QStringLiteral("local"), QStringLiteral("--topic"),
            QString::fromStdString(target), QStringLiteral("--partitions"), QStringLiteral("file"),
            QStringLiteral("--audit-log"), audit, QStringLiteral("--execute"), QStringLiteral("--quiet") });
        QVERIFY2(result.exitCode == 0, result.err.constData());
        const QJsonObject report = result.json();
        QCOMPARE(report.value(QStringLiteral("read")).toInt(), kRecords);
        QCOMPARE(report.value(QStringLiteral("produced")).toInt(), kRecords);
        QCOMPARE(report.value(QStringLiteral("failed")).toInt(), 0);
        QVERIFY(report.value(QStringLiteral("completed")).toBool());

        const auto source = readAll(m_bootstrap.toStdString(), m_source, 3);
        const auto copy = readAll(m_bootstrap.toStdString(), target, 3);
        QCOMPARE(copy.size(), source.size());
        // readAll returns partitions interleaved; compare per partition, in offset order.
        std::map<std::int32_t, std::vector<const RawRecord*>> a, b;
        for (const auto& r : source)
            a[r.partition].push_back(&r);
        for (const auto& r : copy)
            b[r.partition].push_back(&r);
        QCOMPARE(a.size(), b.size());
        for (const auto& [p, list] : a) {
            QCOMPARE(b[p].size(), list.size());
            for (std::size_t i = 0; i < list.size(); ++i)
                QVERIFY2(sameRecord(*list[i], *b[p][i]),
                    qPrintable(QStringLiteral("partition %1 record %2 differs").arg(p).arg(i)));
        }
        const auto entries = audit::AuditLog(audit).readAll();
        QCOMPARE(entries.size(), 2U);
        QVERIFY(entries[1].value(QStringLiteral("result")).toString().startsWith(QStringLiteral("ok")));
    }

    void readOnlyClusterIsRefused()
    {
        const std::string target = uniqueName("import-ro");
        QCOMPARE(createTopic(m_admin.get(), target, 1), std::string());
        const auto cli = runImportCli({ QStringLiteral("--file"), m_file, QStringLiteral("--workspace"),
            workspace(true), QStringLiteral("--cluster"), QStringLiteral("local"), QStringLiteral("--topic"),
            QString::fromStdString(target), QStringLiteral("--audit-log"), m_dir.filePath(QStringLiteral("ro.jsonl")),
            QStringLiteral("--execute") });
        QCOMPARE(cli.exitCode, 1);
        QVERIFY(cli.err.contains("read-only"));

        // In-process: the gate counts show no producer and no produce request.
        config::Workspace ws;
        config::ClusterConfig c;
        c.name = "local";
        c.bootstrapServers = { m_bootstrap.toStdString() };
        c.readOnly = true;
        ws.clusters.push_back(c);
        importing::ImportOptions options;
        options.cluster = "local";
        options.topic = target;
        options.auditPath = m_dir.filePath(QStringLiteral("ro2.jsonl"));
        importing::JsonlImporter importer(ws, kafka::makeEnvSecretResolver(), options);
        const auto before = kafka::gateCounts();
        auto report = importer.execute(m_file);
        const auto after = kafka::gateCounts();
        QVERIFY(!report);
        QCOMPARE(after.allowedTotal(), before.allowedTotal());
        const auto ends = endOffsets(m_bootstrap.toStdString(), target, 1);
        QCOMPARE(ends.at(0), 0);
    }
};

QTEST_GUILESS_MAIN(TestJsonlImportBroker)
#include "test_jsonl_import.moc"
