// SPDX-License-Identifier: Apache-2.0
// Which verdict changes alert (pinned groups, patterns, first looks, recoveries, vanished
// groups) and how notifications are rate limited per group and overall, with explicit times.
#include "lag/alert_policy.h"

#include <QTest>
#include <algorithm>

using namespace sluice::lag;
using namespace std::chrono_literals;

namespace {

const TimePoint kT0 = TimePoint(std::chrono::seconds(1'800'000'000));

VerdictChange change(std::string group, std::optional<Verdict> from, std::optional<Verdict> to, TimePoint at = kT0)
{
    return { std::move(group), from, to, at };
}

} // namespace

class TestLagAlerts : public QObject {
    Q_OBJECT
private slots:
    void matchesPinnedAndPatterns()
    {
        AlertSettings settings;
        settings.patterns = { "billing-*", "audit-?" };
        settings.pinnedGroups = { "orders-enrichment" };
        AlertPolicy policy(settings);
        QVERIFY(policy.matches("billing-slow"));
        QVERIFY(policy.matches("audit-1"));
        QVERIFY(!policy.matches("audit-12"));
        QVERIFY(policy.matches("orders-enrichment"));
        QVERIFY(!policy.matches("orders"));
        const auto alerts = policy.onChanges("local",
            { change("orders", Verdict::Ok, Verdict::Stop), change("billing-slow", Verdict::Ok, Verdict::Warn) }, kT0);
        QCOMPARE(alerts.size(), std::size_t(1));
        QCOMPARE(alerts[0].group, std::string("billing-slow"));
        QCOMPARE(alertTitle(alerts[0]), std::string("billing-slow on local: OK \u2192 WARN"));
    }

    void firstLooksRecoveriesAndVanishing()
    {
        AlertPolicy policy;
        auto alerts = policy.onChanges("local",
            { change("a", std::nullopt, Verdict::Ok), change("b", std::nullopt, Verdict::Stop),
                change("c", Verdict::Stop, std::nullopt) },
            kT0);
        QCOMPARE(alerts.size(), std::size_t(2)); // a healthy first look is not news
        QCOMPARE(alerts[0].group, std::string("b"));
        QCOMPARE(alertTitle(alerts[0]), std::string("b on local: STOP"));
        QCOMPARE(alertTitle(alerts[1]), std::string("c on local: group disappeared"));

        AlertSettings quiet;
        quiet.alertOnRecovery = false;
        AlertPolicy noRecovery(quiet);
        QVERIFY(noRecovery.onChanges("local", { change("b", Verdict::Stop, Verdict::Ok) }, kT0).empty());
        QCOMPARE(
            policy.onChanges("local", { change("b", Verdict::Stop, Verdict::Ok) }, kT0 + 10min).size(), std::size_t(1));
    }

    void rateLimitsPerGroup()
    {
        AlertSettings settings;
        settings.perGroupInterval = 5min;
        AlertPolicy policy(settings);
        auto first = policy.onChanges("local", { change("g", Verdict::Ok, Verdict::Warn) }, kT0);
        QVERIFY(first.at(0).notify);
        auto flap = policy.onChanges("local", { change("g", Verdict::Warn, Verdict::Ok) }, kT0 + 1min);
        QCOMPARE(flap.size(), std::size_t(1)); // still listed in the app
        QVERIFY(!flap[0].notify); // but no second pop-up within 5 min
        auto other = policy.onChanges("other", { change("g", Verdict::Ok, Verdict::Warn) }, kT0 + 1min);
        QVERIFY(other.at(0).notify); // same id on another cluster is another group
        QCOMPARE(other[0].suppressed, 1); // and it tells that one was held back
        auto later = policy.onChanges("local", { change("g", Verdict::Ok, Verdict::Stop) }, kT0 + 5min);
        QVERIFY(later.at(0).notify);
        QCOMPARE(later[0].suppressed, 0);
    }

    void rateLimitsOverall()
    {
        AlertSettings settings;
        settings.maxPerWindow = 3;
        settings.window = 1min;
        AlertPolicy policy(settings);
        std::vector<VerdictChange> storm;
        for (int i = 0; i < 10; ++i)
            storm.push_back(change("g" + std::to_string(i), Verdict::Ok, Verdict::Stop));
        const auto alerts = policy.onChanges("local", storm, kT0);
        QCOMPARE(alerts.size(), std::size_t(10));
        QCOMPARE(std::count_if(alerts.begin(), alerts.end(), [](const Alert& a) { return a.notify; }), 3);
        // The window slides: a minute later there is room again, and the count of held-back ones is told.
        const auto next = policy.onChanges("local", { change("h", Verdict::Ok, Verdict::Warn) }, kT0 + 1min);
        QVERIFY(next.at(0).notify);
        QCOMPARE(next[0].suppressed, 7);
    }
};

QTEST_APPLESS_MAIN(TestLagAlerts)
#include "test_lag_alerts.moc"
