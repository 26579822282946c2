// SPDX-License-Identifier: Apache-2.0
// The filter language: grammar, precedence, every operator, fields, JSON paths, headers
// (duplicates: any header of the name may match), time literals and the missing-field rule.
#include "filter/filter.h"

#include <QTest>

using namespace sluice;
using namespace sluice::filter;

namespace sluice::filter {
inline char* toString(const Verdict& verdict)
{
    return qstrdup(std::string(nameOf(verdict)).c_str());
}
} // namespace sluice::filter

namespace {

constexpr std::int64_t kNow = 1'800'000'000'000; // 2027-01-15T08:00:00Z

decode::Bytes bytes(std::string_view text)
{
    return decode::toBytes(text);
}

decode::Record order()
{
    decode::Record r;
    r.topic = "orders";
    r.partition = 3;
    r.offset = 1234;
    r.timestamp = {kNow - 10 * 60'000, decode::TimestampType::CreateTime}; // ten minutes ago
    r.key = bytes("order-42");
    r.value = bytes(R"({"order":{"id":"A-17","total":120.5,"paid":true,"coupon":null,"qty":3},)"
                    R"("items":[{"sku":"X1","n":2},{"sku":"Y2","n":1}],"tags":["new","vip"],)"
                    "\"note\":\"caf\\u00e9 \\\"quoted\\\"\",\"big\":12345678901234}");
    r.headers = {{"source", bytes("web")}, {"trace", bytes("t-1")}, {"trace", bytes("t-2")}, {"empty", bytes("")},
                 {"nothing", std::nullopt}};
    return r;
}

// The verdict of `text` on `record`; BudgetExceeded stands in for "did not compile" after
// a QWARN-like message, so a typo in a test cannot pass silently.
Verdict run(std::string_view text, const decode::Record& record, EvalLimits limits = {})
{
    FilterError error;
    auto filter = compileFilter(text, CompileOptions{kNow}, &error);
    if (!filter) {
        qWarning("filter did not compile: %s: %s", std::string(text).c_str(), error.message.c_str());
        return Verdict::BudgetExceeded;
    }
    Evaluator evaluator(*filter, limits);
    std::vector<decode::HeaderView> headers;
    return evaluator.evaluate(record.view(headers)).verdict;
}

bool is(std::string_view text, const decode::Record& record)
{
    const Verdict verdict = run(text, record);
    if (verdict == Verdict::BudgetExceeded)
        qWarning("unexpected verdict for %s", std::string(text).c_str());
    return verdict == Verdict::Match;
}

} // namespace

class TestFilterLanguage : public QObject {
    Q_OBJECT
private slots:
    void emptyFilterMatchesEverything()
    {
        QVERIFY(is("", order()));
        QVERIFY(is("   \t", order()));
        QVERIFY(is("true", order()));
        QVERIFY(!is("false", order()));
    }

    void scalarFields()
    {
        const auto r = order();
        QVERIFY(is("partition == 3", r));
        QVERIFY(is("partition != 4", r));
        QVERIFY(is("offset >= 1234 and offset <= 1234", r));
        QVERIFY(is("offset > 1233 and offset < 1235", r));
        QVERIFY(!is("offset > 1234", r));
        QVERIFY(is("topic == \"orders\"", r));
        QVERIFY(is("topic startsWith \"ord\" and topic endsWith \"ers\"", r));
        QVERIFY(is("size == " + std::to_string(r.value->size()), r));
        QVERIFY(is("size > 10", r));
        QVERIFY(is("partition in [1, 2, 3]", r));
        QVERIFY(!is("partition in [1, 2]", r));
        QVERIFY(!is("partition in []", r));
        QVERIFY(is("offset == 1234.0", r)); // numbers compare by value
        QVERIFY(is("partition > -1", r));
    }

    void keyAndValueBytes()
    {
        auto r = order();
        QVERIFY(is("key == \"order-42\"", r));
        QVERIFY(is("key startsWith \"order-\"", r));
        QVERIFY(is("key contains \"-4\"", r));
        QVERIFY(is("key exists", r));
        QVERIFY(is("value contains \"\\\"sku\\\":\\\"Y2\\\"\"", r));
        QVERIFY(is("key > \"order-41\" and key < \"order-43\"", r));
        r.key.reset();
        QVERIFY(is("key == null", r));
        QVERIFY(!is("key exists", r));
        QVERIFY(!is("key == \"\"", r));
        QVERIFY(!is("key contains \"\"", r)); // null is not empty
        r.key = decode::Bytes{};
        QVERIFY(is("key == \"\"", r));
        QVERIFY(is("key exists", r));
        QVERIFY(!is("key == null", r));
    }

    void binaryKeysCompareByteForByte()
    {
        auto r = order();
        r.key = decode::Bytes{0x00, 0x00, 0x00, 0x00, 0x07, 0xFF, 'a'};
        QVERIFY(is("key startsWith \"\\x00\\x00\\x00\\x00\\x07\"", r));
        QVERIFY(is("key == \"\\0\\0\\0\\0\\x07\\xffa\"", r));
        QVERIFY(!is("key == \"\"", r));
        QVERIFY(is("key > \"\\x00\\x00\\x00\\x00\\x07\\x7f\"", r)); // bytes order unsigned
        QVERIFY(is("key endsWith \"a\"", r));
    }

    void jsonPaths()
    {
        const auto r = order();
        QVERIFY(is("value.order.id == \"A-17\"", r));
        QVERIFY(is("value.order.total > 100", r));
        QVERIFY(is("value.order.total == 120.5", r));
        QVERIFY(is("value.order.qty == 3", r));
        QVERIFY(is("value.order.qty == 3.0", r));
        QVERIFY(is("value.order.paid == true", r));
        QVERIFY(is("value.order.coupon == null", r));
        QVERIFY(is("value.order.coupon exists", r)); // null is present
        QVERIFY(is("value.items[0].sku == \"X1\"", r));
        QVERIFY(is("value.items[1].sku == \"Y2\"", r));
        QVERIFY(is("value[\"items\"][1][\"sku\"] == \"Y2\"", r));
        QVERIFY(is("value.tags[1] == \"vip\"", r));
        QVERIFY(is("value.tags contains \"vip\"", r)); // arrays: text operators see the JSON text
        QVERIFY(is("value.note == \"café \\\"quoted\\\"\"", r)); // escapes decoded
        QVERIFY(is("value.note startsWith \"caf\\u00e9\"", r));
        QVERIFY(is("value.big == 12345678901234", r));
        QVERIFY(is("value.order.id in [\"A-16\", \"A-17\"]", r));
        QVERIFY(is("value.order exists", r));
    }

    void missingFieldsSatisfyNoComparison()
    {
        const auto r = order();
        QVERIFY(!is("value.order.missing == 1", r));
        QVERIFY(!is("value.order.missing != 1", r));
        QVERIFY(!is("value.order.missing exists", r));
        QVERIFY(is("not value.order.missing exists", r));
        QVERIFY(is("not (value.order.missing == 1)", r));
        QVERIFY(!is("value.items[5].sku exists", r));
        QVERIFY(!is("value.order.id.deeper exists", r)); // through a string
        QVERIFY(!is("value.items.sku exists", r));        // a member of an array
        QVERIFY(!is("headers[\"absent\"] != \"x\"", r));
    }

    void typeMismatchesAreUnequal()
    {
        const auto r = order();
        QVERIFY(!is("value.order.id == 17", r));
        QVERIFY(is("value.order.id != 17", r));
        QVERIFY(!is("value.order.total == \"120.5\"", r));
        QVERIFY(!is("value.order.total > \"100\"", r)); // no order between number and text
        QVERIFY(!is("value.order.paid == 1", r));
        QVERIFY(!is("value.order == null", r));
    }

    void valueThatIsNotJson()
    {
        auto r = order();
        r.value = bytes("{\"order\":{\"id\":\"A-17\"} trailing");
        QVERIFY(!is("value.order.id exists", r));
        QVERIFY(is("value contains \"A-17\"", r));
        r.value.reset();
        QVERIFY(!is("value.order.id exists", r));
        QVERIFY(is("value == null", r));
        QVERIFY(is("size == 0", r));
    }

    void duplicateJsonMembersLastWins()
    {
        auto r = order();
        r.value = bytes(R"({"a":{"b":1},"a":{"c":2}})");
        QVERIFY(!is("value.a.b exists", r));
        QVERIFY(is("value.a.c == 2", r));
    }

    void keyJsonPaths()
    {
        auto r = order();
        r.key = bytes(R"({"tenant":"t9","id":[7,8]})");
        QVERIFY(is("key.tenant == \"t9\" and key.id[1] == 8", r));
        QVERIFY(!is("value.tenant exists", r));
    }

    void headersAnyOfTheName()
    {
        const auto r = order();
        QVERIFY(is("headers[\"source\"] == \"web\"", r));
        QVERIFY(is("headers[\"trace\"] == \"t-1\"", r));
        QVERIFY(is("headers[\"trace\"] == \"t-2\"", r)); // the second of two
        QVERIFY(is("headers[\"trace\"] != \"t-1\"", r)); // t-2 differs
        QVERIFY(!is("not headers[\"trace\"] == \"t-2\"", r));
        QVERIFY(is("headers[\"trace\"] in [\"t-9\", \"t-2\"]", r));
        QVERIFY(is("headers[\"empty\"] == \"\"", r));
        QVERIFY(is("headers[\"nothing\"] == null", r));
        QVERIFY(is("headers[\"nothing\"] exists", r));
        QVERIFY(!is("headers[\"absent\"] exists", r));
        QVERIFY(!is("headers[\"Source\"] exists", r)); // names are case-sensitive
        QVERIFY(is("headers['source'] matches /^w.b$/", r));
    }

    void precedence()
    {
        const auto r = order(); // partition 3
        // and binds tighter than or
        QVERIFY(is("partition == 3 or partition == 4 and offset == 0", r));
        QVERIFY(!is("(partition == 3 or partition == 4) and offset == 0", r));
        // not binds tighter than and
        QVERIFY(!is("not partition == 3 and offset == 1234", r));
        QVERIFY(is("not (partition == 4 and offset == 1234)", r));
        QVERIFY(is("not not partition == 3", r));
        QVERIFY(is("!(partition == 4) && offset == 1234 || false", r));
        QVERIFY(is("partition == 4 || partition == 3", r));
        QVERIFY(is("partition == 3 AND offset == 1234", r));
        QVERIFY(is("((((partition == 3))))", r));
    }

    void keywordsAreCaseInsensitiveFieldsAreNot()
    {
        const auto r = order();
        QVERIFY(is("partition == 3 AND NOT offset == 1 Or false", r));
        QVERIFY(is("key STARTSWITH \"order\"", r));
        QVERIFY(run("Partition == 3", r) == Verdict::BudgetExceeded); // does not compile
    }

    void memberNamesMayBeKeywords()
    {
        auto r = order();
        r.value = bytes(R"({"in":1,"and":{"not":true},"value":"v"})");
        QVERIFY(is("value.in == 1 and value.and.not == true and value.value == \"v\"", r));
    }

    void regexOperator()
    {
        const auto r = order();
        QVERIFY(is("value.order.id matches /^A-\\d+$/", r));
        QVERIFY(is("value.order.id matches \"^A-\\\\d+$\"", r)); // string form needs doubled backslashes
        QVERIFY(!is("value.order.id matches /^a-\\d+$/", r));
        QVERIFY(is("value.order.id matches /^a-\\d+$/i", r));
        QVERIFY(is("key matches /order-(4|5)[0-9]/", r));
        QVERIFY(!is("partition == 3 and key matches /^x/", r));
        QVERIFY(is("value.note matches /caf./", r)); // '.' is one character, é included
        QVERIFY(is("topic matches /r/", r));         // unanchored: anywhere
    }

    void timeLiterals()
    {
        const auto r = order(); // ten minutes before kNow
        QVERIFY(is("timestamp > now - 15m", r));
        QVERIFY(!is("timestamp > now - 5m", r));
        QVERIFY(is("timestamp < now", r));
        QVERIFY(is("timestamp < now + 1h", r));
        QVERIFY(is("timestamp >= now - 1h30m", r));
        QVERIFY(is("timestamp > 2027-01-15T07:45:00Z and timestamp < 2027-01-15T07:55:00Z", r));
        QVERIFY(is("timestamp > 2027-01-15T08:45:00+01:00", r)); // = 07:45Z
        QVERIFY(is("timestamp > \"2027-01-15T07:45:00Z\"", r));
        QVERIFY(is("timestamp > 2027-01-15 and timestamp < 2027-01-16", r));
        QVERIFY(is("timestamp == " + std::to_string(kNow - 600'000), r));
        auto noTime = r;
        noTime.timestamp = {};
        QVERIFY(!is("timestamp > 0", noTime));
        QVERIFY(!is("timestamp exists", noTime));
    }

    void compiledFilterIsSharedAcrossEvaluators()
    {
        auto filter = compileFilter("value.order.id == \"A-17\"", CompileOptions{kNow});
        QVERIFY(filter.hasValue());
        QVERIFY(filter->readsValue());
        QVERIFY(!filter->readsKey());
        QVERIFY(!filter->readsHeaders());
        Evaluator a(*filter);
        Evaluator b(*filter);
        const auto r = order();
        std::vector<decode::HeaderView> headers;
        QCOMPARE(a.evaluate(r.view(headers)).verdict, Verdict::Match);
        QCOMPARE(b.evaluate(r.view(headers)).verdict, Verdict::Match);
        auto other = r;
        other.value = bytes(R"({"order":{"id":"B"}})");
        QCOMPARE(a.evaluate(other.view(headers)).verdict, Verdict::NoMatch); // nothing left over
        QCOMPARE(a.evaluate(r.view(headers)).verdict, Verdict::Match);
    }

    void stepsAreReported()
    {
        auto filter = compileFilter("partition == 3", CompileOptions{kNow});
        QVERIFY(filter.hasValue());
        Evaluator evaluator(*filter);
        std::vector<decode::HeaderView> headers;
        const auto evaluation = evaluator.evaluate(order().view(headers));
        QCOMPARE(evaluation.verdict, Verdict::Match);
        QVERIFY(evaluation.steps >= 1 && evaluation.steps < 10);
    }
};

QTEST_APPLESS_MAIN(TestFilterLanguage)
#include "test_filter_language.moc"
