// SPDX-License-Identifier: Apache-2.0
// The offset-reset dialog on the real broker, driven as an operator would: a preview while
// a consumer is active shows its client and execution is refused; once it stops, the
// execution writes exactly the previewed offsets (read back from the broker), record times
// are shown, clamping is flagged, and the audit view lists the action with its report.
#include "audit/audit_view.h"
#include "kafka/admin_calls.h"
#include "reset/reset_offsets_dialog.h"
#include "reset/reset_preview_model.h"
#include "support/stack_env.h"

#include <QPushButton>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace sluice;
using namespace sluice::testing;
using namespace sluice::ui;
using namespace Qt::Literals::StringLiterals;

class TestResetDialog : public QObject {
    Q_OBJECT
private:
    std::string m_bootstrap;
    Client m_admin;
    QTemporaryDir m_dir;

    void commit(
        const std::string& group, const std::string& topic, const std::vector<std::pair<int, std::int64_t>>& offsets)
    {
        QCOMPARE(testing::commitOffsets(m_bootstrap, group, topic, offsets), std::string());
    }

    // Runs Preview and waits for its answer; true when it succeeded.
    bool preview(ResetOffsetsDialog& dialog)
    {
        QSignalSpy done(&dialog, &ResetOffsetsDialog::previewFinished);
        dialog.startPreview();
        if (!done.wait(30000))
            return false;
        return done.at(0).at(0).toBool();
    }

private slots:
    void initTestCase()
    {
        m_bootstrap = stackEnvOrFail().at(QStringLiteral("SLUICE_KAFKA_BOOTSTRAP")).toStdString();
        m_admin = makeClient(m_bootstrap, RD_KAFKA_PRODUCER);
    }

    void refusedWhileActiveThenAppliedAsPreviewed()
    {
        const std::string topic = uniqueName("resetui"), group = uniqueName("resetui-g");
        QCOMPARE(createTopic(m_admin.get(), topic, 2), std::string());
        QVERIFY(produce(m_admin.get(), topic, 0, 10));
        QVERIFY(produce(m_admin.get(), topic, 1, 10));
        commit(group, topic, { { 0, 5 }, { 1, 8 } });

        const QString auditPath = m_dir.filePath(u"audit.jsonl"_s);
        ResetDialogContext context;
        context.cluster.name = "local";
        context.cluster.bootstrapServers = { m_bootstrap };
        context.secrets = kafka::makeEnvSecretResolver();
        context.auditPath = auditPath;
        context.group = QString::fromStdString(group);
        context.topics = { QString::fromStdString(topic) };
        ResetOffsetsDialog dialog(context);
        dialog.setConfirmer([](const TypedConfirmation::Request&) { return true; });
        dialog.setScope(ResetOffsetsDialog::Scope::OneTopic, QString::fromStdString(topic));
        dialog.setMode(reset::ResetKind::ShiftBy, u"-3"_s);

        {
            Client member = makeClient(m_bootstrap, RD_KAFKA_CONSUMER,
                { { "group.id", group }, { "client.id", "resetui-member" }, { "enable.auto.commit", "false" },
                    { "session.timeout.ms", "6000" } });
            rd_kafka_poll_set_consumer(member.get());
            rd_kafka_topic_partition_list_t* subscription = rd_kafka_topic_partition_list_new(1);
            rd_kafka_topic_partition_list_add(subscription, topic.c_str(), RD_KAFKA_PARTITION_UA);
            rd_kafka_subscribe(member.get(), subscription);
            rd_kafka_topic_partition_list_destroy(subscription);
            auto assigned = [&] {
                if (rd_kafka_message_t* m = rd_kafka_consumer_poll(member.get(), 100))
                    rd_kafka_message_destroy(m);
                rd_kafka_topic_partition_list_t* assignment = nullptr;
                rd_kafka_assignment(member.get(), &assignment);
                const bool any = assignment && assignment->cnt > 0;
                if (assignment)
                    rd_kafka_topic_partition_list_destroy(assignment);
                return any;
            };
            QVERIFY(QTest::qWaitFor(assigned, 30000));
            QVERIFY(preview(dialog));
            QVERIFY(dialog.preview()->activeMembers >= 1);
            QVERIFY2(dialog.bannerText().contains(u"resetui-member"_s), qPrintable(dialog.bannerText()));
            QVERIFY(!dialog.executeButton()->isEnabled());
            QSignalSpy executed(&dialog, &ResetOffsetsDialog::executeFinished);
            dialog.execute();
            QCOMPARE(executed.count(), 1);
            QCOMPARE(executed.at(0).at(0).toBool(), false);
            QVERIFY(dialog.executeBlockedReason().contains(u"active member"_s));
            rd_kafka_consumer_close(member.get());
        }

        // Stopped: once the group is empty the preview allows execution.
        QVERIFY(QTest::qWaitFor([&] { return preview(dialog) && dialog.preview()->activeMembers == 0; }, 40000));
        const reset::ResetPreview& shown = *dialog.preview();
        QCOMPARE(shown.rows.size(), std::size_t(2));
        QCOMPARE(shown.rows[0].current, std::optional<std::int64_t>(5));
        QCOMPARE(shown.rows[0].target, 2);
        QCOMPARE(shown.rows[1].target, 5);
        QVERIFY(shown.rows[0].targetTimeMs.has_value()); // read from the record at offset 2
        QVERIFY(shown.rows[0].currentTimeMs.has_value());
        QVERIFY(dialog.executeButton()->isEnabled());
        const std::vector<reset::ResetRow> reviewedRows = shown.rows;

        QSignalSpy executed(&dialog, &ResetOffsetsDialog::executeFinished);
        dialog.execute();
        QVERIFY(executed.wait(30000));
        QVERIFY2(executed.at(0).at(0).toBool(), qPrintable(dialog.bannerText()));
        auto committed = kafka::committedOffsets(m_admin.get(), group, std::chrono::milliseconds(10000));
        QVERIFY(committed);
        for (const reset::ResetRow& row : reviewedRows)
            QCOMPARE(committed->at(domain::TopicPartition { topic, row.partition }), row.target);
        QVERIFY(!dialog.executeButton()->isEnabled()); // a second run needs a new preview

        // Clamping shows in the table.
        dialog.setMode(reset::ResetKind::ShiftBy, u"-100"_s);
        QVERIFY(preview(dialog));
        QVERIFY(dialog.previewModel()->index(0, 0).data(ResetPreviewModel::IsClampedRole).toBool());

        // The audit view lists the action with its report.
        AuditView view(u"local"_s, auditPath);
        QTRY_VERIFY(view.isLoaded());
        QCOMPARE(view.model()->rowCount(), 1);
        const AuditAction* action = view.model()->actionAt(0);
        QCOMPARE(action->action, u"offset-reset"_s);
        QCOMPARE(action->result, u"ok"_s);
        QCOMPARE(action->actionId.toStdString(), dialog.lastOutcome()->actionId);
        QCOMPARE(action->plan.toStdString(), dialog.lastOutcome()->planHash);
        QVERIFY(view.verificationText().contains(u"OK, 2 entries"_s));
        view.selectRow(0);
        QTRY_VERIFY_WITH_TIMEOUT(view.reportSummaryText().contains(u"Offset reset"_s), 10000);
    }
};

QTEST_MAIN(TestResetDialog)
#include "test_reset_dialog.moc"
