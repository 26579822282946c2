// SPDX-License-Identifier: Apache-2.0
#include "common/format.h"

#include <QDateTime>
#include <QFontDatabase>
#include <QLocale>
#include <QStringList>
#include <algorithm>
#include <limits>

namespace sluice::ui {

namespace {

QLocale numberLocale()
{
    QLocale locale;
    if (locale.language() == QLocale::C)
        locale = QLocale(QLocale::English, QLocale::UnitedStates);
    locale.setNumberOptions(locale.numberOptions() & ~QLocale::OmitGroupSeparator);
    return locale;
}

} // namespace

QString formatCount(std::int64_t value)
{
    static const QLocale locale = numberLocale();
    return locale.toString(static_cast<qlonglong>(value));
}

QString formatCount(const std::optional<std::int64_t>& value)
{
    return value ? formatCount(*value) : unknownText();
}

QString formatRetention(const std::optional<std::int64_t>& retentionMs)
{
    if (!retentionMs)
        return unknownText();
    const std::int64_t ms = *retentionMs;
    if (ms < 0)
        return QStringLiteral("\u221e");
    struct Unit {
        std::int64_t ms;
        const char* suffix;
    };
    static constexpr Unit kUnits[] = {
        { 86'400'000, "d" },
        { 3'600'000, "h" },
        { 60'000, "min" },
        { 1'000, "s" },
    };
    for (const Unit& unit : kUnits) {
        if (ms >= unit.ms && ms % unit.ms == 0)
            return QStringLiteral("%1 %2").arg(formatCount(ms / unit.ms), QLatin1String(unit.suffix));
    }
    return QStringLiteral("%1 ms").arg(formatCount(ms));
}

QString formatDuration(std::chrono::milliseconds duration)
{
    const auto ms = duration.count();
    if (ms < 1000)
        return QStringLiteral("%1 ms").arg(ms);
    return QStringLiteral("%1 s").arg(static_cast<double>(ms) / 1000.0, 0, 'f', 1);
}

QString formatTimeOfDay(std::chrono::system_clock::time_point time)
{
    const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(time.time_since_epoch()).count();
    return QDateTime::fromMSecsSinceEpoch(ms).toString(QStringLiteral("HH:mm:ss"));
}

QString formatAge(std::chrono::system_clock::time_point time, std::chrono::system_clock::time_point now)
{
    const auto seconds = std::chrono::duration_cast<std::chrono::seconds>(now - time).count();
    if (seconds < 1)
        return QStringLiteral("just now");
    if (seconds < 120)
        return QStringLiteral("%1 s ago").arg(seconds);
    if (seconds < 7200)
        return QStringLiteral("%1 min ago").arg(seconds / 60);
    return QStringLiteral("%1 h ago").arg(seconds / 3600);
}

QString formatIdList(const std::vector<std::int32_t>& ids)
{
    QStringList parts;
    parts.reserve(static_cast<qsizetype>(ids.size()));
    for (std::int32_t id : ids)
        parts << QString::number(id);
    return parts.join(QStringLiteral(", "));
}

QString formatPartitionRanges(std::vector<std::int32_t> partitions)
{
    std::sort(partitions.begin(), partitions.end());
    partitions.erase(std::unique(partitions.begin(), partitions.end()), partitions.end());
    QStringList parts;
    for (std::size_t i = 0; i < partitions.size();) {
        std::size_t j = i;
        while (j + 1 < partitions.size() && partitions[j + 1] == partitions[j] + 1)
            ++j;
        if (j == i)
            parts << QString::number(partitions[i]);
        else
            parts << QStringLiteral("%1\u2013%2").arg(partitions[i]).arg(partitions[j]);
        i = j + 1;
    }
    return parts.join(QStringLiteral(", "));
}

QString hostText(const std::string& host)
{
    const QString text = qs(host);
    return text.startsWith(QLatin1Char('/')) ? text.mid(1) : text;
}

QString configValueText(const std::string& name, const std::string& value)
{
    const QString text = qs(value);
    bool ok = false;
    const qlonglong number = text.toLongLong(&ok);
    if (!ok)
        return text;
    const auto endsWith = [&](std::string_view suffix) {
        return name.size() >= suffix.size() && name.compare(name.size() - suffix.size(), suffix.size(), suffix) == 0;
    };
    constexpr qlonglong kUnlimited = std::numeric_limits<qlonglong>::max();
    // -1 and Long.MAX mean "no limit"; other negatives are markers (local.retention.* = -2
    // means "same as retention.*") and are shown as they are.
    if (number == -1 || number == kUnlimited)
        return (endsWith(".ms") || endsWith(".bytes")) ? QStringLiteral("%1 (unlimited)").arg(text) : text;
    if (number < 0)
        return text;
    if (endsWith(".ms")) {
        const QString human = formatRetention(number);
        return human.endsWith(QLatin1String(" ms")) ? text : QStringLiteral("%1 (%2)").arg(text, human);
    }
    if (endsWith(".bytes")) {
        if (number >= 1024)
            return QStringLiteral("%1 (%2)").arg(
                text, QLocale(QLocale::English).formattedDataSize(number, 1, QLocale::DataSizeIecFormat));
        return text;
    }
    return text;
}

QFont numberFont()
{
    QFont font = QFontDatabase::systemFont(QFontDatabase::FixedFont);
    font.setStyleHint(QFont::Monospace);
    return font;
}

} // namespace sluice::ui
