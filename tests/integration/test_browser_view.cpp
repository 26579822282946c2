// SPDX-License-Identifier: Apache-2.0
// The message browser view on the real broker: the table model passes the model tester
// while rows stream in (a full scan and a live tail fed by a concurrent producer), a filter
// gives exactly the records a reference computed from the same data, a bad filter shows its
// position, records over the filter's step budget are counted and shown, opening
// "topic@partition:offset" selects that record, and exporting the topic
// to JSON Lines gives what `kcat -C -J` reads from it, record for record, and re-imports
// byte-exact.
#include "browse/message_browser_view.h"
#include "browse/message_table_model.h"
#include "browse/record_view.h"
#include "common/file_prompts.h"
#include "decode/jsonl.h"
#include "settings/app_settings.h"
#include "support/stack_env.h"

#include <QAbstractItemModelTester>
#include <QComboBox>
#include <QDateTime>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QProcess>
#include <QSignalSpy>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <fstream>
#include <map>
#include <thread>

using namespace sluice;
using namespace sluice::ui;

namespace {

constexpr int kPartitions = 3;
constexpr int kPerPartition = 4000;
const char* const kColours[] = { "red", "green", "blue", "amber" };

struct Produced {
    std::string key; // empty string means a null key for i % 50 == 0
    bool nullKey = false;
    std::string value;
    int n = 0;
    std::string colour;
};

// Records of the live-tail test are "violet", so the filter test's reference ignores them.
Produced producedFor(int partition, int i, const char* colour = nullptr)
{
    Produced p;
    p.n = partition * kPerPartition + i;
    p.colour = colour ? colour : kColours[(i * 7 + partition) % 4];
    p.nullKey = i % 50 == 0;
    p.key = "customer-" + std::to_string(i % 97);
    p.value = R"({"n":)" + std::to_string(p.n) + R"(,"colour":")" + p.colour + R"(","note":"caf\u00e9 \u2603"})";
    return p;
}

bool produceRecord(rd_kafka_t* rk, const std::string& topic, int partition, const Produced& p, std::int64_t ts)
{
    std::vector<rd_kafka_vu_t> vu(8);
    std::size_t n = 0;
    vu[n].vtype = RD_KAFKA_VTYPE_TOPIC;
    vu[n++].u.cstr = topic.c_str();
    vu[n].vtype = RD_KAFKA_VTYPE_PARTITION;
    vu[n++].u.i32 = partition;
    vu[n].vtype = RD_KAFKA_VTYPE_MSGFLAGS;
    vu[n++].u.i = RD_KAFKA_MSG_F_COPY;
    vu[n].vtype = RD_KAFKA_VTYPE_TIMESTAMP;
    vu[n++].u.i64 = ts;
    if (!p.nullKey) {
        vu[n].vtype = RD_KAFKA_VTYPE_KEY;
        vu[n].u.mem.ptr = const_cast<char*>(p.key.data());
        vu[n++].u.mem.size = p.key.size();
    }
    vu[n].vtype = RD_KAFKA_VTYPE_VALUE;
    vu[n].u.mem.ptr = const_cast<char*>(p.value.data());
    vu[n++].u.mem.size = p.value.size();
    static const std::string source = "web";
    static const std::string trace = "t-1";
    vu[n].vtype = RD_KAFKA_VTYPE_HEADER;
    vu[n].u.header.name = "source";
    vu[n].u.header.val = source.data();
    vu[n++].u.header.size = static_cast<ssize_t>(source.size());
    vu[n].vtype = RD_KAFKA_VTYPE_HEADER;
    vu[n].u.header.name = "trace";
    vu[n].u.header.val = trace.data();
    vu[n++].u.header.size = static_cast<ssize_t>(trace.size());
    for (;;) {
        rd_kafka_error_t* error = rd_kafka_produceva(rk, vu.data(), n);
        if (!error)
            return true;
        const bool full = rd_kafka_error_code(error) == RD_KAFKA_RESP_ERR__QUEUE_FULL;
        rd_kafka_error_destroy(error);
        if (!full)
            return false;
        rd_kafka_poll(rk, 50);
    }
}

class PresetPrompts final : public FilePrompts {
public:
    QString answer;
    QString openFile(QWidget*, const QString&, const QString&, const QString&) override { return answer; }
    QString saveFile(QWidget*, const QString&, const QString&, const QString&) override { return answer; }
};

} // namespace

class TestBrowserView : public QObject {
    Q_OBJECT
private:
    std::string m_bootstrap;
    std::string m_topic;
    QTemporaryDir m_dir;
    std::unique_ptr<AppSettings> m_settings;
    std::unique_ptr<kafka::ClusterSession> m_session;

    std::unique_ptr<MessageBrowserView> makeView()
    {
        auto view = std::make_unique<MessageBrowserView>(m_session.get(), *m_settings);
        view->resize(1200, 800);
        return view;
    }

    // Sets the controls for a whole-topic scan and starts it.
    static void scanAll(MessageBrowserView& view, const QString& filter = {})
    {
        view.startChoice()->setCurrentIndex(0); // beginning
        view.stopChoice()->setCurrentIndex(0); // end of topic
        view.partitionsEdit()->clear();
        view.filterEdit()->setText(filter);
        QVERIFY(view.startScan());
    }

private slots:
    void initTestCase()
    {
        auto env = testing::stackEnvOrFail();
        m_bootstrap = env[QStringLiteral("SLUICE_KAFKA_BOOTSTRAP")].toStdString();
        m_topic = testing::uniqueName("it-browser");
        auto producer = testing::makeClient(m_bootstrap, RD_KAFKA_PRODUCER, { { "linger.ms", "5" } });
        QCOMPARE(testing::createTopic(producer.get(), m_topic, kPartitions, 1, testing::kKeepForever), std::string());
        for (int p = 0; p < kPartitions; ++p) {
            for (int i = 0; i < kPerPartition; ++i)
                QVERIFY(produceRecord(producer.get(), m_topic, p, producedFor(p, i), 1'700'000'000'000 + i));
        }
        QCOMPARE(rd_kafka_flush(producer.get(), 30000), RD_KAFKA_RESP_ERR_NO_ERROR);

        m_settings = std::make_unique<AppSettings>(m_dir.filePath(QStringLiteral("settings.ini")));
        config::ClusterConfig cluster;
        cluster.name = "it";
        cluster.bootstrapServers = { m_bootstrap };
        m_session = std::make_unique<kafka::ClusterSession>(cluster, std::chrono::milliseconds(5000), nullptr);
    }

    void wholeTopicStreamsIntoTheModelUnderTheTester()
    {
        auto view = makeView();
        QAbstractItemModelTester tester(view->model(), QAbstractItemModelTester::FailureReportingMode::QtTest);
        QSignalSpy finished(view.get(), &MessageBrowserView::scanFinished);
        view->setTarget(QString::fromStdString(m_topic)); // starts the default scan (last 1000)
        scanAll(*view); // replaces it
        QTRY_VERIFY_WITH_TIMEOUT(!finished.isEmpty(), 60000);
        const auto update = finished.last().at(0).value<browse::ScanUpdate>();
        QCOMPARE(update.state, browse::ScanState::Finished);
        QCOMPARE(view->model()->rowCount(), kPartitions * kPerPartition);
        for (const auto& part : update.progress.partitions) {
            QCOMPARE(part.recordsRead, std::uint64_t { kPerPartition });
            // A finished partition shows its average rate, not the 0 of its idle last interval.
            QVERIFY(part.isDone);
            QVERIFY2(part.recordsPerSecond > 0 && part.bytesPerSecond > 0,
                qPrintable(QString::number(part.recordsPerSecond)));
        }
        QVERIFY(update.progress.recordsPerSecond > 0);
        // Cells read from the spool.
        const int last = view->model()->rowCount() - 1;
        QVERIFY(view->model()
                    ->index(last, MessageTableModel::Value)
                    .data()
                    .toString()
                    .startsWith(QLatin1String("{\"n\":")));
        QCOMPARE(view->model()->index(last, MessageTableModel::Headers).data().toInt(), 2);
    }

    void liveTailStreamsRowsWhileAProducerWrites()
    {
        auto view = makeView();
        QAbstractItemModelTester tester(view->model(), QAbstractItemModelTester::FailureReportingMode::QtTest);
        QSignalSpy updates(view.get(), &MessageBrowserView::scanUpdated);
        QSignalSpy inserted(view->model(), &QAbstractItemModel::rowsInserted);
        view->setTarget(QString::fromStdString(m_topic));
        view->startChoice()->setCurrentIndex(1); // last N
        view->startValue()->setText(QStringLiteral("0"));
        view->stopChoice()->setCurrentIndex(3); // live tail
        QVERIFY(view->startScan());
        // Start offsets are resolved once the scan reports Scanning: records produced after
        // that are the tail's.
        QTRY_VERIFY_WITH_TIMEOUT(view->lastUpdate() && view->lastUpdate()->state == browse::ScanState::Scanning, 30000);
        QCOMPARE(view->model()->rowCount(), 0);

        constexpr int kBatches = 10;
        constexpr int kPerBatch = 600;
        std::atomic<bool> producedAll { false };
        const std::int64_t nowMs = QDateTime::currentMSecsSinceEpoch();
        std::thread producer([&] {
            auto rk = testing::makeClient(m_bootstrap, RD_KAFKA_PRODUCER, { { "linger.ms", "5" } });
            for (int b = 0; b < kBatches; ++b) {
                for (int i = 0; i < kPerBatch; ++i)
                    produceRecord(rk.get(), m_topic, i % kPartitions, producedFor(i % kPartitions, i, "violet"),
                        nowMs); // brokers refuse timestamps far in the future
                rd_kafka_flush(rk.get(), 10000);
            }
            producedAll = true;
        });
        QTRY_COMPARE_WITH_TIMEOUT(view->model()->rowCount(), kBatches * kPerBatch, 60000);
        producer.join();
        QVERIFY(producedAll);
        QVERIFY(view->isScanning()); // a live tail never ends by itself
        QVERIFY2(inserted.count() > 1, "rows arrived in several batches while the producer wrote");
        QVERIFY(inserted.count() <= updates.count());
        QSignalSpy finished(view.get(), &MessageBrowserView::scanFinished);
        view->cancelScan();
        QTRY_VERIFY_WITH_TIMEOUT(!finished.isEmpty(), 10000);
        QCOMPARE(finished.last().at(0).value<browse::ScanUpdate>().state, browse::ScanState::Cancelled);
        QCOMPARE(view->model()->rowCount(), kBatches * kPerBatch);
    }

    void filterMatchesTheReference()
    {
        std::map<std::pair<int, std::int64_t>, bool> expected;
        for (int p = 0; p < kPartitions; ++p) {
            for (int i = 0; i < kPerPartition; ++i) {
                const Produced r = producedFor(p, i);
                if (r.colour == "red" && r.n >= 3000 && r.n < 9000 && !r.nullKey && r.key.rfind("customer-1", 0) == 0)
                    expected[{ p, i }] = true;
            }
        }
        auto view = makeView();
        QAbstractItemModelTester tester(view->model(), QAbstractItemModelTester::FailureReportingMode::QtTest);
        QSignalSpy finished(view.get(), &MessageBrowserView::scanFinished);
        view->setTarget(QString::fromStdString(m_topic));
        finished.clear();
        view->partitionsEdit()->setText(QStringLiteral("0-2"));
        scanAll(*view,
            QStringLiteral(
                R"(value.colour == "red" and value.n >= 3000 and value.n < 9000 and key startsWith "customer-1")"));
        QVERIFY(!view->filterErrorLabel()->isVisibleTo(view.get()));
        QTRY_VERIFY_WITH_TIMEOUT(!finished.isEmpty(), 60000);
        std::map<std::pair<int, std::int64_t>, bool> got;
        for (int r = 0; r < view->model()->rowCount(); ++r) {
            const int p = view->model()->index(r, MessageTableModel::Partition).data().toInt();
            const qint64 o = view->model()->index(r, MessageTableModel::Offset).data().toLongLong();
            got[{ p, o }] = true;
        }
        QCOMPARE(got.size(), expected.size());
        QVERIFY(got == expected);
    }

    void filterOverBudgetIsCountedAndShown()
    {
        // Records on which the filter runs out of its step budget are left out, counted and
        // named in the status line (docs/filter-language.md, "Budget and limits"). Three
        // pathological patterns over 700 kB of 'a' need far more than the 4,000,000 steps of
        // the default budget; on the small JSON records they fail at once and `value.n
        // exists` matches.
        const std::string topic = testing::uniqueName("it-browser-budget");
        auto producer = testing::makeClient(m_bootstrap, RD_KAFKA_PRODUCER, { { "linger.ms", "5" } });
        QCOMPARE(testing::createTopic(producer.get(), topic, 1), std::string());
        constexpr int kRecords = 20;
        constexpr int kBigEvery = 5; // records 4, 9, 14, 19
        // Recent timestamps: the broker's 7-day retention would delete older ones at its next check.
        const std::int64_t nowMs = QDateTime::currentMSecsSinceEpoch();
        for (int i = 0; i < kRecords; ++i) {
            Produced p;
            p.key = "k-" + std::to_string(i);
            p.value = i % kBigEvery == kBigEvery - 1 ? std::string(700'000, 'a') : R"({"n":)" + std::to_string(i) + "}";
            QVERIFY(produceRecord(producer.get(), topic, 0, p, nowMs - kRecords + i));
        }
        QCOMPARE(rd_kafka_flush(producer.get(), 30000), RD_KAFKA_RESP_ERR_NO_ERROR);
        constexpr int kBig = kRecords / kBigEvery;

        auto view = makeView();
        QSignalSpy finished(view.get(), &MessageBrowserView::scanFinished);
        view->setTarget(QString::fromStdString(topic));
        const QString pathological = QStringLiteral("value matches /(a|aa|aaa|aaaa)*(b|bb)c{1,50}%1/");
        scanAll(*view,
            QStringList { pathological.arg(QLatin1Char('d')), pathological.arg(QLatin1Char('e')),
                pathological.arg(QLatin1Char('f')), QStringLiteral("value.n exists") }
                .join(QStringLiteral(" or ")));
        QTRY_VERIFY_WITH_TIMEOUT(!finished.isEmpty(), 60000);
        QCOMPARE(finished.last().at(0).value<browse::ScanUpdate>().state, browse::ScanState::Finished);
        QCOMPARE(finished.last().at(0).value<browse::ScanUpdate>().progress.recordsRead, std::uint64_t { kRecords });
        QCOMPARE(view->model()->rowCount(), kRecords - kBig);
        QCOMPARE(view->recordsOverBudget(), std::uint64_t { kBig });
        const QString status = view->statusLabel()->text();
        QVERIFY2(status.contains(QStringLiteral("%1 records exceeded the filter budget (not shown)").arg(kBig)),
            qPrintable(status));
        QVERIFY(view->statusLabel()->toolTip().contains(QLatin1String("budget")));

        // A filter that finishes on every record says nothing about a budget.
        finished.clear();
        scanAll(*view, QStringLiteral("value.n exists or value contains \"a\""));
        QTRY_VERIFY_WITH_TIMEOUT(!finished.isEmpty(), 60000);
        QCOMPARE(view->model()->rowCount(), kRecords);
        QCOMPARE(view->recordsOverBudget(), std::uint64_t { 0 });
        QVERIFY2(
            !view->statusLabel()->text().contains(QLatin1String("budget")), qPrintable(view->statusLabel()->text()));
    }

    void badFilterShowsItsPositionAndDoesNotScan()
    {
        auto view = makeView();
        view->setTarget(QString::fromStdString(m_topic));
        view->filterEdit()->setText(QStringLiteral("value.n > "));
        QVERIFY(view->filterErrorLabel()->isVisibleTo(view.get()));
        QVERIFY(view->filterErrorLabel()->text().contains(QLatin1String("Column 11")));
        QVERIFY(!view->startScan());
        view->filterEdit()->setText(QStringLiteral("value.n > 5"));
        QVERIFY(!view->filterErrorLabel()->isVisibleTo(view.get()));
        view->saveCurrentFilter();
        QCOMPARE(view->savedFilters(), QStringList { QStringLiteral("value.n > 5") });
    }

    void openingAtARecordSelectsIt()
    {
        auto view = makeView();
        QSignalSpy finished(view.get(), &MessageBrowserView::scanFinished);
        view->setTarget(QString::fromStdString(m_topic) + QStringLiteral("@1:500"));
        QTRY_VERIFY_WITH_TIMEOUT(!finished.isEmpty(), 30000);
        const QModelIndex current = view->table()->currentIndex();
        QVERIFY(current.isValid());
        QCOMPARE(view->model()->index(current.row(), MessageTableModel::Partition).data().toInt(), 1);
        QCOMPARE(
            view->model()->index(current.row(), MessageTableModel::Offset).data().toString(), QStringLiteral("500"));
        QCOMPARE(view->model()->index(0, MessageTableModel::Offset).data().toString(),
            QString::number(500 - MessageBrowserView::kContextBefore));
        QTRY_VERIFY(view->recordView()->record().has_value());
        QCOMPARE(view->recordView()->record()->offset, std::int64_t { 500 });
    }

    void exportOptionExportsTheWholeResultAfterTheScan()
    {
        // view.export=PATH (used for screenshots): the whole filtered result, once the scan
        // is done; the view counts as settled only after the file is written, and the
        // status line keeps the scan's summary with the export's outcome after it.
        auto view = makeView();
        view->setTarget(QString::fromStdString(m_topic));
        const QString path = m_dir.filePath(QStringLiteral("option-export.jsonl"));
        QSignalSpy exported(view.get(), &MessageBrowserView::exportFinished);
        view->applyOptions({ { QStringLiteral("start"), QStringLiteral("beginning") },
            { QStringLiteral("stop"), QStringLiteral("end") },
            { QStringLiteral("filter"), QStringLiteral("partition == 2") }, { QStringLiteral("export"), path } });
        QVERIFY(!view->isSettled());
        QTRY_VERIFY_WITH_TIMEOUT(!exported.isEmpty(), 60000);
        QVERIFY2(exported.first().at(0).toBool(), qPrintable(exported.first().at(1).toString()));
        QVERIFY(view->isSettled());
        const int rows = view->model()->rowCount();
        QVERIFY(rows > 0);
        std::ifstream in(path.toStdString(), std::ios::binary);
        decode::JsonlReader reader(in);
        int lines = 0;
        for (;;) {
            auto next = reader.next();
            QVERIFY2(next.hasValue(), next.hasValue() ? "" : next.error().message.c_str());
            if (!*next)
                break;
            QCOMPARE((**next).partition, 2);
            ++lines;
        }
        QCOMPARE(lines, rows);
        const QString status = view->statusLabel()->text();
        QVERIFY2(
            status.contains(QStringLiteral("Exported")) && status.contains(QStringLiteral("read")), qPrintable(status));
    }

    void exportEqualsKcatAndReimportsByteExact()
    {
        auto view = makeView();
        PresetPrompts prompts;
        prompts.answer = m_dir.filePath(QStringLiteral("export.jsonl"));
        view->setFilePrompts(&prompts);
        QSignalSpy finished(view.get(), &MessageBrowserView::scanFinished);
        view->setTarget(QString::fromStdString(m_topic));
        scanAll(*view);
        QTRY_VERIFY_WITH_TIMEOUT(!finished.isEmpty() && !view->isScanning(), 60000);
        QSignalSpy exported(view.get(), &MessageBrowserView::exportFinished);
        view->exportRows(prompts.answer, false);
        QTRY_VERIFY_WITH_TIMEOUT(!exported.isEmpty(), 60000);
        QVERIFY2(exported.first().at(0).toBool(), qPrintable(exported.first().at(1).toString()));

        // Ours, by (partition, offset).
        std::map<std::pair<int, std::int64_t>, decode::Record> ours;
        {
            std::ifstream in(prompts.answer.toStdString(), std::ios::binary);
            decode::JsonlReader reader(in);
            for (;;) {
                auto next = reader.next();
                QVERIFY2(next.hasValue(), next.hasValue() ? "" : next.error().message.c_str());
                if (!*next)
                    break;
                const decode::Record& r = **next;
                ours[{ r.partition, r.offset }] = r;
            }
        }
        // 12000 from the setup plus 6000 from the live-tail test.
        const std::size_t total = static_cast<std::size_t>(view->model()->rowCount());
        QCOMPARE(ours.size(), total);

        // Re-import: every line equals the record the browser holds.
        for (int row = 0; row < 50; ++row) {
            auto held = view->model()->recordIndex()->fetch(view->model()->indexRow(row * 37).value());
            QVERIFY(held.hasValue());
            QVERIFY(ours.at({ held->partition, held->offset }) == *held);
        }

        // kcat's view of the same topic.
        QProcess kcat;
        kcat.start(QStringLiteral("kcat"),
            { QStringLiteral("-C"), QStringLiteral("-b"), QString::fromStdString(m_bootstrap), QStringLiteral("-t"),
                QString::fromStdString(m_topic), QStringLiteral("-o"), QStringLiteral("beginning"),
                QStringLiteral("-e"), QStringLiteral("-q"), QStringLiteral("-J") });
        QVERIFY2(kcat.waitForStarted(10000), "kcat did not start (Debian package kcat)");
        QVERIFY(kcat.waitForFinished(120000));
        QCOMPARE(kcat.exitCode(), 0);
        std::size_t compared = 0;
        for (const QByteArray& line : kcat.readAllStandardOutput().split('\n')) {
            if (line.trimmed().isEmpty())
                continue;
            const QJsonObject k = QJsonDocument::fromJson(line).object();
            const int partition = k.value(QStringLiteral("partition")).toInt();
            const std::int64_t offset = k.value(QStringLiteral("offset")).toInteger();
            const auto it = ours.find({ partition, offset });
            QVERIFY2(
                it != ours.end(), qPrintable(QStringLiteral("kcat read %1:%2, we did not").arg(partition).arg(offset)));
            const decode::Record& r = it->second;
            const auto text = [](const std::optional<decode::Bytes>& b) {
                return b ? QJsonValue(QString::fromUtf8(
                           reinterpret_cast<const char*>(b->data()), static_cast<qsizetype>(b->size())))
                         : QJsonValue(QJsonValue::Null);
            };
            QCOMPARE(k.value(QStringLiteral("key")), text(r.key));
            QCOMPARE(k.value(QStringLiteral("payload")), text(r.value));
            QCOMPARE(k.value(QStringLiteral("ts")).toInteger(), r.timestamp.ms);
            QJsonArray headers;
            for (const decode::Header& h : r.headers) {
                headers.append(QString::fromStdString(h.name));
                headers.append(text(h.value));
            }
            QCOMPARE(k.value(QStringLiteral("headers")).toArray(), headers);
            ++compared;
        }
        QCOMPARE(compared, total);
    }
};

QTEST_MAIN(TestBrowserView)
#include "test_browser_view.moc"
