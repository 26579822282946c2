// SPDX-License-Identifier: Apache-2.0
#include "browse/scan_form.h"

#include "filter/time_literal.h"

#include <QStringList>
#include <algorithm>
#include <set>
#include <string_view>

namespace sluice::ui {

namespace {

Error formError(const QString& message)
{
    return Error { ErrorKind::Configuration, message.toStdString(), {} };
}

std::optional<std::int64_t> parseCount(const QString& text)
{
    bool ok = false;
    const qlonglong n = text.trimmed().toLongLong(&ok);
    if (!ok || n < 0)
        return std::nullopt;
    return static_cast<std::int64_t>(n);
}

} // namespace

Result<std::vector<std::int32_t>> parsePartitionList(const QString& text)
{
    const QString trimmed = text.trimmed();
    if (trimmed.isEmpty() || trimmed.compare(QLatin1String("all"), Qt::CaseInsensitive) == 0)
        return std::vector<std::int32_t> {};
    std::set<std::int32_t> out;
    for (const QString& rawPart : trimmed.split(QLatin1Char(','))) {
        const QString part = rawPart.trimmed();
        const QStringList bounds = part.split(QLatin1Char('-'));
        bool okFirst = false;
        bool okLast = false;
        const int first = bounds.value(0).trimmed().toInt(&okFirst);
        const int last = bounds.size() == 2 ? bounds.value(1).trimmed().toInt(&okLast) : first;
        if (bounds.size() == 1)
            okLast = okFirst;
        if (!okFirst || !okLast || bounds.size() > 2 || first < 0 || last < first || last > 65535)
            return formError(
                QStringLiteral("Partitions: \u201c%1\u201d is not a partition or range (write e.g. 0-3, 7).")
                    .arg(part));
        if (last - first > 65535)
            return formError(QStringLiteral("Partitions: the range %1 is too large.").arg(part));
        for (int p = first; p <= last; ++p)
            out.insert(p);
    }
    return std::vector<std::int32_t>(out.begin(), out.end());
}

Result<std::int64_t> parseInstant(const QString& text, std::int64_t nowMs)
{
    const std::string s = text.trimmed().toStdString();
    if (s.empty())
        return formError(QStringLiteral("a time is needed (2026-11-22T10:00Z, epoch ms, or 15m ago)"));
    if (std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; }) && s.size() >= 9)
        return static_cast<std::int64_t>(std::stoll(s));
    std::string problem;
    if (auto ts = filter::parseIsoTimestamp(s, &problem))
        return *ts;
    // "15m" and "15m ago" (as the placeholder reads) mean the same.
    std::string duration = s;
    constexpr std::string_view kAgo = "ago";
    if (duration.size() > kAgo.size() && duration.compare(duration.size() - kAgo.size(), kAgo.size(), kAgo) == 0) {
        duration.resize(duration.size() - kAgo.size());
        while (!duration.empty() && duration.back() == ' ')
            duration.pop_back();
    }
    if (auto ago = filter::parseDuration(duration))
        return nowMs - *ago;
    return formError(QStringLiteral("\u201c%1\u201d is not a time: %2 (or write a duration ago such as 15m ago)")
                         .arg(text.trimmed(), QString::fromStdString(problem)));
}

Result<ScanFormValues> parseScanForm(const ScanForm& form, std::int64_t nowMs)
{
    ScanFormValues out;
    switch (form.start) {
    case StartChoice::Beginning:
        out.start = browse::StartPosition::beginning();
        break;
    case StartChoice::EndMinus: {
        const auto n = parseCount(form.startValue);
        if (!n)
            return formError(QStringLiteral("Start: the number of last records per partition must be a whole number "
                                            "\u2265 0."));
        out.start = browse::StartPosition::endMinus(*n);
        break;
    }
    case StartChoice::Offset: {
        const auto n = parseCount(form.startValue);
        if (!n)
            return formError(QStringLiteral("Start: the offset must be a whole number \u2265 0."));
        out.start = browse::StartPosition::atOffset(*n);
        break;
    }
    case StartChoice::Timestamp: {
        auto ts = parseInstant(form.startValue, nowMs);
        if (!ts)
            return formError(QStringLiteral("Start: ") + QString::fromStdString(ts.error().message));
        out.start = browse::StartPosition::atTimestamp(*ts);
        break;
    }
    case StartChoice::GroupCommitted: {
        const QString group = form.startValue.trimmed();
        if (group.isEmpty())
            return formError(QStringLiteral("Start: name the consumer group whose committed offsets to start from."));
        out.start = browse::StartPosition::committedBy(group.toStdString());
        break;
    }
    }
    switch (form.stop) {
    case StopChoice::EndOfTopic:
        out.stop = browse::StopCondition::atEnd();
        break;
    case StopChoice::AfterRecords: {
        const auto n = parseCount(form.stopValue);
        if (!n || *n == 0)
            return formError(QStringLiteral("Stop: the number of records must be a whole number \u2265 1."));
        out.stop = browse::StopCondition::afterRecords(static_cast<std::uint64_t>(*n));
        break;
    }
    case StopChoice::UntilTimestamp: {
        auto ts = parseInstant(form.stopValue, nowMs);
        if (!ts)
            return formError(QStringLiteral("Stop: ") + QString::fromStdString(ts.error().message));
        out.stop = browse::StopCondition::atTimestamp(*ts);
        break;
    }
    case StopChoice::LiveTail:
        out.stop = browse::StopCondition::liveTail();
        break;
    }
    auto partitions = parsePartitionList(form.partitions);
    if (!partitions)
        return partitions.error();
    out.partitions = std::move(partitions).value();
    return out;
}

} // namespace sluice::ui
