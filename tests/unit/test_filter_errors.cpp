// SPDX-License-Identifier: Apache-2.0
// Filter compile errors: the 1-based column (in characters), what was expected and what
// was found, for syntax, lexical, type and regular-expression problems.
#include "filter/filter.h"

#include <QTest>

using namespace sluice;
using namespace sluice::filter;

namespace {

FilterError errorOf(std::string_view text)
{
    FilterError error;
    auto filter = compileFilter(text, CompileOptions{0}, &error);
    if (filter.hasValue()) {
        error.column = 0;
        error.message = "compiled";
    } else {
        // The Error carries the same sentence.
        if (filter.error().message != error.message || filter.error().kind != ErrorKind::Configuration)
            error.column = 999;
    }
    return error;
}

bool expectedContains(const FilterError& error, std::string_view part)
{
    const bool found = error.expected.find(part) != std::string::npos;
    if (!found)
        qWarning("expected-text was: %s", error.expected.c_str());
    return found;
}

} // namespace

class TestFilterErrors : public QObject {
    Q_OBJECT
private slots:
    void columnsAndExpectations_data()
    {
        QTest::addColumn<QString>("filter");
        QTest::addColumn<int>("column");
        QTest::addColumn<QString>("expected");
        QTest::addColumn<QString>("found");

        QTest::newRow("missing operator") << "value.id 5" << 10 << "an operator" << "'5'";
        QTest::newRow("unknown field") << "partitoin == 1" << 1 << "a field" << "'partitoin'";
        QTest::newRow("dangling and") << "partition == 1 and" << 19 << "a condition" << "the end of the filter";
        QTest::newRow("missing paren") << "(partition == 1" << 16 << "')'" << "the end of the filter";
        QTest::newRow("extra paren") << "partition == 1)" << 15 << "'and', 'or'" << "')'";
        QTest::newRow("single equals") << "partition = 1" << 11 << "'=='" << "'='";
        QTest::newRow("unterminated string") << "key == \"abc" << 8 << "closing quote" << "'\"abc'";
        QTest::newRow("bad escape") << "key == \"a\\qb\"" << 10 << "known escape" << "'\\q'";
        QTest::newRow("number for bytes") << "key == 42" << 8 << "string in quotes or null" << "'42'";
        QTest::newRow("text op on number") << "offset contains \"1\"" << 8 << "operator for numbers" << "'contains'";
        QTest::newRow("string for number") << "partition == \"1\"" << 14 << "a number" << "'\"1\"'";
        QTest::newRow("bad time") << "timestamp > 2026-13-01" << 13 << "ISO-8601" << "'2026-13-01'";
        QTest::newRow("time without zone") << "timestamp > 2026-11-22T10:00:00" << 13 << "time zone"
                                           << "'2026-11-22T10:00:00'";
        QTest::newRow("bad iso string") << "timestamp > \"yesterday\"" << 13 << "ISO-8601" << "'\"yesterday\"'";
        QTest::newRow("duration alone") << "timestamp > 15m" << 13 << "needs 'now'" << "'15m'";
        QTest::newRow("unknown unit") << "timestamp > now - 15q" << 19 << "unknown unit" << "'15q'";
        QTest::newRow("now minus number") << "timestamp > now - 15" << 19 << "a duration" << "'15'";
        QTest::newRow("list without bracket") << "partition in 1" << 14 << "'['" << "'1'";
        QTest::newRow("list without comma") << "partition in [1 2]" << 17 << "',' or ']'" << "'2'";
        QTest::newRow("header without name") << "headers[1] == \"x\"" << 9 << "header name" << "'1'";
        QTest::newRow("field on the right") << "key == value" << 8 << "fields can only be compared" << "'value'";
        QTest::newRow("order by null") << "value.a < null" << 11 << "null and booleans have no order" << "'null'";
        QTest::newRow("path step") << "value.5 == 1" << 7 << "member name" << "'5'";
        QTest::newRow("regex unclosed group") << "value matches /ab(c/" << 20 << "')'" << "'/'";
        QTest::newRow("regex backreference") << "value matches /(a)\\1/" << 19 << "backreferences" << "'\\'";
        QTest::newRow("regex lookahead") << "value matches /a(?=b)/" << 17 << "lookaround" << "'('";
        QTest::newRow("regex flag") << "value matches /a/g" << 15 << "only 'i'" << "'/a/g'";
        QTest::newRow("regex nothing to repeat") << "value matches /*a/" << 16 << "something to repeat" << "'*'";
        QTest::newRow("regex huge repeat") << "value matches /a{5000}/" << 17 << "at most 1000" << "'{'";
        QTest::newRow("unexpected char") << "partition == 1 # x" << 16 << "a field, literal" << "'#'";
        QTest::newRow("lonely ampersand") << "partition == 1 & offset == 2" << 16 << "'&&'" << "'&'";
        // Columns count characters, not bytes: 'é' is two bytes in UTF-8.
        QTest::newRow("column in characters") << "key == \"é\" and é" << 16 << "a field, literal" << "'é'";
    }

    void columnsAndExpectations()
    {
        QFETCH(QString, filter);
        QFETCH(int, column);
        QFETCH(QString, expected);
        QFETCH(QString, found);
        const FilterError error = errorOf(filter.toStdString());
        QCOMPARE(QString::fromStdString(error.message).isEmpty(), false);
        QCOMPARE(static_cast<int>(error.column), column);
        QVERIFY2(expectedContains(error, expected.toStdString()), error.message.c_str());
        QCOMPARE(QString::fromStdString(error.found), found);
        QVERIFY(error.message.starts_with("Column " + std::to_string(column) + ": expected "));
        QVERIFY(error.length >= 1);
    }

    void byteOffsetAndLength()
    {
        const FilterError error = errorOf("é == 1");
        QCOMPARE(error.column, std::size_t{1});
        QCOMPARE(error.byteOffset, std::size_t{0});
        QCOMPARE(error.length, std::size_t{1});
        const FilterError later = errorOf("\"é\" == partition");
        QCOMPARE(later.column, std::size_t{1});
        QCOMPARE(later.length, std::size_t{3}); // the whole string literal, in characters
        const FilterError word = errorOf("partition == 1 and bogus == 2");
        QCOMPARE(word.column, std::size_t{20});
        QCOMPARE(word.length, std::size_t{5});
    }

    void limits()
    {
        std::string deep(70, '(');
        deep += "partition == 1";
        deep += std::string(70, ')');
        const FilterError nested = errorOf(deep);
        QCOMPARE(nested.column, std::size_t{65});
        QVERIFY(expectedContains(nested, "at most 64"));

        std::string many = "partition == 0";
        for (int i = 1; i < 300; ++i)
            many += " or partition == " + std::to_string(i);
        QVERIFY(expectedContains(errorOf(many), "at most 256 conditions"));

        const FilterError huge = errorOf(std::string(20000, ' ') + "true");
        QVERIFY(expectedContains(huge, "16 KiB"));

        std::string longPath = "value";
        for (int i = 0; i < 40; ++i)
            longPath += ".a";
        QVERIFY(expectedContains(errorOf(longPath + " exists"), "at most 32 steps"));
    }

    void validFiltersCompile()
    {
        for (const char* text : {
                 "value.order.id == \"A\" and not (headers[\"x\"] exists or partition in [0, 1])",
                 "timestamp >= 2026-11-22T10:00:00.5+02:00 and timestamp < now",
                 "value.items[0].sku startsWith 'X' && key matches /^\\x00/",
                 "value[\"odd key\"][3] >= -1.5e3",
                 "key == null or value == null",
                 "value.a in [\"x\", 1, 2.5, true, null]",
             }) {
            const FilterError error = errorOf(text);
            QVERIFY2(error.message == "compiled", (std::string(text) + " -> " + error.message).c_str());
        }
    }
};

QTEST_APPLESS_MAIN(TestFilterErrors)
#include "test_filter_errors.moc"
