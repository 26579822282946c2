// SPDX-License-Identifier: Apache-2.0
// TopicTableModel and its proxy: in-place updates as snapshots change, sorting, filtering.
#include "common/model_roles.h"
#include "settings/app_settings.h"
#include "test_snapshots.h"
#include "topics/topic_filter_proxy.h"
#include "topics/topic_table_model.h"
#include "topics/topics_view.h"

#include <QAbstractItemModelTester>
#include <QCheckBox>
#include <QItemSelectionModel>
#include <QLineEdit>
#include <QSignalSpy>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>

using namespace sluice;
using namespace sluice::ui;
using namespace Qt::Literals::StringLiterals;

namespace {

kafka::SnapshotPtr withTopics(std::vector<domain::TopicInfo> topics)
{
    auto s = testing::makeSnapshot();
    s->topics = std::move(topics);
    return s;
}

QStringList names(const QAbstractItemModel& model)
{
    QStringList out;
    for (int r = 0; r < model.rowCount(); ++r)
        out << model.index(r, TopicTableModel::Name).data().toString();
    return out;
}

} // namespace

class TestTopicTableModel : public QObject {
    Q_OBJECT
private slots:
    void showsFormattedColumns()
    {
        TopicTableModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setSnapshot(testing::makeSnapshot());
        QCOMPARE(model.rowCount(), 5);
        const int orders = names(model).indexOf(QStringLiteral("orders"));
        QCOMPARE(model.index(orders, TopicTableModel::Partitions).data().toString(), QStringLiteral("6"));
        QCOMPARE(model.index(orders, TopicTableModel::ReplicationFactor).data().toString(), QStringLiteral("3"));
        QCOMPARE(model.index(orders, TopicTableModel::Records).data().toString(), QStringLiteral("15,000,000"));
        QCOMPARE(model.index(orders, TopicTableModel::Retention).data().toString(), QStringLiteral("7 d"));
        QCOMPARE(model.index(orders, TopicTableModel::CleanupPolicy).data().toString(), QStringLiteral("delete"));
        QCOMPARE(model.index(orders, TopicTableModel::Records).data(SortRole).toLongLong(), 15'000'000LL);
        QVERIFY(model.index(orders, TopicTableModel::Records).data(Qt::TextAlignmentRole).value<Qt::Alignment>()
            & Qt::AlignRight);

        const int audit = names(model).indexOf(QStringLiteral("audit.log"));
        QCOMPARE(model.index(audit, TopicTableModel::Retention).data().toString(), QStringLiteral("\u221e"));
        QCOMPARE(model.index(audit, TopicTableModel::Offline).data().toString(), QStringLiteral("1"));
        QVERIFY(model.index(audit, TopicTableModel::Offline).data(Qt::BackgroundRole).isValid());

        const int payments = names(model).indexOf(QStringLiteral("payments"));
        QCOMPARE(model.index(payments, TopicTableModel::UnderReplicated).data().toString(), QStringLiteral("1"));
        QCOMPARE(model.index(payments, TopicTableModel::Retention).data().toString(), QStringLiteral("1 d"));
        QVERIFY(!model.index(orders, TopicTableModel::UnderReplicated).data(Qt::BackgroundRole).isValid());
    }

    void unknownValuesAreNotZero()
    {
        TopicTableModel model;
        domain::TopicInfo t = testing::makeTopic("fresh", 2, 10);
        t.configs.clear();
        for (auto& p : t.partitions)
            p.lowWatermark = p.highWatermark = -1;
        model.setSnapshot(withTopics({ t }));
        QCOMPARE(model.index(0, TopicTableModel::Records).data().toString(), QStringLiteral("\u2014"));
        QCOMPARE(model.index(0, TopicTableModel::Retention).data().toString(), QStringLiteral("\u2014"));
        QCOMPARE(model.index(0, TopicTableModel::CleanupPolicy).data().toString(), QStringLiteral("\u2014"));
    }

    void updatesInPlaceWithMinimalSignals()
    {
        TopicTableModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setSnapshot(withTopics(
            { testing::makeTopic("a", 1, 1), testing::makeTopic("b", 1, 1), testing::makeTopic("c", 1, 1) }));

        QSignalSpy resets(&model, &QAbstractItemModel::modelReset);
        QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
        QSignalSpy removed(&model, &QAbstractItemModel::rowsRemoved);
        QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);

        // Same topics, one changed: exactly one dataChanged over that row.
        model.setSnapshot(withTopics(
            { testing::makeTopic("a", 1, 1), testing::makeTopic("b", 1, 99), testing::makeTopic("c", 1, 1) }));
        QCOMPARE(changed.count(), 1);
        QCOMPARE(changed.at(0).at(0).value<QModelIndex>().row(), 1);
        QCOMPARE(changed.at(0).at(1).value<QModelIndex>().row(), 1);
        QCOMPARE(changed.at(0).at(1).value<QModelIndex>().column(), TopicTableModel::ColumnCount - 1);
        QCOMPARE(inserted.count() + removed.count() + resets.count(), 0);

        // Identical snapshot: no signal at all.
        changed.clear();
        model.setSnapshot(withTopics(
            { testing::makeTopic("a", 1, 1), testing::makeTopic("b", 1, 99), testing::makeTopic("c", 1, 1) }));
        QCOMPARE(changed.count(), 0);

        // "b" deleted, "d" and "e" created: one removal, one insertion run, no reset.
        model.setSnapshot(withTopics({ testing::makeTopic("a", 1, 1), testing::makeTopic("c", 1, 1),
            testing::makeTopic("d", 1, 1), testing::makeTopic("e", 1, 1) }));
        QCOMPARE(names(model), (QStringList { u"a"_s, u"c"_s, u"d"_s, u"e"_s }));
        QCOMPARE(removed.count(), 1);
        QCOMPARE(inserted.count(), 1);
        QCOMPARE(inserted.at(0).at(1).toInt(), 2);
        QCOMPARE(inserted.at(0).at(2).toInt(), 3);
        QCOMPARE(resets.count(), 0);

        // Most rows changed: one range over the whole table.
        changed.clear();
        model.setSnapshot(withTopics({ testing::makeTopic("a", 2, 1), testing::makeTopic("c", 2, 1),
            testing::makeTopic("d", 2, 1), testing::makeTopic("e", 1, 1) }));
        QCOMPARE(changed.count(), 1);
        QCOMPARE(changed.at(0).at(0).value<QModelIndex>().row(), 0);
        QCOMPARE(changed.at(0).at(1).value<QModelIndex>().row(), 3);

        // Everything gone, then back.
        model.setSnapshot(withTopics({}));
        QCOMPARE(model.rowCount(), 0);
        model.setSnapshot(testing::makeSnapshot());
        QCOMPARE(model.rowCount(), 5);
        QCOMPARE(resets.count(), 0);
    }

    void selectionSurvivesRefresh()
    {
        QTemporaryDir dir;
        AppSettings settings(dir.filePath(QStringLiteral("settings.ini")));
        TopicsView view(QStringLiteral("local"), settings);
        QAbstractItemModelTester tester(view.proxy(), QAbstractItemModelTester::FailureReportingMode::QtTest);
        view.showSnapshot(testing::makeSnapshot());
        const QModelIndex payments
            = view.proxy()
                  ->match(view.proxy()->index(0, 0), KeyRole, QStringLiteral("payments"), 1, Qt::MatchExactly)
                  .value(0);
        QVERIFY(payments.isValid());
        view.table()->selectionModel()->select(
            payments, QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);

        // A topic is created before it and payments' records change.
        auto next = testing::makeSnapshot();
        next->topics.insert(next->topics.begin() + 1, testing::makeTopic("accounts", 2, 5));
        next->topics.back().partitions[0].highWatermark += 1000;
        view.showSnapshot(next);

        const QModelIndexList selected = view.table()->selectionModel()->selectedRows();
        QCOMPARE(selected.size(), 1);
        QCOMPARE(selected.first().data(KeyRole).toString(), QStringLiteral("payments"));
    }

    void sortsNumbersAsNumbers()
    {
        QTemporaryDir dir;
        AppSettings settings(dir.filePath(QStringLiteral("settings.ini")));
        TopicsView view(QStringLiteral("local"), settings);
        view.showSnapshot(testing::makeSnapshot());
        view.table()->sortByColumn(TopicTableModel::Records, Qt::DescendingOrder);
        QCOMPARE(view.proxy()->index(0, TopicTableModel::Name).data().toString(), QStringLiteral("orders"));
        QCOMPARE(view.proxy()->index(1, TopicTableModel::Name).data().toString(), QStringLiteral("payments"));
        view.table()->sortByColumn(TopicTableModel::Retention, Qt::DescendingOrder);
        QCOMPARE(
            view.proxy()->index(0, TopicTableModel::Name).data().toString(), QStringLiteral("audit.log")); // ∞ first
    }

    void filterAndInternalToggle()
    {
        QTemporaryDir dir;
        AppSettings settings(dir.filePath(QStringLiteral("settings.ini")));
        TopicsView view(QStringLiteral("local"), settings);
        view.showSnapshot(testing::makeSnapshot());
        // Internal topics are hidden by default.
        QCOMPARE(view.proxy()->rowCount(), 4);
        QCOMPARE(view.countText(), QStringLiteral("4 of 5 topics"));

        QTest::keyClicks(view.filterEdit(), QStringLiteral("ORD"));
        QCOMPARE(view.proxy()->rowCount(), 2); // orders, orders.dlq (case-insensitive)
        QCOMPARE(view.countText(), QStringLiteral("2 of 5 topics"));

        view.filterEdit()->setText(QStringLiteral("consumer"));
        QCOMPARE(view.proxy()->rowCount(), 0);
        view.internalToggle()->setChecked(true);
        QCOMPARE(view.proxy()->rowCount(), 1);
        QVERIFY(settings.showInternalTopics()); // remembered

        view.filterEdit()->clear();
        QCOMPARE(view.proxy()->rowCount(), 5);
        QCOMPARE(view.countText(), QStringLiteral("5 topics"));

        // A new view starts with the remembered toggle.
        TopicsView second(QStringLiteral("local"), settings);
        QVERIFY(second.internalToggle()->isChecked());
    }

    void activationAsksForTopicPage()
    {
        QTemporaryDir dir;
        AppSettings settings(dir.filePath(QStringLiteral("settings.ini")));
        TopicsView view(QStringLiteral("local"), settings);
        view.showSnapshot(testing::makeSnapshot());
        QSignalSpy activated(&view, &TopicsView::topicActivated);
        emit view.table()->activated(view.proxy()->index(2, TopicTableModel::Records));
        QCOMPARE(activated.count(), 1);
        QCOMPARE(activated.at(0).at(0).toString(), view.proxy()->index(2, 0).data().toString());
    }
};

QTEST_MAIN(TestTopicTableModel)
#include "test_topic_table_model.moc"
