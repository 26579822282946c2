// SPDX-License-Identifier: Apache-2.0
#include "monitoring/lag_format.h"

#include "common/format.h"

#include <QCoreApplication>
#include <QLocale>
#include <cmath>

namespace sluice::ui {

namespace {
QString tr(const char* text)
{
    return QCoreApplication::translate("LagFormat", text);
}
} // namespace

Health verdictHealth(lag::Verdict verdict)
{
    switch (verdict) {
    case lag::Verdict::Ok:
        return Health::Ok;
    case lag::Verdict::Warn:
    case lag::Verdict::Rewind:
        return Health::Warning;
    case lag::Verdict::Err:
    case lag::Verdict::Stall:
    case lag::Verdict::Stop:
        return Health::Error;
    }
    return Health::Neutral;
}

QString verdictText(const std::optional<lag::Verdict>& verdict)
{
    if (!verdict)
        return unknownText();
    const std::string_view name = lag::nameOf(*verdict);
    return QString::fromLatin1(name.data(), static_cast<qsizetype>(name.size()));
}

QString verdictExplanation(lag::Verdict verdict)
{
    switch (verdict) {
    case lag::Verdict::Ok:
        return tr("Consuming and keeping up (or caught up).");
    case lag::Verdict::Warn:
        return tr("Consuming, but lag did not go down across a full window of commits.");
    case lag::Verdict::Rewind:
        return tr("The committed offset went backwards (usually an offset reset).");
    case lag::Verdict::Err:
        return tr("Lag is over the budget set for this group in the workspace (lagRules).");
    case lag::Verdict::Stall:
        return tr("A live member owns the partition but its offset does not move while lag exists.");
    case lag::Verdict::Stop:
        return tr("Nobody moves the offset, lag exists and the last commit is stale.");
    }
    return {};
}

QString formatLagSeconds(const std::optional<double>& seconds, bool isLowerBound)
{
    if (!seconds)
        return unknownText();
    const auto total = static_cast<std::int64_t>(std::llround(std::max(0.0, *seconds)));
    QString text;
    if (total < 60)
        text = tr("%1 s").arg(total);
    else if (total < 3600)
        text = tr("%1 min %2 s").arg(total / 60).arg(total % 60, 2, 10, QLatin1Char('0'));
    else if (total < 86400)
        text = tr("%1 h %2 min").arg(total / 3600).arg((total % 3600) / 60, 2, 10, QLatin1Char('0'));
    else
        text = tr("%1 d %2 h").arg(total / 86400).arg((total % 86400) / 3600);
    return isLowerBound ? QStringLiteral("\u2265 ") + text : text;
}

QString formatRate(const std::optional<double>& recordsPerSecond)
{
    if (!recordsPerSecond)
        return unknownText();
    const double value = std::max(0.0, *recordsPerSecond);
    if (value >= 100.0)
        return tr("%1/s").arg(formatCount(static_cast<std::int64_t>(std::llround(value))));
    return tr("%1/s").arg(QLocale().toString(value, 'f', value >= 10.0 ? 1 : 2));
}

} // namespace sluice::ui
