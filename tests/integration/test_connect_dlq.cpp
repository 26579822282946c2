// SPDX-License-Identifier: Apache-2.0
//
// Against the real stack (tests/stack/stack.sh start --connect): a FileStreamSinkConnector
// with a dead-letter topic parks a record whose value is not JSON in <topic>.dlq, byte for
// byte, with the __connect.errors.* context headers that tell where it came from; a valid
// record goes through to the sink file and not to the dead-letter topic.
//
// This pins down the facts the dead-letter views rely on (docs/stack.md, PRODUCT.md).
// The stack is named by SLUICE_STACK_ENV (the stack.env file written by stack.sh); without
// it the test fails rather than skips.

#include <QCoreApplication>
#include <QDateTime>
#include <QEventLoop>
#include <QFile>
#include <QHash>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QSet>
#include <QTest>
#include <QTimer>
#include <QUrl>

#include <librdkafka/rdkafka.h>

#include <algorithm>
#include <chrono>
#include <memory>
#include <optional>
#include <thread>
#include <utility>
#include <vector>

namespace {

using Clock = std::chrono::steady_clock;
using namespace std::chrono_literals;

constexpr auto kDlqWait = 60s; // how long Connect may take to park the record

struct KafkaDeleter {
    void operator()(rd_kafka_t* rk) const { rd_kafka_destroy(rk); }
};
using KafkaHandle = std::unique_ptr<rd_kafka_t, KafkaDeleter>;

struct MessageDeleter {
    void operator()(rd_kafka_message_t* m) const { rd_kafka_message_destroy(m); }
};
using Message = std::unique_ptr<rd_kafka_message_t, MessageDeleter>;

struct QueueDeleter {
    void operator()(rd_kafka_queue_t* q) const { rd_kafka_queue_destroy(q); }
};
struct EventDeleter {
    void operator()(rd_kafka_event_t* e) const { rd_kafka_event_destroy(e); }
};
struct OptionsDeleter {
    void operator()(rd_kafka_AdminOptions_t* o) const { rd_kafka_AdminOptions_destroy(o); }
};

// What the broker said about one produced record.
struct Delivery {
    rd_kafka_resp_err_t err = RD_KAFKA_RESP_ERR__IN_PROGRESS;
    int32_t partition = -1;
    int64_t offset = -1;
};

void onDelivery(rd_kafka_t*, const rd_kafka_message_t* msg, void*)
{
    auto* d = static_cast<Delivery*>(msg->_private);
    d->err = msg->err;
    d->partition = msg->partition;
    d->offset = msg->offset;
}

// A record as read back from a topic: bytes, never C strings (keys may hold 0x00).
struct Record {
    QByteArray key;
    QByteArray value;
    int64_t timestamp = -1;
    QHash<QByteArray, QByteArray> headers; // last value per name
};

Record toRecord(const rd_kafka_message_t* m)
{
    Record r;
    if (m->key)
        r.key = QByteArray(static_cast<const char*>(m->key), static_cast<qsizetype>(m->key_len));
    if (m->payload)
        r.value = QByteArray(static_cast<const char*>(m->payload), static_cast<qsizetype>(m->len));
    rd_kafka_timestamp_type_t type;
    r.timestamp = rd_kafka_message_timestamp(m, &type);
    rd_kafka_headers_t* headers = nullptr;
    if (rd_kafka_message_headers(m, &headers) == RD_KAFKA_RESP_ERR_NO_ERROR) {
        const char* name = nullptr;
        const void* value = nullptr;
        size_t size = 0;
        for (size_t i = 0; rd_kafka_header_get_all(headers, i, &name, &value, &size) == RD_KAFKA_RESP_ERR_NO_ERROR;
             ++i)
            r.headers.insert(QByteArray(name), QByteArray(static_cast<const char*>(value), static_cast<qsizetype>(size)));
    }
    return r;
}

// Parses stack.env: KEY=VALUE lines, values optionally single-quoted (as stack.sh writes them).
QHash<QString, QString> parseEnvFile(const QByteArray& text)
{
    QHash<QString, QString> env;
    for (const QByteArray& raw : text.split('\n')) {
        const QByteArray line = raw.trimmed();
        if (line.isEmpty() || line.startsWith('#'))
            continue;
        const qsizetype eq = line.indexOf('=');
        if (eq <= 0)
            continue;
        QString value = QString::fromUtf8(line.mid(eq + 1));
        if (value.size() >= 2 && value.startsWith(QLatin1Char('\'')) && value.endsWith(QLatin1Char('\''))) {
            value = value.mid(1, value.size() - 2);
            value.replace(QStringLiteral("'\\''"), QStringLiteral("'"));
        }
        env.insert(QString::fromUtf8(line.left(eq)), value);
    }
    return env;
}

} // namespace

class ConnectDlqTest : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void malformedValueIsParkedWithContextHeaders();
    void cleanupTestCase();

private:
    struct HttpResult {
        int status = 0;
        QByteArray body;
        QString error;
    };
    HttpResult http(const QByteArray& verb, const QString& path, const QByteArray& body = {});
    KafkaHandle makeClient(rd_kafka_type_t type, std::initializer_list<std::pair<const char*, QByteArray>> extra);
    bool createTopic(const QByteArray& name, int partitions, QString& error);
    void deleteTopics(const QList<QByteArray>& names);
    void deleteGroup(const QByteArray& group);
    bool waitForTopic(rd_kafka_t* rk, const QByteArray& name, Clock::time_point deadline, int& partitions);
    std::optional<Delivery> produce(rd_kafka_t* rk, const QByteArray& key, const QByteArray& value, int32_t partition,
        int64_t timestamp, const QList<std::pair<QByteArray, QByteArray>>& headers);
    QString connectorStatus();

    QByteArray m_bootstrap;
    QString m_connectUrl;
    QString m_stackDir;
    QByteArray m_topic;
    QByteArray m_dlqTopic;
    QString m_connector;
    QString m_sinkFile;
    bool m_connectorCreated = false;
    bool m_topicCreated = false;
    QNetworkAccessManager m_network;
};

void ConnectDlqTest::initTestCase()
{
    const QString envPath = qEnvironmentVariable("SLUICE_STACK_ENV");
    if (envPath.isEmpty())
        QFAIL("SLUICE_STACK_ENV is not set. Start the stack with `tests/stack/stack.sh start --dir DIR --connect` "
              "and run this test with SLUICE_STACK_ENV=DIR/stack.env");
    QFile file(envPath);
    if (!file.open(QIODevice::ReadOnly))
        QFAIL(qPrintable(QStringLiteral("cannot read SLUICE_STACK_ENV=%1: %2").arg(envPath, file.errorString())));
    const QHash<QString, QString> env = parseEnvFile(file.readAll());
    m_bootstrap = env.value(QStringLiteral("SLUICE_KAFKA_BOOTSTRAP")).toUtf8();
    m_connectUrl = env.value(QStringLiteral("SLUICE_CONNECT_URL"));
    m_stackDir = env.value(QStringLiteral("SLUICE_STACK_DIR"));
    if (m_bootstrap.isEmpty())
        QFAIL(qPrintable(QStringLiteral("%1 has no SLUICE_KAFKA_BOOTSTRAP").arg(envPath)));
    if (m_connectUrl.isEmpty())
        QFAIL(qPrintable(QStringLiteral("%1 has no SLUICE_CONNECT_URL: start the stack with --connect").arg(envPath)));
    if (m_stackDir.isEmpty())
        QFAIL(qPrintable(QStringLiteral("%1 has no SLUICE_STACK_DIR").arg(envPath)));

    const HttpResult root = http("GET", QStringLiteral("/"));
    if (root.status != 200)
        QFAIL(qPrintable(QStringLiteral("Kafka Connect at %1 does not answer (HTTP %2 %3)")
                             .arg(m_connectUrl)
                             .arg(root.status)
                             .arg(root.error)));

    const QString suffix
        = QStringLiteral("%1-%2").arg(QCoreApplication::applicationPid()).arg(QDateTime::currentMSecsSinceEpoch());
    m_topic = QStringLiteral("sluice-it-dlq-%1").arg(suffix).toUtf8();
    m_dlqTopic = m_topic + ".dlq";
    m_connector = QStringLiteral("sluice-it-dlq-sink-%1").arg(suffix);
    m_sinkFile = QStringLiteral("%1/connect/%2.txt").arg(m_stackDir, m_connector);
}

void ConnectDlqTest::malformedValueIsParkedWithContextHeaders()
{
    KafkaHandle producer = makeClient(RD_KAFKA_PRODUCER, { { "linger.ms", "0" } });
    QVERIFY(producer);

    // The source topic: three partitions, so "which partition" is a real question.
    QString error;
    QVERIFY2(createTopic(m_topic, 3, error), qPrintable(error));
    m_topicCreated = true;
    int partitions = 0;
    QVERIFY2(waitForTopic(producer.get(), m_topic, Clock::now() + 30s, partitions),
        qPrintable(QStringLiteral("topic %1 never showed up in metadata").arg(QString::fromUtf8(m_topic))));
    QCOMPARE(partitions, 3);

    // The connector: keys pass through as bytes (ByteArrayConverter), so a key holding 0x00
    // cannot fail in KEY_CONVERTER and the value converter is the stage that rejects.
    const QJsonObject config {
        { QStringLiteral("connector.class"), QStringLiteral("org.apache.kafka.connect.file.FileStreamSinkConnector") },
        { QStringLiteral("tasks.max"), QStringLiteral("1") },
        { QStringLiteral("topics"), QString::fromUtf8(m_topic) },
        { QStringLiteral("file"), m_sinkFile },
        { QStringLiteral("key.converter"), QStringLiteral("org.apache.kafka.connect.converters.ByteArrayConverter") },
        { QStringLiteral("value.converter"), QStringLiteral("org.apache.kafka.connect.json.JsonConverter") },
        { QStringLiteral("value.converter.schemas.enable"), QStringLiteral("false") },
        { QStringLiteral("errors.tolerance"), QStringLiteral("all") },
        { QStringLiteral("errors.deadletterqueue.topic.name"), QString::fromUtf8(m_dlqTopic) },
        { QStringLiteral("errors.deadletterqueue.topic.replication.factor"), QStringLiteral("1") },
        { QStringLiteral("errors.deadletterqueue.context.headers.enable"), QStringLiteral("true") },
    };
    HttpResult put;
    const auto putDeadline = Clock::now() + 30s;
    do { // 409: the worker is rebalancing; Connect asks to try again.
        put = http("PUT", QStringLiteral("/connectors/%1/config").arg(m_connector),
            QJsonDocument(config).toJson(QJsonDocument::Compact));
    } while (put.status == 409 && Clock::now() < putDeadline);
    QVERIFY2(put.status == 201 || put.status == 200,
        qPrintable(QStringLiteral("creating the connector: HTTP %1 %2 %3")
                       .arg(put.status)
                       .arg(QString::fromUtf8(put.body), put.error)));
    m_connectorCreated = true;

    // One valid record, then one the JsonConverter must reject, on the same partition.
    const QByteArray suffix = m_topic.mid(m_topic.indexOf("dlq-") + 4);
    const QByteArray validValue = R"({"order_id":"it-valid-)" + suffix + R"(","amount":12.5})";
    const QByteArray badValue = "order_id=it-bad-" + suffix + ";amount=12.5 {not json";
    const QByteArray badKey("\x00\x01sluice\xff\x00key", 13); // embedded NULs and a non-UTF-8 byte
    QCOMPARE(badKey.size(), qsizetype(13));
    const int64_t badTimestamp = QDateTime::currentMSecsSinceEpoch() - 90'000; // distinct from "now"
    const int32_t partition = 2;

    const std::optional<Delivery> valid = produce(producer.get(), "valid-key", validValue, partition, 0, {});
    QVERIFY2(valid && !valid->err, "the valid record was not delivered");
    const std::optional<Delivery> bad = produce(producer.get(), badKey, badValue, partition, badTimestamp,
        { { "x-sluice-test", "own-header-" + suffix }, { "x-binary", QByteArray("\x00\xfe", 2) } });
    QVERIFY2(bad && !bad->err, "the malformed record was not delivered");
    QCOMPARE(bad->partition, partition);
    QCOMPARE(bad->offset, valid->offset + 1);

    // Read the dead-letter topic from the beginning until the record shows up.
    KafkaHandle consumer = makeClient(RD_KAFKA_CONSUMER,
        { { "group.id", "sluice-it-dlq-reader-" + suffix }, { "enable.auto.commit", "false" },
            { "enable.partition.eof", "true" } });
    QVERIFY(consumer);
    const auto deadline = Clock::now() + kDlqWait;
    int dlqPartitions = 0;
    QVERIFY2(waitForTopic(consumer.get(), m_dlqTopic, deadline, dlqPartitions),
        qPrintable(QStringLiteral("Connect did not create %1 within %2 s; connector status: %3")
                       .arg(QString::fromUtf8(m_dlqTopic))
                       .arg(std::chrono::duration_cast<std::chrono::seconds>(kDlqWait).count())
                       .arg(connectorStatus())));
    rd_kafka_topic_partition_list_t* assignment = rd_kafka_topic_partition_list_new(dlqPartitions);
    for (int p = 0; p < dlqPartitions; ++p)
        rd_kafka_topic_partition_list_add(assignment, m_dlqTopic.constData(), p)->offset = RD_KAFKA_OFFSET_BEGINNING;
    const rd_kafka_resp_err_t assignErr = rd_kafka_assign(consumer.get(), assignment);
    rd_kafka_topic_partition_list_destroy(assignment);
    QVERIFY2(!assignErr, rd_kafka_err2str(assignErr));

    QList<Record> dlq;
    std::optional<Record> parked;
    QSet<int32_t> atEnd;
    // Until the record is found; then on to the end of every partition, to see all of them.
    while (Clock::now() < deadline && (!parked || atEnd.size() < dlqPartitions)) {
        Message m(rd_kafka_consumer_poll(consumer.get(), 250));
        if (!m)
            continue;
        if (m->err == RD_KAFKA_RESP_ERR__PARTITION_EOF) {
            atEnd.insert(m->partition);
            continue;
        }
        QVERIFY2(!m->err, rd_kafka_message_errstr(m.get()));
        atEnd.remove(m->partition);
        dlq.append(toRecord(m.get()));
        if (dlq.last().value == badValue)
            parked = dlq.last();
    }
    rd_kafka_consumer_close(consumer.get());
    QVERIFY2(parked,
        qPrintable(QStringLiteral("the malformed record did not reach %1 within %2 s (%3 records there); "
                                  "connector status: %4")
                       .arg(QString::fromUtf8(m_dlqTopic))
                       .arg(std::chrono::duration_cast<std::chrono::seconds>(kDlqWait).count())
                       .arg(dlq.size())
                       .arg(connectorStatus())));

    for (auto it = parked->headers.cbegin(); it != parked->headers.cend(); ++it)
        if (it.key().startsWith("__connect.errors.") && !it.key().endsWith("stacktrace"))
            qInfo("%s: %s", it.key().constData(), it.value().constData());

    // The record itself: value, key, timestamp and its own headers, untouched.
    QCOMPARE(parked->value, badValue);
    QCOMPARE(parked->key, badKey);
    QCOMPARE(parked->timestamp, badTimestamp);
    QCOMPARE(parked->headers.value("x-sluice-test"), "own-header-" + suffix);
    QCOMPARE(parked->headers.value("x-binary"), QByteArray("\x00\xfe", 2));

    // Where it came from and why, in Connect's context headers.
    const auto header = [&](const char* name) { return parked->headers.value(QByteArray("__connect.errors.") + name); };
    QCOMPARE(header("topic"), m_topic);
    QCOMPARE(header("partition"), QByteArray::number(bad->partition));
    QCOMPARE(header("offset"), QByteArray::number(static_cast<qlonglong>(bad->offset)));
    QCOMPARE(header("stage"), QByteArray("VALUE_CONVERTER"));
    QCOMPARE(header("connector.name"), m_connector.toUtf8());
    QCOMPARE(header("task.id"), QByteArray("0"));
    QCOMPARE(header("class.name"), QByteArray("org.apache.kafka.connect.json.JsonConverter"));
    QVERIFY2(!header("exception.class.name").isEmpty(), "no __connect.errors.exception.class.name");
    QVERIFY2(!header("exception.message").isEmpty(), "no __connect.errors.exception.message");
    QVERIFY2(!header("exception.stacktrace").isEmpty(), "no __connect.errors.exception.stacktrace");

    // The valid record is not a dead letter; it went through to the sink file.
    for (const Record& r : std::as_const(dlq))
        QVERIFY2(r.value != validValue, "the valid record landed in the dead-letter topic");
    QByteArray sink;
    const auto sinkDeadline = Clock::now() + 30s;
    while (Clock::now() < sinkDeadline) {
        QFile f(m_sinkFile);
        if (f.open(QIODevice::ReadOnly)) {
            sink = f.readAll();
            if (sink.contains("it-valid-" + suffix))
                break;
        }
        QTest::qWait(200);
    }
    QVERIFY2(sink.contains("it-valid-" + suffix),
        qPrintable(QStringLiteral("the valid record never reached the sink file %1").arg(m_sinkFile)));
    QVERIFY2(!sink.contains("it-bad-" + suffix), "the malformed record reached the sink file");
}

void ConnectDlqTest::cleanupTestCase()
{
    if (m_connectorCreated) {
        const HttpResult del = http("DELETE", QStringLiteral("/connectors/%1").arg(m_connector));
        QVERIFY2(del.status == 204 || del.status == 200,
            qPrintable(QStringLiteral("deleting connector %1: HTTP %2 %3")
                           .arg(m_connector)
                           .arg(del.status)
                           .arg(QString::fromUtf8(del.body))));
    }
    if (m_connectorCreated)
        deleteGroup("connect-" + m_connector.toUtf8()); // a sink connector's group outlives it
    if (m_topicCreated)
        deleteTopics({ m_topic, m_dlqTopic });
    if (!m_sinkFile.isEmpty())
        QFile::remove(m_sinkFile);
}

// ---------------------------------------------------------------------------------------
// Helpers

ConnectDlqTest::HttpResult ConnectDlqTest::http(const QByteArray& verb, const QString& path, const QByteArray& body)
{
    QNetworkRequest request(QUrl(m_connectUrl + path));
    request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
    request.setRawHeader("Accept", "application/json");
    request.setTransferTimeout(20000);
    QNetworkReply* reply = m_network.sendCustomRequest(request, verb, body);
    QEventLoop loop;
    connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
    loop.exec();
    HttpResult result;
    result.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    result.body = reply->readAll();
    if (reply->error() != QNetworkReply::NoError)
        result.error = reply->errorString();
    reply->deleteLater();
    return result;
}

QString ConnectDlqTest::connectorStatus()
{
    const HttpResult r = http("GET", QStringLiteral("/connectors/%1/status").arg(m_connector));
    return QStringLiteral("HTTP %1 %2").arg(r.status).arg(QString::fromUtf8(r.body.left(2000)));
}

KafkaHandle ConnectDlqTest::makeClient(
    rd_kafka_type_t type, std::initializer_list<std::pair<const char*, QByteArray>> extra)
{
    rd_kafka_conf_t* conf = rd_kafka_conf_new();
    char err[512];
    auto set = [&](const char* key, const QByteArray& value) {
        if (rd_kafka_conf_set(conf, key, value.constData(), err, sizeof err) != RD_KAFKA_CONF_OK) {
            qWarning("config %s: %s", key, err);
            return false;
        }
        return true;
    };
    bool ok = set("bootstrap.servers", m_bootstrap) && set("client.id", "sluice-it-connect-dlq");
    if (type == RD_KAFKA_PRODUCER)
        ok = ok && set("enable.idempotence", "true");
    for (const auto& [key, value] : extra)
        ok = ok && set(key, value);
    if (!ok) {
        rd_kafka_conf_destroy(conf);
        return {};
    }
    if (type == RD_KAFKA_PRODUCER)
        rd_kafka_conf_set_dr_msg_cb(conf, onDelivery);
    rd_kafka_t* rk = rd_kafka_new(type, conf, err, sizeof err);
    if (!rk) {
        qWarning("rd_kafka_new: %s", err);
        return {};
    }
    return KafkaHandle(rk);
}

bool ConnectDlqTest::createTopic(const QByteArray& name, int partitions, QString& error)
{
    KafkaHandle admin = makeClient(RD_KAFKA_PRODUCER, {});
    char err[512];
    rd_kafka_NewTopic_t* topic = rd_kafka_NewTopic_new(name.constData(), partitions, 1, err, sizeof err);
    if (!topic) {
        error = QString::fromUtf8(err);
        return false;
    }
    std::unique_ptr<rd_kafka_AdminOptions_t, OptionsDeleter> options(
        rd_kafka_AdminOptions_new(admin.get(), RD_KAFKA_ADMIN_OP_CREATETOPICS));
    rd_kafka_AdminOptions_set_operation_timeout(options.get(), 15000, err, sizeof err);
    std::unique_ptr<rd_kafka_queue_t, QueueDeleter> queue(rd_kafka_queue_new(admin.get()));
    rd_kafka_CreateTopics(admin.get(), &topic, 1, options.get(), queue.get());
    rd_kafka_NewTopic_destroy(topic);
    std::unique_ptr<rd_kafka_event_t, EventDeleter> event(rd_kafka_queue_poll(queue.get(), 30000));
    if (!event) {
        error = QStringLiteral("CreateTopics: no answer within 30 s");
        return false;
    }
    if (rd_kafka_event_error(event.get())) {
        error = QString::fromUtf8(rd_kafka_event_error_string(event.get()));
        return false;
    }
    size_t count = 0;
    const rd_kafka_topic_result_t** results
        = rd_kafka_CreateTopics_result_topics(rd_kafka_event_CreateTopics_result(event.get()), &count);
    if (count != 1 || rd_kafka_topic_result_error(results[0])) {
        error = QStringLiteral("CreateTopics %1: %2")
                    .arg(QString::fromUtf8(name),
                        QString::fromUtf8(count ? rd_kafka_topic_result_error_string(results[0]) : "no result"));
        return false;
    }
    return true;
}

void ConnectDlqTest::deleteTopics(const QList<QByteArray>& names)
{
    KafkaHandle admin = makeClient(RD_KAFKA_PRODUCER, {});
    if (!admin)
        return;
    std::vector<rd_kafka_DeleteTopic_t*> topics;
    for (const QByteArray& name : names)
        topics.push_back(rd_kafka_DeleteTopic_new(name.constData()));
    std::unique_ptr<rd_kafka_queue_t, QueueDeleter> queue(rd_kafka_queue_new(admin.get()));
    rd_kafka_DeleteTopics(admin.get(), topics.data(), topics.size(), nullptr, queue.get());
    rd_kafka_DeleteTopic_destroy_array(topics.data(), topics.size());
    std::unique_ptr<rd_kafka_event_t, EventDeleter> event(rd_kafka_queue_poll(queue.get(), 30000));
    if (!event || rd_kafka_event_error(event.get()))
        qWarning("deleting the test topics failed: %s", event ? rd_kafka_event_error_string(event.get()) : "timeout");
}

// Best effort: the group stays non-empty until the deleted connector's task has stopped.
void ConnectDlqTest::deleteGroup(const QByteArray& group)
{
    KafkaHandle admin = makeClient(RD_KAFKA_PRODUCER, {});
    if (!admin)
        return;
    const auto deadline = Clock::now() + 20s;
    rd_kafka_resp_err_t err = RD_KAFKA_RESP_ERR_NO_ERROR;
    do {
        rd_kafka_DeleteGroup_t* request = rd_kafka_DeleteGroup_new(group.constData());
        std::unique_ptr<rd_kafka_queue_t, QueueDeleter> queue(rd_kafka_queue_new(admin.get()));
        rd_kafka_DeleteGroups(admin.get(), &request, 1, nullptr, queue.get());
        rd_kafka_DeleteGroup_destroy(request);
        std::unique_ptr<rd_kafka_event_t, EventDeleter> event(rd_kafka_queue_poll(queue.get(), 30000));
        if (!event)
            return;
        err = rd_kafka_event_error(event.get());
        size_t count = 0;
        const rd_kafka_group_result_t** results
            = rd_kafka_DeleteGroups_result_groups(rd_kafka_event_DeleteGroups_result(event.get()), &count);
        if (!err && count == 1 && rd_kafka_group_result_error(results[0]))
            err = rd_kafka_error_code(rd_kafka_group_result_error(results[0]));
        if (err == RD_KAFKA_RESP_ERR_NON_EMPTY_GROUP)
            QTest::qWait(250);
    } while (err == RD_KAFKA_RESP_ERR_NON_EMPTY_GROUP && Clock::now() < deadline);
    if (err)
        qWarning("deleting group %s: %s", group.constData(), rd_kafka_err2str(err));
}

bool ConnectDlqTest::waitForTopic(rd_kafka_t* rk, const QByteArray& name, Clock::time_point deadline, int& partitions)
{
    while (Clock::now() < deadline) {
        const rd_kafka_metadata_t* md = nullptr;
        // All topics: asking for one by name would let auto.create.topics.enable create it.
        if (rd_kafka_metadata(rk, 1, nullptr, &md, 5000) == RD_KAFKA_RESP_ERR_NO_ERROR) {
            bool ready = false;
            for (int i = 0; i < md->topic_cnt; ++i) {
                const rd_kafka_metadata_topic_t& t = md->topics[i];
                if (name != t.topic || t.err || t.partition_cnt == 0)
                    continue;
                ready = true;
                for (int p = 0; p < t.partition_cnt; ++p)
                    ready = ready && t.partitions[p].leader >= 0;
                partitions = t.partition_cnt;
            }
            rd_kafka_metadata_destroy(md);
            if (ready)
                return true;
        }
        std::this_thread::sleep_for(250ms);
    }
    return false;
}

std::optional<Delivery> ConnectDlqTest::produce(rd_kafka_t* rk, const QByteArray& key, const QByteArray& value,
    int32_t partition, int64_t timestamp, const QList<std::pair<QByteArray, QByteArray>>& headers)
{
    Delivery delivery;
    rd_kafka_headers_t* hdrs = rd_kafka_headers_new(static_cast<size_t>(headers.size()));
    for (const auto& [name, v] : headers)
        rd_kafka_header_add(hdrs, name.constData(), name.size(), v.constData(), v.size());

    // rd_kafka_produceva() rather than the RD_KAFKA_V_* macros, whose C casts trip our warnings.
    rd_kafka_vu_t vu[8] {};
    size_t n = 0;
    vu[n].vtype = RD_KAFKA_VTYPE_TOPIC;
    vu[n++].u.cstr = m_topic.constData();
    vu[n].vtype = RD_KAFKA_VTYPE_PARTITION;
    vu[n++].u.i32 = partition;
    vu[n].vtype = RD_KAFKA_VTYPE_KEY;
    vu[n].u.mem.ptr = const_cast<char*>(key.constData());
    vu[n++].u.mem.size = static_cast<size_t>(key.size());
    vu[n].vtype = RD_KAFKA_VTYPE_VALUE;
    vu[n].u.mem.ptr = const_cast<char*>(value.constData());
    vu[n++].u.mem.size = static_cast<size_t>(value.size());
    vu[n].vtype = RD_KAFKA_VTYPE_MSGFLAGS;
    vu[n++].u.i = RD_KAFKA_MSG_F_COPY;
    vu[n].vtype = RD_KAFKA_VTYPE_OPAQUE;
    vu[n++].u.ptr = &delivery;
    if (timestamp > 0) {
        vu[n].vtype = RD_KAFKA_VTYPE_TIMESTAMP;
        vu[n++].u.i64 = timestamp;
    }
    vu[n].vtype = RD_KAFKA_VTYPE_HEADERS; // on success they belong to the message
    vu[n++].u.headers = hdrs;
    rd_kafka_error_t* error = rd_kafka_produceva(rk, vu, n);
    if (error) {
        qWarning("produce: %s", rd_kafka_error_string(error));
        rd_kafka_error_destroy(error);
        rd_kafka_headers_destroy(hdrs);
        return std::nullopt;
    }
    rd_kafka_flush(rk, 30000);
    if (delivery.err == RD_KAFKA_RESP_ERR__IN_PROGRESS) {
        qWarning("produce: no delivery report within 30 s");
        return std::nullopt;
    }
    if (delivery.err)
        qWarning("produce: %s", rd_kafka_err2str(delivery.err));
    return delivery;
}

QTEST_GUILESS_MAIN(ConnectDlqTest)
#include "test_connect_dlq.moc"
