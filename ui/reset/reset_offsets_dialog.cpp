// SPDX-License-Identifier: Apache-2.0
#include "reset/reset_offsets_dialog.h"

#include "common/format.h"
#include "common/inline_banner.h"
#include "common/table_setup.h"
#include "filter/time_literal.h"
#include "reset/reset_preview_model.h"
#include "reset/reset_runner.h"

#include <QComboBox>
#include <QDateTimeEdit>
#include <QDialogButtonBox>
#include <QFile>
#include <QFileDialog>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QRegularExpression>
#include <QSortFilterProxyModel>
#include <QStackedWidget>
#include <QTableView>
#include <QTimeZone>
#include <QVBoxLayout>
#include <set>

namespace sluice::ui {

namespace {

constexpr qint64 kMaxOffsetsFileBytes = 4 * 1024 * 1024;

enum ValuePage { NoValue, OffsetPage, TimestampPage, DurationPage, ShiftPage, FilePage };

ValuePage pageOf(reset::ResetKind kind)
{
    switch (kind) {
    case reset::ResetKind::Offset:
        return OffsetPage;
    case reset::ResetKind::Timestamp:
        return TimestampPage;
    case reset::ResetKind::DurationAgo:
        return DurationPage;
    case reset::ResetKind::ShiftBy:
        return ShiftPage;
    case reset::ResetKind::FromFile:
        return FilePage;
    default:
        return NoValue;
    }
}

Error inputError(const QString& message)
{
    return Error { ErrorKind::Configuration, message.toStdString(), {} };
}

} // namespace

std::optional<std::vector<std::int32_t>> parseResetPartitions(const QString& text)
{
    std::set<std::int32_t> out;
    static const QRegularExpression kItem(QStringLiteral("^\\s*(\\d{1,6})\\s*(?:-\\s*(\\d{1,6})\\s*)?$"));
    for (const QString& part : text.split(QLatin1Char(','), Qt::SkipEmptyParts)) {
        const auto match = kItem.match(part);
        if (!match.hasMatch())
            return std::nullopt;
        const int first = match.captured(1).toInt();
        const int last = match.captured(2).isEmpty() ? first : match.captured(2).toInt();
        if (last < first || last - first > 10000)
            return std::nullopt;
        for (int p = first; p <= last; ++p)
            out.insert(p);
    }
    if (out.empty())
        return std::nullopt;
    return std::vector<std::int32_t>(out.begin(), out.end());
}

ResetOffsetsDialog::ResetOffsetsDialog(ResetDialogContext context, QWidget* parent)
    : QDialog(parent)
    , m_context(std::move(context))
{
    setObjectName(QStringLiteral("resetOffsetsDialog"));
    setWindowTitle(tr("Reset offsets of %1").arg(m_context.group));
    m_runner = new ResetRunner(m_context.cluster, m_context.secrets, m_context.auditPath, this);
    m_confirmer
        = [this](const TypedConfirmation::Request& request) { return TypedConfirmation::confirm(request, this); };
    buildUi();
    resize(1200, 640);
    updateState();
}

ResetOffsetsDialog::~ResetOffsetsDialog() = default;

void ResetOffsetsDialog::buildUi()
{
    const bool readOnly = m_context.cluster.readOnly;
    auto* title = new QLabel(tr("<b>Reset the committed offsets of group %1</b> on cluster %2%3")
                                 .arg(m_context.group.toHtmlEscaped(), qs(m_context.cluster.name).toHtmlEscaped(),
                                     m_context.cluster.production ? tr(" (production)") : QString()),
        this);

    m_scope = new QComboBox(this);
    m_scope->setObjectName(QStringLiteral("resetScope"));
    m_scope->addItems({ tr("All topics of the group"), tr("One topic"), tr("Chosen partitions of a topic") });
    m_topic = new QComboBox(this);
    m_topic->setObjectName(QStringLiteral("resetTopic"));
    m_topic->setEditable(true);
    m_topic->addItems(m_context.topics);
    m_topic->setMinimumContentsLength(24);
    m_partitions = new QLineEdit(this);
    m_partitions->setObjectName(QStringLiteral("resetPartitions"));
    m_partitions->setPlaceholderText(tr("partitions, e.g. 0,2,5-7"));
    auto* scopeRow = new QHBoxLayout;
    scopeRow->addWidget(m_scope);
    scopeRow->addWidget(m_topic, 1);
    scopeRow->addWidget(m_partitions);

    m_mode = new QComboBox(this);
    m_mode->setObjectName(QStringLiteral("resetMode"));
    m_mode->addItems({ tr("Earliest (log start)"), tr("Latest (log end)"), tr("Offset"), tr("Timestamp"),
        tr("Duration ago"), tr("Shift by N"), tr("From file (CSV)") });
    m_valuePages = new QStackedWidget(this);
    m_valuePages->addWidget(new QWidget(m_valuePages));
    m_offset = new QLineEdit(m_valuePages);
    m_offset->setObjectName(QStringLiteral("resetOffset"));
    m_offset->setPlaceholderText(tr("offset, e.g. 1200"));
    m_valuePages->addWidget(m_offset);
    auto* timePage = new QWidget(m_valuePages);
    auto* timeRow = new QHBoxLayout(timePage);
    timeRow->setContentsMargins(0, 0, 0, 0);
    m_timestamp = new QDateTimeEdit(timePage);
    m_timestamp->setObjectName(QStringLiteral("resetTimestamp"));
    m_timestamp->setDisplayFormat(QStringLiteral("yyyy-MM-dd HH:mm:ss"));
    m_timestamp->setCalendarPopup(true);
    m_timestamp->setTimeSpec(Qt::UTC);
    m_timestamp->setDateTime(QDateTime::currentDateTimeUtc().addSecs(-3600));
    m_zone = new QComboBox(timePage);
    m_zone->setObjectName(QStringLiteral("resetZone"));
    m_zone->addItems({ tr("UTC"), tr("Local time") });
    timeRow->addWidget(m_timestamp);
    timeRow->addWidget(m_zone);
    timeRow->addStretch(1);
    m_valuePages->addWidget(timePage);
    m_duration = new QLineEdit(m_valuePages);
    m_duration->setObjectName(QStringLiteral("resetDuration"));
    m_duration->setPlaceholderText(tr("e.g. 30m, 2h, 1d, 1h30m"));
    m_valuePages->addWidget(m_duration);
    m_shift = new QLineEdit(m_valuePages);
    m_shift->setObjectName(QStringLiteral("resetShift"));
    m_shift->setPlaceholderText(tr("N, e.g. -100 to read 100 records again, 50 to skip 50"));
    m_valuePages->addWidget(m_shift);
    auto* filePage = new QWidget(m_valuePages);
    auto* fileRow = new QHBoxLayout(filePage);
    fileRow->setContentsMargins(0, 0, 0, 0);
    m_file = new QLineEdit(filePage);
    m_file->setObjectName(QStringLiteral("resetFile"));
    m_file->setPlaceholderText(tr("CSV file of topic,partition,offset lines (Kafka's tool's format)"));
    auto* browse = new QPushButton(tr("Browse\u2026"), filePage);
    connect(browse, &QPushButton::clicked, this, &ResetOffsetsDialog::chooseFile);
    fileRow->addWidget(m_file, 1);
    fileRow->addWidget(browse);
    m_valuePages->addWidget(filePage);
    auto* modeRow = new QHBoxLayout;
    modeRow->addWidget(m_mode);
    modeRow->addWidget(m_valuePages, 1);

    auto* form = new QFormLayout;
    form->addRow(tr("Scope"), scopeRow);
    form->addRow(tr("Reset to"), modeRow);

    m_previewButton = new QPushButton(tr("Preview"), this);
    m_previewButton->setObjectName(QStringLiteral("resetPreview"));
    m_previewButton->setDefault(true);
    m_cancelButton = new QPushButton(tr("Cancel"), this);
    m_cancelButton->setObjectName(QStringLiteral("resetCancel"));
    m_status = new QLabel(this);
    m_status->setObjectName(QStringLiteral("resetStatus"));
    m_inputProblem = new QLabel(this);
    m_inputProblem->setObjectName(QStringLiteral("resetInputProblem"));
    m_inputProblem->setStyleSheet(QStringLiteral("color: #b3261e;"));
    auto* actionRow = new QHBoxLayout;
    actionRow->addWidget(m_previewButton);
    actionRow->addWidget(m_cancelButton);
    actionRow->addWidget(m_status);
    actionRow->addWidget(m_inputProblem, 1);

    m_banner = new InlineBanner(this);
    m_summary = new QLabel(this);
    m_summary->setObjectName(QStringLiteral("resetSummary"));
    m_summary->setWordWrap(true);
    m_model = new ResetPreviewModel(this);
    auto* proxy = new QSortFilterProxyModel(this);
    proxy->setSourceModel(m_model);
    proxy->setSortRole(ResetPreviewModel::SortValueRole);
    m_table = new QTableView(this);
    m_table->setObjectName(QStringLiteral("resetPreviewTable"));
    m_table->setModel(proxy);
    setupDataTable(m_table, { 18, 8, 11, 11, 9, 30, 14, 46 });
    m_table->sortByColumn(ResetPreviewModel::Topic, Qt::AscendingOrder);
    m_blocked = new QLabel(this);
    m_blocked->setObjectName(QStringLiteral("resetBlocked"));
    m_blocked->setWordWrap(true);

    m_executeButton = new QPushButton(tr("Execute\u2026"), this);
    m_executeButton->setObjectName(QStringLiteral("resetExecute"));
    auto* close = new QPushButton(tr("Close"), this);
    connect(close, &QPushButton::clicked, this, &QDialog::reject);
    auto* bottomRow = new QHBoxLayout;
    bottomRow->addWidget(m_blocked, 1);
    bottomRow->addWidget(m_executeButton);
    bottomRow->addWidget(close);

    auto* layout = new QVBoxLayout(this);
    layout->addWidget(title);
    layout->addLayout(form);
    layout->addLayout(actionRow);
    layout->addWidget(m_banner);
    layout->addWidget(m_summary);
    layout->addWidget(m_table, 1);
    layout->addLayout(bottomRow);

    if (readOnly)
        m_banner->showMessage(Health::Neutral,
            tr("Cluster %1 is read-only in the workspace: you can preview a reset, but Sluice never writes to it.")
                .arg(qs(m_context.cluster.name)));

    connect(m_scope, &QComboBox::currentIndexChanged, this, &ResetOffsetsDialog::inputsChanged);
    connect(m_topic, &QComboBox::currentTextChanged, this, &ResetOffsetsDialog::inputsChanged);
    connect(m_partitions, &QLineEdit::textChanged, this, &ResetOffsetsDialog::inputsChanged);
    connect(m_mode, &QComboBox::currentIndexChanged, this, [this](int index) {
        m_valuePages->setCurrentIndex(pageOf(static_cast<reset::ResetKind>(index)));
        inputsChanged();
    });
    for (QLineEdit* edit : { m_offset, m_duration, m_shift, m_file })
        connect(edit, &QLineEdit::textChanged, this, &ResetOffsetsDialog::inputsChanged);
    connect(m_timestamp, &QDateTimeEdit::dateTimeChanged, this, &ResetOffsetsDialog::inputsChanged);
    connect(m_zone, &QComboBox::currentIndexChanged, this, [this](int index) {
        const bool utc = index == 0;
        const QDateTime shown = m_timestamp->dateTime();
        // Same wall-clock digits, other zone: the operator picks what the digits mean.
        m_timestamp->setTimeSpec(utc ? Qt::UTC : Qt::LocalTime);
        m_timestamp->setDateTime(QDateTime(shown.date(), shown.time(), utc ? Qt::UTC : Qt::LocalTime));
        m_model->setShowsUtc(utc);
        inputsChanged();
    });
    connect(m_previewButton, &QPushButton::clicked, this, &ResetOffsetsDialog::startPreview);
    connect(m_cancelButton, &QPushButton::clicked, this, &ResetOffsetsDialog::cancelOperation);
    connect(m_executeButton, &QPushButton::clicked, this, &ResetOffsetsDialog::execute);
}

void ResetOffsetsDialog::setScope(Scope scope, const QString& topic, const QString& partitions)
{
    m_scope->setCurrentIndex(static_cast<int>(scope));
    if (!topic.isEmpty())
        m_topic->setCurrentText(topic);
    m_partitions->setText(partitions);
}

void ResetOffsetsDialog::setMode(reset::ResetKind kind, const QString& value)
{
    m_mode->setCurrentIndex(static_cast<int>(kind));
    switch (pageOf(kind)) {
    case OffsetPage:
        m_offset->setText(value);
        break;
    case TimestampPage:
        if (const auto ms = filter::parseIsoTimestamp(value.toStdString())) {
            setTimesInUtc(true);
            m_timestamp->setDateTime(QDateTime::fromMSecsSinceEpoch(*ms, Qt::UTC));
        }
        break;
    case DurationPage:
        m_duration->setText(value);
        break;
    case ShiftPage:
        m_shift->setText(value);
        break;
    case FilePage:
        m_file->setText(value);
        break;
    case NoValue:
        break;
    }
}

void ResetOffsetsDialog::setTimesInUtc(bool utc)
{
    m_zone->setCurrentIndex(utc ? 0 : 1);
}

ResetOffsetsDialog::Scope ResetOffsetsDialog::scope() const
{
    return static_cast<Scope>(m_scope->currentIndex());
}

reset::ResetKind ResetOffsetsDialog::kind() const
{
    return static_cast<reset::ResetKind>(m_mode->currentIndex());
}

Result<reset::ResetSpec> ResetOffsetsDialog::buildSpec() const
{
    reset::ResetSpec spec;
    spec.group = m_context.group.toStdString();
    spec.kind = kind();
    if (scope() != Scope::AllTopics) {
        const QString topic = m_topic->currentText().trimmed();
        if (topic.isEmpty())
            return inputError(tr("Pick the topic to reset."));
        spec.topic = topic.toStdString();
    }
    if (scope() == Scope::Partitions) {
        auto partitions = parseResetPartitions(m_partitions->text());
        if (!partitions)
            return inputError(tr("Partitions should read like 0,2,5-7."));
        spec.partitions = std::move(*partitions);
    }
    bool ok = false;
    switch (spec.kind) {
    case reset::ResetKind::Earliest:
    case reset::ResetKind::Latest:
        break;
    case reset::ResetKind::Offset:
        spec.value = m_offset->text().trimmed().toLongLong(&ok);
        if (!ok || spec.value < 0)
            return inputError(tr("The offset should be a whole number, 0 or more."));
        break;
    case reset::ResetKind::Timestamp:
        spec.value = m_timestamp->dateTime().toMSecsSinceEpoch();
        break;
    case reset::ResetKind::DurationAgo: {
        std::string problem;
        const auto ms = filter::parseDuration(m_duration->text().trimmed().toStdString(), &problem);
        if (!ms || *ms <= 0)
            return inputError(tr("The duration should read like 30m, 2h, 1d or 1h30m."));
        spec.value = *ms;
        break;
    }
    case reset::ResetKind::ShiftBy:
        spec.value = m_shift->text().trimmed().toLongLong(&ok);
        if (!ok || spec.value == 0)
            return inputError(tr("N should be a whole number other than 0 (negative reads records again)."));
        break;
    case reset::ResetKind::FromFile: {
        const QString path = m_file->text().trimmed();
        if (path.isEmpty())
            return inputError(tr("Choose the offsets file."));
        QFile file(path);
        if (!file.open(QIODevice::ReadOnly))
            return inputError(tr("Couldn't open %1: %2").arg(path, file.errorString()));
        if (file.size() > kMaxOffsetsFileBytes)
            return inputError(tr("%1 is larger than 4 MiB; an offsets file is one line per partition.").arg(path));
        auto parsed = reset::parseOffsetsFile(file.readAll().toStdString());
        if (!parsed)
            return inputError(qs(parsed.error().message));
        for (const auto& [tp, offset] : *parsed)
            if (spec.topic.empty() || tp.topic == spec.topic)
                spec.fileOffsets[tp] = offset;
        if (spec.fileOffsets.empty())
            return inputError(spec.topic.empty() ? tr("%1 names no partition.").arg(path)
                                                 : tr("%1 has no line for topic %2.").arg(path, qs(spec.topic)));
        // One topic without chosen partitions: the partitions the file names.
        if (!spec.topic.empty() && spec.partitions.empty())
            for (const auto& [tp, offset] : spec.fileOffsets)
                spec.partitions.push_back(tp.partition);
        break;
    }
    }
    return spec;
}

void ResetOffsetsDialog::chooseFile()
{
    const QString path = QFileDialog::getOpenFileName(
        this, tr("Offsets file"), QString(), tr("CSV files (*.csv *.txt);;All files (*)"));
    if (!path.isEmpty())
        m_file->setText(path);
}

void ResetOffsetsDialog::inputsChanged()
{
    m_previewCurrent = false;
    updateState();
}

void ResetOffsetsDialog::startPreview()
{
    const auto spec = buildSpec();
    if (!spec) {
        m_inputProblem->setText(qs(spec.error().message));
        emit previewFinished(false);
        return;
    }
    if (m_operation == Operation::Execute)
        return; // never while a write may be in flight
    m_inputProblem->clear();
    m_operation = Operation::Preview;
    m_cancelRequested = false;
    const quint64 id = ++m_operationId;
    m_status->setText(tr("Previewing\u2026 reading offsets and record times"));
    updateState();
    m_runner->preview(*spec, [this, id](Result<reset::ResetPreview> result) {
        if (id != m_operationId)
            return; // cancelled or superseded
        showPreview(std::move(result));
    });
}

void ResetOffsetsDialog::adoptPreview(reset::ResetPreview preview)
{
    showPreview(std::move(preview));
}

void ResetOffsetsDialog::showPreview(Result<reset::ResetPreview> result)
{
    m_operation = Operation::None;
    m_status->clear();
    if (!result) {
        m_preview.reset();
        m_previewCurrent = false;
        m_model->clear();
        m_summary->clear();
        m_banner->showMessage(Health::Error,
            tr("Couldn't preview the reset of group %1 on %2: %3")
                .arg(m_context.group, qs(m_context.cluster.name), qs(result.error().message)),
            qs(result.error().detail));
        updateState();
        emit previewFinished(false);
        return;
    }
    m_preview = std::move(*result);
    m_previewCurrent = true;
    m_model->setRows(m_preview->rows);
    std::set<std::string> topics;
    for (const reset::ResetRow& row : m_preview->rows)
        topics.insert(row.topic);
    const int clamped = m_preview->clampedRows();
    QString summary = tr("%1 partition(s) of %2 topic(s) \u00b7 %3 records to read from the targets \u00b7 group "
                         "state %4")
                          .arg(m_preview->rows.size())
                          .arg(topics.size())
                          .arg(formatCount(m_preview->totalToReprocess()), qs(m_preview->groupState));
    if (clamped > 0)
        summary += tr(" \u00b7 <span style=\"color:#8a5a00\"><b>%1 clamped</b> to the log start or end "
                      "(highlighted)</span>")
                       .arg(clamped);
    m_summary->setText(summary);
    if (m_preview->activeMembers > 0) {
        QStringList clients;
        for (const std::string& c : m_preview->activeClients)
            clients << qs(c);
        m_banner->showMessage(Health::Warning,
            tr("Group %1 has %2 active member(s): %3. Offsets can only be reset while nobody consumes: stop these "
               "consumers, then preview again.")
                .arg(m_context.group)
                .arg(m_preview->activeMembers)
                .arg(clients.join(QStringLiteral(", "))));
    } else if (!m_context.cluster.readOnly) {
        m_banner->clear();
    }
    updateState();
    emit previewFinished(true);
}

QString ResetOffsetsDialog::executeBlockedReason() const
{
    if (m_context.cluster.readOnly)
        return tr("Cluster %1 is read-only in the workspace: Sluice does not reset offsets there.")
            .arg(qs(m_context.cluster.name));
    if (m_operation != Operation::None)
        return tr("Wait for the running %1 to end.")
            .arg(m_operation == Operation::Preview ? tr("preview") : tr("reset"));
    if (!m_preview)
        return tr("Preview first: execution writes exactly the previewed offsets.");
    if (!m_previewCurrent)
        return tr("The inputs or the group changed since the preview: preview again.");
    if (m_preview->activeMembers > 0)
        return tr("Refused: group %1 has %2 active member(s). Stop its consumers and preview again.")
            .arg(m_context.group)
            .arg(m_preview->activeMembers);
    if (m_preview->rows.empty())
        return tr("The preview has no partitions to reset.");
    return {};
}

void ResetOffsetsDialog::execute()
{
    const QString blocked = executeBlockedReason();
    if (!blocked.isEmpty()) {
        m_banner->showMessage(Health::Warning, blocked);
        emit executeFinished(false);
        return;
    }
    const reset::ResetPreview reviewed = *m_preview;
    std::set<std::string> topics;
    for (const reset::ResetRow& row : reviewed.rows)
        topics.insert(row.topic);
    TypedConfirmation::Request request;
    request.title = tr("Reset offsets");
    request.summary
        = tr("Set the committed offsets of group %1 on %2 partition(s) of %3 topic(s) to the previewed "
             "targets: its consumers will read %4 records from there%5.")
              .arg(m_context.group)
              .arg(reviewed.rows.size())
              .arg(topics.size())
              .arg(formatCount(reviewed.totalToReprocess()))
              .arg(reviewed.clampedRows() > 0 ? tr(" (%1 target(s) clamped to the log)").arg(reviewed.clampedRows())
                                              : QString());
    request.actionLabel = tr("Reset %1 partition(s)").arg(reviewed.rows.size());
    request.clusterName = qs(m_context.cluster.name);
    request.production = m_context.cluster.production;
    if (!m_confirmer(request)) {
        emit executeFinished(false);
        return;
    }
    m_operation = Operation::Execute;
    m_cancelRequested = false;
    const quint64 id = ++m_operationId;
    m_status->setText(tr("Resetting\u2026 re-checking the group, then writing"));
    updateState();
    m_runner->execute(reviewed, [this, id](Result<reset::ResetOutcome> result) {
        if (id != m_operationId)
            return;
        showOutcome(std::move(result));
    });
}

void ResetOffsetsDialog::showOutcome(Result<reset::ResetOutcome> result)
{
    m_operation = Operation::None;
    m_status->clear();
    // Whatever happened, the group's offsets may differ now: a new preview is needed.
    m_previewCurrent = false;
    if (!result) {
        const bool cancelled = result.error().detail == "cancelled";
        m_banner->showMessage(cancelled ? Health::Warning : Health::Error,
            cancelled
                ? tr("Reset cancelled before anything was written.")
                : tr("The reset of group %1 was not applied: %2").arg(m_context.group, qs(result.error().message)),
            qs(result.error().detail));
        updateState();
        emit executeFinished(false);
        return;
    }
    m_outcome = *result;
    m_banner->showMessage(Health::Ok,
        tr("Applied: group %1 now starts from the previewed offsets on %2 partition(s). Audit entry %3; report %4.")
            .arg(m_context.group)
            .arg(m_preview ? m_preview->rows.size() : 0)
            .arg(qs(result->actionId), result->reportPath));
    updateState();
    emit executeFinished(true);
}

void ResetOffsetsDialog::cancelOperation()
{
    if (m_operation == Operation::None)
        return;
    m_runner->cancel();
    if (m_operation == Operation::Preview) {
        ++m_operationId; // the late answer is dropped
        m_operation = Operation::None;
        m_status->setText(tr("Preview cancelled."));
        updateState();
        emit previewFinished(false);
        return;
    }
    // An execution stops only if its write was not sent yet; its answer tells.
    m_cancelRequested = true;
    m_status->setText(tr("Cancelling\u2026 a write already sent cannot be called back; waiting for its answer."));
    updateState();
}

QString ResetOffsetsDialog::bannerText() const
{
    return m_banner->message();
}

QString ResetOffsetsDialog::summaryText() const
{
    return m_summary->text();
}

void ResetOffsetsDialog::updateState()
{
    const bool busy = m_operation != Operation::None;
    const Scope s = scope();
    m_topic->setEnabled(s != Scope::AllTopics && !busy);
    m_partitions->setVisible(s == Scope::Partitions);
    m_previewButton->setEnabled(m_operation != Operation::Execute);
    m_cancelButton->setEnabled(busy && !(m_operation == Operation::Execute && m_cancelRequested));
    const QString blocked = executeBlockedReason();
    m_executeButton->setEnabled(blocked.isEmpty());
    m_blocked->setText(blocked);
    m_blocked->setStyleSheet(m_preview && m_preview->activeMembers > 0 && m_previewCurrent
            ? QStringLiteral("color: #8a5a00;")
            : QStringLiteral("color: palette(mid);"));
    if (m_preview && !m_previewCurrent && !busy && m_status->text().isEmpty())
        m_status->setText(tr("Changed since the preview: preview again."));
    else if (m_previewCurrent && !busy)
        m_status->clear();
    m_table->setEnabled(m_previewCurrent || busy);
}

} // namespace sluice::ui
