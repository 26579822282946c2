// SPDX-License-Identifier: Apache-2.0
#include "browse/message_browser_view.h"

#include "browse/background.h"
#include "browse/filter_predicate.h"
#include "browse/import_dialog.h"
#include "browse/jsonl_export.h"
#include "browse/message_cell_delegate.h"
#include "browse/message_table_model.h"
#include "browse/payload_text.h"
#include "browse/record_view.h"
#include "browse/scan_controller.h"
#include "browse/scan_form.h"
#include "common/file_prompts.h"
#include "common/format.h"
#include "common/inline_banner.h"
#include "common/page_header.h"
#include "common/table_setup.h"
#include "filter/filter.h"
#include "settings/app_settings.h"
#include "support/logging.h"

#include <QComboBox>
#include <QDateTime>
#include <QFileInfo>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QPushButton>
#include <QScrollBar>
#include <QSplitter>
#include <QTableView>
#include <QTableWidget>
#include <QToolButton>
#include <QVBoxLayout>
#include <algorithm>
#include <span>

namespace sluice::ui {

namespace {

std::int64_t nowMs()
{
    return QDateTime::currentMSecsSinceEpoch();
}

QString rate(double perSecond, const QString& unit)
{
    if (perSecond >= 1e6)
        return QStringLiteral("%1 M%2").arg(perSecond / 1e6, 0, 'f', 2).arg(unit);
    if (perSecond >= 1e3)
        return QStringLiteral("%1 k%2").arg(perSecond / 1e3, 0, 'f', 1).arg(unit);
    return QStringLiteral("%1 %2").arg(perSecond, 0, 'f', 0).arg(unit);
}

QString stateText(browse::ScanState state)
{
    switch (state) {
    case browse::ScanState::Starting:
        return QObject::tr("Starting");
    case browse::ScanState::Scanning:
        return QObject::tr("Scanning");
    case browse::ScanState::Finished:
        return QObject::tr("Done");
    case browse::ScanState::Cancelled:
        return QObject::tr("Cancelled");
    case browse::ScanState::Failed:
        return QObject::tr("Failed");
    }
    return {};
}

// "topic@2:1234" → topic, (2, 1234).
std::pair<QString, std::optional<std::pair<int, qint64>>> splitTarget(const QString& target)
{
    const qsizetype at = target.lastIndexOf(QLatin1Char('@'));
    if (at <= 0)
        return { target, std::nullopt };
    const QStringList coords = target.mid(at + 1).split(QLatin1Char(':'));
    bool okPartition = false;
    bool okOffset = false;
    const int partition = coords.value(0).toInt(&okPartition);
    const qint64 offset = coords.value(1).toLongLong(&okOffset);
    if (coords.size() != 2 || !okPartition || !okOffset || partition < 0 || offset < 0)
        return { target, std::nullopt };
    return { target.left(at), std::make_pair(partition, offset) };
}

} // namespace

MessageBrowserView::MessageBrowserView(kafka::ClusterSession* session, AppSettings& settings, QWidget* parent)
    : ClusterView(parent)
    , m_session(session)
    , m_settings(settings)
    , m_ownPrompts(std::make_unique<DialogFilePrompts>())
    , m_prompts(m_ownPrompts.get())
{
    m_controller = new ScanController(this);
    connect(m_controller, &ScanController::updated, this, &MessageBrowserView::applyUpdate);

    m_header = new PageHeader(tr("Topic"), tr("messages"), this);
    connect(m_header, &PageHeader::backRequested, this, &MessageBrowserView::backRequested);
    m_banner = new InlineBanner(this);
    connect(m_banner, &InlineBanner::retryRequested, this, &MessageBrowserView::startScan);

    // Scan controls.
    m_startChoice = new QComboBox(this);
    m_startChoice->setObjectName(QStringLiteral("startChoice"));
    m_startChoice->addItems(
        { tr("Beginning"), tr("Last N per partition"), tr("Offset"), tr("Timestamp"), tr("Group's committed offset") });
    m_startChoice->setCurrentIndex(static_cast<int>(StartChoice::EndMinus));
    m_startValue = new QLineEdit(QStringLiteral("1000"), this);
    m_startValue->setObjectName(QStringLiteral("startValue"));
    m_stopChoice = new QComboBox(this);
    m_stopChoice->setObjectName(QStringLiteral("stopChoice"));
    m_stopChoice->addItems(
        { tr("End of topic"), tr("After N records"), tr("Until timestamp"), tr("Never (live tail)") });
    m_stopValue = new QLineEdit(this);
    m_stopValue->setObjectName(QStringLiteral("stopValue"));
    m_partitions = new QLineEdit(this);
    m_partitions->setObjectName(QStringLiteral("partitions"));
    m_partitions->setPlaceholderText(tr("all"));
    m_partitions->setToolTip(tr("Partitions to read: empty for all, or e.g. 0-3, 7"));
    const auto updatePlaceholders = [this] {
        static const QStringList kStart = { QString(), tr("records per partition"), tr("offset"),
            tr("2026-11-22T10:00Z, epoch ms, or 15m ago"), tr("group id") };
        static const QStringList kStop = { QString(), tr("records"), tr("2026-11-22T10:00Z or 5m ago"), QString() };
        m_startValue->setPlaceholderText(kStart.value(m_startChoice->currentIndex()));
        m_startValue->setEnabled(m_startChoice->currentIndex() != static_cast<int>(StartChoice::Beginning));
        m_stopValue->setPlaceholderText(kStop.value(m_stopChoice->currentIndex()));
        const int stop = m_stopChoice->currentIndex();
        m_stopValue->setEnabled(
            stop == static_cast<int>(StopChoice::AfterRecords) || stop == static_cast<int>(StopChoice::UntilTimestamp));
    };
    connect(m_startChoice, &QComboBox::currentIndexChanged, this, updatePlaceholders);
    connect(m_stopChoice, &QComboBox::currentIndexChanged, this, updatePlaceholders);
    updatePlaceholders();
    m_formError = new QLabel(this);
    m_formError->setObjectName(QStringLiteral("formError"));
    m_formError->setStyleSheet(QStringLiteral("color: #c0392b"));
    m_formError->setVisible(false);

    // Filter bar.
    m_filter = new QLineEdit(this);
    m_filter->setObjectName(QStringLiteral("filterEdit"));
    m_filter->setFont(numberFont());
    m_filter->setClearButtonEnabled(true);
    m_filter->setPlaceholderText(
        tr("Filter, e.g. value.order.total > 100 and headers[\"source\"] == \"web\"  (Enter scans)"));
    connect(m_filter, &QLineEdit::textChanged, this, &MessageBrowserView::checkFilter);
    connect(m_filter, &QLineEdit::returnPressed, this, &MessageBrowserView::startScan);
    m_savedFilters = new QToolButton(this);
    m_savedFilters->setObjectName(QStringLiteral("savedFilters"));
    m_savedFilters->setText(tr("Saved"));
    m_savedFilters->setPopupMode(QToolButton::InstantPopup);
    m_savedFilters->setMenu(new QMenu(m_savedFilters));
    m_filterError = new QLabel(this);
    m_filterError->setObjectName(QStringLiteral("filterError"));
    m_filterError->setTextFormat(Qt::RichText);
    m_filterError->setVisible(false);

    m_scan = new QPushButton(tr("Scan"), this);
    m_scan->setObjectName(QStringLiteral("scanButton"));
    m_scan->setDefault(true);
    connect(m_scan, &QPushButton::clicked, this, &MessageBrowserView::startScan);
    m_cancel = new QPushButton(tr("Cancel"), this);
    m_cancel->setObjectName(QStringLiteral("cancelButton"));
    m_cancel->setEnabled(false);
    connect(m_cancel, &QPushButton::clicked, this, &MessageBrowserView::cancelScan);
    m_export = new QToolButton(this);
    m_export->setText(tr("Export"));
    m_export->setPopupMode(QToolButton::InstantPopup);
    auto* exportMenu = new QMenu(m_export);
    exportMenu->addAction(tr("Selected records to JSON Lines\u2026"), this, [this] { chooseExport(true); });
    exportMenu->addAction(tr("All records of this result to JSON Lines\u2026"), this, [this] { chooseExport(false); });
    exportMenu->addSeparator();
    exportMenu->addAction(tr("Import JSON Lines into a topic\u2026"), this, [this] { openImport({}); })
        ->setObjectName(QStringLiteral("importAction"));
    exportMenu->addSeparator();
    QAction* replay = exportMenu->addAction(tr("Replay selection\u2026"), this, [this] {
        dlq::SelectionModel selection = selectedRecords();
        if (selection.explicitCount() == 0)
            m_status->setText(tr("Select the records to replay first."));
        else
            emit replaySelectionRequested(selection);
    });
    replay->setObjectName(QStringLiteral("replaySelectionAction"));
    m_export->setMenu(exportMenu);
    m_jump = new QLineEdit(this);
    m_jump->setPlaceholderText(tr("Go to partition:offset"));
    m_jump->setMaximumWidth(180);
    connect(m_jump, &QLineEdit::returnPressed, this, [this] {
        const QStringList parts = m_jump->text().split(QLatin1Char(':'));
        bool okP = false;
        bool okO = false;
        const int partition = parts.value(0).trimmed().toInt(&okP);
        const qint64 offset = parts.value(1).trimmed().toLongLong(&okO);
        if (parts.size() != 2 || !okP || !okO || !jumpTo(partition, offset))
            m_status->setText(tr("No record at or after %1 in this result.").arg(m_jump->text()));
    });

    m_status = new QLabel(this);
    m_status->setObjectName(QStringLiteral("scanStatus"));
    m_progress = new QTableWidget(0, 7, this);
    m_progress->setObjectName(QStringLiteral("progressTable"));
    m_progress->setHorizontalHeaderLabels(
        { tr("Partition"), tr("Read"), tr("Matched"), tr("Position"), tr("Done"), tr("Records/s"), tr("MB/s") });
    setupDataTable(m_progress, { 8, 12, 12, 22, 8, 12, 10 }, false);
    m_progress->setSelectionMode(QAbstractItemView::NoSelection);
    m_progress->setMaximumHeight(120);

    m_model = new MessageTableModel(this);
    m_table = new QTableView(this);
    m_table->setObjectName(QStringLiteral("messageTable"));
    m_table->setModel(m_model);
    m_table->setItemDelegate(new MessageCellDelegate(m_table));
    setupDataTable(m_table, { 8, 12, 26, 24, 60, 9, 8, 10 }, false);
    m_table->setTextElideMode(Qt::ElideRight);
    m_table->horizontalHeader()->setContextMenuPolicy(Qt::CustomContextMenu);
    m_table->horizontalHeader()->setToolTip(tr("Right-click to choose columns"));
    connect(m_table->horizontalHeader(), &QHeaderView::customContextMenuRequested, this,
        &MessageBrowserView::showColumnMenu);
    connect(m_table->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
        &MessageBrowserView::showCurrentRecord);
    updateColumnVisibility();
    m_table->setContextMenuPolicy(Qt::ActionsContextMenu);
    m_table->addAction(replay);

    m_recordView = new RecordView(this);
    m_recordView->setObjectName(QStringLiteral("recordView"));
    m_recordView->rememberDecoderChoices(&m_settings, m_session ? m_session->name() : QString());
    connect(m_recordView, &RecordView::rowRequested, this, [this](std::uint64_t row) {
        const int modelRow = m_model->modelRow(row);
        if (modelRow >= 0)
            m_table->setCurrentIndex(m_model->index(modelRow, MessageTableModel::Offset));
    });
    connect(m_recordView, &RecordView::loaded, this, &MessageBrowserView::recordLoaded);
    connect(m_recordView, &RecordView::originalRecordRequested, this,
        [this](const QString& topic, int partition, qint64 offset) { emit recordRequested(topic, partition, offset); });

    auto* controls = new QGridLayout;
    controls->setHorizontalSpacing(6);
    controls->addWidget(new QLabel(tr("Start"), this), 0, 0);
    controls->addWidget(m_startChoice, 0, 1);
    controls->addWidget(m_startValue, 0, 2);
    controls->addWidget(new QLabel(tr("Stop"), this), 0, 3);
    controls->addWidget(m_stopChoice, 0, 4);
    controls->addWidget(m_stopValue, 0, 5);
    controls->addWidget(new QLabel(tr("Partitions"), this), 0, 6);
    controls->addWidget(m_partitions, 0, 7);
    controls->addWidget(m_scan, 0, 8);
    controls->addWidget(m_cancel, 0, 9);
    controls->addWidget(new QLabel(tr("Filter"), this), 1, 0);
    auto* filterRow = new QHBoxLayout;
    filterRow->addWidget(m_filter, 1);
    filterRow->addWidget(m_savedFilters);
    controls->addLayout(filterRow, 1, 1, 1, 7);
    controls->addWidget(m_export, 1, 8);
    controls->addWidget(m_jump, 1, 9);
    controls->setColumnStretch(2, 1);
    controls->setColumnStretch(5, 1);
    controls->setColumnStretch(7, 1);

    auto* upper = new QWidget(this);
    auto* upperLayout = new QVBoxLayout(upper);
    upperLayout->setContentsMargins(0, 0, 0, 0);
    upperLayout->addWidget(m_progress);
    upperLayout->addWidget(m_table, 1);
    auto* splitter = new QSplitter(Qt::Vertical, this);
    splitter->addWidget(upper);
    splitter->addWidget(m_recordView);
    splitter->setStretchFactor(0, 3);
    splitter->setStretchFactor(1, 2);
    splitter->setChildrenCollapsible(false);

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(12, 8, 12, 10);
    layout->setSpacing(6);
    layout->addWidget(m_header);
    layout->addWidget(m_banner);
    layout->addLayout(controls);
    layout->addWidget(m_formError);
    layout->addWidget(m_filterError);
    layout->addWidget(m_status);
    layout->addWidget(splitter, 1);
}

MessageBrowserView::~MessageBrowserView()
{
    if (m_exportCancel)
        m_exportCancel->store(true);
}

void MessageBrowserView::setDeadLetterConventions(std::shared_ptr<const dlq::DeadLetterConventions> conventions)
{
    m_conventions = conventions;
    m_recordView->setDeadLetterConventions(std::move(conventions));
}

void MessageBrowserView::setFilePrompts(FilePrompts* prompts)
{
    m_prompts = prompts ? prompts : m_ownPrompts.get();
}

QString MessageBrowserView::settingsKey() const
{
    return (m_session ? m_session->name() : QString()) + QLatin1Char('/') + m_topic;
}

void MessageBrowserView::setTarget(const QString& target)
{
    if (target == m_target)
        return;
    m_target = target;
    const auto [topic, record] = splitTarget(target);
    const bool isNewTopic = topic != m_topic;
    m_topic = topic;
    m_header->setTitle(m_topic);
    rebuildSavedFiltersMenu();
    if (record) {
        // Open at a record: its partition, a few records before it, until a little after.
        m_pendingJump = record;
        m_startChoice->setCurrentIndex(static_cast<int>(StartChoice::Offset));
        m_startValue->setText(QString::number(std::max<qint64>(0, record->second - kContextBefore)));
        m_stopChoice->setCurrentIndex(static_cast<int>(StopChoice::AfterRecords));
        m_stopValue->setText(QString::number(kContextBefore * 10));
        m_partitions->setText(QString::number(record->first));
        m_filter->clear();
    } else if (isNewTopic) {
        m_pendingJump.reset();
        m_startChoice->setCurrentIndex(static_cast<int>(StartChoice::EndMinus));
        m_startValue->setText(QStringLiteral("1000"));
        m_stopChoice->setCurrentIndex(static_cast<int>(StopChoice::EndOfTopic));
        m_stopValue->clear();
        m_partitions->clear();
        m_filter->clear();
    }
    startScan();
}

void MessageBrowserView::showSnapshot(const kafka::SnapshotPtr& snapshot)
{
    m_snapshot = snapshot;
    if (!snapshot || m_topic.isEmpty())
        return;
    if (!snapshot->topic(m_topic.toStdString()))
        setProblem({ tr("Topic %1 is not on cluster %2 (metadata of %3); the browser shows what it read before. Pick "
                        "the topic from the Topics list.")
                         .arg(m_topic, m_session ? m_session->name() : QString(), formatTimeOfDay(snapshot->fetchedAt)),
            {} });
    else
        setProblem({});
}

void MessageBrowserView::setProblem(ViewProblem problem)
{
    if (problem.message == m_problem.message && problem.detail == m_problem.detail)
        return;
    m_problem = std::move(problem);
    emit problemChanged();
}

bool MessageBrowserView::checkFilter()
{
    filter::FilterError error;
    const std::string text = m_filter->text().toStdString();
    if (filter::compileFilter(text, {}, &error)) {
        m_filterError->setVisible(false);
        m_filter->setStyleSheet({});
        return true;
    }
    // The filter with the faulty span underlined, and the sentence under it.
    const QString filterText = m_filter->text();
    const qsizetype column = static_cast<qsizetype>(error.column) - 1;
    const qsizetype length = std::max<qsizetype>(1, static_cast<qsizetype>(error.length));
    const QString before = filterText.left(column).toHtmlEscaped();
    QString span = filterText.mid(column, length).toHtmlEscaped();
    if (span.isEmpty())
        span = QStringLiteral("&nbsp;");
    const QString after = filterText.mid(column + length).toHtmlEscaped();
    m_filterError->setText(
        QStringLiteral("<span style=\"font-family:monospace\">%1<span style=\"background:#f5b7b1;"
                       "text-decoration:underline\">%2</span>%3</span><br><span style=\"color:#c0392b\">"
                       "%4</span>")
            .arg(before, span, after, qs(error.message).toHtmlEscaped()));
    m_filterError->setVisible(true);
    m_filter->setStyleSheet(QStringLiteral("QLineEdit { border: 1px solid #c0392b; }"));
    return false;
}

bool MessageBrowserView::startScan()
{
    if (m_topic.isEmpty() || !m_session)
        return false;
    ScanForm form;
    form.start = static_cast<StartChoice>(m_startChoice->currentIndex());
    form.startValue = m_startValue->text();
    form.stop = static_cast<StopChoice>(m_stopChoice->currentIndex());
    form.stopValue = m_stopValue->text();
    form.partitions = m_partitions->text();
    auto values = parseScanForm(form, nowMs());
    if (!values) {
        m_formError->setText(qs(values.error().message));
        m_formError->setVisible(true);
        return false;
    }
    m_formError->setVisible(false);
    filter::FilterError filterError;
    auto compiled = filter::compileFilter(m_filter->text().toStdString(), {}, &filterError);
    if (!compiled) {
        checkFilter();
        m_filter->setFocus();
        m_filter->setCursorPosition(static_cast<int>(filterError.column) - 1);
        return false;
    }

    browse::ScanRequest request;
    request.cluster = m_session->config();
    request.topic = m_topic.toStdString();
    request.partitions = values->partitions;
    request.start = values->start;
    request.stop = values->stop;
    m_filterCounters.reset();
    if (!m_filter->text().trimmed().isEmpty()) {
        m_filterCounters = std::make_shared<browse::FilterCounters>();
        request.predicate = browse::filterPredicate(*compiled, m_filterCounters);
    }
    if (form.stop == StopChoice::LiveTail)
        request.maxRetainedRecords = kLiveTailRows;

    m_recordView->clear();
    m_banner->clear();
    const Status started = m_controller->start(std::move(request), m_session->secrets());
    if (!started) {
        m_banner->showMessage(Health::Error,
            tr("Couldn't start the scan of %1: %2").arg(m_topic, qs(started.error().message)),
            qs(started.error().detail), true);
        return false;
    }
    m_lastUpdate.reset();
    m_model->setIndex(m_controller->index());
    m_progress->setRowCount(0);
    m_status->setText(tr("Starting the scan of %1\u2026").arg(m_topic));
    m_scan->setText(tr("Rescan"));
    m_cancel->setEnabled(true);
    logging::ui()->info("scan started cluster={} topic={} filter_set={}", m_session->name().toStdString(),
        m_topic.toStdString(), !m_filter->text().trimmed().isEmpty());
    return true;
}

void MessageBrowserView::cancelScan()
{
    m_controller->cancel();
}

bool MessageBrowserView::isScanning() const
{
    return m_controller->isRunning();
}

std::uint64_t MessageBrowserView::recordsOverBudget() const
{
    return m_filterCounters ? m_filterCounters->budgetExceeded.load(std::memory_order_relaxed) : 0;
}

void MessageBrowserView::applyUpdate(const browse::ScanUpdate& update)
{
    // A live tail follows the newest rows while the user is at the bottom (where an empty
    // table starts), else stays put.
    QScrollBar* bar = m_table->verticalScrollBar();
    const bool follow = (m_model->rowCount() == 0 || bar->value() == bar->maximum())
        && m_stopChoice->currentIndex() == static_cast<int>(StopChoice::LiveTail);
    m_model->refresh(update.rows);
    if (follow)
        m_table->scrollToBottom();
    m_lastUpdate = update;
    showProgress(update);
    if (m_pendingJump)
        selectPendingJump();
    emit scanUpdated(update);
    if (update.isFinal()) {
        m_cancel->setEnabled(false);
        if (const std::uint64_t overBudget = recordsOverBudget(); overBudget > 0)
            logging::ui()->warn("scan filter over budget cluster={} topic={} records={} read={}",
                m_session ? m_session->name().toStdString() : std::string(), m_topic.toStdString(), overBudget,
                update.progress.recordsRead);
        if (update.state == browse::ScanState::Failed && update.error)
            m_banner->showMessage(Health::Error,
                tr("The scan of %1 stopped: %2 The rows read so far are kept.").arg(m_topic, qs(update.error->message)),
                qs(update.error->detail), true);
        if (m_pendingJump) {
            m_status->setText(m_status->text() + QLatin1Char(' ')
                + tr("Partition %1 holds no record at offset %2 any more (retention or compaction); the nearest "
                     "records are shown.")
                      .arg(m_pendingJump->first)
                      .arg(m_pendingJump->second));
            m_pendingJump.reset();
        }
        emit scanFinished(update);
        applyPendingSelection();
        notifyIfSettled();
    }
}

bool MessageBrowserView::isSettled() const
{
    return !isScanning() && !m_recordView->isLoading() && !m_exporting
        && !m_pendingOptions.contains(QStringLiteral("select")) && !m_pendingOptions.contains(QStringLiteral("export"))
        && !(m_importDialog && m_importDialog->isBusy());
}

void MessageBrowserView::notifyIfSettled()
{
    if (isSettled())
        emit settled();
}

void MessageBrowserView::applyOptions(const QMap<QString, QString>& options)
{
    bool rescan = false;
    const QString start = options.value(QStringLiteral("start"));
    if (start == QLatin1String("beginning")) {
        m_startChoice->setCurrentIndex(static_cast<int>(StartChoice::Beginning));
        rescan = true;
    } else if (start.startsWith(QLatin1String("last:")) || start.startsWith(QLatin1String("offset:"))) {
        m_startChoice->setCurrentIndex(
            static_cast<int>(start.startsWith(QLatin1String("last:")) ? StartChoice::EndMinus : StartChoice::Offset));
        m_startValue->setText(start.section(QLatin1Char(':'), 1));
        rescan = true;
    }
    const QString stop = options.value(QStringLiteral("stop"));
    if (stop == QLatin1String("end")) {
        m_stopChoice->setCurrentIndex(static_cast<int>(StopChoice::EndOfTopic));
        rescan = true;
    } else if (stop.startsWith(QLatin1String("records:"))) {
        m_stopChoice->setCurrentIndex(static_cast<int>(StopChoice::AfterRecords));
        m_stopValue->setText(stop.section(QLatin1Char(':'), 1));
        rescan = true;
    } else if (stop == QLatin1String("live")) {
        m_stopChoice->setCurrentIndex(static_cast<int>(StopChoice::LiveTail));
        rescan = true;
    }
    if (options.contains(QStringLiteral("partitions"))) {
        m_partitions->setText(options.value(QStringLiteral("partitions")));
        rescan = true;
    }
    if (options.contains(QStringLiteral("filter"))) {
        m_filter->setText(options.value(QStringLiteral("filter")));
        rescan = true;
    }
    if (options.contains(QStringLiteral("import")))
        openImport(options.value(QStringLiteral("import")));
    for (const QString& key :
        { QStringLiteral("select"), QStringLiteral("tab"), QStringLiteral("find"), QStringLiteral("export") }) {
        if (options.contains(key))
            m_pendingOptions.insert(key, options.value(key));
    }
    if (rescan)
        startScan();
    else if (!isScanning())
        applyPendingSelection();
}

void MessageBrowserView::applyPendingSelection()
{
    if (m_pendingOptions.contains(QStringLiteral("export"))) // the whole result, once the scan is done
        exportRows(m_pendingOptions.take(QStringLiteral("export")), false);
    if (!m_pendingOptions.contains(QStringLiteral("select")))
        return;
    const QString select = m_pendingOptions.take(QStringLiteral("select"));
    if (select.startsWith(QLatin1String("row:"))) {
        const int row = select.mid(4).toInt();
        if (row >= 0 && row < m_model->rowCount()) {
            m_table->setCurrentIndex(m_model->index(row, MessageTableModel::Offset));
            m_table->scrollTo(m_model->index(row, 0), QAbstractItemView::PositionAtCenter);
        }
    } else {
        jumpTo(select.section(QLatin1Char(':'), 0, 0).toInt(), select.section(QLatin1Char(':'), 1).toLongLong());
    }
}

void MessageBrowserView::recordLoaded()
{
    if (m_pendingOptions.contains(QStringLiteral("tab")))
        m_recordView->showTab(m_pendingOptions.take(QStringLiteral("tab")));
    if (m_pendingOptions.contains(QStringLiteral("find")))
        m_recordView->find(m_pendingOptions.take(QStringLiteral("find")));
    notifyIfSettled();
}

void MessageBrowserView::showProgress(const browse::ScanUpdate& update)
{
    const browse::ScanProgress& p = update.progress;
    QString text
        = tr("%1 \u00b7 %2 read, %3 matched, %4 shown \u00b7 %5, %6 \u00b7 %7")
              .arg(stateText(update.state), formatCount(static_cast<std::int64_t>(p.recordsRead)),
                  formatCount(static_cast<std::int64_t>(p.recordsMatched)),
                  formatCount(static_cast<std::int64_t>(update.rows.size())), rate(p.recordsPerSecond, tr("records/s")),
                  rate(p.bytesPerSecond / 1e6, tr("MB/s")), formatDuration(p.elapsed));
    if (update.rows.first > 0)
        text += tr(" \u00b7 oldest %1 rows dropped (live tail keeps the newest %2)")
                    .arg(formatCount(static_cast<std::int64_t>(update.rows.first)))
                    .arg(formatCount(static_cast<std::int64_t>(kLiveTailRows)));
    for (const std::string& note : update.notes)
        text += QStringLiteral(" \u00b7 ") + qs(note);
    // Records the filter could not finish within its step budget count as non-matches;
    // say how many, so a search that skipped some is never mistaken for a complete one.
    const std::uint64_t overBudget = recordsOverBudget();
    if (overBudget > 0) {
        text += QStringLiteral(" \u00b7 ")
            + (overBudget == 1 ? tr("1 record exceeded the filter budget (not shown)")
                               : tr("%1 records exceeded the filter budget (not shown)")
                                     .arg(formatCount(static_cast<std::int64_t>(overBudget))));
        m_status->setToolTip(
            tr("The filter needed more than its budget of %1 steps on these records, so they count as not "
               "matching. A simpler filter (a shorter or anchored regular expression, fewer text searches "
               "over large values) tests them too.")
                .arg(formatCount(static_cast<std::int64_t>(filter::EvalLimits {}.maxSteps))));
    } else {
        m_status->setToolTip({});
    }
    m_status->setText(text);

    m_progress->setRowCount(static_cast<int>(p.partitions.size()));
    int row = 0;
    for (const browse::PartitionProgress& part : p.partitions) {
        const auto fraction = part.fraction();
        const QStringList cells = { QString::number(part.partition),
            formatCount(static_cast<std::int64_t>(part.recordsRead)),
            formatCount(static_cast<std::int64_t>(part.recordsMatched)),
            part.stopOffset >= 0 ? tr("%1 / %2").arg(part.nextOffset).arg(part.stopOffset)
                                 : tr("%1 (live)").arg(part.nextOffset),
            part.isDone            ? tr("done")
                : update.isFinal() ? tr("stopped")
                : fraction         ? QStringLiteral("%1%").arg(*fraction * 100.0, 0, 'f', 0)
                                   : tr("tail"),
            rate(part.recordsPerSecond, QString()), QStringLiteral("%1").arg(part.bytesPerSecond / 1e6, 0, 'f', 1) };
        for (int c = 0; c < cells.size(); ++c) {
            QTableWidgetItem* item = m_progress->item(row, c);
            if (!item) {
                item = new QTableWidgetItem;
                item->setTextAlignment(c == 3 ? Qt::AlignLeft | Qt::AlignVCenter : Qt::AlignRight | Qt::AlignVCenter);
                m_progress->setItem(row, c, item);
            }
            if (item->text() != cells[c])
                item->setText(cells[c]);
        }
        ++row;
    }
}

void MessageBrowserView::selectPendingJump()
{
    if (!m_pendingJump || !m_model->recordIndex())
        return;
    const auto row = m_model->recordIndex()->findRow(
        m_pendingJump->first, m_pendingJump->second, browse::RecordIndex::Match::Exact);
    if (!row)
        return;
    const int modelRow = m_model->modelRow(*row);
    if (modelRow < 0)
        return;
    m_pendingJump.reset();
    m_table->setCurrentIndex(m_model->index(modelRow, MessageTableModel::Offset));
    m_table->scrollTo(m_model->index(modelRow, 0), QAbstractItemView::PositionAtCenter);
}

bool MessageBrowserView::jumpTo(int partition, qint64 offset)
{
    if (!m_model->recordIndex())
        return false;
    const auto row = m_model->recordIndex()->findRow(partition, offset, browse::RecordIndex::Match::AtOrAfter);
    const int modelRow = row ? m_model->modelRow(*row) : -1;
    if (modelRow < 0)
        return false;
    m_table->setCurrentIndex(m_model->index(modelRow, MessageTableModel::Offset));
    m_table->scrollTo(m_model->index(modelRow, 0), QAbstractItemView::PositionAtCenter);
    return true;
}

void MessageBrowserView::showCurrentRecord()
{
    const QModelIndex current = m_table->currentIndex();
    const auto row = current.isValid() ? m_model->indexRow(current.row()) : std::nullopt;
    if (!row) {
        m_recordView->clear();
        return;
    }
    m_recordView->setRow(m_model->recordIndex(), *row);
}

void MessageBrowserView::updateColumnVisibility()
{
    const QList<int> hidden = m_settings.browserHiddenColumns();
    for (int c = 0; c < MessageTableModel::ColumnCount; ++c)
        m_table->setColumnHidden(c, hidden.contains(c));
}

void MessageBrowserView::showColumnMenu(const QPoint& pos)
{
    QMenu menu(this);
    QList<int> hidden = m_settings.browserHiddenColumns();
    for (int c = 0; c < MessageTableModel::ColumnCount; ++c) {
        QAction* action = menu.addAction(MessageTableModel::columnTitle(c));
        action->setCheckable(true);
        action->setChecked(!hidden.contains(c));
        action->setData(c);
    }
    QAction* chosen = menu.exec(m_table->horizontalHeader()->mapToGlobal(pos));
    if (!chosen)
        return;
    const int column = chosen->data().toInt();
    if (chosen->isChecked())
        hidden.removeAll(column);
    else if (hidden.size() < MessageTableModel::ColumnCount - 1)
        hidden.append(column);
    m_settings.setBrowserHiddenColumns(hidden);
    updateColumnVisibility();
}

QStringList MessageBrowserView::savedFilters() const
{
    return m_settings.savedFilters(settingsKey());
}

void MessageBrowserView::saveCurrentFilter()
{
    const QString text = m_filter->text().trimmed();
    if (text.isEmpty() || !checkFilter())
        return;
    QStringList list = savedFilters();
    list.removeAll(text);
    list.prepend(text);
    m_settings.setSavedFilters(settingsKey(), list);
    rebuildSavedFiltersMenu();
}

void MessageBrowserView::rebuildSavedFiltersMenu()
{
    QMenu* menu = m_savedFilters->menu();
    menu->clear();
    const QStringList saved = savedFilters();
    menu->addAction(tr("Save the current filter"), this, &MessageBrowserView::saveCurrentFilter);
    QAction* remove = menu->addAction(tr("Forget the current filter"), this, [this] {
        QStringList list = savedFilters();
        list.removeAll(m_filter->text().trimmed());
        m_settings.setSavedFilters(settingsKey(), list);
        rebuildSavedFiltersMenu();
    });
    remove->setEnabled(!saved.isEmpty());
    if (!saved.isEmpty())
        menu->addSection(tr("Saved for %1").arg(m_topic));
    for (const QString& text : saved) {
        QAction* action = menu->addAction(text.size() > 80 ? text.left(79) + QChar(0x2026) : text);
        action->setToolTip(text);
        connect(action, &QAction::triggered, this, [this, text] {
            m_filter->setText(text);
            startScan();
        });
    }
    m_savedFilters->setToolTip(saved.isEmpty() ? tr("No saved filters for this topic yet")
                                               : tr("%n saved filter(s) for this topic", nullptr, saved.size()));
}

void MessageBrowserView::openImport(const QString& path)
{
    if (!m_session)
        return;
    if (!m_importDialog) {
        ImportDialogContext context;
        context.cluster = m_session->config();
        context.secrets = m_session->secrets();
        context.topic = m_topic;
        if (m_snapshot) {
            for (const domain::TopicInfo& topic : m_snapshot->topics)
                if (!topic.isInternal)
                    context.topics << qs(topic.name);
        }
        m_importDialog = new ImportDialog(std::move(context), m_prompts, this);
        m_importDialog->setAttribute(Qt::WA_DeleteOnClose);
        connect(m_importDialog, &ImportDialog::validated, this, &MessageBrowserView::notifyIfSettled);
        connect(m_importDialog, &ImportDialog::importFinished, this, [this](bool) { notifyIfSettled(); });
    }
    m_importDialog->show();
    m_importDialog->raise();
    if (!path.isEmpty())
        m_importDialog->setFile(path);
}

void MessageBrowserView::chooseExport(bool selectedOnly)
{
    const QString suggested = m_settings.lastDirectory() + QLatin1Char('/') + m_topic + QStringLiteral(".jsonl");
    const QString path = m_prompts->saveFile(this, selectedOnly ? tr("Export selected records") : tr("Export records"),
        suggested, tr("JSON Lines (*.jsonl);;All files (*)"));
    if (path.isEmpty())
        return;
    m_settings.setLastDirectory(QFileInfo(path).absolutePath());
    exportRows(path, selectedOnly);
}

dlq::SelectionModel MessageBrowserView::selectedRecords() const
{
    dlq::SelectionModel selection = dlq::SelectionModel::explicitRecords(m_topic.toStdString());
    const std::shared_ptr<const browse::RecordIndex>& index = m_model->recordIndex();
    if (!index)
        return selection;
    for (const QModelIndex& i : m_table->selectionModel()->selectedRows()) {
        if (auto row = m_model->indexRow(i.row())) {
            if (auto entry = index->entry(*row))
                selection.select({ static_cast<std::int32_t>(entry->partition), entry->offset });
        }
    }
    return selection;
}

void MessageBrowserView::exportRows(const QString& path, bool selectedOnly)
{
    std::shared_ptr<const browse::RecordIndex> index = m_model->recordIndex();
    if (!index || m_exporting) {
        emit exportFinished(false, m_exporting ? tr("An export is already running.") : tr("Nothing to export yet."));
        return;
    }
    std::vector<std::uint64_t> rows;
    browse::RowRange range = index->rows();
    if (selectedOnly) {
        const QModelIndexList selected = m_table->selectionModel()->selectedRows();
        rows.reserve(static_cast<std::size_t>(selected.size()));
        for (const QModelIndex& i : selected) {
            if (auto row = m_model->indexRow(i.row()))
                rows.push_back(*row);
        }
        std::sort(rows.begin(), rows.end());
        if (rows.empty()) {
            emit exportFinished(false, tr("Select the records to export first."));
            return;
        }
    } else {
        range.end = m_model->firstIndexRow() + static_cast<std::uint64_t>(m_model->rowCount());
    }
    m_exporting = true;
    m_exportCancel = std::make_shared<std::atomic<bool>>(false);
    auto cancel = m_exportCancel;
    const QString scanSummary = m_status->text(); // kept: the export's outcome goes after it
    m_status->setText(scanSummary.isEmpty() ? tr("Exporting to %1\u2026").arg(path)
                                            : tr("%1 \u00b7 exporting to %2\u2026").arg(scanSummary, path));
    const std::string file = path.toStdString();
    runInBackground(
        this,
        [index, rows = std::move(rows), range, file, cancel, selectedOnly]() {
            browse::ExportOptions options;
            options.cancel = cancel.get();
            return selectedOnly ? browse::exportJsonLines(*index, std::span<const std::uint64_t>(rows), file, options)
                                : browse::exportJsonLines(*index, range, file, options);
        },
        [this, path, scanSummary](Result<browse::ExportSummary> result) {
            m_exporting = false;
            QString message;
            if (result)
                message = tr("Exported %1 records (%2) to %3.")
                              .arg(formatCount(static_cast<std::int64_t>(result->records)))
                              .arg(formatBytes(result->bytes), path);
            else
                message = qs(result.error().message);
            m_status->setText(scanSummary.isEmpty() ? message : scanSummary + QStringLiteral(" \u00b7 ") + message);
            if (!result)
                m_banner->showMessage(Health::Error, message, qs(result.error().detail));
            emit exportFinished(result.hasValue(), message);
            notifyIfSettled();
        });
}

} // namespace sluice::ui
