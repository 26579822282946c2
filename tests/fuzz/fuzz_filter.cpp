// SPDX-License-Identifier: Apache-2.0
// Fuzz target: compile arbitrary filter text and evaluate it on a record made from the
// rest of the input. Layout: filter text, then a 0x00 byte, then the value; the key is the
// value's first 8 bytes and one header holds the value too. Checks: compile errors point
// inside the text, evaluation stays within its budget (give or take one charge).
#include "decode/utf8.h"
#include "filter/filter.h"

#include <cstdint>
#include <cstdlib>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    using namespace sluice;
    const std::string_view input(reinterpret_cast<const char*>(data), size);
    const std::size_t split = input.find('\0');
    const std::string_view text = input.substr(0, split);
    const std::string_view rest = split == std::string_view::npos ? std::string_view() : input.substr(split + 1);

    filter::FilterError error;
    auto compiled = filter::compileFilter(text, filter::CompileOptions{1'800'000'000'000}, &error);
    if (!compiled) {
        const std::size_t characters = decode::utf8::countCodePoints(decode::asBytes(text), text.size());
        if (error.column < 1 || error.column > characters + 1 || error.length < 1 || error.message.empty()
            || error.byteOffset > text.size())
            std::abort();
        return 0;
    }

    constexpr std::uint64_t kBudget = 20'000;
    filter::Evaluator evaluator(*compiled, filter::EvalLimits{kBudget});
    const decode::ByteView value = decode::asBytes(rest);
    const decode::HeaderView headers[] = {{"h", value}, {"h", std::nullopt}, {"trace", value.first(std::min<std::size_t>(4, value.size()))}};
    decode::RecordView record;
    record.topic = "fuzz";
    record.partition = static_cast<std::int32_t>(size % 7);
    record.offset = static_cast<std::int64_t>(size);
    record.timestamp = {1'799'999'000'000, decode::TimestampType::CreateTime};
    record.key = value.first(std::min<std::size_t>(8, value.size()));
    record.value = value;
    record.headers = headers;
    for (int round = 0; round < 2; ++round) { // the second round reuses the scratch state
        const filter::Evaluation evaluation = evaluator.evaluate(record);
        // A single charge may overshoot the budget by at most one scan of the value or
        // one character's worth of regex threads.
        if (evaluation.steps > kBudget + 100'000 + value.size())
            std::abort();
        if (evaluation.verdict != filter::Verdict::BudgetExceeded && evaluation.steps > kBudget)
            std::abort();
    }
    return 0;
}
