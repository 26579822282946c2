// SPDX-License-Identifier: Apache-2.0
// Offset resets on the real broker: refused while the group has active members; applied
// exactly as previewed when it is empty (Kafka's own consumer-group tool shows the same
// offsets afterwards); refused when the group changed since the preview; refused on a
// read-only cluster with nothing changed.
#include "audit/audit_log.h"
#include "kafka/admin_calls.h"
#include "kafka/write_gate.h"
#include "reset/offset_reset.h"
#include "support/stack_env.h"

#include <QTemporaryDir>
#include <QTest>

using namespace sluice;
using namespace sluice::testing;

class TestOffsetReset : public QObject {
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

    config::ClusterConfig cluster(bool readOnly)
    {
        config::ClusterConfig c;
        c.name = "local";
        c.bootstrapServers = { m_bootstrap };
        c.readOnly = readOnly;
        return c;
    }

    std::map<int, QString> toolOffsets(const std::string& group, const std::string& topic)
    {
        const auto env = stackEnvOrFail();
        const QString lib = env.at(QStringLiteral("SLUICE_STACK_LIB"));
        QProcess tool;
        tool.start(QStringLiteral("java"),
            { QStringLiteral("-cp"), lib + QStringLiteral("/tools/*:") + lib + QStringLiteral("/kafka/*"),
                QStringLiteral("org.apache.kafka.tools.consumer.group.ConsumerGroupCommand"),
                QStringLiteral("--bootstrap-server"), QString::fromStdString(m_bootstrap), QStringLiteral("--describe"),
                QStringLiteral("--group"), QString::fromStdString(group) });
        std::map<int, QString> out;
        if (!tool.waitForFinished(60000))
            return out;
        for (const QString& line : QString::fromUtf8(tool.readAllStandardOutput()).split(QLatin1Char('\n'))) {
            const QStringList cols = line.simplified().split(QLatin1Char(' '));
            if (cols.size() >= 4 && cols[0] == QString::fromStdString(group)
                && cols[1] == QString::fromStdString(topic))
                out[cols[2].toInt()] = cols[3];
        }
        return out;
    }

private slots:
    void initTestCase()
    {
        m_bootstrap = stackEnvOrFail().at(QStringLiteral("SLUICE_KAFKA_BOOTSTRAP")).toStdString();
        m_admin = makeClient(m_bootstrap, RD_KAFKA_PRODUCER);
    }

    void refusedWhileActiveThenAppliedAsPreviewed()
    {
        const std::string topic = uniqueName("reset"), group = uniqueName("reset-g");
        QCOMPARE(createTopic(m_admin.get(), topic, 2), std::string());
        QVERIFY(produce(m_admin.get(), topic, 0, 10));
        QVERIFY(produce(m_admin.get(), topic, 1, 10));
        commit(group, topic, { { 0, 5 }, { 1, 8 } });

        const QString auditPath = m_dir.filePath(QStringLiteral("audit.jsonl"));
        reset::OffsetResetter resetter(cluster(false), kafka::makeEnvSecretResolver(), auditPath);
        reset::ResetSpec spec;
        spec.group = group;
        spec.topic = topic;
        spec.kind = reset::ResetKind::ShiftBy;
        spec.value = -3;

        {
            // An active member: subscribed and assigned.
            Client member = makeClient(m_bootstrap, RD_KAFKA_CONSUMER,
                { { "group.id", group }, { "enable.auto.commit", "false" }, { "session.timeout.ms", "6000" } });
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
            auto preview = resetter.preview(spec);
            QVERIFY2(preview, preview ? "" : preview.error().message.c_str());
            QVERIFY(preview->activeMembers >= 1);
            QVERIFY(!preview->canApply());
            const Status refused = resetter.apply(*preview);
            QVERIFY(!refused);
            QVERIFY(refused.error().message.find("active member") != std::string::npos);
            rd_kafka_consumer_close(member.get());
        }

        // Empty now: the preview shows the shift, and clamping when it goes too far.
        QTRY_VERIFY_WITH_TIMEOUT(resetter.preview(spec) && resetter.preview(spec)->activeMembers == 0, 30000);
        reset::ResetSpec far = spec;
        far.value = -100;
        auto clamped = resetter.preview(far);
        QVERIFY(clamped);
        QCOMPARE(clamped->rows[0].target, 0);
        QVERIFY(!clamped->rows[0].clamped.empty());

        auto preview = resetter.preview(spec);
        QVERIFY(preview);
        QCOMPARE(preview->rows.size(), std::size_t(2));
        QCOMPARE(preview->rows[0].current, std::optional<std::int64_t>(5));
        QCOMPARE(preview->rows[0].target, 2);
        QCOMPARE(preview->rows[0].toReprocess, 8);
        QCOMPARE(preview->rows[1].target, 5);
        const Status applied = resetter.apply(*preview);
        QVERIFY2(applied, applied ? "" : applied.error().message.c_str());

        const auto tool = toolOffsets(group, topic);
        QCOMPARE(tool.size(), std::size_t(2));
        QCOMPARE(tool.at(0), QStringLiteral("2"));
        QCOMPARE(tool.at(1), QStringLiteral("5"));
        const auto verdict = audit::AuditLog::verify(auditPath);
        QVERIFY(verdict.ok);
        QVERIFY(verdict.entries >= 2);

        // Changed since the preview: refused, nothing applied.
        auto stale = resetter.preview(spec);
        QVERIFY(stale);
        commit(group, topic, { { 0, 7 }, { 1, 7 } });
        const Status refused = resetter.apply(*stale);
        QVERIFY(!refused);
        QVERIFY(refused.error().message.find("changed since the preview") != std::string::npos);
        QCOMPARE(toolOffsets(group, topic).at(0), QStringLiteral("7"));
    }

    void readOnlyRefused()
    {
        const std::string topic = uniqueName("reset-ro"), group = uniqueName("reset-ro-g");
        QCOMPARE(createTopic(m_admin.get(), topic, 1), std::string());
        QVERIFY(produce(m_admin.get(), topic, 0, 5));
        commit(group, topic, { { 0, 4 } });
        reset::OffsetResetter resetter(
            cluster(true), kafka::makeEnvSecretResolver(), m_dir.filePath(QStringLiteral("audit-ro.jsonl")));
        reset::ResetSpec spec;
        spec.group = group;
        spec.topic = topic;
        spec.kind = reset::ResetKind::Earliest;
        auto preview = resetter.preview(spec);
        QVERIFY(preview);
        const auto before = kafka::gateCounts();
        const Status refused = resetter.apply(*preview);
        QVERIFY(!refused);
        QVERIFY(refused.error().message.find("read-only") != std::string::npos);
        QCOMPARE(kafka::gateCounts().allowedTotal(), before.allowedTotal());
        auto committed = kafka::committedOffsets(m_admin.get(), group, std::chrono::milliseconds(10000));
        QVERIFY(committed);
        QCOMPARE(committed->at(domain::TopicPartition { topic, 0 }), 4);
    }
};

QTEST_GUILESS_MAIN(TestOffsetReset)
#include "test_offset_reset.moc"
