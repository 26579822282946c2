// SPDX-License-Identifier: Apache-2.0
// The dead-letter inspector's table model over a record index, fed by the collector the
// scan uses, with the model tester attached while rows arrive in batches: decoded columns
// for Kafka Connect and Spring dead letters (golden files), unknown coordinates said as
// such, and a group's selection (core SelectionModel) naming exactly its records.
#include "browse/record_index.h"
#include "deadletters/dead_letter_inspector.h"
#include "deadletters/dead_letter_table_model.h"
#include "decode/jsonl.h"
#include "dlq/dead_letter_collector.h"
#include "dlq/grouping.h"

#include <QAbstractItemModelTester>
#include <QPushButton>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <fstream>

using namespace sluice;
using namespace sluice::ui;

namespace {

std::vector<decode::Record> readGolden(const QString& name)
{
    std::vector<decode::Record> out;
    std::ifstream in((qEnvironmentVariable("SLUICE_TEST_DATA") + QStringLiteral("/dlq/") + name).toStdString());
    decode::JsonlReader reader(in);
    for (;;) {
        auto next = reader.next();
        if (!next || !*next)
            break;
        out.push_back(std::move(**next));
    }
    return out;
}

} // namespace

class TestDeadLetterModel : public QObject {
    Q_OBJECT
private:
    QTemporaryDir m_dir;

private slots:
    void decodedColumnsArriveWithTheirRows()
    {
        std::vector<decode::Record> records = readGolden(QStringLiteral("connect.jsonl"));
        const std::size_t connectCount = records.size();
        for (decode::Record& r : readGolden(QStringLiteral("spring.jsonl")))
            records.push_back(std::move(r));
        QVERIFY(connectCount >= 3);
        QVERIFY(records.size() > connectCount);

        browse::RecordIndex::Options options;
        options.topic = "orders.dlq";
        options.spool.directory = m_dir.path().toStdString();
        auto index = browse::RecordIndex::create(options);
        QVERIFY(index.hasValue());
        auto conventions = std::make_shared<const dlq::DeadLetterConventions>();
        auto collector = std::make_shared<dlq::DeadLetterCollector>(conventions, "orders.dlq");
        auto predicate = collector->predicate()();

        DeadLetterTableModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setIndex(*index);
        QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
        // Rows in two batches, renumbered so (partition, offset) is unique.
        std::int64_t offset = 0;
        std::vector<decode::HeaderView> headers;
        for (std::size_t i = 0; i < records.size(); ++i) {
            decode::Record r = records[i];
            r.topic = "orders.dlq";
            r.partition = 0;
            r.offset = offset++;
            const decode::RecordView view = r.view(headers);
            QVERIFY(predicate->matches(view)); // decodes and queues, as on the scan thread
            QVERIFY((*index)->append(view).hasValue());
            if (i == records.size() / 2 || i + 1 == records.size()) {
                model.addDecoded(collector->take());
                model.refresh(*(*index)->publish());
            }
        }
        QCOMPARE(inserted.count(), 2);
        QCOMPARE(model.rowCount(), static_cast<int>(records.size()));

        // The first Connect record has every field.
        QCOMPARE(model.index(0, DeadLetterTableModel::OriginalTopic).data().toString(), QStringLiteral("orders"));
        QCOMPARE(model.index(0, DeadLetterTableModel::OriginalPartition).data().toInt(), 2);
        QCOMPARE(model.index(0, DeadLetterTableModel::OriginalOffset).data().toString(), QStringLiteral("81723"));
        QCOMPARE(model.index(0, DeadLetterTableModel::Connector).data().toString(), QStringLiteral("orders-sink"));
        QCOMPARE(model.index(0, DeadLetterTableModel::Stage).data().toString(), QStringLiteral("VALUE_CONVERTER"));
        QVERIFY(model.index(0, DeadLetterTableModel::ExceptionClass)
                    .data()
                    .toString()
                    .contains(QLatin1String("Exception")));
        QVERIFY(model.decodedAt(0)->info.hasOriginalCoordinates());
        QVERIFY(model.decodedAt(0)->hasStackTrace);
        QVERIFY(!model.decodedAt(0)->info.stackTrace); // kept out of the table's memory

        // Some record without coordinates says "unknown", never 0 or -1.
        bool sawUnknown = false;
        for (int row = 0; row < model.rowCount(); ++row) {
            if (!model.decodedAt(row)->info.hasOriginalCoordinates() && !model.decodedAt(row)->info.originalOffset) {
                QCOMPARE(model.index(row, DeadLetterTableModel::OriginalOffset).data().toString(),
                    QStringLiteral("unknown"));
                QVERIFY(model.index(row, DeadLetterTableModel::OriginalOffset).data(Qt::ToolTipRole).isValid());
                sawUnknown = true;
            }
        }
        QVERIFY(sawUnknown);
        // Spring's binary partition and offset decode too.
        const dlq::DecodedDeadLetter* spring = model.decodedAt(static_cast<int>(connectCount));
        QCOMPARE(spring->info.convention, dlq::Convention::Spring);

        // Grouping by exception class: a group's selection holds exactly its records.
        dlq::GroupAggregator byClass(dlq::GroupBy::ExceptionClass, 60'000, true);
        for (const dlq::DecodedDeadLetter& d : model.decoded())
            byClass.add(d.info, d.timestampMs, d.record);
        const auto groups = byClass.groups();
        QVERIFY(!groups.empty());
        const dlq::SelectionModel selection = byClass.selectionFor(groups.front().key, "orders.dlq");
        QCOMPARE(selection.explicitCount(), groups.front().count);
        std::uint64_t members = 0;
        for (const dlq::DecodedDeadLetter& d : model.decoded()) {
            const bool inGroup = dlq::groupKey(d.info, dlq::GroupBy::ExceptionClass) == groups.front().key;
            QCOMPARE(selection.isCandidate(d.record), inGroup);
            members += inGroup ? 1 : 0;
        }
        QCOMPARE(members, groups.front().count);
    }

    void replayButtonFollowsWhetherAnyoneTakesTheSelection()
    {
        config::ClusterConfig cluster;
        cluster.name = "offline";
        cluster.bootstrapServers = { "127.0.0.1:9" };
        kafka::ClusterSession session(cluster, std::chrono::milliseconds(5000), nullptr);
        DeadLetterInspector inspector(&session, std::make_shared<const dlq::DeadLetterConventions>());
        QVERIFY(!inspector.replayButton()->isEnabled());
        QCOMPARE(inspector.replayButton()->toolTip(), QStringLiteral("replay is not available in this build"));
        int requests = 0;
        const auto connection = connect(&inspector, &DeadLetterInspector::replayRequested, this,
            [&requests](const dlq::SelectionModel&) { ++requests; });
        QTRY_COMPARE(inspector.replayButton()->toolTip(), QStringLiteral("Select records or a group first"));
        QVERIFY(!inspector.replayButton()->isEnabled()); // nothing selected yet
        disconnect(connection);
        QTRY_COMPARE(inspector.replayButton()->toolTip(), QStringLiteral("replay is not available in this build"));
        QCOMPARE(requests, 0);
    }
};

QTEST_MAIN(TestDeadLetterModel)
#include "test_dead_letter_model.moc"
