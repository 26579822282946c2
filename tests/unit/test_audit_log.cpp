// SPDX-License-Identifier: Apache-2.0
// The audit log: entries chain by hash, any edit, removal or reordering is found, and an
// action whose entry cannot be written is refused.
#include "audit/audit_log.h"

#include <QFile>
#include <QJsonDocument>
#include <QTemporaryDir>
#include <QTest>

using namespace sluice;

namespace {

audit::AuditEntry entry(const QString& phase, const QString& id)
{
    audit::AuditEntry e;
    e.phase = phase;
    e.action = QStringLiteral("replay");
    e.cluster = QStringLiteral("local");
    e.actionId = id;
    e.plan = QStringLiteral("abc123");
    e.result = phase == QLatin1String("outcome") ? QStringLiteral("ok") : QString();
    return e;
}

QList<QByteArray> lines(const QString& path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    QList<QByteArray> out = file.readAll().split('\n');
    while (!out.isEmpty() && out.back().isEmpty())
        out.pop_back();
    return out;
}

void writeLines(const QString& path, const QList<QByteArray>& content)
{
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
    for (const QByteArray& line : content)
        file.write(line + '\n');
}

} // namespace

class TestAuditLog : public QObject {
    Q_OBJECT
private slots:
    void chainVerifies()
    {
        QTemporaryDir dir;
        audit::AuditLog log(dir.filePath(QStringLiteral("sub/audit.jsonl")));
        for (int i = 0; i < 5; ++i) {
            auto intent = log.append(entry(QStringLiteral("intent"), QString::number(i)));
            QVERIFY2(intent, intent ? "" : intent.error().message.c_str());
            QCOMPARE(intent->value(QStringLiteral("seq")).toInteger(), 2 * i + 1);
            QVERIFY(log.append(entry(QStringLiteral("outcome"), QString::number(i))));
        }
        const auto all = log.readAll();
        QCOMPARE(all.size(), std::size_t(10));
        QCOMPARE(all[0].value(QStringLiteral("prev")).toString(), QString());
        QCOMPARE(all[1].value(QStringLiteral("prev")).toString(), all[0].value(QStringLiteral("hash")).toString());
        QVERIFY(!all[0].value(QStringLiteral("user")).toString().isEmpty());
        const auto verdict = audit::AuditLog::verify(log.path());
        QVERIFY2(verdict.ok, qPrintable(verdict.problem));
        QCOMPARE(verdict.entries, 10);
    }

    void editDetected()
    {
        QTemporaryDir dir;
        audit::AuditLog log(dir.filePath(QStringLiteral("audit.jsonl")));
        for (int i = 0; i < 3; ++i)
            QVERIFY(log.append(entry(QStringLiteral("intent"), QString::number(i))));
        auto content = lines(log.path());
        QCOMPARE(content.size(), 3);
        QJsonObject second = QJsonDocument::fromJson(content[1]).object();
        second.insert(QStringLiteral("cluster"), QStringLiteral("other"));
        content[1] = QJsonDocument(second).toJson(QJsonDocument::Compact);
        writeLines(log.path(), content);
        const auto verdict = audit::AuditLog::verify(log.path());
        QVERIFY(!verdict.ok);
        QCOMPARE(verdict.firstBadLine, 2);
        QVERIFY(verdict.problem.contains(QLatin1String("edited")));
    }

    void removalAndReorderDetected()
    {
        QTemporaryDir dir;
        audit::AuditLog log(dir.filePath(QStringLiteral("audit.jsonl")));
        for (int i = 0; i < 4; ++i)
            QVERIFY(log.append(entry(QStringLiteral("intent"), QString::number(i))));
        const auto original = lines(log.path());

        auto removed = original;
        removed.removeAt(1);
        writeLines(log.path(), removed);
        auto verdict = audit::AuditLog::verify(log.path());
        QVERIFY(!verdict.ok);
        QCOMPARE(verdict.firstBadLine, 2);

        auto swapped = original;
        swapped.swapItemsAt(2, 3);
        writeLines(log.path(), swapped);
        verdict = audit::AuditLog::verify(log.path());
        QVERIFY(!verdict.ok);
        QCOMPARE(verdict.firstBadLine, 3);

        // Rewriting an entry with a recomputed hash still breaks the next link.
        auto rehashed = original;
        QJsonObject first = QJsonDocument::fromJson(rehashed[0]).object();
        first.insert(QStringLiteral("result"), QStringLiteral("forged"));
        first.insert(QStringLiteral("hash"), audit::AuditLog::hashOf(first, QString()));
        rehashed[0] = QJsonDocument(first).toJson(QJsonDocument::Compact);
        writeLines(log.path(), rehashed);
        verdict = audit::AuditLog::verify(log.path());
        QVERIFY(!verdict.ok);
        QCOMPARE(verdict.firstBadLine, 2);
    }

    void damagedTailRefusesAppend()
    {
        QTemporaryDir dir;
        audit::AuditLog log(dir.filePath(QStringLiteral("audit.jsonl")));
        QVERIFY(log.append(entry(QStringLiteral("intent"), QStringLiteral("1"))));
        QFile file(log.path());
        QVERIFY(file.open(QIODevice::Append));
        file.write("{\"seq\":2,\"torn");
        file.close();
        const auto refused = log.append(entry(QStringLiteral("intent"), QStringLiteral("2")));
        QVERIFY(!refused);
        QVERIFY(QString::fromStdString(refused.error().message).contains(QLatin1String("refused")));
    }

    void unwritableLogRefuses()
    {
        QTemporaryDir dir;
        // A regular file where the folder should be: the log cannot be created.
        QFile blocker(dir.filePath(QStringLiteral("notadir")));
        QVERIFY(blocker.open(QIODevice::WriteOnly));
        blocker.close();
        audit::AuditLog log(dir.filePath(QStringLiteral("notadir/audit.jsonl")));
        const auto refused = log.append(entry(QStringLiteral("intent"), QStringLiteral("1")));
        QVERIFY(!refused);
        QVERIFY(QString::fromStdString(refused.error().message).contains(QLatin1String("refused")));
    }

    void missingLogVerifiesEmpty()
    {
        QTemporaryDir dir;
        const auto verdict = audit::AuditLog::verify(dir.filePath(QStringLiteral("none.jsonl")));
        QVERIFY(verdict.ok);
        QCOMPARE(verdict.entries, 0);
    }
};

QTEST_GUILESS_MAIN(TestAuditLog)
#include "test_audit_log.moc"
