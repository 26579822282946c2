// SPDX-License-Identifier: Apache-2.0
// Rebalances and offset resets found between two lag samples of a group.
#include "lag/group_events.h"

#include <QTest>

using namespace sluice::lag;
using namespace std::chrono_literals;
using sluice::domain::TopicPartition;

namespace {

const TimePoint kT0 = TimePoint {} + 1'700'000'000s;

GroupObservation stable(std::map<std::string, std::string> members, std::map<TopicPartition, std::string> owners,
    std::map<TopicPartition, std::int64_t> committed)
{
    return { "Stable", std::move(members), std::move(owners), std::move(committed) };
}

const TopicPartition kP0 { "orders", 0 };
const TopicPartition kP1 { "orders", 1 };

} // namespace

class TestLagGroupEvents : public QObject {
    Q_OBJECT
private slots:
    void firstSampleAndSteadyGroupHaveNoEvents()
    {
        GroupEventDetector d;
        const auto obs = stable({ { "m1", "app-1" } }, { { kP0, "m1" }, { kP1, "m1" } }, { { kP0, 10 }, { kP1, 20 } });
        QVERIFY(d.observe("g", kT0, obs).empty());
        auto moved = obs;
        moved.committed[kP0] = 15; // progress is not an event
        QVERIFY(d.observe("g", kT0 + 5s, moved).empty());
        QVERIFY(d.observe("g", kT0 + 10s, moved).empty());
    }

    void memberJoinIsOneRebalance()
    {
        GroupEventDetector d;
        d.observe("g", kT0, stable({ { "m1", "app-1" } }, { { kP0, "m1" }, { kP1, "m1" } }, {}));
        // Caught mid-rebalance: reported once, when it starts...
        GroupObservation mid { "PreparingRebalance", { { "m1", "app-1" }, { "m2", "app-2" } }, {}, {} };
        const auto events = d.observe("g", kT0 + 5s, mid);
        QCOMPARE(events.size(), std::size_t(1));
        QCOMPARE(events[0].kind, GroupEventKind::Rebalance);
        QCOMPARE(events[0].at, kT0 + 5s);
        QVERIFY2(events[0].detail.find("members 1 \u2192 2") != std::string::npos, events[0].detail.c_str());
        QVERIFY2(events[0].detail.find("joined: app-2") != std::string::npos, events[0].detail.c_str());
        // ...not again when it completes with the new assignment.
        QVERIFY(d.observe("g", kT0 + 10s,
                     stable({ { "m1", "app-1" }, { "m2", "app-2" } }, { { kP0, "m1" }, { kP1, "m2" } }, {}))
                    .empty());
    }

    void rebalanceBetweenSamplesIsSeenFromTheMembers()
    {
        GroupEventDetector d;
        d.observe("g", kT0, stable({ { "m1", "app-1" }, { "m2", "app-2" } }, { { kP0, "m1" }, { kP1, "m2" } }, {}));
        const auto left = d.observe("g", kT0 + 5s, stable({ { "m1", "app-1" } }, { { kP0, "m1" }, { kP1, "m1" } }, {}));
        QCOMPARE(left.size(), std::size_t(1));
        QVERIFY2(left[0].detail.find("left: app-2") != std::string::npos, left[0].detail.c_str());
        // Same members, partitions moved between them.
        d.observe("g", kT0 + 10s, stable({ { "m1", "a" }, { "m3", "b" } }, { { kP0, "m1" }, { kP1, "m3" } }, {}));
        const auto moved
            = d.observe("g", kT0 + 15s, stable({ { "m1", "a" }, { "m3", "b" } }, { { kP0, "m3" }, { kP1, "m1" } }, {}));
        QCOMPARE(moved.size(), std::size_t(1));
        QVERIFY2(moved[0].detail.find("partitions moved") != std::string::npos, moved[0].detail.c_str());
    }

    void committedOffsetMovingBackIsAnOffsetReset()
    {
        GroupEventDetector d;
        d.observe("g", kT0, stable({}, {}, { { kP0, 1200 }, { kP1, 50 } }));
        const auto events = d.observe("g", kT0 + 5s, stable({}, {}, { { kP0, 0 }, { kP1, 60 } }));
        QCOMPARE(events.size(), std::size_t(1));
        QCOMPARE(events[0].kind, GroupEventKind::OffsetReset);
        QCOMPARE(events[0].detail, std::string("1 partition moved back: orders-0 1200 \u2192 0"));
        // A partition whose commit disappears, or a new one, is not a reset.
        QVERIFY(d.observe("g", kT0 + 10s, stable({}, {}, { { kP1, 60 } })).empty());
        QVERIFY(d.observe("g", kT0 + 15s, stable({}, {}, { { kP0, 3 }, { kP1, 61 } })).empty());
    }

    void deletedGroupStartsFresh()
    {
        GroupEventDetector d;
        d.observe("g", kT0, stable({}, {}, { { kP0, 1200 } }));
        d.retain({ "other" });
        QVERIFY(d.observe("g", kT0 + 5s, stable({}, {}, { { kP0, 0 } })).empty()); // recreated, not reset
    }
};

QTEST_GUILESS_MAIN(TestLagGroupEvents)
#include "test_lag_group_events.moc"
