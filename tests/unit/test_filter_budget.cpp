// SPDX-License-Identifier: Apache-2.0
// The step budget and the bounded regular-expression engine: matching semantics of the
// supported subset, pathological patterns and long inputs ending in BudgetExceeded (never
// hanging), charges for JSON and text scans, and one compiled filter on several threads.
#include "filter/filter.h"
#include "filter/regex.h"

#include <QElapsedTimer>
#include <QTest>

#include <atomic>
#include <thread>

using namespace sluice;
using namespace sluice::filter;

namespace sluice::filter {
inline char* toString(const Verdict& verdict)
{
    return qstrdup(std::string(nameOf(verdict)).c_str());
}
} // namespace sluice::filter

namespace {

decode::Record withValue(std::string value)
{
    decode::Record r;
    r.topic = "t";
    r.partition = 0;
    r.offset = 1;
    r.value = decode::toBytes(value);
    return r;
}

Evaluation evaluate(std::string_view text, const decode::Record& record, std::uint64_t maxSteps)
{
    auto filter = compileFilter(text, CompileOptions{0});
    if (!filter) {
        qWarning("did not compile: %s", filter.error().message.c_str());
        return {Verdict::NoMatch, 0};
    }
    Evaluator evaluator(*filter, EvalLimits{maxSteps});
    std::vector<decode::HeaderView> headers;
    return evaluator.evaluate(record.view(headers));
}

int regexMatches(std::string_view pattern, std::string_view input)
{
    Regex regex;
    RegexError error;
    if (!Regex::compile(pattern, false, regex, error)) {
        qWarning("regex %s did not compile at %zu: %s", std::string(pattern).c_str(), error.offset,
                 error.expected.c_str());
        return -1;
    }
    RegexScratch scratch;
    return regex.search(input, 1'000'000, scratch).isMatch ? 1 : 0;
}

} // namespace

class TestFilterBudget : public QObject {
    Q_OBJECT
private slots:
    void regexSemantics_data()
    {
        QTest::addColumn<QString>("pattern");
        QTest::addColumn<QString>("input");
        QTest::addColumn<int>("matches");
        const auto row = [](const char* name, const char* pattern, const char* input, int expected) {
            QTest::newRow(name) << QString::fromUtf8(pattern) << QString::fromUtf8(input) << expected;
        };
        row("literal anywhere", "err", "an error here", 1);
        row("literal absent", "err", "all good", 0);
        row("anchored start", "^an", "an error", 1);
        row("anchored start miss", "^error", "an error", 0);
        row("anchored end", "here$", "an error here", 1);
        row("anchored end miss", "an$", "an error", 0);
        row("whole", "^a+b*$", "aaabb", 1);
        row("whole miss", "^a+b*$", "aaabba", 0);
        row("empty pattern", "", "x", 1);
        row("empty input star", "^a*$", "", 1);
        row("alternation", "^(cat|dog)s?$", "dogs", 1);
        row("alternation miss", "^(cat|dog)s?$", "cow", 0);
        row("non-capturing", "^(?:ab)+$", "ababab", 1);
        row("class range", "^[a-f0-9]+$", "deadbeef42", 1);
        row("class miss", "^[a-f0-9]+$", "xyz", 0);
        row("negated class", "^[^,]+$", "no commas", 1);
        row("negated class miss", "^[^,]+$", "a,b", 0);
        row("digit shorthand", "^\\d{3}-\\d{4}$", "555-1234", 1);
        row("word shorthand", "^\\w+$", "snake_case9", 1);
        row("space shorthand", "a\\sb", "a\tb", 1);
        row("negated shorthand", "^\\D+$", "abc", 1);
        row("counted exact", "^a{3}$", "aaa", 1);
        row("counted exact miss", "^a{3}$", "aaaa", 0);
        row("counted range", "^a{2,3}$", "aaa", 1);
        row("counted open", "^a{2,}$", "aaaaa", 1);
        row("counted open miss", "^a{2,}$", "a", 0);
        row("brace literal", "a{b", "xa{by", 1);
        row("optional", "^colou?r$", "color", 1);
        row("dot", "^a.c$", "abc", 1);
        row("dot not newline", "^a.c$", "a\nc", 0);
        row("dot utf8", "^caf.$", "café", 1);
        row("class utf8", "^[é]$", "é", 1);
        row("escaped dot", "^a\\.c$", "abc", 0);
        row("escaped slash and punctuation", "^\\(\\*\\)$", "(*)", 1);
        row("hex escape", "^\\x41$", "A", 1);
        row("unicode escape", "^\\u{e9}$", "é", 1);
        row("lazy accepted", "^a+?b$", "aab", 1);
        row("nested star", "^(a*)*$", "aaaa", 1);
        row("nested star miss", "^(a*)*$", "aaab", 0);
        row("empty alternative", "^(a|)$", "", 1);
        row("uuid", "^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$",
            "123e4567-e89b-12d3-a456-426614174000", 1);
    }

    void regexSemantics()
    {
        QFETCH(QString, pattern);
        QFETCH(QString, input);
        QFETCH(int, matches);
        QCOMPARE(regexMatches(pattern.toStdString(), input.toStdString()), matches);
    }

    void regexCaseInsensitive()
    {
        Regex regex;
        RegexError error;
        QVERIFY(Regex::compile("^error: [a-c]+$", true, regex, error));
        RegexScratch scratch;
        QVERIFY(regex.search("ERROR: AbC", 1000, scratch).isMatch);
        QVERIFY(Regex::compile("(?i)^timeout$", false, regex, error));
        QVERIFY(regex.search("TimeOut", 1000, scratch).isMatch);
    }

    void regexInvalidBytesOnlyMatchWildcards()
    {
        Regex regex;
        RegexError error;
        RegexScratch scratch;
        const std::string input("a\xff" "b", 3);
        QVERIFY(Regex::compile("^a.b$", false, regex, error));
        QVERIFY(regex.search(input, 1000, scratch).isMatch);
        QVERIFY(Regex::compile("^a[^x]b$", false, regex, error));
        QVERIFY(regex.search(input, 1000, scratch).isMatch);
        QVERIFY(Regex::compile("^a\\wb$", false, regex, error));
        QVERIFY(!regex.search(input, 1000, scratch).isMatch);
    }

    void catastrophicPatternIsLinear()
    {
        // (a+)+b on a run of a's is exponential for a backtracking engine. Here it costs
        // about (length × program size) steps and finishes.
        const std::string input(20'000, 'a');
        const auto r = withValue(input);
        QElapsedTimer timer;
        timer.start();
        const Evaluation e = evaluate("value matches /^(a+)+b$/", r, 100'000'000);
        QCOMPARE(e.verdict, Verdict::NoMatch);
        QVERIFY(e.steps > 20'000);
        QVERIFY(e.steps < 20'000 * 20);
        QVERIFY(timer.elapsed() < 30'000); // a hang would be minutes; this is a sanity bound only
    }

    void pathologicalRegexExceedsBudget()
    {
        // Many live NFA threads per character: (a|aa|aaa…){…} over a long run of a's.
        const std::string input(200'000, 'a');
        const auto r = withValue(input);
        const Evaluation e = evaluate("value matches /(a|aa|aaa|aaaa)*(b|bb)c{1,50}d/", r, 1'000'000);
        QCOMPARE(e.verdict, Verdict::BudgetExceeded);
        QVERIFY(e.steps > 1'000'000);
        QVERIFY(e.steps < 1'000'000 + 100'000); // stops soon after the budget, not at the end
    }

    void budgetExceededIsDistinctFromNoMatch()
    {
        const auto r = withValue(std::string(100'000, 'x'));
        QCOMPARE(evaluate("value matches /y/", r, kDefaultMaxSteps).verdict, Verdict::NoMatch);
        QCOMPARE(evaluate("value matches /y/", r, 1000).verdict, Verdict::BudgetExceeded);
        // Negation does not turn an unfinished evaluation into a match.
        QCOMPARE(evaluate("not value matches /y/", r, 1000).verdict, Verdict::BudgetExceeded);
        QCOMPARE(evaluate("not value matches /y/", r, kDefaultMaxSteps).verdict, Verdict::Match);
        // Or does not hide it either, unless an earlier operand already matched.
        QCOMPARE(evaluate("value matches /y/ or partition == 0", r, 1000).verdict, Verdict::BudgetExceeded);
        QCOMPARE(evaluate("partition == 0 or value matches /y/", r, 1000).verdict, Verdict::Match);
    }

    void longInputsAreChargedByBytes()
    {
        const auto big = withValue(std::string(4'000'000, 'x'));
        // contains over 4 MB: 1 + 4e6/64 = 62'501 steps plus the node.
        const Evaluation scan = evaluate("value contains \"needle\"", big, kDefaultMaxSteps);
        QCOMPARE(scan.verdict, Verdict::NoMatch);
        QVERIFY(scan.steps >= 62'501);
        QCOMPARE(evaluate("value contains \"needle\"", big, 10'000).verdict, Verdict::BudgetExceeded);
        // startsWith looks at the prefix only, whatever the value's size.
        QVERIFY(evaluate("value startsWith \"xx\"", big, 10).verdict == Verdict::Match);
    }

    void jsonIsReadOnceAndCharged()
    {
        std::string json = "{\"pad\":\"" + std::string(640'000, 'p') + "\",\"a\":1,\"b\":2}";
        const auto r = withValue(json);
        const Evaluation one = evaluate("value.a == 1", r, kDefaultMaxSteps);
        const Evaluation two = evaluate("value.a == 1 and value.b == 2 and value.a exists", r, kDefaultMaxSteps);
        QCOMPARE(one.verdict, Verdict::Match);
        QCOMPARE(two.verdict, Verdict::Match);
        QVERIFY(one.steps >= 10'000);
        QVERIFY(two.steps < one.steps + 20); // the second and third paths cost no second pass
        QCOMPARE(evaluate("value.a == 1", r, 5'000).verdict, Verdict::BudgetExceeded);
    }

    void hostileJsonNesting()
    {
        const std::string deep = std::string(100'000, '[') + std::string(100'000, ']');
        const Evaluation e = evaluate("value[0][0][0] exists", withValue(deep), kDefaultMaxSteps);
        QCOMPARE(e.verdict, Verdict::NoMatch); // too deep to be JSON for us; no crash
        const std::string unclosed = "{\"a\":" + std::string(50'000, '{');
        QCOMPARE(evaluate("value.a exists", withValue(unclosed), kDefaultMaxSteps).verdict, Verdict::NoMatch);
    }

    void oneFilterManyThreads()
    {
        auto filter = compileFilter("value.n > 500 and value.s matches /^x[0-9]+$/", CompileOptions{0});
        QVERIFY(filter.hasValue());
        std::atomic<int> matches{0};
        std::atomic<int> wrong{0};
        std::vector<std::thread> threads;
        for (int t = 0; t < 4; ++t) {
            threads.emplace_back([&, t] {
                Evaluator evaluator(*filter);
                std::vector<decode::HeaderView> headers;
                for (int i = 0; i < 1000; ++i) {
                    const int n = t * 1000 + i;
                    const auto r = withValue("{\"n\":" + std::to_string(n) + ",\"s\":\"x" + std::to_string(n) + "\"}");
                    const bool matched = evaluator.evaluate(r.view(headers)).verdict == Verdict::Match;
                    if (matched)
                        ++matches;
                    if (matched != (n > 500))
                        ++wrong;
                }
            });
        }
        for (auto& thread : threads)
            thread.join();
        QCOMPARE(wrong.load(), 0);
        QCOMPARE(matches.load(), 4000 - 501);
    }

    void scanSpeedMicroCheck()
    {
        // B4-style: a JSON field filter over many small records. Reported, not asserted.
        auto filter = compileFilter("value.order.status == \"FAILED\" and value.order.total > 100", CompileOptions{0});
        QVERIFY(filter.hasValue());
        Evaluator evaluator(*filter);
        std::vector<decode::Record> records;
        for (int i = 0; i < 1000; ++i)
            records.push_back(withValue("{\"order\":{\"id\":\"o-" + std::to_string(i)
                                        + "\",\"status\":\"" + (i % 10 == 0 ? "FAILED" : "OK")
                                        + "\",\"total\":" + std::to_string(i) + ".5,\"lines\":[1,2,3]}}"));
        std::vector<decode::HeaderView> headers;
        std::size_t bytes = 0;
        int matched = 0;
        QElapsedTimer timer;
        timer.start();
        constexpr int kRounds = 200;
        for (int round = 0; round < kRounds; ++round) {
            for (const auto& r : records) {
                bytes += r.value->size();
                matched += evaluator.evaluate(r.view(headers)).verdict == Verdict::Match ? 1 : 0;
            }
        }
        const double seconds = std::max<double>(timer.nsecsElapsed(), 1.0) / 1e9;
        QCOMPARE(matched, kRounds * 90); // i = 100, 110 … 990
        qInfo("filter micro check: %.0f records/s, %.1f MB/s (debug builds are slower)",
              kRounds * 1000.0 / seconds, static_cast<double>(bytes) / seconds / 1e6);
    }
};

QTEST_APPLESS_MAIN(TestFilterBudget)
#include "test_filter_budget.moc"
