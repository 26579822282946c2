// SPDX-License-Identifier: Apache-2.0
#pragma once

// Report files named by audit entries: replay reports and offset-reset reports (JSON).

#include <QJsonObject>
#include <QString>

namespace sluice::ui {

struct ReportFile {
    QString path;
    bool exists = false;
    QString problem; // unreadable, not JSON, too large; empty when fine
    QString raw; // the file as written (bounded)
    QJsonObject json;
};

// Blocking (a worker thread): reads at most 8 MiB.
ReportFile readReportFile(const QString& path);

// A short readable summary (HTML) of a replay or offset-reset report; other JSON gets its
// top-level fields.
QString reportSummaryHtml(const QJsonObject& report);

} // namespace sluice::ui
