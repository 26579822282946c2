// SPDX-License-Identifier: Apache-2.0
// The dead-letter inspector on a dead-letter topic that the real Kafka Connect worker of the
// local stack wrote (tests/stack/stack.sh start --connect): a FileStreamSinkConnector with
// JSON converters for key and value parks records whose key or value is not JSON. The
// inspector's model shows, for every parked record, the original topic/partition/offset,
// connector, task, stage and exception class exactly as Connect's __connect.errors.* headers
// say; the groups by stage and by exception class add up to the record count; selecting a
// group selects its records; and "open original" leads the message browser to the very
// record that was produced.
#include "browse/message_browser_view.h"
#include "browse/message_table_model.h"
#include "deadletters/dead_letter_inspector.h"
#include "deadletters/dead_letter_table_model.h"
#include "dlq/convention_detector.h"
#include "kafka/cluster_session.h"
#include "settings/app_settings.h"
#include "support/stack_env.h"

#include <QAbstractItemModelTester>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QSignalSpy>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <map>
#include <set>

using namespace sluice;
using namespace sluice::ui;

namespace {

// One record we produce to the source topic, and what Connect should make of it.
struct Sent {
    int partition = 0;
    std::int64_t offset = 0; // deterministic: one producer, idempotent, a fresh topic
    std::string key;
    std::string value;
    const char* stage = nullptr; // null: valid, goes to the sink file
};

std::vector<Sent> recordsToSend()
{
    return {
        { 0, 0, R"("k-ok")", R"({"order":1})", nullptr },
        { 0, 1, R"("k-1")", "order=2 {not json", "VALUE_CONVERTER" },
        { 0, 2, "key-not-json{", R"({"order":3})", "KEY_CONVERTER" },
        { 1, 0, R"("k-2")", "order=4 ]also not json", "VALUE_CONVERTER" },
        { 1, 1, "{broken key", R"({"order":5})", "KEY_CONVERTER" },
    };
}

std::optional<std::string> headerOf(const decode::Record& record, const std::string& name)
{
    for (const decode::Header& h : record.headers) {
        if (h.name == name && h.value)
            return std::string(h.value->begin(), h.value->end());
    }
    return std::nullopt;
}

} // namespace

class TestDeadLetterInspectorConnect : public QObject {
    Q_OBJECT
private:
    std::string m_bootstrap;
    QString m_connectUrl;
    std::string m_topic;
    std::string m_dlqTopic;
    QString m_connector;
    std::size_t m_parked = 0;
    QTemporaryDir m_dir;
    std::unique_ptr<AppSettings> m_settings;
    std::unique_ptr<kafka::ClusterSession> m_session;
    QNetworkAccessManager m_network;
    testing::Client m_watermarks; // reads the dead-letter topic's watermarks

    // One bounded HTTP exchange with Connect's REST API; returns the status (0: no answer).
    int http(const QByteArray& verb, const QString& path, const QByteArray& body = {})
    {
        QNetworkRequest request(QUrl(m_connectUrl + path));
        request.setHeader(QNetworkRequest::ContentTypeHeader, QStringLiteral("application/json"));
        request.setTransferTimeout(15000);
        QNetworkReply* reply = m_network.sendCustomRequest(request, verb, body);
        QSignalSpy done(reply, &QNetworkReply::finished);
        if (!done.wait(20000))
            return 0;
        const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        reply->deleteLater();
        return status;
    }

    std::int64_t dlqRecordCount()
    {
        if (!m_watermarks)
            m_watermarks = testing::makeClient(m_bootstrap, RD_KAFKA_CONSUMER, { { "group.id", "unused" } });
        std::int64_t low = 0;
        std::int64_t high = 0;
        if (rd_kafka_query_watermark_offsets(m_watermarks.get(), m_dlqTopic.c_str(), 0, &low, &high, 2000))
            return -1; // not created yet
        return high - low;
    }

private slots:
    void initTestCase()
    {
        auto env = testing::stackEnvOrFail();
        m_bootstrap = env[QStringLiteral("SLUICE_KAFKA_BOOTSTRAP")].toStdString();
        m_connectUrl = env[QStringLiteral("SLUICE_CONNECT_URL")];
        QVERIFY2(!m_connectUrl.isEmpty(), "the stack has no Kafka Connect worker: start it with --connect");
        const QString stackDir = env[QStringLiteral("SLUICE_STACK_DIR")];
        m_topic = testing::uniqueName("it-dli");
        m_dlqTopic = m_topic + ".dlq";
        m_connector = QString::fromStdString(m_topic) + QStringLiteral("-sink");

        auto producer = testing::makeClient(m_bootstrap, RD_KAFKA_PRODUCER, { { "enable.idempotence", "true" } });
        QCOMPARE(testing::createTopic(producer.get(), m_topic, 2), std::string());
        const QJsonObject config {
            { QStringLiteral("connector.class"),
                QStringLiteral("org.apache.kafka.connect.file.FileStreamSinkConnector") },
            { QStringLiteral("tasks.max"), QStringLiteral("1") },
            { QStringLiteral("topics"), QString::fromStdString(m_topic) },
            { QStringLiteral("file"), stackDir + QStringLiteral("/connect/") + m_connector + QStringLiteral(".txt") },
            { QStringLiteral("key.converter"), QStringLiteral("org.apache.kafka.connect.json.JsonConverter") },
            { QStringLiteral("key.converter.schemas.enable"), QStringLiteral("false") },
            { QStringLiteral("value.converter"), QStringLiteral("org.apache.kafka.connect.json.JsonConverter") },
            { QStringLiteral("value.converter.schemas.enable"), QStringLiteral("false") },
            { QStringLiteral("errors.tolerance"), QStringLiteral("all") },
            { QStringLiteral("errors.deadletterqueue.topic.name"), QString::fromStdString(m_dlqTopic) },
            { QStringLiteral("errors.deadletterqueue.topic.replication.factor"), QStringLiteral("1") },
            { QStringLiteral("errors.deadletterqueue.context.headers.enable"), QStringLiteral("true") },
        };
        const QByteArray body = QJsonDocument(config).toJson(QJsonDocument::Compact);
        // 409: the worker is rebalancing and asks to try again.
        QTRY_VERIFY_WITH_TIMEOUT(
            [&] {
                const int status = http("PUT", QStringLiteral("/connectors/%1/config").arg(m_connector), body);
                return status == 200 || status == 201;
            }(),
            30000);

        for (const Sent& s : recordsToSend()) {
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wold-style-cast" // librdkafka's RD_KAFKA_V_* macros
            QCOMPARE(rd_kafka_producev(producer.get(), RD_KAFKA_V_TOPIC(m_topic.c_str()),
                         RD_KAFKA_V_PARTITION(s.partition), RD_KAFKA_V_KEY(s.key.data(), s.key.size()),
                         RD_KAFKA_V_VALUE(const_cast<char*>(s.value.data()), s.value.size()),
                         RD_KAFKA_V_MSGFLAGS(RD_KAFKA_MSG_F_COPY), RD_KAFKA_V_END),
                RD_KAFKA_RESP_ERR_NO_ERROR);
#pragma GCC diagnostic pop
            m_parked += s.stage ? 1 : 0;
        }
        QCOMPARE(rd_kafka_flush(producer.get(), 30000), RD_KAFKA_RESP_ERR_NO_ERROR);
        // Connect parks them within seconds once its task runs.
        QTRY_COMPARE_WITH_TIMEOUT(dlqRecordCount(), static_cast<std::int64_t>(m_parked), 90000);

        m_settings = std::make_unique<AppSettings>(m_dir.filePath(QStringLiteral("settings.ini")));
        config::ClusterConfig cluster;
        cluster.name = "it";
        cluster.bootstrapServers = { m_bootstrap };
        m_session = std::make_unique<kafka::ClusterSession>(cluster, std::chrono::milliseconds(5000), nullptr);
    }

    void inspectorShowsWhatConnectWrote()
    {
        auto conventions = std::make_shared<const dlq::DeadLetterConventions>();
        QVERIFY(conventions->classifyByName(m_dlqTopic).isDeadLetterTopic);
        DeadLetterInspector inspector(m_session.get(), conventions);
        inspector.resize(1400, 900);
        QAbstractItemModelTester tester(inspector.model(), QAbstractItemModelTester::FailureReportingMode::QtTest);
        QSignalSpy finished(&inspector, &DeadLetterInspector::scanFinished);
        inspector.setTopic(QString::fromStdString(m_dlqTopic));
        QTRY_VERIFY_WITH_TIMEOUT(!finished.isEmpty(), 30000);
        DeadLetterTableModel* model = inspector.model();
        QCOMPARE(model->rowCount(), static_cast<int>(m_parked));

        std::map<std::pair<int, std::int64_t>, Sent> expected;
        for (const Sent& s : recordsToSend()) {
            if (s.stage)
                expected[{ s.partition, s.offset }] = s;
        }
        std::set<std::pair<int, std::int64_t>> seen;
        for (int row = 0; row < model->rowCount(); ++row) {
            const dlq::DecodedDeadLetter* decoded = model->decodedAt(row);
            QVERIFY(decoded);
            const dlq::DeadLetterInfo& info = decoded->info;
            QCOMPARE(info.convention, dlq::Convention::KafkaConnect);
            QVERIFY(info.hasOriginalCoordinates());
            QCOMPARE(*info.originalTopic, m_topic);
            const auto coordinates = std::make_pair(int { *info.originalPartition }, *info.originalOffset);
            QVERIFY2(expected.count(coordinates), "a dead letter names a record we did not send");
            QVERIFY(seen.insert(coordinates).second);
            const Sent& sent = expected[coordinates];
            QCOMPARE(info.stage.value_or(""), std::string(sent.stage));
            QCOMPARE(info.connectorName.value_or(""), m_connector.toStdString());
            QCOMPARE(info.taskId.value_or(-1), 0);

            // The decoded fields equal the headers Connect wrote on this very record.
            const auto indexRow = model->indexRow(row);
            QVERIFY(indexRow);
            auto record = model->recordIndex()->fetch(*indexRow);
            QVERIFY(record.hasValue());
            QCOMPARE(headerOf(*record, "__connect.errors.topic"), std::optional<std::string>(m_topic));
            QCOMPARE(headerOf(*record, "__connect.errors.partition"),
                std::optional<std::string>(std::to_string(sent.partition)));
            QCOMPARE(
                headerOf(*record, "__connect.errors.offset"), std::optional<std::string>(std::to_string(sent.offset)));
            QCOMPARE(headerOf(*record, "__connect.errors.stage"), info.stage);
            const auto exceptionClass = headerOf(*record, "__connect.errors.exception.class.name");
            QVERIFY(exceptionClass && !exceptionClass->empty());
            QCOMPARE(info.exceptionClass, exceptionClass);
            QCOMPARE(info.exceptionMessage, headerOf(*record, "__connect.errors.exception.message"));
            QVERIFY(decoded->hasStackTrace);
            // Connect keeps the original key and value.
            QCOMPARE(std::string(record->value->begin(), record->value->end()), sent.value);
            QCOMPARE(std::string(record->key->begin(), record->key->end()), sent.key);
            // And the table shows it.
            QCOMPARE(model->index(row, DeadLetterTableModel::OriginalTopic).data().toString(),
                QString::fromStdString(m_topic));
            QCOMPARE(model->index(row, DeadLetterTableModel::Stage).data().toString(), QString::fromLatin1(sent.stage));
            QCOMPARE(model->index(row, DeadLetterTableModel::ExceptionClass).data().toString(),
                QString::fromStdString(*exceptionClass));
        }
        QCOMPARE(seen.size(), expected.size());

        // Groups add up; a group's selection is its records.
        inspector.setGroupBy(dlq::GroupBy::Stage);
        std::uint64_t total = 0;
        std::map<std::string, std::uint64_t> byStage;
        for (const dlq::GroupSummary& g : inspector.groups()) {
            total += g.count;
            byStage[g.key] = g.count;
            QVERIFY(!g.histogram.empty());
            QVERIFY(g.firstSeenMs > 0 && g.lastSeenMs >= g.firstSeenMs);
        }
        QCOMPARE(total, std::uint64_t { m_parked });
        QCOMPARE(byStage["VALUE_CONVERTER"], std::uint64_t { 2 });
        QCOMPARE(byStage["KEY_CONVERTER"], std::uint64_t { 2 });
        QVERIFY(inspector.selectGroup(QStringLiteral("KEY_CONVERTER")));
        QCOMPARE(inspector.selection().explicitCount(), std::uint64_t { 2 });
        inspector.setGroupBy(dlq::GroupBy::ExceptionClass);
        total = 0;
        for (const dlq::GroupSummary& g : inspector.groups())
            total += g.count;
        QCOMPARE(total, std::uint64_t { m_parked });

        // Open the original of the last dead letter in the message browser: it is there.
        const int last = model->rowCount() - 1;
        const dlq::DecodedDeadLetter lastDecoded = *model->decodedAt(last);
        inspector.table()->setCurrentIndex(model->index(last, DeadLetterTableModel::Offset));
        QSignalSpy originalRequested(&inspector, &DeadLetterInspector::originalRecordRequested);
        QVERIFY(inspector.openOriginalOfCurrent());
        QCOMPARE(originalRequested.size(), 1);
        const QString topic = originalRequested[0][0].toString();
        const int partition = originalRequested[0][1].toInt();
        const qint64 offset = originalRequested[0][2].toLongLong();
        QCOMPARE(partition, *lastDecoded.info.originalPartition);
        QCOMPARE(offset, *lastDecoded.info.originalOffset);

        MessageBrowserView browser(m_session.get(), *m_settings);
        QSignalSpy browsed(&browser, &MessageBrowserView::scanFinished);
        browser.setTarget(QStringLiteral("%1@%2:%3").arg(topic).arg(partition).arg(offset));
        QTRY_VERIFY_WITH_TIMEOUT(!browsed.isEmpty(), 30000);
        const QModelIndex current = browser.table()->currentIndex();
        QVERIFY2(current.isValid(), "the browser selected no record");
        const auto row = browser.model()->indexRow(current.row());
        QVERIFY(row);
        auto original = browser.model()->recordIndex()->fetch(*row);
        QVERIFY(original.hasValue());
        QCOMPARE(original->partition, partition);
        QCOMPARE(original->offset, offset);
        const Sent& sent = expected[{ partition, offset }];
        QCOMPARE(std::string(original->value->begin(), original->value->end()), sent.value);
    }

    void cleanupTestCase()
    {
        if (!m_connectUrl.isEmpty() && !m_connector.isEmpty())
            http("DELETE", QStringLiteral("/connectors/%1").arg(m_connector));
        m_session.reset();
        m_watermarks.reset();
    }
};

QTEST_MAIN(TestDeadLetterInspectorConnect)
#include "test_dead_letter_inspector_connect.moc"
