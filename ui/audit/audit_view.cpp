// SPDX-License-Identifier: Apache-2.0
#include "audit/audit_view.h"

#include "audit/audit_report.h"
#include "browse/background.h"
#include "common/state_palette.h"
#include "common/table_setup.h"

#include <QComboBox>
#include <QDir>
#include <QFileInfo>
#include <QFileSystemWatcher>
#include <QFontDatabase>
#include <QHBoxLayout>
#include <QItemSelectionModel>
#include <QJsonDocument>
#include <QLabel>
#include <QPlainTextEdit>
#include <QSet>
#include <QSplitter>
#include <QTabWidget>
#include <QTableView>
#include <QTextBrowser>
#include <QTimer>
#include <QVBoxLayout>

namespace sluice::ui {

AuditView::AuditView(const QString& clusterName, const QString& auditPath, QWidget* parent)
    : ClusterView(parent)
    , m_clusterName(clusterName)
    , m_path(auditPath.isEmpty() ? audit::AuditLog::defaultPath() : auditPath)
{
    setObjectName(QStringLiteral("auditView"));
    auto* title = new QLabel(tr("<b>Audit log</b> \u2014 every replay and offset reset, with its outcome"), this);
    auto* pathLabel = new QLabel(tr("File: %1").arg(QDir::toNativeSeparators(m_path)), this);
    pathLabel->setStyleSheet(QStringLiteral("color: palette(mid);"));
    pathLabel->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_verification = new QLabel(this);
    m_verification->setObjectName(QStringLiteral("auditVerification"));
    m_verification->setWordWrap(true);
    m_verification->setTextFormat(Qt::RichText);

    m_clusterCombo = new QComboBox(this);
    m_clusterCombo->setObjectName(QStringLiteral("auditClusterFilter"));
    m_actionCombo = new QComboBox(this);
    m_actionCombo->setObjectName(QStringLiteral("auditActionFilter"));
    auto* filters = new QHBoxLayout;
    filters->addWidget(new QLabel(tr("Cluster"), this));
    filters->addWidget(m_clusterCombo);
    filters->addWidget(new QLabel(tr("Action"), this));
    filters->addWidget(m_actionCombo);
    filters->addStretch(1);

    m_model = new AuditActionModel(this);
    m_proxy = new AuditFilterProxy(this);
    m_proxy->setSourceModel(m_model);
    m_table = new QTableView(this);
    m_table->setObjectName(QStringLiteral("auditTable"));
    m_table->setModel(m_proxy);
    setupDataTable(m_table, { 20, 10, 11, 12, 30, 12 }, false);
    m_empty = new QLabel(this);
    m_empty->setStyleSheet(QStringLiteral("color: palette(mid);"));
    m_empty->setWordWrap(true);

    m_details = new QLabel(this);
    m_details->setObjectName(QStringLiteral("auditDetails"));
    m_details->setWordWrap(true);
    m_details->setTextFormat(Qt::RichText);
    m_details->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_reportState = new QLabel(this);
    m_reportState->setObjectName(QStringLiteral("auditReportState"));
    m_reportState->setWordWrap(true);
    m_summary = new QTextBrowser(this);
    m_summary->setObjectName(QStringLiteral("auditReportSummary"));
    m_raw = new QPlainTextEdit(this);
    m_raw->setObjectName(QStringLiteral("auditReportRaw"));
    m_raw->setReadOnly(true);
    m_raw->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    auto* reportTabs = new QTabWidget(this);
    reportTabs->addTab(m_summary, tr("Report"));
    reportTabs->addTab(m_raw, tr("Raw JSON"));
    auto* detailPane = new QWidget(this);
    auto* detailLayout = new QVBoxLayout(detailPane);
    detailLayout->setContentsMargins(0, 0, 0, 0);
    detailLayout->addWidget(m_details);
    detailLayout->addWidget(m_reportState);
    detailLayout->addWidget(reportTabs, 1);

    auto* tablePane = new QWidget(this);
    auto* tableLayout = new QVBoxLayout(tablePane);
    tableLayout->setContentsMargins(0, 0, 0, 0);
    tableLayout->addLayout(filters);
    tableLayout->addWidget(m_table, 1);
    tableLayout->addWidget(m_empty);
    auto* splitter = new QSplitter(Qt::Horizontal, this);
    splitter->addWidget(tablePane);
    splitter->addWidget(detailPane);
    splitter->setStretchFactor(0, 3);
    splitter->setStretchFactor(1, 2);
    splitter->setSizes({ 600, 400 });
    splitter->setChildrenCollapsible(false);

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(12, 8, 12, 10);
    layout->addWidget(title);
    layout->addWidget(pathLabel);
    layout->addWidget(m_verification);
    layout->addWidget(splitter, 1);

    connect(m_clusterCombo, &QComboBox::currentIndexChanged, this,
        [this] { m_proxy->setCluster(m_clusterCombo->currentData().toString()); });
    connect(m_actionCombo, &QComboBox::currentIndexChanged, this,
        [this] { m_proxy->setAction(m_actionCombo->currentData().toString()); });
    connect(m_table->selectionModel(), &QItemSelectionModel::currentRowChanged, this, &AuditView::showSelected);

    m_watcher = new QFileSystemWatcher(this);
    m_reloadTimer = new QTimer(this);
    m_reloadTimer->setSingleShot(true);
    m_reloadTimer->setInterval(150); // appends come in pairs; read once
    connect(m_reloadTimer, &QTimer::timeout, this, &AuditView::reload);
    connect(m_watcher, &QFileSystemWatcher::fileChanged, m_reloadTimer, qOverload<>(&QTimer::start));
    connect(m_watcher, &QFileSystemWatcher::directoryChanged, m_reloadTimer, qOverload<>(&QTimer::start));
    updateFilterChoices();
    reload();
}

void AuditView::showSnapshot(const kafka::SnapshotPtr& /*snapshot*/)
{
    // The audit log is local; cluster snapshots do not change it.
}

void AuditView::applyOptions(const QMap<QString, QString>& options)
{
    if (options.contains(QStringLiteral("cluster")))
        setClusterFilter(options.value(QStringLiteral("cluster")));
    if (options.contains(QStringLiteral("action")))
        setActionFilter(options.value(QStringLiteral("action")));
    if (options.contains(QStringLiteral("select"))) {
        const int row = options.value(QStringLiteral("select")).toInt();
        if (m_loaded && !m_loading)
            selectRow(row);
        else
            m_pendingSelect = row;
    }
}

void AuditView::watch()
{
    // Watch the file (appends) and its folder (the file created, replaced or removed).
    const QFileInfo info(m_path);
    QDir().mkpath(info.absolutePath());
    if (!m_watcher->directories().contains(info.absolutePath()))
        m_watcher->addPath(info.absolutePath());
    if (info.exists() && !m_watcher->files().contains(info.absoluteFilePath()))
        m_watcher->addPath(info.absoluteFilePath());
}

void AuditView::reload()
{
    if (m_loading) {
        m_reloadAgain = true;
        return;
    }
    m_loading = true;
    const QString path = m_path;
    runInBackground(
        this, [path] { return loadAuditSnapshot(path); },
        [this](AuditSnapshot snapshot) { applySnapshot(std::move(snapshot)); });
}

void AuditView::applySnapshot(AuditSnapshot snapshot)
{
    m_loading = false;
    const QString selectedId = m_table->currentIndex().data(AuditActionModel::ActionIdRole).toString();
    m_model->setActions(std::move(snapshot.actions));
    updateFilterChoices();
    const audit::VerifyResult& v = snapshot.verification;
    if (!snapshot.fileExists) {
        m_verification->setText(tr("No audit log yet: nothing has been written to a cluster from this machine."));
        m_verification->setStyleSheet({});
    } else if (v.ok) {
        m_verification->setText(tr("<span style=\"color:%1\">\u25cf</span> Chain verified: OK, %2 entries, every hash "
                                   "links to the one before.")
                                    .arg(healthColor(Health::Ok).name())
                                    .arg(v.entries));
    } else {
        m_verification->setText(
            tr("<span style=\"color:%1\"><b>\u25cf Chain broken at entry %2</b></span> (line %2: %3). Entries from "
               "there on cannot be trusted, and new actions are refused while the last line is damaged. Keep a "
               "copy of the file for whoever investigates, then move it aside: Sluice starts a new log. See "
               "docs/replay.md.")
                .arg(healthColor(Health::Error).name())
                .arg(v.firstBadLine)
                .arg(v.problem.toHtmlEscaped()));
    }
    m_empty->setText(m_model->rowCount() == 0
            ? tr("No actions recorded. Replays and offset resets appear here with their outcome and report.")
            : QString());
    m_empty->setVisible(m_model->rowCount() == 0);
    // Keep the selection on the same action across reloads.
    int row = -1;
    for (int r = 0; r < m_proxy->rowCount() && !selectedId.isEmpty(); ++r)
        if (m_proxy->index(r, 0).data(AuditActionModel::ActionIdRole).toString() == selectedId)
            row = r;
    if (m_pendingSelect >= 0) {
        row = m_pendingSelect;
        m_pendingSelect = -1;
    }
    if (row >= 0)
        selectRow(row);
    else
        showSelected();
    watch();
    m_loaded = true;
    emit loaded();
    if (isSettled())
        emit settled();
    if (m_reloadAgain) {
        m_reloadAgain = false;
        reload();
    }
}

void AuditView::updateFilterChoices()
{
    QSet<QString> clusters;
    QSet<QString> actions;
    for (const AuditAction& a : m_model->actions()) {
        clusters.insert(a.cluster);
        actions.insert(a.action);
    }
    clusters.insert(m_clusterName);
    const auto refill = [](QComboBox* combo, const QString& allText, QSet<QString> values) {
        const QString current = combo->currentData().toString();
        QStringList sorted(values.begin(), values.end());
        sorted.removeAll(QString());
        sorted.sort();
        const QSignalBlocker blocker(combo);
        combo->clear();
        combo->addItem(allText, QString());
        for (const QString& v : sorted)
            combo->addItem(v, v);
        combo->setCurrentIndex(std::max(0, combo->findData(current)));
    };
    refill(m_clusterCombo, tr("All clusters"), clusters);
    refill(m_actionCombo, tr("All actions"), actions);
}

void AuditView::setClusterFilter(const QString& cluster)
{
    if (!cluster.isEmpty() && m_clusterCombo->findData(cluster) < 0)
        m_clusterCombo->addItem(cluster, cluster);
    m_clusterCombo->setCurrentIndex(std::max(0, m_clusterCombo->findData(cluster)));
}

void AuditView::setActionFilter(const QString& action)
{
    if (!action.isEmpty() && m_actionCombo->findData(action) < 0)
        m_actionCombo->addItem(action, action);
    m_actionCombo->setCurrentIndex(std::max(0, m_actionCombo->findData(action)));
}

void AuditView::selectRow(int proxyRow)
{
    if (proxyRow < 0 || proxyRow >= m_proxy->rowCount())
        return;
    m_table->setCurrentIndex(m_proxy->index(proxyRow, 0));
    m_table->selectRow(proxyRow);
    showSelected();
}

void AuditView::showSelected()
{
    const QModelIndex current = m_proxy->mapToSource(m_table->currentIndex());
    const AuditAction* action = current.isValid() ? m_model->actionAt(current.row()) : nullptr;
    ++m_reportRequest;
    if (!action) {
        m_details->setText(tr("Select an action to see its entries and report."));
        m_reportState->clear();
        m_summary->clear();
        m_raw->clear();
        m_reportLoading = false;
        return;
    }
    QString html = QStringLiteral("<table>");
    const auto row = [&html](const QString& label, const QString& value) {
        if (!value.isEmpty())
            html += QStringLiteral("<tr><td style=\"color:gray;padding-right:10px\">%1</td><td>%2</td></tr>")
                        .arg(label.toHtmlEscaped(), value.toHtmlEscaped());
    };
    row(tr("Action"), action->action);
    row(tr("Action id"), action->actionId);
    row(tr("Cluster"), action->cluster);
    row(tr("Who"), action->host.isEmpty() ? action->user : action->user + QLatin1Char('@') + action->host);
    row(tr("Started"), action->time);
    row(tr("Ended"), action->outcome.value(QStringLiteral("time")).toString());
    row(tr("Result"), AuditActionModel::resultText(*action));
    row(tr("Plan hash"), action->plan);
    row(tr("Entries"),
        tr("intent #%1%2")
            .arg(action->intent.isEmpty() ? tr("missing")
                                          : QString::number(action->intent.value(QStringLiteral("seq")).toInteger()),
                action->hasOutcome() ? tr(", outcome #%1").arg(action->outcome.value(QStringLiteral("seq")).toInteger())
                                     : tr(", no outcome")));
    row(tr("Detail"), action->detail);
    html += QStringLiteral("</table>");
    m_details->setText(html);
    m_summary->clear();
    m_raw->clear();
    if (action->report.isEmpty()) {
        m_reportState->setText(tr("This action has no report file."));
        m_reportLoading = false;
        return;
    }
    m_reportState->setText(tr("Reading report %1\u2026").arg(QDir::toNativeSeparators(action->report)));
    m_reportLoading = true;
    const quint64 request = m_reportRequest;
    const QString path = action->report;
    runInBackground(
        this, [path] { return readReportFile(path); },
        [this, request](ReportFile file) {
            if (request != m_reportRequest)
                return;
            m_reportLoading = false;
            const QString where = QDir::toNativeSeparators(file.path);
            if (!file.exists) {
                m_reportState->setText(
                    tr("<span style=\"color:%1\">The report file %2 is missing</span> (moved, deleted, "
                       "or the action stopped before writing it). The audit entries above are all "
                       "that is known.")
                        .arg(healthColor(Health::Warning).name(), where.toHtmlEscaped()));
            } else if (!file.problem.isEmpty()) {
                m_reportState->setText(tr("Couldn't show the report %1: %2.").arg(where, file.problem));
                m_raw->setPlainText(file.raw);
            } else {
                m_reportState->setText(tr("Report: %1").arg(where));
                m_summary->setHtml(reportSummaryHtml(file.json));
                m_raw->setPlainText(file.raw);
            }
            emit reportShown();
            if (isSettled())
                emit settled();
        });
}

QString AuditView::verificationText() const
{
    return m_verification->text();
}

QString AuditView::reportSummaryText() const
{
    return m_reportState->text() + QLatin1Char('\n') + m_summary->toPlainText();
}

QString AuditView::detailsText() const
{
    return m_details->text();
}

} // namespace sluice::ui
