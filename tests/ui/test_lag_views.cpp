// SPDX-License-Identifier: Apache-2.0
// Lag in the views: the groups table's verdict, lag, lag time, trend and rate columns (worst
// first), the per-partition lag table, and the group page's charts rendered from a history
// store filled with known data.
#include "common/format.h"
#include "common/model_roles.h"
#include "common/substring_filter_proxy.h"
#include "groups/group_page.h"
#include "groups/group_table_model.h"
#include "groups/groups_view.h"
#include "monitoring/chart_range_bar.h"
#include "monitoring/dashboard_view.h"
#include "monitoring/group_lag_panel.h"
#include "monitoring/lag_format.h"
#include "monitoring/partition_lag_model.h"
#include "monitoring/topic_rate_panel.h"
#include "settings/app_settings.h"
#include "support/lag_snapshots.h"
#include "test_snapshots.h"
#include "topics/topic_page.h"
#include "topics/topic_table_model.h"

#include <QAbstractItemModelTester>
#include <QDateTime>
#include <QSignalSpy>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>

using namespace sluice;
using namespace sluice::ui;
using namespace std::chrono_literals;
using testing::makeLagGroup;
using testing::makeLagSnapshot;

namespace {

QString cell(const QAbstractItemModel& model, int row, int column, int role = Qt::DisplayRole)
{
    return model.index(row, column).data(role).toString();
}

kafka::LagSnapshotPtr incidentAt(
    std::chrono::system_clock::time_point at, std::int64_t billingCommitted, lag::Verdict billingVerdict)
{
    return makeLagSnapshot(at,
        { makeLagGroup(
              "orders-enrichment", { { "orders", 0, 1000, 1002, 0.4, 50.0, 50.0, lag::Verdict::Ok, "enricher-1" } }),
            makeLagGroup("billing-slow",
                { { "orders", 0, billingCommitted, 1002, 95.0, 5.0, 50.0, billingVerdict, "billing-1" },
                    { "orders", 1, std::nullopt, 30, std::nullopt, std::nullopt, 1.0, lag::Verdict::Ok, "" } }),
            makeLagGroup("audit-archiver", { { "orders", 0, 100, 1002, 600.0, 0.0, 50.0, lag::Verdict::Stop, "" } }) });
}

// A refresh of testing::makeSnapshot() read at `at`, in which orders p0 and p1 gained
// `p0Gain` and `p1Gain` records; nothing else moves.
kafka::SnapshotPtr refreshAt(std::chrono::system_clock::time_point at, std::int64_t p0Gain, std::int64_t p1Gain)
{
    auto snapshot = testing::makeSnapshot();
    snapshot->watermarksReadAt = at;
    for (domain::TopicInfo& topic : snapshot->topics) {
        if (topic.name == "orders") {
            topic.partitions[0].highWatermark += p0Gain;
            topic.partitions[1].highWatermark += p1Gain;
        }
    }
    return snapshot;
}

} // namespace

class TestLagViews : public QObject {
    Q_OBJECT
private slots:
    void groupTableShowsLagColumnsWorstFirst()
    {
        GroupsView view(QStringLiteral("local"));
        QAbstractItemModelTester tester(view.model(), QAbstractItemModelTester::FailureReportingMode::QtTest);
        QAbstractItemModelTester proxyTester(view.proxy(), QAbstractItemModelTester::FailureReportingMode::QtTest);
        view.showSnapshot(testing::makeSnapshot());
        const int listed = view.model()->rowCount();
        const auto now = std::chrono::system_clock::now();
        view.showLagSnapshot(incidentAt(now - 5s, 500, lag::Verdict::Warn));
        view.showLagSnapshot(incidentAt(now, 400, lag::Verdict::Warn));
        // Groups only the lag sampler knows are listed too.
        QCOMPARE(view.model()->rowCount(), listed + 3);

        const QAbstractItemModel& proxy = *view.proxy();
        QCOMPARE(cell(proxy, 0, GroupTableModel::GroupId), QStringLiteral("audit-archiver"));
        QCOMPARE(cell(proxy, 0, GroupTableModel::Verdict), QStringLiteral("STOP"));
        QCOMPARE(cell(proxy, 1, GroupTableModel::GroupId), QStringLiteral("billing-slow"));
        QCOMPARE(cell(proxy, 1, GroupTableModel::Verdict), QStringLiteral("WARN"));
        QCOMPARE(cell(proxy, 1, GroupTableModel::Lag), QStringLiteral("602"));
        QCOMPARE(cell(proxy, 1, GroupTableModel::LagSeconds), QStringLiteral("1 min 35 s"));
        QCOMPARE(cell(proxy, 1, GroupTableModel::ConsumeRate), QStringLiteral("5.00/s"));
        QVERIFY(cell(proxy, 1, GroupTableModel::Lag, Qt::ToolTipRole).contains(QStringLiteral("without a committed")));
        QCOMPARE(proxy.index(1, GroupTableModel::Verdict).data(Qt::ForegroundRole).value<QColor>(),
            healthColor(Health::Warning));
        QCOMPARE(cell(proxy, 2, GroupTableModel::Verdict), QStringLiteral("OK"));
        const auto trend = proxy.index(1, GroupTableModel::Trend).data(TrendRole).value<QList<double>>();
        QCOMPARE(trend, (QList<double> { 502.0, 602.0 }));
        // Groups without a lag sample sort last and show a dash.
        const int last = proxy.rowCount() - 1;
        QCOMPARE(cell(proxy, last, GroupTableModel::Verdict), unknownText());

        // Filtering still works on the id.
        view.proxy()->setFilterText(QStringLiteral("billing-slow"));
        QCOMPARE(proxy.rowCount(), 1);
    }

    // A synthetic incident as the sampler reports it after a restart: billing-slow has been
    // WARN since 12 minutes ago (dated by the stored history), audit-archiver STOP since at
    // least 3 hours ago (the history starts there), orders-enrichment OK forever.
    void groupTableSaysSinceWhenEachVerdictHolds()
    {
        GroupsView view(QStringLiteral("local"));
        QAbstractItemModelTester tester(view.model(), QAbstractItemModelTester::FailureReportingMode::QtTest);
        QAbstractItemModelTester proxyTester(view.proxy(), QAbstractItemModelTester::FailureReportingMode::QtTest);
        const auto now = std::chrono::system_clock::time_point {} + 1'700'000'000s;
        const auto warnSince = now - 12min;
        const auto stopSince = now - 3h;
        const auto incident = [&](std::chrono::system_clock::time_point at) {
            auto snapshot = std::const_pointer_cast<lag::LagSnapshot>(incidentAt(at, 400, lag::Verdict::Warn));
            for (lag::LagGroupSnapshot& group : snapshot->groups) {
                if (group.group == "billing-slow")
                    group.verdictSince = { warnSince, false };
                else if (group.group == "audit-archiver")
                    group.verdictSince = { stopSince, true };
            }
            return kafka::LagSnapshotPtr(snapshot);
        };
        view.showLagSnapshot(incident(now));
        QCOMPARE(view.model()->headerData(GroupTableModel::Since, Qt::Horizontal).toString(), QStringLiteral("Since"));
        QCOMPARE(GroupTableModel::Since, GroupTableModel::Verdict + 1);

        const auto hhmm = [](std::chrono::system_clock::time_point t) {
            return QDateTime::fromMSecsSinceEpoch(
                std::chrono::duration_cast<std::chrono::milliseconds>(t.time_since_epoch()).count())
                .toString(QStringLiteral("HH:mm"));
        };
        const QAbstractItemModel& proxy = *view.proxy();
        QCOMPARE(cell(proxy, 0, GroupTableModel::GroupId), QStringLiteral("audit-archiver"));
        QCOMPARE(cell(proxy, 0, GroupTableModel::Since),
            QStringLiteral("\u2264 %1 (\u2265 3 h 0 min)").arg(hhmm(stopSince)));
        QVERIFY(cell(proxy, 0, GroupTableModel::Since, Qt::ToolTipRole).contains(QStringLiteral("or earlier")));
        QCOMPARE(cell(proxy, 1, GroupTableModel::GroupId), QStringLiteral("billing-slow"));
        QCOMPARE(cell(proxy, 1, GroupTableModel::Since), QStringLiteral("%1 (12 min)").arg(hhmm(warnSince)));
        QCOMPARE(cell(proxy, 2, GroupTableModel::GroupId), QStringLiteral("orders-enrichment"));
        QCOMPARE(cell(proxy, 2, GroupTableModel::Since), QStringLiteral("\u2014"));

        // The next refresh: same start, the duration grows.
        view.showLagSnapshot(incident(now + 3min));
        QCOMPARE(cell(proxy, 1, GroupTableModel::Since), QStringLiteral("%1 (15 min)").arg(hhmm(warnSince)));

        // Sorted by the start time: the oldest incident first, the group without one before both.
        view.table()->sortByColumn(GroupTableModel::Since, Qt::AscendingOrder);
        QStringList order;
        for (int row = 0; row < proxy.rowCount(); ++row)
            order << cell(proxy, row, GroupTableModel::GroupId);
        QCOMPARE(order, (QStringList { QStringLiteral("orders-enrichment"), QStringLiteral("audit-archiver"),
                            QStringLiteral("billing-slow") }));
    }

    // After a restart the first sample hands over the stored totals: the sparkline is not empty.
    void groupTableTrendStartsFromTheStoredHistory()
    {
        GroupTableModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        const auto now = std::chrono::system_clock::now();
        auto first = std::const_pointer_cast<lag::LagSnapshot>(incidentAt(now, 500, lag::Verdict::Warn));
        for (lag::LagGroupSnapshot& group : first->groups)
            if (group.group == "billing-slow")
                for (int i = 0; i < 100; ++i)
                    group.storedTotalLag.push_back(i);
        model.setLagSnapshot(first);
        model.setLagSnapshot(incidentAt(now + 5s, 400, lag::Verdict::Warn));
        for (int row = 0; row < model.rowCount(); ++row) {
            const auto trend = model.index(row, GroupTableModel::Trend).data(TrendRole).value<QList<double>>();
            if (cell(model, row, GroupTableModel::GroupId) != QStringLiteral("billing-slow")) {
                QCOMPARE(trend.size(), 2);
                continue;
            }
            // The newest 58 stored totals, then the two live ones: 60 in all.
            QCOMPARE(trend.size(), GroupTableModel::kTrendLength);
            QCOMPARE(trend.front(), 42.0);
            QCOMPARE(trend.at(57), 99.0);
            QCOMPARE(trend.back(), 602.0);
        }
    }

    void groupTableDropsTrendsOfVanishedGroups()
    {
        GroupTableModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        const auto now = std::chrono::system_clock::now();
        model.setLagSnapshot(incidentAt(now, 500, lag::Verdict::Ok));
        QCOMPARE(model.rowCount(), 3);
        model.setLagSnapshot(makeLagSnapshot(now + 5s, {}));
        QCOMPARE(model.rowCount(), 0);
        model.setLagSnapshot(incidentAt(now + 10s, 500, lag::Verdict::Ok));
        for (int row = 0; row < model.rowCount(); ++row)
            QCOMPARE(model.index(row, GroupTableModel::Trend).data(TrendRole).value<QList<double>>().size(), 1);
    }

    void partitionLagTable()
    {
        PartitionLagModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        const auto snapshot = incidentAt(std::chrono::system_clock::now(), 400, lag::Verdict::Warn);
        model.setGroup(snapshot->group("billing-slow"));
        QCOMPARE(model.rowCount(), 2);
        QCOMPARE(cell(model, 0, PartitionLagModel::Committed), QStringLiteral("400"));
        QCOMPARE(cell(model, 0, PartitionLagModel::End), QStringLiteral("1,002"));
        QCOMPARE(cell(model, 0, PartitionLagModel::Lag), QStringLiteral("602"));
        QCOMPARE(cell(model, 0, PartitionLagModel::Verdict), QStringLiteral("WARN"));
        QCOMPARE(cell(model, 0, PartitionLagModel::Client), QStringLiteral("billing-1"));
        QCOMPARE(cell(model, 1, PartitionLagModel::Committed), QStringLiteral("no commit"));
        QCOMPARE(cell(model, 1, PartitionLagModel::Lag), unknownText()); // never a fake 0
        model.setGroup(nullptr);
        QCOMPARE(model.rowCount(), 0);
    }

    // Exact mode: the record time at the committed offset replaces the interpolated seconds
    // while the group stays at that offset, marked as exact.
    void partitionLagTableExactSeconds()
    {
        PartitionLagModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        const auto at = std::chrono::system_clock::time_point(std::chrono::seconds(1'800'000'000));
        model.setGroup(incidentAt(at, 400, lag::Verdict::Warn)->group("billing-slow"), at);
        QVERIFY(!cell(model, 0, PartitionLagModel::LagSeconds).contains(QStringLiteral("exact")));
        kafka::ExactLagAnswer answer;
        answer.group = QStringLiteral("billing-slow");
        answer.readAt = at + std::chrono::seconds(1);
        lag::RecordTime time;
        time.partition = { "orders", 0 };
        time.offset = 400;
        time.recordOffset = 400;
        time.timestampMs = 1'800'000'000'000LL - 125'000; // 125 s before the sample
        answer.times.push_back(time);
        model.setExactTimes(answer);
        QCOMPARE(model.exactRowCount(), 1);
        QVERIFY2(cell(model, 0, PartitionLagModel::LagSeconds).contains(QStringLiteral("(exact)")),
            qPrintable(cell(model, 0, PartitionLagModel::LagSeconds)));
        QCOMPARE(model.rows().at(0).lagSeconds, std::optional<double>(126.0)); // as of the read
        // The next sample at the same offset keeps it, counted from that sample's time.
        model.setGroup(incidentAt(at + std::chrono::seconds(5), 400, lag::Verdict::Warn)->group("billing-slow"),
            at + std::chrono::seconds(5));
        QCOMPARE(model.rows().at(0).lagSeconds, std::optional<double>(130.0));
        QVERIFY(model.rows().at(0).lagSecondsIsExact);
        // Once the group moves on, the row is interpolated again until the next read.
        model.setGroup(incidentAt(at + std::chrono::seconds(10), 450, lag::Verdict::Warn)->group("billing-slow"),
            at + std::chrono::seconds(10));
        QCOMPARE(model.exactRowCount(), 0);
        QCOMPARE(model.rows().at(0).lagSeconds, std::optional<double>(95.0));
    }

    void groupPageRendersChartsFromTheStore()
    {
        QTemporaryDir dir;
        history::HistoryService store(std::filesystem::path(dir.path().toStdString()) / "history.sqlite");
        QSignalSpy written(&store, &history::HistoryService::recorded);
        const auto now = std::chrono::system_clock::now();
        // 30 samples a minute apart: OK for 20 minutes, then WARN (one verdict change).
        for (int i = 0; i < 30; ++i)
            store.record(QStringLiteral("local"),
                incidentAt(now - 30min + i * 1min, 1000 - i * 10, i < 20 ? lag::Verdict::Ok : lag::Verdict::Warn));
        QTRY_COMPARE_WITH_TIMEOUT(written.count(), 30, 10000);

        GroupPage page(QStringLiteral("local"), &store);
        page.resize(1200, 800);
        page.show();
        page.showSnapshot(testing::makeSnapshot());
        page.showLagSnapshot(incidentAt(now, 700, lag::Verdict::Warn));
        GroupLagPanel* panel = page.lagPanel();
        panel->setNow([now] { return now; });
        panel->setRange(GroupLagPanel::Range::LastHour);
        page.setGroup(QStringLiteral("billing-slow"));

        QTRY_VERIFY_WITH_TIMEOUT(panel->lagChart()->pointCount(0) >= 30, 10000);
        QCOMPARE(panel->lagChart()->seriesCount(), 2); // records, seconds
        QVERIFY(panel->lagChart()->pointCount(1) >= 30);
        QCOMPARE(panel->lagChart()->markerCount(), 1); // OK -> WARN
        QCOMPARE(panel->rateChart()->seriesCount(), 2); // consume, produce
        QVERIFY(panel->rateChart()->pointCount(0) >= 30);
        QCOMPARE(panel->partitionModel()->rowCount(), 2);
        QVERIFY(panel->summaryText().contains(QStringLiteral("WARN")));
        QVERIFY(panel->summaryText().contains(QStringLiteral("since")));

        // A new sample: the page shows it first, the store writes it, and only then does the
        // live range ask again, so the newest point is on the chart.
        const int points = panel->lagChart()->pointCount(0);
        const auto newest = incidentAt(now - 10s, 690, lag::Verdict::Warn);
        page.showLagSnapshot(newest);
        store.record(QStringLiteral("local"), newest);
        QTRY_COMPARE_WITH_TIMEOUT(panel->lagChart()->pointCount(0), points + 1, 10000);

        // A 15-minute range shows only the last 15 samples.
        const std::uint64_t answered = panel->answeredQueries();
        panel->setRange(GroupLagPanel::Range::Last15Min);
        QTRY_VERIFY_WITH_TIMEOUT(panel->answeredQueries() > answered, 10000);
        QVERIFY(panel->lagChart()->pointCount(0) >= 14);
        QVERIFY(panel->lagChart()->pointCount(0) <= 16);

        // Another group with no history: empty charts, no markers.
        page.setGroup(QStringLiteral("nobody"));
        const std::uint64_t before = panel->answeredQueries();
        QTRY_VERIFY_WITH_TIMEOUT(panel->answeredQueries() > before, 10000);
        QCOMPARE(panel->lagChart()->pointCount(0), 0);
        QCOMPARE(panel->lagChart()->markerCount(), 0);
    }

    void topicTableRateColumn()
    {
        TopicTableModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        const auto now = std::chrono::system_clock::now();
        // Refreshes 5 s apart in which orders p0 gains 250 records and p1 5.
        model.setSnapshot(refreshAt(now - 10s, 0, 0));
        auto rowOf = [&](const QString& name) {
            for (int r = 0; r < model.rowCount(); ++r)
                if (cell(model, r, TopicTableModel::Name) == name)
                    return r;
            return -1;
        };
        const int orders = rowOf(QStringLiteral("orders"));
        const int payments = rowOf(QStringLiteral("payments"));
        QVERIFY(orders >= 0 && payments >= 0);
        // One refresh: no rate yet, said why.
        QCOMPARE(cell(model, orders, TopicTableModel::ProduceRate), unknownText());
        QVERIFY(cell(model, orders, TopicTableModel::ProduceRate, Qt::ToolTipRole).contains(QStringLiteral("next refresh")));

        model.setSnapshot(refreshAt(now - 5s, 250, 5));
        model.setSnapshot(refreshAt(now, 500, 10));
        // Every topic has a rate, read by a group or not: orders (250 + 5) / 5 s, payments idle.
        QCOMPARE(cell(model, orders, TopicTableModel::ProduceRate), formatRate(51.0));
        QCOMPARE(model.index(orders, TopicTableModel::ProduceRate).data(SortRole).toDouble(), 51.0);
        QCOMPARE(model.index(orders, TopicTableModel::RateTrend).data(TrendRole).value<QList<double>>(),
            (QList<double> { 51.0, 51.0 }));
        QCOMPARE(cell(model, payments, TopicTableModel::ProduceRate), formatRate(0.0));
        QCOMPARE(model.index(payments, TopicTableModel::RateTrend).data(TrendRole).value<QList<double>>(),
            (QList<double> { 0.0, 0.0 }));
        QVERIFY(model.index(payments, TopicTableModel::ProduceRate).data(SortRole).toDouble()
            < model.index(orders, TopicTableModel::ProduceRate).data(SortRole).toDouble());

        // orders is deleted and created again (watermarks go back): its rate and trend start over.
        auto recreated = testing::makeSnapshot();
        recreated->watermarksReadAt = now + 5s;
        for (domain::TopicInfo& topic : recreated->topics) {
            if (topic.name == "orders")
                for (domain::PartitionInfo& p : topic.partitions)
                    p.highWatermark = 0;
        }
        model.setSnapshot(std::shared_ptr<const domain::ClusterSnapshot>(std::move(recreated)));
        QCOMPARE(cell(model, orders, TopicTableModel::ProduceRate), unknownText());
        QVERIFY(model.index(orders, TopicTableModel::RateTrend).data(TrendRole).value<QList<double>>().isEmpty());
        QCOMPARE(model.index(payments, TopicTableModel::RateTrend).data(TrendRole).value<QList<double>>().size(), 3);
        QCOMPARE(model.headerData(TopicTableModel::ProduceRate, Qt::Horizontal).toString(), QStringLiteral("Rate"));
    }

    void topicPageRendersRateChartsFromTheStore()
    {
        QTemporaryDir dir;
        history::HistoryService store(std::filesystem::path(dir.path().toStdString()) / "history.sqlite");
        QSignalSpy written(&store, &history::HistoryService::recorded);
        const auto now = std::chrono::system_clock::now();
        for (int i = 0; i < 10; ++i)
            store.record(QStringLiteral("local"), incidentAt(now - 10min + i * 1min, 1000, lag::Verdict::Ok));
        for (int i = 0; i < 5; ++i) // older than the default 15 minutes
            store.record(QStringLiteral("local"), incidentAt(now - 40min + i * 1min, 1000, lag::Verdict::Ok));
        QTRY_COMPARE_WITH_TIMEOUT(written.count(), 15, 10000);

        TopicPage page(QStringLiteral("local"), &store);
        page.resize(1200, 900);
        page.ratePanel()->setNow([now] { return now; });
        page.show();
        page.showSnapshot(refreshAt(now - 5s, 0, 0));
        page.showLagSnapshot(incidentAt(now, 1000, lag::Verdict::Ok));
        page.setTopic(QStringLiteral("orders"));
        QCOMPARE(page.ratePanel()->rateText(), QStringLiteral("Production rate: known after the next refresh"));
        page.showSnapshot(refreshAt(now, 250, 5)); // 255 records in 5 s
        QCOMPARE(page.ratePanel()->rateText(), QStringLiteral("Production rate: %1").arg(formatRate(51.0)));
        TimeSeriesChart* chart = page.ratePanel()->rateChart();
        QTRY_VERIFY_WITH_TIMEOUT(chart->seriesCount() == 3 && chart->pointCount(0) >= 10, 10000); // topic, p0, p1
        QVERIFY(chart->pointCount(1) >= 10);
        QVERIFY(chart->pointCount(2) >= 10);
        QCOMPARE(chart->pointCount(0), 10); // the last 15 minutes by default

        // The same range bar as the group page: a longer preset, then a custom span.
        ChartRangeBar* range = page.ratePanel()->rangeBar();
        QCOMPARE(range->range(), ChartRangeBar::Range::Last15Min);
        std::uint64_t answered = page.ratePanel()->answeredQueries();
        range->setRange(ChartRangeBar::Range::LastHour);
        QTRY_VERIFY_WITH_TIMEOUT(page.ratePanel()->answeredQueries() > answered, 10000);
        QCOMPARE(chart->pointCount(0), 15);
        answered = page.ratePanel()->answeredQueries();
        const auto ms = [](std::chrono::system_clock::time_point t) {
            return std::chrono::duration_cast<std::chrono::milliseconds>(t.time_since_epoch()).count();
        };
        range->setCustomRange(ms(now - 45min), ms(now - 30min));
        QTRY_VERIFY_WITH_TIMEOUT(page.ratePanel()->answeredQueries() > answered, 10000);
        QCOMPARE(chart->pointCount(0), 5);
        QVERIFY(!range->followsNow());
        range->setRange(ChartRangeBar::Range::Last15Min);

        QVERIFY(page.ratePanel()->noteText().isEmpty());

        // No group reads payments: it still has a rate (idle here), and no history, said why.
        page.setTopic(QStringLiteral("payments"));
        QCOMPARE(page.ratePanel()->rateText(), QStringLiteral("Production rate: %1").arg(formatRate(0.0)));
        QTRY_VERIFY_WITH_TIMEOUT(chart->seriesCount() == 1 && chart->pointCount(0) == 0, 10000);
        QVERIFY(page.ratePanel()->noteText().contains(QStringLiteral("no group reads payments")));
    }

    void dashboardPinsPersistAndShowOneChartEach()
    {
        QTemporaryDir dir;
        const QString ini = dir.filePath(QStringLiteral("settings.ini"));
        {
            AppSettings settings(ini);
            DashboardPins pins(settings, QStringLiteral("local"));
            pins.setPinned({ DashboardPin::Kind::Group, QStringLiteral("billing-slow") }, true);
            pins.setPinned({ DashboardPin::Kind::Topic, QStringLiteral("orders") }, true);
            pins.setPinned({ DashboardPin::Kind::Group, QStringLiteral("audit-archiver") }, true);
            pins.setPinned({ DashboardPin::Kind::Group, QStringLiteral("audit-archiver") }, false);
            // Another cluster's pins are its own.
            DashboardPins(settings, QStringLiteral("other/cluster"))
                .setPinned({ DashboardPin::Kind::Group, QStringLiteral("x") }, true);
            settings.sync();
        }
        AppSettings settings(ini); // a new instance reads them back from the file
        DashboardPins pins(settings, QStringLiteral("local"));
        QCOMPARE(pins.pins().size(), std::size_t(2));
        QVERIFY(pins.isPinned({ DashboardPin::Kind::Group, QStringLiteral("billing-slow") }));
        QVERIFY(pins.isPinned({ DashboardPin::Kind::Topic, QStringLiteral("orders") }));
        QVERIFY(!pins.isPinned({ DashboardPin::Kind::Group, QStringLiteral("audit-archiver") }));
        QCOMPARE(pins.pinnedGroups(), QStringList { QStringLiteral("billing-slow") });
        QCOMPARE(DashboardPins(settings, QStringLiteral("other/cluster")).pins().size(), std::size_t(1));

        history::HistoryService store(std::filesystem::path(dir.path().toStdString()) / "history.sqlite");
        QSignalSpy written(&store, &history::HistoryService::recorded);
        const auto now = std::chrono::system_clock::now();
        for (int i = 0; i < 10; ++i)
            store.record(QStringLiteral("local"), incidentAt(now - 10min + i * 1min, 1000 - i, lag::Verdict::Warn));
        QTRY_COMPARE_WITH_TIMEOUT(written.count(), 10, 10000);

        DashboardView view(QStringLiteral("local"), settings, &store);
        view.setNow([now] { return now; });
        view.resize(1200, 800);
        view.show();
        QCOMPARE(view.chartCount(), 2);
        QTRY_VERIFY_WITH_TIMEOUT(view.chart(0)->pointCount(0) >= 10 && view.chart(1)->pointCount(0) >= 10, 10000);

        // Pinning one more adds a chart; a new lag sample asks the store again once it is
        // written, and the answer has that sample (asking when the session publishes it, before
        // the history thread wrote it, left the charts one sample behind).
        pins.setPinned({ DashboardPin::Kind::Group, QStringLiteral("orders-enrichment") }, true);
        view.reloadPins();
        QCOMPARE(view.chartCount(), 3);
        QTRY_VERIFY_WITH_TIMEOUT(view.chart(2)->pointCount(0) >= 10, 10000);
        const int before = view.chart(0)->pointCount(0);
        const std::uint64_t answered = view.answeredQueries();
        QSignalSpy recorded(&store, &history::HistoryService::snapshotRecorded);
        const auto newest = incidentAt(now - 30s, 990, lag::Verdict::Warn);
        view.showLagSnapshot(newest); // what the session's signal does first: no query yet
        store.record(QStringLiteral("local"), newest);
        QTRY_COMPARE_WITH_TIMEOUT(recorded.count(), 1, 10000);
        QCOMPARE(recorded.at(0).at(0).toString(), QStringLiteral("local"));
        QTRY_VERIFY_WITH_TIMEOUT(view.answeredQueries() > answered, 10000);
        QCOMPARE(view.chart(0)->pointCount(0), before + 1);
        store.record(QStringLiteral("other"), incidentAt(now - 20s, 980, lag::Verdict::Warn));
        QTRY_COMPARE_WITH_TIMEOUT(recorded.count(), 2, 10000);
        // Another cluster's sample asks nothing: a probe query, answered after anything the view
        // could have asked (one history thread, in order), finds no new answer of the view's.
        QSignalSpy answers(&store, &history::HistoryService::answered);
        const std::uint64_t probe = store.query({ { history::SeriesKey::forGroup("local", "billing-slow") },
            { now - 1min, now }, 10 });
        QTRY_VERIFY_WITH_TIMEOUT(std::any_of(answers.begin(), answers.end(),
                                     [probe](const QList<QVariant>& args) {
                                         return args.at(0).value<history::SeriesAnswerPtr>()->id == probe;
                                     }),
            10000);
        QCOMPARE(view.answeredQueries(), answered + 1);
    }
};

QTEST_MAIN(TestLagViews)
#include "test_lag_views.moc"
