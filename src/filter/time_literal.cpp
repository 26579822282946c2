// SPDX-License-Identifier: Apache-2.0
#include "filter/time_literal.h"

#include <chrono>
#include <cstdio>
#include <limits>

namespace sluice::filter {

namespace {

bool isDigit(char c)
{
    return c >= '0' && c <= '9';
}

// Exactly `count` digits at text[pos]; advances pos.
std::optional<int> digits(std::string_view text, std::size_t& pos, std::size_t count)
{
    if (text.size() - pos < count)
        return std::nullopt;
    int value = 0;
    for (std::size_t i = 0; i < count; ++i) {
        if (!isDigit(text[pos + i]))
            return std::nullopt;
        value = value * 10 + (text[pos + i] - '0');
    }
    pos += count;
    return value;
}

std::optional<std::int64_t> failWith(std::string* problem, std::string message)
{
    if (problem)
        *problem = std::move(message);
    return std::nullopt;
}

} // namespace

std::optional<std::int64_t> parseIsoTimestamp(std::string_view text, std::string* problem)
{
    using namespace std::chrono;
    std::size_t pos = 0;
    const auto y = digits(text, pos, 4);
    if (!y || pos >= text.size() || text[pos++] != '-')
        return failWith(problem, "expected a date as YYYY-MM-DD");
    const auto m = digits(text, pos, 2);
    if (!m || pos >= text.size() || text[pos++] != '-')
        return failWith(problem, "expected a date as YYYY-MM-DD");
    const auto d = digits(text, pos, 2);
    if (!d)
        return failWith(problem, "expected a date as YYYY-MM-DD");
    const year_month_day date{year{*y}, month{static_cast<unsigned>(*m)}, day{static_cast<unsigned>(*d)}};
    if (!date.ok())
        return failWith(problem, "no such date");
    std::int64_t ms = duration_cast<milliseconds>(sys_days{date}.time_since_epoch()).count();
    if (pos == text.size())
        return ms; // a date alone is midnight UTC
    if (text[pos] != 'T' && text[pos] != 't')
        return failWith(problem, "expected 'T' and a time after the date");
    ++pos;
    const auto hh = digits(text, pos, 2);
    if (!hh || pos >= text.size() || text[pos++] != ':')
        return failWith(problem, "expected a time as hh:mm[:ss[.fff]]");
    const auto mm = digits(text, pos, 2);
    if (!mm)
        return failWith(problem, "expected a time as hh:mm[:ss[.fff]]");
    int ss = 0;
    int fractionMs = 0;
    if (pos < text.size() && text[pos] == ':') {
        ++pos;
        const auto s = digits(text, pos, 2);
        if (!s)
            return failWith(problem, "expected seconds as two digits");
        ss = *s;
        if (pos < text.size() && (text[pos] == '.' || text[pos] == ',')) {
            ++pos;
            std::size_t count = 0;
            int scale = 100;
            while (pos < text.size() && isDigit(text[pos])) {
                if (count < 3)
                    fractionMs += (text[pos] - '0') * scale;
                scale /= 10;
                ++count;
                ++pos;
            }
            if (count == 0 || count > 9)
                return failWith(problem, "expected 1 to 9 digits of fraction");
        }
    }
    if (*hh > 23 || *mm > 59 || ss > 59)
        return failWith(problem, "time of day out of range");
    ms += ((*hh * 60LL + *mm) * 60LL + ss) * 1000LL + fractionMs;
    if (pos >= text.size())
        return failWith(problem, "expected a time zone: 'Z' or an offset such as +02:00");
    const char zone = text[pos++];
    if (zone == 'Z' || zone == 'z') {
        if (pos != text.size())
            return failWith(problem, "unexpected text after the time zone");
        return ms;
    }
    if (zone != '+' && zone != '-')
        return failWith(problem, "expected a time zone: 'Z' or an offset such as +02:00");
    const auto oh = digits(text, pos, 2);
    if (pos < text.size() && text[pos] == ':')
        ++pos;
    const auto om = digits(text, pos, 2);
    if (!oh || !om || *oh > 23 || *om > 59 || pos != text.size())
        return failWith(problem, "expected an offset such as +02:00");
    const std::int64_t offsetMs = (*oh * 60LL + *om) * 60'000LL;
    return zone == '+' ? ms - offsetMs : ms + offsetMs;
}

std::optional<std::int64_t> parseDuration(std::string_view text, std::string* problem)
{
    if (text.empty())
        return failWith(problem, "expected a duration such as 15m");
    std::int64_t total = 0;
    std::size_t pos = 0;
    while (pos < text.size()) {
        if (!isDigit(text[pos]))
            return failWith(problem, "expected a number before each unit, as in 1h30m");
        std::int64_t amount = 0;
        while (pos < text.size() && isDigit(text[pos])) {
            amount = amount * 10 + (text[pos] - '0');
            if (amount > 1'000'000'000LL)
                return failWith(problem, "duration too long");
            ++pos;
        }
        std::size_t unitEnd = pos;
        while (unitEnd < text.size() && !isDigit(text[unitEnd]))
            ++unitEnd;
        const std::string_view unit = text.substr(pos, unitEnd - pos);
        std::int64_t scale = 0;
        if (unit == "ms")
            scale = 1;
        else if (unit == "s")
            scale = 1000;
        else if (unit == "m")
            scale = 60'000;
        else if (unit == "h")
            scale = 3'600'000;
        else if (unit == "d")
            scale = 86'400'000;
        else if (unit == "w")
            scale = 604'800'000;
        else
            return failWith(problem, unit.empty() ? "expected a unit: ms, s, m, h, d or w"
                                                  : "unknown unit '" + std::string(unit) + "'; use ms, s, m, h, d or w");
        total += amount * scale;
        if (total > std::numeric_limits<std::int64_t>::max() / 4)
            return failWith(problem, "duration too long");
        pos = unitEnd;
    }
    return total;
}

std::string formatIsoTimestamp(std::int64_t ms)
{
    using namespace std::chrono;
    const sys_time<milliseconds> time{milliseconds{ms}};
    const auto dayStart = floor<days>(time);
    const year_month_day date{dayStart};
    const hh_mm_ss<milliseconds> clock{time - dayStart};
    char buffer[40];
    std::snprintf(buffer, sizeof buffer, "%04d-%02u-%02uT%02d:%02d:%02d.%03dZ", static_cast<int>(date.year()),
                  static_cast<unsigned>(date.month()), static_cast<unsigned>(date.day()),
                  static_cast<int>(clock.hours().count()), static_cast<int>(clock.minutes().count()),
                  static_cast<int>(clock.seconds().count()), static_cast<int>(clock.subseconds().count()));
    return buffer;
}

} // namespace sluice::filter
