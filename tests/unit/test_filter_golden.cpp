// SPDX-License-Identifier: Apache-2.0
// Golden filter cases: every filter in tests/data/filter/cases.txt, run over the records of
// tests/data/filter/records.jsonl, must match exactly the listed offsets.
#include "decode/jsonl.h"
#include "filter/filter.h"

#include <QTest>

#include <filesystem>
#include <fstream>
#include <sstream>

using namespace sluice;

namespace {

constexpr std::int64_t kNow = 1'767'225'600'000 + 10 * 60'000; // 2026-01-01T00:10:00Z

std::filesystem::path dataDir()
{
    return std::filesystem::path(qgetenv("SLUICE_TEST_DATA").toStdString()) / "filter";
}

} // namespace

class TestFilterGolden : public QObject {
    Q_OBJECT
private slots:
    void goldenCases()
    {
        std::ifstream recordsFile(dataDir() / "records.jsonl", std::ios::binary);
        QVERIFY(recordsFile.good());
        decode::JsonlReader reader(recordsFile);
        std::vector<decode::Record> records;
        while (true) {
            auto next = reader.next();
            QVERIFY2(next.hasValue(), next.hasValue() ? "" : next.error().message.c_str());
            if (!next->has_value())
                break;
            records.push_back(std::move(**next));
        }
        QCOMPARE(records.size(), std::size_t{10});

        std::ifstream casesFile(dataDir() / "cases.txt", std::ios::binary);
        QVERIFY(casesFile.good());
        std::string line;
        int cases = 0;
        std::vector<decode::HeaderView> headers;
        while (std::getline(casesFile, line)) {
            if (line.empty() || line.front() == '#')
                continue;
            const auto arrow = line.find(" => ");
            QVERIFY2(arrow != std::string::npos, line.c_str());
            const std::string text = line.substr(0, arrow);
            const std::string expected = line.substr(arrow + 4);
            filter::FilterError error;
            auto compiled = filter::compileFilter(text, filter::CompileOptions{kNow}, &error);
            QVERIFY2(compiled.hasValue(), (text + ": " + error.message).c_str());
            filter::Evaluator evaluator(*compiled);
            std::string actual;
            for (const auto& record : records) {
                const auto evaluation = evaluator.evaluate(record.view(headers));
                QVERIFY(evaluation.verdict != filter::Verdict::BudgetExceeded);
                if (evaluation.verdict == filter::Verdict::Match)
                    actual += (actual.empty() ? "" : " ") + std::to_string(record.offset);
            }
            if (actual.empty())
                actual = "-";
            QVERIFY2(actual == expected, (text + ": matched " + actual + ", expected " + expected).c_str());
            ++cases;
        }
        QVERIFY(cases >= 40);
    }
};

QTEST_APPLESS_MAIN(TestFilterGolden)
#include "test_filter_golden.moc"
