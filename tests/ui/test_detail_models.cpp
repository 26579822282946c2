// SPDX-License-Identifier: Apache-2.0
// The smaller live models: partitions, topic configs, brokers, groups, members, assignments.
// Each runs under QAbstractItemModelTester while snapshots are replaced.
#include "common/model_roles.h"
#include "common/state_palette.h"
#include "common/substring_filter_proxy.h"
#include "groups/group_assignment_model.h"
#include "groups/group_member_model.h"
#include "groups/group_table_model.h"
#include "overview/broker_table_model.h"
#include "test_snapshots.h"
#include "topics/config_filter_proxy.h"
#include "topics/partition_table_model.h"
#include "topics/topic_config_model.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTest>

using namespace sluice;
using namespace sluice::ui;
using namespace Qt::Literals::StringLiterals;

namespace {

constexpr auto kReport = QAbstractItemModelTester::FailureReportingMode::QtTest;

QString cell(const QAbstractItemModel& model, int row, int column)
{
    return model.index(row, column).data().toString();
}

} // namespace

class TestDetailModels : public QObject {
    Q_OBJECT
private slots:
    void partitionsShowStateAndWatermarks()
    {
        PartitionTableModel model;
        QAbstractItemModelTester tester(&model, kReport);
        auto snapshot = testing::makeSnapshot();
        model.setTopic(snapshot->topic("payments"));
        QCOMPARE(model.rowCount(), 3);
        QCOMPARE(cell(model, 0, PartitionTableModel::State), u"ok"_s);
        QCOMPARE(cell(model, 2, PartitionTableModel::State), u"under-replicated"_s);
        QCOMPARE(cell(model, 2, PartitionTableModel::Isr), u"3, 1"_s);
        QCOMPARE(cell(model, 1, PartitionTableModel::LowWatermark), u"1,000"_s);
        QCOMPARE(cell(model, 1, PartitionTableModel::HighWatermark), u"811,000"_s);
        QCOMPARE(cell(model, 1, PartitionTableModel::Records), u"810,000"_s);
        QVERIFY(model.index(2, PartitionTableModel::State).data(Qt::BackgroundRole).isValid());

        model.setTopic(snapshot->topic("audit.log"));
        QCOMPARE(model.rowCount(), 2);
        QCOMPARE(cell(model, 1, PartitionTableModel::Leader), u"none"_s);
        QCOMPARE(cell(model, 1, PartitionTableModel::State), u"offline"_s);

        // Partitions added to a topic arrive as an insertion, not a reset.
        QSignalSpy resets(&model, &QAbstractItemModel::modelReset);
        domain::TopicInfo grown = *snapshot->topic("audit.log");
        grown.partitions.push_back(testing::makePartition(2, 1, { 1, 2, 3 }, { 1, 2, 3 }, -1, -1));
        model.setTopic(&grown);
        QCOMPARE(model.rowCount(), 3);
        QCOMPARE(cell(model, 2, PartitionTableModel::Records), u"\u2014"_s);
        QCOMPARE(resets.count(), 0);
        model.setTopic(nullptr);
        QCOMPARE(model.rowCount(), 0);
    }

    void configsMaskSecretsAndNameSources()
    {
        TopicConfigModel model;
        QAbstractItemModelTester tester(&model, kReport);
        auto snapshot = testing::makeSnapshot();
        model.setTopic(snapshot->topic("orders"));
        QCOMPARE(model.rowCount(), 4);
        QStringList names;
        for (int r = 0; r < model.rowCount(); ++r)
            names << cell(model, r, TopicConfigModel::Name);
        QCOMPARE(names,
            (QStringList { u"cleanup.policy"_s, u"min.insync.replicas"_s, u"retention.ms"_s, u"sasl.jaas.config"_s }));
        QCOMPARE(cell(model, 3, TopicConfigModel::Value), u"********"_s);
        QVERIFY(!model.index(3, TopicConfigModel::Value)
                     .data(Qt::ToolTipRole)
                     .toString()
                     .contains(u"super-secret-value"_s));
        QCOMPARE(cell(model, 2, TopicConfigModel::Source), u"topic override"_s);
        QCOMPARE(cell(model, 0, TopicConfigModel::Default), u"default"_s);
        QCOMPARE(cell(model, 1, TopicConfigModel::Default), QString());

        // A secret key is masked even if the broker forgot to flag it.
        domain::TopicInfo topic = *snapshot->topic("orders");
        topic.configs.push_back({ "ssl.key.password", "hunter22", "DYNAMIC_TOPIC_CONFIG", false, false, false });
        model.setTopic(&topic);
        const QModelIndex hit
            = model.match(model.index(0, 0), KeyRole, u"ssl.key.password"_s, 1, Qt::MatchExactly).value(0);
        QVERIFY(hit.isValid());
        QCOMPARE(cell(model, hit.row(), TopicConfigModel::Value), u"********"_s);

        // "Overrides only" hides entries that still have their default value.
        ConfigFilterProxy proxy;
        proxy.setSourceModel(&model);
        QAbstractItemModelTester proxyTester(&proxy, kReport);
        QCOMPARE(proxy.rowCount(), 5);
        proxy.setOverridesOnly(true);
        QCOMPARE(proxy.rowCount(), 4); // cleanup.policy is a default
        proxy.setFilterText(u"RETENTION"_s);
        QCOMPARE(proxy.rowCount(), 1);
        QCOMPARE(proxy.index(0, TopicConfigModel::Value).data().toString(), u"604800000 (7 d)"_s);
    }

    void brokersMarkTheController()
    {
        BrokerTableModel model;
        QAbstractItemModelTester tester(&model, kReport);
        auto snapshot = testing::makeSnapshot();
        model.setSnapshot(snapshot);
        QCOMPARE(model.rowCount(), 3);
        QCOMPARE(cell(model, 0, BrokerTableModel::Address), u"kafka-1.local:9092"_s);
        QVERIFY(cell(model, 0, BrokerTableModel::Role).contains(u"controller"_s));
        QCOMPARE(cell(model, 1, BrokerTableModel::Role), QString());
        QCOMPARE(cell(model, 2, BrokerTableModel::Rack), u"eu-west-1c"_s);

        auto next = testing::makeSnapshot();
        next->brokers.erase(next->brokers.begin() + 1);
        next->controllerId = 3;
        model.setSnapshot(next);
        QCOMPARE(model.rowCount(), 2);
        QCOMPARE(cell(model, 0, BrokerTableModel::Role), QString());
        QVERIFY(cell(model, 1, BrokerTableModel::Role).contains(u"controller"_s));
    }

    void groupsListStateProtocolAndTopics()
    {
        GroupTableModel model;
        QAbstractItemModelTester tester(&model, kReport);
        SubstringFilterProxy proxy;
        proxy.setSourceModel(&model);
        QAbstractItemModelTester proxyTester(&proxy, kReport);
        model.setSnapshot(testing::makeSnapshot());
        QCOMPARE(model.rowCount(), 3);
        QCOMPARE(cell(model, 1, GroupTableModel::GroupId), u"orders-service"_s);
        QCOMPARE(cell(model, 1, GroupTableModel::State), u"Stable"_s);
        QCOMPARE(cell(model, 1, GroupTableModel::Assignor), u"cooperative-sticky"_s);
        QCOMPARE(cell(model, 1, GroupTableModel::Members), u"2"_s);
        QCOMPARE(cell(model, 1, GroupTableModel::Topics), u"orders"_s);
        QCOMPARE(cell(model, 2, GroupTableModel::Members), u"0"_s);
        QCOMPARE(cell(model, 2, GroupTableModel::Topics), u"payments"_s); // committed only
        // The lag seam: no lag column exists until real lag data is plugged in.
        QCOMPARE(model.columnCount(), int(GroupTableModel::ColumnCount));

        proxy.setFilterText(u"PAY"_s);
        QCOMPARE(proxy.rowCount(), 1);
        proxy.setFilterText({});
        proxy.sort(GroupTableModel::Members, Qt::DescendingOrder);
        QCOMPARE(proxy.index(0, GroupTableModel::GroupId).data().toString(), u"orders-service"_s);

        // Groups come and go while the proxy sorts.
        auto next = testing::makeSnapshot();
        next->groups.erase(next->groups.begin());
        domain::ConsumerGroupInfo added;
        added.groupId = "zeta";
        added.state = "Dead";
        next->groups.push_back(added);
        next->groups[0].members.pop_back();
        model.setSnapshot(next);
        QCOMPARE(model.rowCount(), 3);
        QCOMPARE(cell(model, 0, GroupTableModel::Members), u"1"_s);
        QCOMPARE(cell(model, 2, GroupTableModel::GroupId), u"zeta"_s);
        QCOMPARE(model.index(2, GroupTableModel::State).data(Qt::ForegroundRole).value<QColor>(),
            healthColor(Health::Error));
    }

    void membersAndAssignments()
    {
        GroupMemberModel members;
        GroupAssignmentModel assignments;
        QAbstractItemModelTester t1(&members, kReport);
        QAbstractItemModelTester t2(&assignments, kReport);
        auto snapshot = testing::makeSnapshot();
        members.setGroup(snapshot->group("orders-service"));
        assignments.setGroup(snapshot->group("orders-service"));
        QCOMPARE(members.rowCount(), 2);
        QCOMPARE(cell(members, 0, GroupMemberModel::ClientId), u"orders-service-1"_s);
        QCOMPARE(cell(members, 0, GroupMemberModel::Assignment), u"orders 0\u20132"_s);
        QCOMPARE(cell(members, 1, GroupMemberModel::PartitionCount), u"3"_s);
        QCOMPARE(assignments.rowCount(), 6);
        QCOMPARE(cell(assignments, 4, GroupAssignmentModel::Topic), u"orders"_s);
        QCOMPARE(cell(assignments, 4, GroupAssignmentModel::Partition), u"4"_s);
        QCOMPARE(cell(assignments, 4, GroupAssignmentModel::ClientId), u"orders-service-2"_s);

        // A rebalance moves partition 2 to the second member.
        auto next = testing::makeSnapshot();
        auto* group = const_cast<domain::ConsumerGroupInfo*>(next->group("orders-service"));
        group->members[0].assignment.pop_back();
        group->members[1].assignment.push_back({ "orders", 2 });
        QSignalSpy changed(&assignments, &QAbstractItemModel::dataChanged);
        members.setGroup(group);
        assignments.setGroup(group);
        QCOMPARE(cell(members, 1, GroupMemberModel::Assignment), u"orders 2\u20135"_s);
        QCOMPARE(cell(assignments, 2, GroupAssignmentModel::ClientId), u"orders-service-2"_s);
        QCOMPARE(changed.count(), 1);

        // An empty group has nobody and nothing assigned.
        members.setGroup(snapshot->group("payments-etl"));
        assignments.setGroup(snapshot->group("payments-etl"));
        QCOMPARE(members.rowCount(), 0);
        QCOMPARE(assignments.rowCount(), 0);
    }

    void assignmentTextCompactsRanges()
    {
        QCOMPARE(GroupMemberModel::assignmentText({ { "a", 0 }, { "a", 1 }, { "a", 2 }, { "a", 5 }, { "b", 7 } }),
            u"a 0\u20132, 5 \u00b7 b 7"_s);
        QCOMPARE(GroupMemberModel::assignmentText({}), QString());
    }
};

QTEST_MAIN(TestDetailModels)
#include "test_detail_models.moc"
