// SPDX-License-Identifier: Apache-2.0
// View specs and the shared number/duration formatting.
#include "common/format.h"
#include "common/view_spec.h"

#include <QSet>
#include <QTest>

using namespace sluice::ui;
using namespace Qt::Literals::StringLiterals;

class TestViewSpecAndFormat : public QObject {
    Q_OBJECT
private slots:
    void parsesSpecs()
    {
        QCOMPARE(parseViewSpec(u"start"_s)->kind, ViewSpec::Kind::Start);
        QCOMPARE(parseViewSpec(u"topics"_s)->cluster, QString());
        const auto topic = parseViewSpec(u"prod-eu:topic/orders.v2"_s);
        QVERIFY(topic);
        QCOMPARE(topic->kind, ViewSpec::Kind::Topic);
        QCOMPARE(topic->cluster, u"prod-eu"_s);
        QCOMPARE(topic->target, u"orders.v2"_s);
        // Group ids may contain ':' and '/'.
        const auto group = parseViewSpec(u"group/team:a/b"_s);
        QVERIFY(group);
        QCOMPARE(group->target, u"team:a/b"_s);
        QCOMPARE(group->cluster, QString());
        const auto prefixed = parseViewSpec(u"c:group/team:a"_s);
        QCOMPARE(prefixed->cluster, u"c"_s);
        QCOMPARE(prefixed->target, u"team:a"_s);
        QCOMPARE(prefixed->toString(), u"c:group/team:a"_s);

        QVERIFY(!parseViewSpec(u""_s));
        QVERIFY(!parseViewSpec(u"topic/"_s));
        QVERIFY(!parseViewSpec(u"brokers"_s));
        QVERIFY(!parseViewSpec(u"c:start"_s));
        QVERIFY(!parseViewSpec(u":topics"_s));
        QVERIFY(!parseViewSpec(u"browse/"_s));
        QVERIFY(!parseViewSpec(u"deadletters/x"_s));
    }

    void roundTripsEveryKind()
    {
        const QStringList specs { u"c:overview"_s, u"c:topics"_s, u"c:topic/t"_s, u"c:groups"_s, u"c:group/g"_s,
            u"c:browse/orders"_s, u"c:deadletters"_s, u"c:deadletter/orders.dlq"_s, u"c:dashboard"_s,
            u"c:alerts"_s, u"c:audit"_s };
        QSet<int> kinds;
        for (const QString& text : specs) {
            const auto spec = parseViewSpec(text);
            QVERIFY2(spec, qPrintable(text));
            QCOMPARE(spec->toString(), text);
            QCOMPARE(spec->needsTarget(), !spec->target.isEmpty());
            kinds.insert(static_cast<int>(spec->kind));
        }
        QCOMPARE(kinds.size(), specs.size());
    }

    void formatsNumbersAndRetention()
    {
        QCOMPARE(formatCount(std::int64_t(1234567)), u"1,234,567"_s);
        QCOMPARE(formatCount(std::optional<std::int64_t> {}), u"\u2014"_s);
        QCOMPARE(formatRetention(604'800'000), u"7 d"_s);
        QCOMPARE(formatRetention(-1), u"\u221e"_s);
        QCOMPARE(formatRetention(3'600'000 * 36LL), u"36 h"_s);
        QCOMPARE(formatRetention(90'000), u"90 s"_s);
        QCOMPARE(formatRetention(1'800'000), u"30 min"_s);
        QCOMPARE(formatRetention(1500), u"1,500 ms"_s);
        QCOMPARE(formatRetention(std::nullopt), u"\u2014"_s);
        QCOMPARE(formatDuration(std::chrono::milliseconds(143)), u"143 ms"_s);
        QCOMPARE(formatDuration(std::chrono::milliseconds(2450)), u"2.5 s"_s);
        QCOMPARE(formatPartitionRanges({ 5, 0, 1, 2, 9, 10 }), u"0\u20132, 5, 9\u201310"_s);
        const auto t0 = std::chrono::system_clock::now();
        QCOMPARE(formatAge(t0, t0 + std::chrono::seconds(42)), u"42 s ago"_s);
        QCOMPARE(formatAge(t0, t0 + std::chrono::minutes(5)), u"5 min ago"_s);
    }

    void annotatesConfigValues()
    {
        QCOMPARE(configValueText("retention.ms", "604800000"), u"604800000 (7 d)"_s);
        QCOMPARE(configValueText("retention.ms", "-1"), u"-1 (unlimited)"_s);
        QCOMPARE(configValueText("flush.ms", "9223372036854775807"), u"9223372036854775807 (unlimited)"_s);
        QCOMPARE(configValueText("file.delete.delay.ms", "500"), u"500"_s);
        QCOMPARE(configValueText("local.retention.bytes", "-2"), u"-2"_s); // "as retention.bytes", not unlimited
        QCOMPARE(configValueText("segment.bytes", "1073741824"), u"1073741824 (1.0 GiB)"_s);
        QCOMPARE(configValueText("cleanup.policy", "compact,delete"), u"compact,delete"_s);
        QCOMPARE(configValueText("min.insync.replicas", "2"), u"2"_s);
        QCOMPARE(hostText("/10.0.0.7"), u"10.0.0.7"_s);
        QCOMPARE(hostText("host-a"), u"host-a"_s);
    }
};

QTEST_MAIN(TestViewSpecAndFormat)
#include "test_view_spec_and_format.moc"
