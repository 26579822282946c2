// SPDX-License-Identifier: Apache-2.0
// The in-app JSON Lines import on the real broker: a file with a bad line is refused with
// the line named and nothing written; a good file is imported only after the confirmation,
// into the chosen topic, byte-exact (binary key, null value, duplicate headers), with the
// report accounting for every record; a read-only cluster is refused before any write.
#include "browse/import_dialog.h"
#include "common/file_prompts.h"
#include "kafka/admin_calls.h"
#include "support/replay_fixture.h"
#include "support/stack_env.h"

#include <QFile>
#include <QPushButton>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace sluice;
using namespace sluice::testing;
using sluice::ui::ImportDialog;
using sluice::ui::ImportDialogContext;


class TestImportDialog : public QObject {
    Q_OBJECT
private:
    std::string m_bootstrap;
    Client m_admin;
    QTemporaryDir m_dir;

    ImportDialogContext context(const std::string& topic, bool readOnly)
    {
        ImportDialogContext c;
        c.cluster.name = "local";
        c.cluster.bootstrapServers = { m_bootstrap };
        c.cluster.readOnly = readOnly;
        c.secrets = kafka::makeEnvSecretResolver();
        c.auditPath = m_dir.filePath(QStringLiteral("audit.jsonl"));
        c.topic = QString::fromStdString(topic);
        c.topics = { QString::fromStdString(topic) };
        return c;
    }

    std::int64_t endOffset(const std::string& topic)
    {
        std::int64_t low = -1, high = -1;
        rd_kafka_query_watermark_offsets(m_admin.get(), topic.c_str(), 0, &low, &high, 10000);
        return high;
    }

private slots:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        m_bootstrap = stackEnvOrFail().at(QStringLiteral("SLUICE_KAFKA_BOOTSTRAP")).toStdString();
        m_admin = makeClient(m_bootstrap, RD_KAFKA_PRODUCER);
    }

    void badLineIsRefusedWithItsNumber()
    {
        const std::string topic = uniqueName("imp-bad");
        QCOMPARE(createTopic(m_admin.get(), topic, 1), std::string());
        const QString path = m_dir.filePath(QStringLiteral("bad.jsonl"));
        QVERIFY(writeFile(path, QByteArray(R"({"partition":0,"key":"a","value":"1"})" "\n"
                                   R"({"partition":0,"key":{"base64":"***"},"value":"2"})" "\n")));
        ImportDialog dialog(context(topic, false), nullptr);
        QSignalSpy validated(&dialog, &ImportDialog::validated);
        dialog.setFile(path);
        QVERIFY(dialog.isBusy());
        QVERIFY(validated.wait(10000));
        QVERIFY(dialog.validation().has_value());
        QCOMPARE(dialog.validation()->errorCount, std::uint64_t { 1 });
        QVERIFY2(dialog.problemsText().startsWith(QStringLiteral("line 2:")), qPrintable(dialog.problemsText()));
        QVERIFY(!dialog.importButton()->isEnabled());
        QVERIFY(!dialog.importBlockedReason().isEmpty());
        QVERIFY(!dialog.startImport());
        QCOMPARE(endOffset(topic), std::int64_t { 0 });
    }

    void goodFileIsImportedByteExactAfterConfirmation()
    {
        const std::string topic = uniqueName("imp-good");
        QCOMPARE(createTopic(m_admin.get(), topic, 1), std::string());
        const QString path = m_dir.filePath(QStringLiteral("good.jsonl"));
        // "AP8B" is the bytes 00 ff 01: not UTF-8, so base64 in the file.
        QVERIFY(writeFile(path,
            QByteArray(R"({"partition":0,"key":{"base64":"AP8B"},"value":"first","headers":[{"name":"h","value":"a"},{"name":"h","value":null}]})" "\n"
                       "\n"
                       R"({"partition":0,"key":"k2","value":null})" "\n"
                       R"({"partition":0,"value":""})" "\n")));
        ImportDialog dialog(context(topic, false), nullptr);
        int asked = 0;
        bool answer = false;
        dialog.setConfirmer([&](const ui::TypedConfirmation::Request& request) {
            ++asked;
            [&] { QVERIFY(request.summary.contains(QString::fromStdString(topic))); }();
            return answer;
        });
        QSignalSpy validated(&dialog, &ImportDialog::validated);
        dialog.setFile(path);
        QVERIFY(validated.wait(10000));
        QCOMPARE(dialog.validation()->records, std::uint64_t { 3 });
        QCOMPARE(dialog.validation()->nullValues, std::uint64_t { 1 });
        QVERIFY2(dialog.importBlockedReason().isEmpty(), qPrintable(dialog.importBlockedReason()));
        QVERIFY(dialog.importButton()->isEnabled());

        QVERIFY(!dialog.startImport()); // declined at the confirmation: nothing written
        QCOMPARE(asked, 1);
        QCOMPARE(endOffset(topic), std::int64_t { 0 });

        answer = true;
        QSignalSpy finished(&dialog, &ImportDialog::importFinished);
        QVERIFY(dialog.startImport());
        QVERIFY(!dialog.importButton()->isEnabled()); // no second import while one runs
        QVERIFY(finished.wait(60000));
        QCOMPARE(finished.at(0).at(0).toBool(), true);
        QVERIFY(dialog.report().has_value());
        QCOMPARE(dialog.report()->produced, std::uint64_t { 3 });
        QVERIFY(dialog.report()->accountsForEveryRecord());
        QVERIFY2(dialog.bannerText().contains(QStringLiteral("Imported 3")), qPrintable(dialog.bannerText()));

        const auto records = readAll(m_bootstrap, topic, 1);
        QCOMPARE(records.size(), std::size_t { 3 });
        QCOMPARE(records[0].key, std::optional<std::string>(std::string("\x00\xff\x01", 3)));
        QCOMPARE(records[0].value, std::optional<std::string>("first"));
        QCOMPARE(records[0].headers.size(), std::size_t { 2 });
        QCOMPARE(records[0].headers[0].name, std::string("h"));
        QCOMPARE(records[0].headers[0].value, std::optional<std::string>("a"));
        QCOMPARE(records[0].headers[1].name, std::string("h"));
        QVERIFY(!records[0].headers[1].value);
        QCOMPARE(records[1].key, std::optional<std::string>("k2"));
        QVERIFY(!records[1].value);
        QVERIFY(!records[2].key);
        QCOMPARE(records[2].value, std::optional<std::string>(std::string()));
    }

    void readOnlyClusterIsRefused()
    {
        const std::string topic = uniqueName("imp-ro");
        QCOMPARE(createTopic(m_admin.get(), topic, 1), std::string());
        const QString path = m_dir.filePath(QStringLiteral("ro.jsonl"));
        QVERIFY(writeFile(path, QByteArray(R"({"partition":0,"key":"a","value":"1"})" "\n")));
        ImportDialog dialog(context(topic, true), nullptr);
        dialog.setConfirmer([](const ui::TypedConfirmation::Request&) { return true; });
        QSignalSpy validated(&dialog, &ImportDialog::validated);
        dialog.setFile(path);
        QVERIFY(validated.wait(10000));
        QVERIFY(dialog.importBlockedReason().contains(QStringLiteral("read-only")));
        QVERIFY(!dialog.startImport());
        QCOMPARE(endOffset(topic), std::int64_t { 0 });
    }

    void unknownTargetIsRefused()
    {
        const std::string topic = uniqueName("imp-target");
        QCOMPARE(createTopic(m_admin.get(), topic, 1), std::string());
        const QString path = m_dir.filePath(QStringLiteral("t.jsonl"));
        QVERIFY(writeFile(path, QByteArray(R"({"partition":0,"key":"a","value":"1"})" "\n")));
        ImportDialog dialog(context(topic, false), nullptr);
        QSignalSpy validated(&dialog, &ImportDialog::validated);
        dialog.setFile(path);
        QVERIFY(validated.wait(10000));
        dialog.setTarget(QStringLiteral("no-such-topic"));
        QVERIFY(dialog.importBlockedReason().contains(QStringLiteral("does not exist")));
        QVERIFY(!dialog.importButton()->isEnabled());
    }
};

QTEST_MAIN(TestImportDialog)
#include "test_import_dialog.moc"
