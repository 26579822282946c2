// SPDX-License-Identifier: Apache-2.0
#include "audit/audit_report.h"

#include "common/format.h"

#include <QCoreApplication>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QStringList>

namespace sluice::ui {

namespace {

constexpr qint64 kMaxReportBytes = 8 * 1024 * 1024;
constexpr int kListedRows = 12;

QString tr(const char* text)
{
    return QCoreApplication::translate("AuditReport", text);
}

QString esc(const QJsonValue& value)
{
    if (value.isDouble())
        return formatCount(static_cast<std::int64_t>(value.toDouble()));
    if (value.isBool())
        return value.toBool() ? tr("yes") : tr("no");
    if (value.isNull() || value.isUndefined())
        return tr("none");
    return value.toString().toHtmlEscaped();
}

QString line(const QString& label, const QString& valueHtml)
{
    return QStringLiteral("<tr><td style=\"color:gray;padding-right:10px\">%1</td><td>%2</td></tr>")
        .arg(label.toHtmlEscaped(), valueHtml);
}

QString resetSummary(const QJsonObject& r)
{
    QString html = QStringLiteral("<b>%1</b><table>").arg(tr("Offset reset"));
    html += line(tr("Group"), esc(r.value(QStringLiteral("group"))));
    html += line(tr("Cluster"), esc(r.value(QStringLiteral("cluster"))));
    html += line(tr("Mode"), esc(r.value(QStringLiteral("mode"))));
    html += line(tr("Result"), esc(r.value(QStringLiteral("result"))));
    html += line(tr("Previewed at"), esc(r.value(QStringLiteral("previewedAt"))));
    html += line(tr("Records to read"), esc(r.value(QStringLiteral("toReprocess"))));
    const QJsonArray rows = r.value(QStringLiteral("partitions")).toArray();
    int clamped = 0;
    for (const QJsonValue& row : rows)
        clamped += row.toObject().contains(QStringLiteral("clamped")) ? 1 : 0;
    html += line(tr("Partitions"), QStringLiteral("%1 (%2 clamped)").arg(rows.size()).arg(clamped));
    html += QStringLiteral("</table><table><tr><th align=left>%1</th><th>%2</th><th>%3</th><th>%4</th><th "
                           "align=left>%5</th></tr>")
                .arg(tr("Topic"), tr("Partition"), tr("From"), tr("To"), tr("Clamped"));
    for (int i = 0; i < rows.size() && i < kListedRows; ++i) {
        const QJsonObject row = rows[i].toObject();
        html += QStringLiteral("<tr><td>%1</td><td align=right>%2</td><td align=right>%3</td><td align=right>%4</td>"
                               "<td>%5</td></tr>")
                    .arg(esc(row.value(QStringLiteral("topic"))), esc(row.value(QStringLiteral("partition"))),
                        esc(row.value(QStringLiteral("current"))), esc(row.value(QStringLiteral("target"))),
                        row.contains(QStringLiteral("clamped")) ? esc(row.value(QStringLiteral("clamped")))
                                                                : QStringLiteral("\u2014"));
    }
    html += QStringLiteral("</table>");
    if (rows.size() > kListedRows)
        html += tr("\u2026 and %1 more partitions (see the raw report).").arg(rows.size() - kListedRows);
    return html;
}

QString replaySummary(const QJsonObject& r)
{
    QString html = QStringLiteral("<b>%1</b><table>").arg(tr("Replay"));
    html += line(tr("Replay id"), esc(r.value(QStringLiteral("replayId"))));
    html += line(tr("Mode"), esc(r.value(QStringLiteral("mode"))));
    html += line(tr("Completed"), esc(r.value(QStringLiteral("completed"))));
    if (r.contains(QStringLiteral("stopReason")))
        html += line(tr("Stopped because"), esc(r.value(QStringLiteral("stopReason"))));
    html += line(tr("Selected"), esc(r.value(QStringLiteral("selected"))));
    html += line(tr("Delivered"), esc(r.value(QStringLiteral("delivered"))));
    html += line(tr("Skipped"), esc(r.value(QStringLiteral("skipped"))));
    html += line(tr("Failed"), esc(r.value(QStringLiteral("failed"))));
    html += line(tr("Not yet sent"), esc(r.value(QStringLiteral("notYetSent"))));
    html += line(tr("Lost"), esc(r.value(QStringLiteral("lost"))));
    html += line(tr("Every record accounted for"), esc(r.value(QStringLiteral("accountsForEveryRecord"))));
    html += line(tr("Possible duplicates"), esc(r.value(QStringLiteral("possibleDuplicates"))));
    const QJsonObject v = r.value(QStringLiteral("verification")).toObject();
    if (v.value(QStringLiteral("performed")).toBool())
        html += line(tr("Verification"),
            tr("%1 expected, %2 found, %3 missing, %4 corrupted, %5 duplicates, %6 reordered")
                .arg(esc(v.value(QStringLiteral("expected"))), esc(v.value(QStringLiteral("found"))),
                    esc(v.value(QStringLiteral("missing"))), esc(v.value(QStringLiteral("corrupted"))),
                    esc(v.value(QStringLiteral("duplicates"))), esc(v.value(QStringLiteral("reordered")))));
    else if (!v.isEmpty())
        html += line(tr("Verification"), tr("not performed: %1").arg(esc(v.value(QStringLiteral("reason")))));
    const QJsonObject reasons = r.value(QStringLiteral("skippedByReason")).toObject();
    QStringList reasonList;
    for (auto it = reasons.begin(); it != reasons.end(); ++it)
        reasonList << QStringLiteral("%1: %2").arg(it.key().toHtmlEscaped(), esc(it.value()));
    if (!reasonList.isEmpty())
        html += line(tr("Skipped because"), reasonList.join(QStringLiteral(", ")));
    html += QStringLiteral("</table>");
    return html;
}

} // namespace

ReportFile readReportFile(const QString& path)
{
    ReportFile out;
    out.path = path;
    QFile file(path);
    out.exists = file.exists();
    if (!out.exists)
        return out;
    if (!file.open(QIODevice::ReadOnly)) {
        out.problem = tr("can't read it: %1").arg(file.errorString());
        return out;
    }
    if (file.size() > kMaxReportBytes) {
        out.problem = tr("it is larger than 8 MiB; open it in an editor");
        return out;
    }
    const QByteArray bytes = file.readAll();
    out.raw = QString::fromUtf8(bytes);
    QJsonParseError error {};
    const QJsonDocument doc = QJsonDocument::fromJson(bytes, &error);
    if (error.error != QJsonParseError::NoError || !doc.isObject())
        out.problem = tr("it is not a JSON object (%1)").arg(error.errorString());
    else
        out.json = doc.object();
    return out;
}

QString reportSummaryHtml(const QJsonObject& report)
{
    if (report.value(QStringLiteral("kind")).toString() == QLatin1String("offset-reset"))
        return resetSummary(report);
    if (report.contains(QStringLiteral("replayId")))
        return replaySummary(report);
    QString html = QStringLiteral("<table>");
    for (auto it = report.begin(); it != report.end(); ++it)
        if (!it.value().isArray() && !it.value().isObject())
            html += line(it.key(), esc(it.value()));
    return html + QStringLiteral("</table>");
}

} // namespace sluice::ui
