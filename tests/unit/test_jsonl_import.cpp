// SPDX-License-Identifier: Apache-2.0
// JSON Lines import without a broker: validation counts and lists bad lines by number, and
// execute() refuses a file with errors, an unknown cluster, a read-only cluster (no
// producer created) and an audit log that cannot be written.
#include "audit/audit_log.h"
#include "importing/jsonl_import.h"
#include "kafka/write_gate.h"

#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using namespace sluice;

namespace {

QString writeFile(const QTemporaryDir& dir, const char* name, const QByteArray& content)
{
    const QString path = dir.filePath(QString::fromLatin1(name));
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(content) != content.size())
        qFatal("cannot write %s", qPrintable(path));
    return path;
}

const QByteArray kGood
    = R"({"topic":"t","partition":0,"offset":0,"timestamp":1700000000000,"key":"k1","value":"v1","headers":[{"name":"h","value":"a"},{"name":"h","value":null}]}
{"topic":"t","partition":1,"offset":0,"key":{"base64":"AAH/"},"value":null}

{"topic":"t","partition":1,"offset":1,"key":null,"value":""}
)";

config::Workspace workspace(bool readOnly)
{
    config::Workspace ws;
    config::ClusterConfig c;
    c.name = "local";
    c.bootstrapServers = { "127.0.0.1:1" }; // nothing listens: a test that connects fails
    c.readOnly = readOnly;
    ws.clusters.push_back(c);
    return ws;
}

std::uint64_t producersCreated()
{
    return kafka::gateCounts().allowed[static_cast<std::size_t>(kafka::Mutation::CreateProducer)];
}

} // namespace

class TestJsonlImport : public QObject {
    Q_OBJECT
private slots:
    void validationCounts()
    {
        QTemporaryDir dir;
        auto v = importing::validateJsonlFile(writeFile(dir, "good.jsonl", kGood));
        QVERIFY(v);
        QVERIFY(v->ok());
        QCOMPARE(v->records, 3U);
        QCOMPARE(v->lines, 3U); // the blank line is skipped
        QCOMPARE(v->errorCount, 0U);
        QCOMPARE(v->nullValues, 1U);
        QCOMPARE(v->perPartition.at(0), 1U);
        QCOMPARE(v->perPartition.at(1), 2U);
        QCOMPARE(v->bytes, 2U + 2U + 1U + 1U + 1U + 3U); // k1 v1 h a h, then 3 key bytes
        QCOMPARE(v->fileBytes, static_cast<std::uint64_t>(kGood.size()));
        QVERIFY(v->advice.empty());
    }

    void validationListsBadLinesByNumber()
    {
        QTemporaryDir dir;
        QByteArray content = kGood; // lines 1, 2, (3 blank), 4
        content += "not json\n"; // line 5
        content += R"({"key":{"base64":"***"}})"
                   "\n"; // line 6
        content += R"({"partition":"x"})"
                   "\n"; // line 7
        auto v = importing::validateJsonlFile(writeFile(dir, "bad.jsonl", content));
        QVERIFY(v);
        QVERIFY(!v->ok());
        QCOMPARE(v->records, 3U);
        QCOMPARE(v->errorCount, 3U);
        QCOMPARE(v->errors.size(), 3U);
        QCOMPARE(v->errors[0].line, 5U);
        QCOMPARE(v->errors[1].line, 6U);
        QVERIFY(v->errors[1].message.find("base64") != std::string::npos);
        QCOMPARE(v->errors[2].line, 7U);
        QVERIFY(v->errors[2].message.find("partition") != std::string::npos);
        QVERIFY(v->advice.find("3 lines") != std::string::npos);
        QCOMPARE(v->toJson().value(QStringLiteral("errorCount")).toInt(), 3);
    }

    void validationListsOnlyTheFirstErrors()
    {
        QTemporaryDir dir;
        QByteArray content;
        for (int i = 0; i < 50; ++i)
            content += "{\n";
        auto v = importing::validateJsonlFile(writeFile(dir, "many.jsonl", content));
        QVERIFY(v);
        QCOMPARE(v->errorCount, 50U);
        QCOMPARE(v->errors.size(), importing::kErrorListLimit);
        QCOMPARE(v->errors.back().line, static_cast<std::uint64_t>(importing::kErrorListLimit));
    }

    void emptyAndMissingFiles()
    {
        QTemporaryDir dir;
        auto empty = importing::validateJsonlFile(writeFile(dir, "empty.jsonl", "\n\n"));
        QVERIFY(empty);
        QVERIFY(!empty->ok());
        QVERIFY(empty->advice.find("no records") != std::string::npos);
        auto missing = importing::validateJsonlFile(dir.filePath(QStringLiteral("absent.jsonl")));
        QVERIFY(!missing);
        QCOMPARE(missing.error().kind, ErrorKind::NotFound);
    }

    void optionNames()
    {
        QCOMPARE(importing::nameOf(importing::PartitionMode::ByKey), std::string_view("key"));
        QCOMPARE(importing::nameOf(importing::PartitionMode::FromFile), std::string_view("file"));
        QCOMPARE(importing::nameOf(importing::TimestampMode::Keep), std::string_view("keep"));
        QCOMPARE(importing::nameOf(importing::TimestampMode::Now), std::string_view("now"));
    }

    void fileWithErrorsIsRefusedBeforeAnything()
    {
        QTemporaryDir dir;
        const QString audit = dir.filePath(QStringLiteral("audit.jsonl"));
        importing::ImportOptions options;
        options.cluster = "local";
        options.topic = "t";
        options.auditPath = audit;
        importing::JsonlImporter importer(workspace(false), kafka::makeEnvSecretResolver(), options);
        const auto before = producersCreated();
        auto report = importer.execute(writeFile(dir, "bad.jsonl", kGood + "oops\n"));
        QVERIFY(!report);
        QVERIFY(report.error().message.find("Line 5") != std::string::npos);
        QCOMPARE(producersCreated(), before);
        QVERIFY(!QFile::exists(audit));
    }

    void unknownClusterIsRefused()
    {
        QTemporaryDir dir;
        importing::ImportOptions options;
        options.cluster = "elsewhere";
        options.topic = "t";
        options.auditPath = dir.filePath(QStringLiteral("audit.jsonl"));
        importing::JsonlImporter importer(workspace(false), kafka::makeEnvSecretResolver(), options);
        auto report = importer.execute(writeFile(dir, "good.jsonl", kGood));
        QVERIFY(!report);
        QCOMPARE(report.error().kind, ErrorKind::NotFound);
    }

    void readOnlyClusterIsRefusedWithoutAProducer()
    {
        QTemporaryDir dir;
        const QString audit = dir.filePath(QStringLiteral("audit.jsonl"));
        importing::ImportOptions options;
        options.cluster = "local";
        options.topic = "t";
        options.auditPath = audit;
        importing::JsonlImporter importer(workspace(true), kafka::makeEnvSecretResolver(), options);
        const auto gateBefore = kafka::gateCounts();
        auto report = importer.execute(writeFile(dir, "good.jsonl", kGood));
        const auto gateAfter = kafka::gateCounts();
        QVERIFY(!report);
        QVERIFY(report.error().message.find("read-only") != std::string::npos
            || report.error().message.find("read only") != std::string::npos);
        QCOMPARE(gateAfter.allowedTotal(), gateBefore.allowedTotal());
        QCOMPARE(gateAfter.refusedTotal(), gateBefore.refusedTotal() + 1);
        // Intent and a "refused" outcome, chained.
        const auto entries = audit::AuditLog(audit).readAll();
        QCOMPARE(entries.size(), 2U);
        QCOMPARE(entries[0].value(QStringLiteral("action")).toString(), QStringLiteral("import"));
        QVERIFY(entries[1].value(QStringLiteral("result")).toString().startsWith(QStringLiteral("refused")));
        QVERIFY(audit::AuditLog::verify(audit).ok);
    }

    void unwritableAuditLogRefusesTheImport()
    {
        QTemporaryDir dir;
        const QString blocker = writeFile(dir, "file-not-folder", "x");
        importing::ImportOptions options;
        options.cluster = "local";
        options.topic = "t";
        options.auditPath = blocker + QStringLiteral("/audit.jsonl"); // a folder that cannot exist
        importing::JsonlImporter importer(workspace(false), kafka::makeEnvSecretResolver(), options);
        const auto before = producersCreated();
        auto report = importer.execute(writeFile(dir, "good.jsonl", kGood));
        QVERIFY(!report);
        QVERIFY(report.error().message.find("audit log") != std::string::npos);
        QCOMPARE(producersCreated(), before);
    }
};

QTEST_GUILESS_MAIN(TestJsonlImport)
#include "test_jsonl_import.moc"
