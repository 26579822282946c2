// SPDX-License-Identifier: Apache-2.0
// The app's views, fed by a real session on the real broker, show exactly the topics,
// partitions, watermarks and groups that the test created, while the model tester watches
// every live update.
#include "cluster/cluster_views.h"
#include "groups/group_table_model.h"
#include "groups/groups_view.h"
#include "main_window.h"
#include "settings/app_settings.h"
#include "support/stack_env.h"
#include "topics/partition_table_model.h"
#include "topics/topic_page.h"
#include "topics/topic_table_model.h"
#include "topics/topics_view.h"
#include "common/model_roles.h"

#include <QAbstractItemModelTester>
#include <QApplication>
#include <QTemporaryDir>
#include <QTest>

using namespace sluice;

namespace {

// The row of `model` whose KeyRole is `key`, or -1.
int rowOf(const QAbstractItemModel* model, const QString& key)
{
    for (int r = 0; r < model->rowCount(); ++r) {
        if (model->index(r, 0).data(ui::KeyRole).toString() == key)
            return r;
    }
    return -1;
}

QVariant cell(const QAbstractItemModel* model, int row, int column)
{
    return model->index(row, column).data(ui::SortRole);
}

} // namespace

class TestViewsLive : public QObject {
    Q_OBJECT
private:
    std::string m_bootstrap;
    QTemporaryDir m_dir;

private slots:
    void initTestCase()
    {
        auto env = testing::stackEnvOrFail();
        m_bootstrap = env[QStringLiteral("SLUICE_KAFKA_BOOTSTRAP")].toStdString();
    }

    void topicsPartitionsAndGroupsAppearLive()
    {
        ui::AppSettings settings(m_dir.filePath(QStringLiteral("settings.ini")));
        ui::MainWindow window(kafka::makeEnvSecretResolver(), settings);
        window.setHistoryPath(m_dir.filePath(QStringLiteral("history.sqlite")).toStdString()); // not the user's
        config::Workspace workspace;
        workspace.name = "live";
        workspace.refresh.metadata = std::chrono::milliseconds(1000);
        config::ClusterConfig cluster;
        cluster.name = "local";
        cluster.bootstrapServers = {m_bootstrap};
        workspace.clusters.push_back(cluster);
        window.openWorkspace(workspace);
        window.resize(1280, 800);
        window.show();

        ui::ClusterViews* views = window.clusterViews(QStringLiteral("local"));
        QVERIFY(views);
        QAbstractItemModelTester topicTester(views->topics()->model(), QAbstractItemModelTester::FailureReportingMode::QtTest);
        QAbstractItemModelTester groupTester(views->groups()->model(), QAbstractItemModelTester::FailureReportingMode::QtTest);

        // Create the fixtures after the window is live, so they arrive as updates.
        auto producer = testing::makeClient(m_bootstrap, RD_KAFKA_PRODUCER);
        const std::string topic = testing::uniqueName("views-live");
        QCOMPARE(testing::createTopic(producer.get(), topic, 3), std::string());
        QVERIFY(testing::produce(producer.get(), topic, 0, 4));
        QVERIFY(testing::produce(producer.get(), topic, 2, 9));
        const QString topicName = QString::fromStdString(topic);

        const auto* topics = views->topics()->model();
        QTRY_VERIFY_WITH_TIMEOUT(rowOf(topics, topicName) >= 0 &&
                                     cell(topics, rowOf(topics, topicName), ui::TopicTableModel::Records).toLongLong() == 13,
                                 30000);
        const int row = rowOf(topics, topicName);
        QCOMPARE(cell(topics, row, ui::TopicTableModel::Partitions).toInt(), 3);
        QCOMPARE(cell(topics, row, ui::TopicTableModel::ReplicationFactor).toInt(), 1);
        QCOMPARE(cell(topics, row, ui::TopicTableModel::UnderReplicated).toInt(), 0);

        QVERIFY(window.showView(QStringLiteral("local:topic/") + topicName));
        auto* partitions = views->topicPage()->partitionModel();
        QAbstractItemModelTester partitionTester(partitions, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QTRY_COMPARE_WITH_TIMEOUT(partitions->rowCount(), 3, 10000);
        const std::array<long long, 3> expected{4, 0, 9};
        for (int p = 0; p < 3; ++p) {
            QCOMPARE(cell(partitions, p, ui::PartitionTableModel::Partition).toInt(), p);
            QCOMPARE(cell(partitions, p, ui::PartitionTableModel::LowWatermark).toLongLong(), 0);
            QCOMPARE(cell(partitions, p, ui::PartitionTableModel::HighWatermark).toLongLong(), expected[p]);
        }

        // More records arrive while the page is open: the same rows update in place.
        QVERIFY(testing::produce(producer.get(), topic, 1, 5));
        QTRY_COMPARE_WITH_TIMEOUT(cell(partitions, 1, ui::PartitionTableModel::HighWatermark).toLongLong(), 5LL, 15000);

        // A real consumer group shows up with its state.
        const std::string group = testing::uniqueName("views-group");
        std::atomic<bool> stop{false};
        std::thread consumer([&] {
            auto rk = testing::makeClient(m_bootstrap, RD_KAFKA_CONSUMER,
                                          {{"group.id", group}, {"auto.offset.reset", "earliest"}});
            rd_kafka_poll_set_consumer(rk.get());
            rd_kafka_topic_partition_list_t* subscription = rd_kafka_topic_partition_list_new(1);
            rd_kafka_topic_partition_list_add(subscription, topic.c_str(), RD_KAFKA_PARTITION_UA);
            rd_kafka_subscribe(rk.get(), subscription);
            rd_kafka_topic_partition_list_destroy(subscription);
            while (!stop) {
                if (rd_kafka_message_t* msg = rd_kafka_consumer_poll(rk.get(), 100))
                    rd_kafka_message_destroy(msg);
            }
            rd_kafka_consumer_close(rk.get());
        });
        const auto* groups = views->groups()->model();
        const QString groupName = QString::fromStdString(group);
        QTRY_VERIFY_WITH_TIMEOUT(rowOf(groups, groupName) >= 0 &&
                                     groups->index(rowOf(groups, groupName), ui::GroupTableModel::State)
                                             .data().toString() == QStringLiteral("Stable"),
                                 60000);
        QCOMPARE(cell(groups, rowOf(groups, groupName), ui::GroupTableModel::Members).toInt(), 1);
        stop = true;
        consumer.join();
        window.closeWorkspace();
    }
};

QTEST_MAIN(TestViewsLive)
#include "test_views_live.moc"
