// SPDX-License-Identifier: Apache-2.0
// The shell: opening workspaces, showView specs, connection indicator, banner and status bar.
// Sessions are built but never started; the tests drive them with applySnapshot and
// applyConnectionState.
#include "cluster/cluster_views.h"
#include "common/inline_banner.h"
#include "common/substring_filter_proxy.h"
#include "config/workspace_io.h"
#include "groups/group_assignment_model.h"
#include "groups/group_page.h"
#include "groups/group_table_model.h"
#include "groups/groups_view.h"
#include "main_window.h"
#include "monitoring/alerts_view.h"
#include "monitoring/dashboard_view.h"
#include "navigation/cluster_navigator.h"
#include "overview/cluster_overview_view.h"
#include "overview/stat_tile.h"
#include "settings/app_settings.h"
#include "start/start_page.h"
#include "support/lag_snapshots.h"
#include "test_snapshots.h"
#include "topics/partition_table_model.h"
#include "topics/topic_page.h"
#include "topics/topics_view.h"

#include <QFile>
#include <QLabel>
#include <QListWidget>
#include <QPushButton>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace sluice;
using namespace sluice::ui;
using namespace Qt::Literals::StringLiterals;

class TestMainWindow : public QObject {
    Q_OBJECT
private:
    QTemporaryDir m_dir;
    std::unique_ptr<AppSettings> m_settings;
    std::unique_ptr<MainWindow> m_window;
    kafka::ClusterSession* m_local = nullptr;
    kafka::ClusterSession* m_remote = nullptr;

    void openTwoClusters()
    {
        std::vector<std::unique_ptr<kafka::ClusterSession>> sessions;
        sessions.push_back(testing::makeSession("local"));
        sessions.push_back(testing::makeSession("remote"));
        m_local = sessions[0].get();
        m_remote = sessions[1].get();
        m_window->openWorkspace(testing::makeWorkspace({ "local", "remote" }), std::move(sessions));
    }

private slots:
    void init()
    {
        m_settings = std::make_unique<AppSettings>(m_dir.filePath(u"settings.ini"_s));
        m_window = std::make_unique<MainWindow>(kafka::makeEnvSecretResolver(), *m_settings);
        m_window->setStartsSessions(false); // never touch the network from UI tests
        m_window->show();
    }

    void cleanup()
    {
        m_window.reset();
        m_settings.reset();
        QFile::remove(m_dir.filePath(u"settings.ini"_s));
    }

    void startsOnTheStartPage()
    {
        QCOMPARE(m_window->currentViewSpec(), u"start"_s);
        QCOMPARE(m_window->currentView(), m_window->startPage());
        QVERIFY(!m_window->showView(u"overview"_s)); // no workspace, no cluster
        QVERIFY(m_window->banner()->isHidden());
    }

    void lagSamplesReachStatusLineGroupsAndAlerts()
    {
        openTwoClusters();
        QVERIFY(m_window->lagStatusText().isEmpty());
        const auto now = std::chrono::system_clock::now();
        auto snapshot = testing::makeLagSnapshot(now,
            { testing::makeLagGroup(
                "audit-archiver", { { "orders", 0, 100, 1002, 600.0, 0.0, 50.0, lag::Verdict::Stop, "" } }) });
        std::const_pointer_cast<lag::LagSnapshot>(snapshot)->changes
            = { { "audit-archiver", lag::Verdict::Ok, lag::Verdict::Stop, now } };
        m_local->applyLagSnapshot(snapshot);
        QCOMPARE(m_window->lagStatusText(), u"lag 1 group took 12 ms \u00b7 3 requests"_s);
        GroupsView* groups = m_window->clusterViews(u"local"_s)->groups();
        QCOMPARE(groups->proxy()->index(0, GroupTableModel::Verdict).data().toString(), u"STOP"_s);

        QVERIFY(m_window->showView(u"local:alerts"_s));
        AlertsView* alerts = m_window->clusterViews(u"local"_s)->alerts();
        QCOMPARE(m_window->currentView(), alerts);
        QCOMPARE(alerts->model()->rowCount(), 1);
        QCOMPARE(alerts->model()->index(0, AlertListModel::Change).data().toString(), u"OK \u2192 STOP"_s);
        m_local->applyLagFailure(u"Couldn't sample consumer lag on local: timed out"_s);
        QCOMPARE(m_window->lagStatusText(), u"lag: sample failed"_s);
    }

    // Alerts fire for pinned groups and for groups matching the workspace's alerts.groups: one
    // pin does not silence the matching groups, and a group that is neither stays quiet.
    void pinnedAndMatchingGroupsBothAlert()
    {
        DashboardPins(*m_settings, u"local"_s).setPinned({ DashboardPin::Kind::Group, u"audit-archiver"_s }, true);
        std::vector<std::unique_ptr<kafka::ClusterSession>> sessions;
        sessions.push_back(testing::makeSession("local"));
        kafka::ClusterSession* local = sessions[0].get();
        config::Workspace workspace = testing::makeWorkspace({ "local" });
        workspace.alerts.groups = { "billing-*" };
        m_window->openWorkspace(std::move(workspace), std::move(sessions));
        AlertsView* alerts = m_window->clusterViews(u"local"_s)->alerts();
        QVERIFY2(alerts->emptyText().contains(u"Watched: the 1 group pinned to the dashboard and groups matching "
                                              u"billing-* (workspace alerts.groups)."_s),
            qPrintable(alerts->emptyText()));

        const auto now = std::chrono::system_clock::now();
        auto snapshot = testing::makeLagSnapshot(now,
            { testing::makeLagGroup(
                  "audit-archiver", { { "orders", 0, 100, 1002, 600.0, 0.0, 50.0, lag::Verdict::Stop, "" } }),
                testing::makeLagGroup(
                    "billing-slow", { { "payments", 0, 100, 900, 60.0, 5.0, 10.0, lag::Verdict::Warn, "" } }),
                testing::makeLagGroup(
                    "orders-etl", { { "orders", 0, 100, 1002, 600.0, 0.0, 50.0, lag::Verdict::Stop, "" } }) });
        std::const_pointer_cast<lag::LagSnapshot>(snapshot)->changes
            = { { "audit-archiver", lag::Verdict::Ok, lag::Verdict::Stop, now },
                  { "billing-slow", lag::Verdict::Ok, lag::Verdict::Warn, now },
                  { "orders-etl", lag::Verdict::Ok, lag::Verdict::Stop, now } };
        QSignalSpy notified(m_window->clusterViews(u"local"_s), &ClusterViews::notificationWanted);
        local->applyLagSnapshot(snapshot);
        QCOMPARE(alerts->model()->rowCount(), 2);
        QStringList alerted;
        for (int row = 0; row < alerts->model()->rowCount(); ++row)
            alerted << alerts->model()->index(row, AlertListModel::Group).data().toString();
        alerted.sort();
        QCOMPARE(alerted, (QStringList { u"audit-archiver"_s, u"billing-slow"_s }));
        QCOMPARE(notified.count(), 2);

        // With the default patterns every group is watched, pinned or not.
        m_window->clusterViews(u"local"_s)->setAlertGroups({ "*" });
        QVERIFY(alerts->emptyText().contains(u"Watched: every consumer group."_s));
        QVERIFY(alerts->policy().matches("orders-etl"));
    }

    void lagOptionsComeFromTheWorkspace()
    {
        config::Workspace workspace;
        workspace.refresh.lag = std::chrono::milliseconds(1500);
        workspace.lagRules = { { "billing-*", std::nullopt, 60.0, {} }, { "*", 1000, std::nullopt, {} } };
        const kafka::LagSamplingOptions options = MainWindow::lagOptionsFor(workspace);
        QCOMPARE(options.interval, std::chrono::milliseconds(1500));
        QVERIFY(options.sampler.evaluator.thresholdsFor);
        const lag::LagThresholds billing = options.sampler.evaluator.thresholdsFor("billing-slow");
        QCOMPARE(billing.maxLagSeconds, std::optional<double>(60.0));
        QVERIFY(!billing.maxLagRecords);
        QCOMPARE(options.sampler.evaluator.thresholdsFor("orders").maxLagRecords, std::optional<std::int64_t>(1000));
    }

    void opensOnTheFirstClusterOverview()
    {
        openTwoClusters();
        QCOMPARE(m_window->currentViewSpec(), u"local:overview"_s);
        QCOMPARE(m_window->navigator()->indicatorText(u"local"_s), u"connecting"_s);
        QCOMPARE(m_window->refreshStatusText(), u"No answer yet"_s);

        m_local->applySnapshot(testing::makeSnapshot("local"));
        ClusterOverviewView* overview = m_window->clusterViews(u"local"_s)->overview();
        QCOMPARE(overview->clusterIdText(), u"q1Sh-9_ISia_zwGINzRvyQ"_s);
        QVERIFY(overview->controllerText().contains(u"kafka-1.local:9092"_s));
        QCOMPARE(overview->topicsTile()->value(), u"5"_s);
        QCOMPARE(overview->underReplicatedTile()->value(), u"2"_s); // the offline partition counts too
        QCOMPARE(overview->underReplicatedTile()->health(), Health::Warning);
        QCOMPARE(overview->offlineTile()->health(), Health::Error);
        QVERIFY(m_window->refreshStatusText().startsWith(u"Last refresh "_s));
        QCOMPARE(m_window->costStatusText(), u"took 143 ms \u00b7 7 requests"_s);

        // "Needs attention" names the broken topics and the rebalancing group, as links.
        QVERIFY(overview->attentionText().contains(u"audit.log: 1 offline partition"_s));
        QVERIFY(overview->attentionText().contains(u"payments: 1 under-replicated partition"_s));
        QVERIFY(overview->attentionText().contains(u"connect-billing-sink: PreparingRebalance"_s));
        QVERIFY(!overview->attentionText().contains(u"orders-service"_s));
        auto* attention = overview->findChild<QLabel*>(u"attention"_s);
        QVERIFY(attention);
        emit attention->linkActivated(u"topic:audit.log"_s);
        QCOMPARE(m_window->currentViewSpec(), u"local:topic/audit.log"_s);

        auto healthy = testing::makeSnapshot("local");
        healthy->topics.erase(healthy->topics.begin() + 1); // audit.log
        healthy->topics.back().partitions[2].isr = { 1, 2, 3 }; // payments
        healthy->groups.erase(healthy->groups.begin()); // connect-billing-sink
        m_local->applySnapshot(healthy);
        QVERIFY(overview->attentionText().contains(u"nothing"_s));
    }

    void showViewHandlesEverySpec()
    {
        openTwoClusters();
        m_local->applySnapshot(testing::makeSnapshot("local"));
        m_remote->applySnapshot(testing::makeSnapshot("remote"));
        ClusterViews* local = m_window->clusterViews(u"local"_s);
        ClusterViews* remote = m_window->clusterViews(u"remote"_s);

        QVERIFY(m_window->showView(u"topics"_s));
        QCOMPARE(m_window->currentView(), local->topics());
        QCOMPARE(m_window->currentViewSpec(), u"local:topics"_s);

        QVERIFY(m_window->showView(u"topic/orders"_s));
        QCOMPARE(m_window->currentView(), local->topicPage());
        QCOMPARE(local->topicPage()->topic(), u"orders"_s);
        QCOMPARE(local->topicPage()->partitionModel()->rowCount(), 6);

        QVERIFY(m_window->showView(u"groups"_s));
        QCOMPARE(m_window->currentView(), local->groups());

        QVERIFY(m_window->showView(u"remote:group/orders-service"_s));
        QCOMPARE(m_window->currentView(), remote->groupPage());
        QCOMPARE(remote->groupPage()->assignmentModel()->rowCount(), 6);
        QVERIFY(remote->groupPage()->summaryText().contains(u"Stable"_s));

        QVERIFY(m_window->showView(u"remote:overview"_s));
        QCOMPARE(m_window->currentView(), remote->overview());
        QVERIFY(m_window->windowTitle().startsWith(u"remote"_s));

        QVERIFY(m_window->showView(u"start"_s));
        QCOMPARE(m_window->currentView(), m_window->startPage());

        QVERIFY(!m_window->showView(u"nonsense"_s));
        QVERIFY(!m_window->showView(u"topic/"_s));
        QVERIFY(!m_window->showView(u"nowhere:topics"_s));
        QCOMPARE(m_window->currentView(), m_window->startPage()); // unchanged by failures
    }

    void navigationFollowsLinksAndSidebar()
    {
        openTwoClusters();
        m_local->applySnapshot(testing::makeSnapshot("local"));
        ClusterViews* local = m_window->clusterViews(u"local"_s);
        m_window->showView(u"topics"_s);
        emit local->topics()->topicActivated(u"payments"_s);
        QCOMPARE(m_window->currentViewSpec(), u"local:topic/payments"_s);
        emit local->topicPage()->groupActivated(u"connect-billing-sink"_s);
        QCOMPARE(m_window->currentViewSpec(), u"local:group/connect-billing-sink"_s);
        emit local->groupPage()->backRequested();
        QCOMPARE(m_window->currentViewSpec(), u"local:groups"_s);

        emit m_window->navigator()->viewRequested(u"remote:topics"_s);
        QCOMPARE(m_window->currentViewSpec(), u"remote:topics"_s);
    }

    void indicatorReflectsConnectionState()
    {
        openTwoClusters();
        ClusterNavigator* nav = m_window->navigator();
        m_local->applyConnectionState(domain::ConnectionState::Connected, {});
        QCOMPARE(nav->indicatorText(u"local"_s), u"connected"_s);
        QVERIFY(!nav->indicatorToolTip(u"local"_s).contains(u"Last error"_s));

        m_remote->applyConnectionState(domain::ConnectionState::Unreachable, u"Local: Broker transport failure"_s);
        QCOMPARE(nav->indicatorText(u"remote"_s), u"unreachable"_s);
        QVERIFY(nav->indicatorToolTip(u"remote"_s).contains(u"Broker transport failure"_s));
        QCOMPARE(nav->indicatorText(u"local"_s), u"connected"_s);

        m_remote->applyConnectionState(domain::ConnectionState::Degraded, u"1/3 brokers down"_s);
        QCOMPARE(nav->indicatorText(u"remote"_s), u"degraded"_s);
        QVERIFY(nav->indicatorToolTip(u"remote"_s).contains(u"1/3 brokers down"_s));
    }

    void bannerShowsProblemsOfTheCurrentClusterWithRetry()
    {
        openTwoClusters();
        InlineBanner* banner = m_window->banner();
        QVERIFY(banner->isHidden());

        // A problem on a cluster that is not shown stays in its indicator.
        m_remote->applyConnectionState(domain::ConnectionState::Unreachable, u"Connection refused"_s);
        QVERIFY(banner->isHidden());

        m_local->applyConnectionState(
            domain::ConnectionState::Unreachable, u"Local: Broker transport failure (7 brokers)"_s);
        QVERIFY(!banner->isHidden());
        QCOMPARE(banner->health(), Health::Error);
        QVERIFY(banner->message().contains(u"local"_s));
        QVERIFY(banner->message().contains(u"127.0.0.1:9"_s));
        QCOMPARE(banner->detail(), u"Local: Broker transport failure (7 brokers)"_s);
        QVERIFY(banner->isRetryVisible());
        auto* retry = banner->findChild<QPushButton*>(u"bannerRetry"_s);
        QVERIFY(retry);
        QSignalSpy retried(banner, &InlineBanner::retryRequested);
        retry->click(); // calls session->refresh(), a no-op on an unstarted session
        QCOMPARE(retried.count(), 1);

        m_window->showView(u"remote:overview"_s);
        QVERIFY(banner->message().contains(u"remote"_s));

        m_window->showView(u"start"_s);
        QVERIFY(banner->isHidden());

        // Recovery clears it; partial answers show as a warning with the broker text in Details.
        m_window->showView(u"local:overview"_s);
        m_local->applyConnectionState(domain::ConnectionState::Connected, {});
        QVERIFY(banner->isHidden());
        auto partial = testing::makeSnapshot("local");
        partial->warnings = { "DescribeConfigs failed for 2 topics: Broker: Cluster authorization failed" };
        m_local->applySnapshot(partial);
        QVERIFY(!banner->isHidden());
        QCOMPARE(banner->health(), Health::Warning);
        QVERIFY(banner->detail().contains(u"Cluster authorization failed"_s));
    }

    void missingTopicIsAViewProblem()
    {
        openTwoClusters();
        m_local->applySnapshot(testing::makeSnapshot("local"));
        QVERIFY(m_window->showView(u"topic/gone"_s));
        QVERIFY(!m_window->banner()->isHidden());
        QVERIFY(m_window->banner()->message().contains(u"gone"_s));
        QVERIFY(m_window->showView(u"topic/orders"_s));
        QVERIFY(m_window->banner()->isHidden());
    }

    void openWorkspaceFileErrorsShowInline()
    {
        const QString path = m_dir.filePath(u"broken.yaml"_s);
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("version: 1\nclusters:\n  - name: a\n    bootstrap: [\n");
        file.close();
        const Status status = m_window->openWorkspaceFile(path);
        QVERIFY(!status);
        QCOMPARE(m_window->currentView(), m_window->startPage());
        InlineBanner* error = m_window->startPage()->workspaceError();
        QVERIFY(!error->isHidden());
        QVERIFY2(error->message().contains(u"broken.yaml:"_s), qPrintable(error->message()));
        QVERIFY(m_settings->recentWorkspaces().isEmpty());
    }

    void openWorkspaceFileRecordsRecent()
    {
        const QString path = m_dir.filePath(u"good.yaml"_s);
        QVERIFY(config::saveWorkspace(testing::makeWorkspace({ "alpha" }), path.toStdString()));
        const Status status = m_window->openWorkspaceFile(path);
        QVERIFY2(status, status ? "" : status.error().message.c_str());
        QCOMPARE(m_window->currentViewSpec(), u"alpha:overview"_s);
        QVERIFY(m_window->session(u"alpha"_s));
        QCOMPARE(m_window->session(u"alpha"_s)->state(), domain::ConnectionState::Connecting);
        QCOMPARE(m_settings->recentWorkspaces().value(0), QFileInfo(path).absoluteFilePath());
        m_window->showStartPage();
        QCOMPARE(m_window->startPage()->recentList()->count(), 1);
        m_window->closeWorkspace();
        QVERIFY(!m_window->session(u"alpha"_s));
    }
};

QTEST_MAIN(TestMainWindow)
#include "test_main_window.moc"
