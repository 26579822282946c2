// SPDX-License-Identifier: Apache-2.0
#include "replay/replay_wizard.h"

#include "common/format.h"
#include "common/inline_banner.h"
#include "common/table_setup.h"
#include "replay/replay_result_models.h"

#include <QButtonGroup>
#include <QCheckBox>
#include <QCloseEvent>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPlainTextEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QRadioButton>
#include <QSpinBox>
#include <QSplitter>
#include <QStackedWidget>
#include <QTabWidget>
#include <QTableView>
#include <QVBoxLayout>
#include <algorithm>

namespace sluice::ui {

namespace {

QString bytesText(std::uint64_t bytes)
{
    const double b = static_cast<double>(bytes);
    if (bytes < 1024)
        return QObject::tr("%1 B").arg(bytes);
    if (b < 1024.0 * 1024.0)
        return QObject::tr("%1 KiB").arg(b / 1024.0, 0, 'f', 1);
    if (b < 1024.0 * 1024.0 * 1024.0)
        return QObject::tr("%1 MiB").arg(b / (1024.0 * 1024.0), 0, 'f', 1);
    return QObject::tr("%1 GiB").arg(b / (1024.0 * 1024.0 * 1024.0), 0, 'f', 2);
}

QString count(std::uint64_t n)
{
    return formatCount(static_cast<std::int64_t>(n));
}

QString etaText(double seconds)
{
    if (seconds < 0)
        return QObject::tr("unknown");
    const auto s = static_cast<long long>(seconds + 0.5);
    if (s < 60)
        return QObject::tr("%1 s").arg(s);
    if (s < 3600)
        return QObject::tr("%1 min %2 s").arg(s / 60).arg(s % 60);
    return QObject::tr("%1 h %2 min").arg(s / 3600).arg((s % 3600) / 60);
}

std::uint64_t selectedOffsets(const replay::ReplayPlan& plan)
{
    std::uint64_t n = 0;
    for (const auto& [partition, ranges] : plan.offsets) {
        for (const auto& [first, last] : ranges)
            n += static_cast<std::uint64_t>(last - first + 1);
    }
    return n;
}

QLabel* wrapped(const QString& text, QWidget* parent)
{
    auto* label = new QLabel(text, parent);
    label->setWordWrap(true);
    return label;
}

QLabel* hint(const QString& text, QWidget* parent)
{
    auto* label = wrapped(text, parent);
    label->setStyleSheet(QStringLiteral("color: gray"));
    return label;
}

QTableView* resultTable(QAbstractItemModel* model, std::initializer_list<int> widths, QWidget* parent)
{
    auto* table = new QTableView(parent);
    table->setModel(model);
    setupDataTable(table, widths, false);
    table->horizontalHeader()->setStretchLastSection(true);
    return table;
}

const char* const kStepTitles[] = {
    QT_TRANSLATE_NOOP("ReplayWizard", "1  Target"),
    QT_TRANSLATE_NOOP("ReplayWizard", "2  Transforms"),
    QT_TRANSLATE_NOOP("ReplayWizard", "3  Options"),
    QT_TRANSLATE_NOOP("ReplayWizard", "4  Dry-run preview"),
    QT_TRANSLATE_NOOP("ReplayWizard", "5  Confirm"),
    QT_TRANSLATE_NOOP("ReplayWizard", "6  Progress"),
    QT_TRANSLATE_NOOP("ReplayWizard", "7  Report"),
};

} // namespace

ReplayWizard::ReplayWizard(
    ReplayController* controller, bool isDeadLetterSelection, TopicLister topics, QWidget* parent)
    : QWidget(parent, Qt::Window)
    , m_controller(controller)
    , m_isDeadLetterSelection(isDeadLetterSelection)
    , m_topics(std::move(topics))
    , m_confirmer(
          [](const TypedConfirmation::Request& request, QWidget* p) { return TypedConfirmation::confirm(request, p); })
{
    m_controller->setParent(this);
    setObjectName(QStringLiteral("replayWizard"));
    resize(1100, 720);

    m_title = new QLabel(this);
    QFont font = m_title->font();
    font.setPointSizeF(font.pointSizeF() * 1.4);
    font.setBold(true);
    m_title->setFont(font);
    m_subtitle = hint(QString(), this);
    m_banner = new InlineBanner(this);
    m_banner->setObjectName(QStringLiteral("replayBanner"));

    m_steps = new QListWidget(this);
    m_steps->setObjectName(QStringLiteral("replaySteps"));
    for (const char* title : kStepTitles)
        m_steps->addItem(tr(title));
    m_steps->setFixedWidth(170);
    m_steps->setFocusPolicy(Qt::NoFocus);
    m_steps->setSelectionMode(QAbstractItemView::SingleSelection);
    connect(m_steps, &QListWidget::itemClicked, this, [this](QListWidgetItem* item) {
        const int row = m_steps->row(item);
        // Only the editing steps can be revisited by clicking, and only while nothing runs.
        if (row <= PreviewStep && !m_controller->isRunning()
            && m_controller->phase() != ReplayController::Phase::Resumable)
            goToStep(static_cast<Step>(row));
        else
            m_steps->setCurrentRow(m_step);
    });

    m_pages = new QStackedWidget(this);
    m_pages->addWidget(buildTargetPage());
    m_pages->addWidget(buildTransformsPage());
    m_pages->addWidget(buildOptionsPage());
    m_pages->addWidget(buildPreviewPage());
    m_pages->addWidget(buildConfirmPage());
    m_pages->addWidget(buildProgressPage());
    m_pages->addWidget(buildReportPage());

    m_back = new QPushButton(tr("Back"), this);
    m_next = new QPushButton(tr("Next"), this);
    m_next->setObjectName(QStringLiteral("replayNext"));
    m_close = new QPushButton(tr("Close"), this);
    connect(m_back, &QPushButton::clicked, this, &ReplayWizard::back);
    connect(m_next, &QPushButton::clicked, this, &ReplayWizard::next);
    connect(m_close, &QPushButton::clicked, this, &QWidget::close);

    auto* body = new QHBoxLayout;
    body->addWidget(m_steps);
    body->addWidget(m_pages, 1);
    auto* buttons = new QHBoxLayout;
    buttons->addStretch(1);
    buttons->addWidget(m_back);
    buttons->addWidget(m_next);
    buttons->addWidget(m_close);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(14, 10, 14, 10);
    layout->addWidget(m_title);
    layout->addWidget(m_subtitle);
    layout->addWidget(m_banner);
    layout->addLayout(body, 1);
    layout->addLayout(buttons);

    connect(m_controller, &ReplayController::phaseChanged, this, &ReplayWizard::phaseChanged);
    connect(m_controller, &ReplayController::progressChanged, this, [this] {
        if (m_controller->phase() == ReplayController::Phase::DryRunning)
            m_previewState->setText(tr("Dry run: reading the selection\u2026 %1 records to send so far")
                                        .arg(count(m_controller->progress().sent)));
        else
            showProgress();
    });
    connect(m_controller, &ReplayController::failed, this,
        [this](const QString& message) { m_banner->showMessage(Health::Error, message); });

    loadPlanIntoForm();
    updateTitle();
    if (m_controller->phase() == ReplayController::Phase::Resumable)
        goToStep(ProgressStep);
    else
        goToStep(TargetStep);
}

ReplayWizard::~ReplayWizard() = default;

// ---- Pages ----

QWidget* ReplayWizard::buildTargetPage()
{
    auto* page = new QWidget(this);
    auto* layout = new QVBoxLayout(page);
    layout->addWidget(wrapped(tr("<b>Where do the records go?</b>"), page));
    m_originalTopic = new QRadioButton(tr("The original topic named in each record's dead-letter headers"), page);
    m_originalTopic->setObjectName(QStringLiteral("targetOriginal"));
    m_chosenTopic = new QRadioButton(tr("A topic I choose"), page);
    m_chosenTopic->setObjectName(QStringLiteral("targetChosen"));
    auto* group = new QButtonGroup(page);
    group->addButton(m_originalTopic);
    group->addButton(m_chosenTopic);
    m_targetCluster = new QComboBox(page);
    for (const config::ClusterConfig& cluster : m_controller->workspace().clusters)
        m_targetCluster->addItem(qs(cluster.name) + (cluster.readOnly ? tr(" (read-only)") : QString())
                + (cluster.production ? tr(" (production)") : QString()),
            qs(cluster.name));
    m_targetTopic = new QComboBox(page);
    m_targetTopic->setEditable(true);
    m_targetTopic->setObjectName(QStringLiteral("targetTopic"));
    m_targetTopic->setMinimumContentsLength(30);
    m_partitioning = new QComboBox(page);
    m_partitioning->addItem(tr("By key (Kafka's default partitioner)"), static_cast<int>(replay::Partitioning::ByKey));
    m_partitioning->addItem(tr("The original partition (from the dead-letter headers)"),
        static_cast<int>(replay::Partitioning::OriginalPartition));
    m_partitioning->addItem(tr("The partition the record has in the source topic"),
        static_cast<int>(replay::Partitioning::SourcePartition));
    auto* form = new QFormLayout;
    form->addRow(tr("Cluster"), m_targetCluster);
    form->addRow(tr("Topic"), m_targetTopic);
    layout->addWidget(m_originalTopic);
    layout->addWidget(hint(tr("Kafka Connect's __connect.errors.topic or Spring's kafka_dlt-original-topic. Records "
                              "whose headers name no topic are skipped and listed in the preview."),
        page));
    layout->addWidget(m_chosenTopic);
    layout->addLayout(form);
    m_targetHint = hint(QString(), page);
    layout->addWidget(m_targetHint);
    auto* partitionForm = new QFormLayout;
    partitionForm->addRow(tr("Partitioning"), m_partitioning);
    layout->addSpacing(8);
    layout->addLayout(partitionForm);
    layout->addStretch(1);

    const auto edited = [this] {
        if (m_isLoading)
            return;
        readFormIntoPlan();
        const bool chosen = m_chosenTopic->isChecked();
        m_targetCluster->setEnabled(chosen);
        m_targetTopic->setEnabled(chosen);
    };
    connect(m_originalTopic, &QRadioButton::toggled, this, edited);
    connect(m_targetCluster, &QComboBox::currentIndexChanged, this, [this, edited] {
        if (!m_isLoading)
            fillTopics();
        edited();
    });
    connect(m_targetTopic, &QComboBox::currentTextChanged, this, edited);
    connect(m_partitioning, &QComboBox::currentIndexChanged, this, edited);
    return page;
}

QWidget* ReplayWizard::buildTransformsPage()
{
    auto* page = new QWidget(this);
    auto* layout = new QVBoxLayout(page);
    layout->addWidget(wrapped(tr("<b>What happens to each record?</b> Keys and values are sent byte for byte, "
                                 "unless you edit a record below."),
        page));
    m_dropHeaders = new QCheckBox(tr("Drop the dead-letter error headers (__connect.errors.*, kafka_dlt-*)"), page);
    m_dropHeaders->setObjectName(QStringLiteral("dropHeaders"));
    layout->addWidget(m_dropHeaders);
    layout->addWidget(hint(tr("Provenance headers are always added: sluice.replay.id, sluice.replay.source "
                              "(topic/partition/offset of the dead letter) and sluice.replay.count (raised on each "
                              "replay; the loop guard reads it)."),
        page));
    m_nowTimestamp
        = new QRadioButton(tr("Timestamp now, the original kept in the header sluice.replay.original-timestamp"), page);
    m_keepTimestamp
        = new QRadioButton(tr("Keep the original timestamp (retention may delete old records at once)"), page);
    m_keepTimestamp->setObjectName(QStringLiteral("keepTimestamp"));
    auto* timestamps = new QButtonGroup(page);
    timestamps->addButton(m_nowTimestamp);
    timestamps->addButton(m_keepTimestamp);
    layout->addWidget(m_nowTimestamp);
    layout->addWidget(m_keepTimestamp);

    auto* editBox = new QGroupBox(tr("Edit a record before it is sent"), page);
    auto* editLayout = new QVBoxLayout(editBox);
    m_editPartition = new QSpinBox(editBox);
    m_editPartition->setRange(0, 1'000'000);
    m_editOffset = new QLineEdit(editBox);
    m_editOffset->setPlaceholderText(tr("offset in the source topic"));
    auto* where = new QHBoxLayout;
    where->addWidget(new QLabel(tr("Partition"), editBox));
    where->addWidget(m_editPartition);
    where->addWidget(new QLabel(tr("Offset"), editBox));
    where->addWidget(m_editOffset, 1);
    editLayout->addLayout(where);
    m_editKeyCheck = new QCheckBox(tr("Replace the key with (UTF-8 text)"), editBox);
    m_editKey = new QLineEdit(editBox);
    m_editValueCheck = new QCheckBox(tr("Replace the value with (UTF-8 text)"), editBox);
    m_editValue = new QPlainTextEdit(editBox);
    m_editValue->setMaximumHeight(70);
    m_editHeadersCheck = new QCheckBox(tr("Replace the headers with (one name=value per line; a name alone is a null "
                                          "value)"),
        editBox);
    m_editHeaders = new QPlainTextEdit(editBox);
    m_editHeaders->setMaximumHeight(60);
    editLayout->addWidget(m_editKeyCheck);
    editLayout->addWidget(m_editKey);
    editLayout->addWidget(m_editValueCheck);
    editLayout->addWidget(m_editValue);
    editLayout->addWidget(m_editHeadersCheck);
    editLayout->addWidget(m_editHeaders);
    auto* add = new QPushButton(tr("Add this edit"), editBox);
    auto* remove = new QPushButton(tr("Remove the selected edit"), editBox);
    m_editError = new QLabel(editBox);
    m_editError->setStyleSheet(QStringLiteral("color: #b00020"));
    auto* editButtons = new QHBoxLayout;
    editButtons->addWidget(add);
    editButtons->addWidget(remove);
    editButtons->addWidget(m_editError, 1);
    editLayout->addLayout(editButtons);
    m_edits = new QListWidget(editBox);
    m_edits->setMaximumHeight(80);
    editLayout->addWidget(m_edits);
    layout->addWidget(editBox);
    layout->addStretch(1);

    connect(add, &QPushButton::clicked, this, &ReplayWizard::addEdit);
    connect(remove, &QPushButton::clicked, this, [this] {
        const int row = m_edits->currentRow();
        auto& edits = m_controller->plan().edits;
        if (row < 0 || row >= static_cast<int>(edits.size()))
            return;
        edits.erase(edits.begin() + row);
        m_controller->planEdited();
        showEdits();
    });
    const auto edited = [this] {
        if (!m_isLoading)
            readFormIntoPlan();
    };
    connect(m_dropHeaders, &QCheckBox::toggled, this, edited);
    connect(m_keepTimestamp, &QRadioButton::toggled, this, edited);
    return page;
}

QWidget* ReplayWizard::buildOptionsPage()
{
    auto* page = new QWidget(this);
    auto* layout = new QVBoxLayout(page);
    layout->addWidget(wrapped(tr("<b>How is it sent?</b>"), page));
    m_idempotent = new QRadioButton(tr("Idempotent producer (default)"), page);
    m_exactlyOnce = new QRadioButton(tr("Exactly-once (transactions)"), page);
    m_exactlyOnce->setObjectName(QStringLiteral("exactlyOnce"));
    auto* modes = new QButtonGroup(page);
    modes->addButton(m_idempotent);
    modes->addButton(m_exactlyOnce);
    layout->addWidget(m_idempotent);
    layout->addWidget(hint(tr("No duplicates from retries. If the app stops mid-way, a resume may send the records "
                              "that were in flight again; the report gives the bound and counts them."),
        page));
    layout->addWidget(m_exactlyOnce);
    layout->addWidget(hint(tr("Records and progress are committed together: no duplicates for read_committed readers, "
                              "even after a crash. Slower; the target must be on the source cluster."),
        page));

    m_recordsPerSecond = new QDoubleSpinBox(page);
    m_recordsPerSecond->setRange(0, 10'000'000);
    m_recordsPerSecond->setDecimals(0);
    m_recordsPerSecond->setSpecialValueText(tr("unlimited"));
    m_recordsPerSecond->setSuffix(tr(" records/s"));
    m_bytesPerSecond = new QDoubleSpinBox(page);
    m_bytesPerSecond->setRange(0, 10'000'000'000.0);
    m_bytesPerSecond->setDecimals(0);
    m_bytesPerSecond->setSpecialValueText(tr("unlimited"));
    m_bytesPerSecond->setSuffix(tr(" bytes/s"));
    m_maxReplayCount = new QSpinBox(page);
    m_maxReplayCount->setRange(1, 1000);
    m_onLimit = new QComboBox(page);
    m_onLimit->addItem(tr("Skip such records (listed in the report)"), static_cast<int>(replay::LimitAction::Skip));
    m_onLimit->addItem(tr("Refuse the whole replay"), static_cast<int>(replay::LimitAction::Refuse));
    auto* form = new QFormLayout;
    form->addRow(tr("Rate limit"), m_recordsPerSecond);
    form->addRow(QString(), m_bytesPerSecond);
    form->addRow(tr("Loop guard: replays per record at most"), m_maxReplayCount);
    form->addRow(tr("When a record reached it"), m_onLimit);
    layout->addSpacing(8);
    layout->addLayout(form);
    layout->addStretch(1);

    const auto edited = [this] {
        if (!m_isLoading)
            readFormIntoPlan();
    };
    connect(m_exactlyOnce, &QRadioButton::toggled, this, edited);
    connect(m_recordsPerSecond, &QDoubleSpinBox::valueChanged, this, edited);
    connect(m_bytesPerSecond, &QDoubleSpinBox::valueChanged, this, edited);
    connect(m_maxReplayCount, &QSpinBox::valueChanged, this, edited);
    connect(m_onLimit, &QComboBox::currentIndexChanged, this, edited);
    return page;
}

QWidget* ReplayWizard::buildPreviewPage()
{
    auto* page = new QWidget(this);
    m_previewState = hint(QString(), page);
    m_previewSummary = wrapped(QString(), page);
    m_previewSummary->setObjectName(QStringLiteral("previewSummary"));
    m_previewWarnings = wrapped(QString(), page);
    m_previewWarnings->setStyleSheet(QStringLiteral("color: #8a5a00"));
    m_skippedSummary = wrapped(QString(), page);
    m_planHash = new QLabel(page);
    m_planHash->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_planHash->setFont(numberFont());
    m_targetModel = new ReplayTargetModel(this);
    m_skippedModel = new ReplayOutcomeModel(this);
    m_sampleModel = new ReplaySampleModel(this);

    auto* top = new QSplitter(Qt::Horizontal, page);
    auto* targets = new QWidget(top);
    auto* targetsLayout = new QVBoxLayout(targets);
    targetsLayout->setContentsMargins(0, 0, 0, 0);
    targetsLayout->addWidget(new QLabel(tr("Records per target"), targets));
    targetsLayout->addWidget(resultTable(m_targetModel, { 24, 9, 10 }, targets));
    auto* skipped = new QWidget(top);
    auto* skippedLayout = new QVBoxLayout(skipped);
    skippedLayout->setContentsMargins(0, 0, 0, 0);
    skippedLayout->addWidget(m_skippedSummary);
    skippedLayout->addWidget(resultTable(m_skippedModel, { 9, 10, 40 }, skipped));
    top->addWidget(targets);
    top->addWidget(skipped);
    auto* sample = new QWidget(page);
    auto* sampleLayout = new QVBoxLayout(sample);
    sampleLayout->setContentsMargins(0, 0, 0, 0);
    sampleLayout->addWidget(new QLabel(tr("Sample: the first records exactly as they will be sent"), sample));
    sampleLayout->addWidget(resultTable(m_sampleModel, { 18, 16, 22, 14, 30, 40 }, sample));
    auto* split = new QSplitter(Qt::Vertical, page);
    split->addWidget(top);
    split->addWidget(sample);

    auto* layout = new QVBoxLayout(page);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_previewState);
    layout->addWidget(m_previewSummary);
    layout->addWidget(m_previewWarnings);
    layout->addWidget(split, 1);
    layout->addWidget(m_planHash);
    return page;
}

QWidget* ReplayWizard::buildConfirmPage()
{
    auto* page = new QWidget(this);
    auto* layout = new QVBoxLayout(page);
    m_confirmSummary = wrapped(QString(), page);
    m_confirmRefusal = wrapped(QString(), page);
    m_confirmRefusal->setObjectName(QStringLiteral("confirmRefusal"));
    m_confirmRefusal->setStyleSheet(QStringLiteral("color: #b00020"));
    m_run = new QPushButton(this);
    m_run->setObjectName(QStringLiteral("replayRun"));
    connect(m_run, &QPushButton::clicked, this, &ReplayWizard::confirmAndRun);
    layout->addWidget(m_confirmSummary);
    layout->addWidget(m_confirmRefusal);
    auto* row = new QHBoxLayout;
    row->addWidget(m_run);
    row->addStretch(1);
    layout->addLayout(row);
    layout->addStretch(1);
    return page;
}

QWidget* ReplayWizard::buildProgressPage()
{
    auto* page = new QWidget(this);
    auto* layout = new QVBoxLayout(page);
    m_progressBar = new QProgressBar(page);
    m_progressBar->setRange(0, 1000);
    m_progressCounts = wrapped(QString(), page);
    m_progressCounts->setFont(numberFont());
    m_progressRate = wrapped(QString(), page);
    m_progressState = wrapped(QString(), page);
    m_progressState->setObjectName(QStringLiteral("progressState"));
    m_pause = new QPushButton(tr("Pause"), page);
    m_pause->setObjectName(QStringLiteral("replayPause"));
    m_cancel = new QPushButton(tr("Cancel"), page);
    m_cancel->setObjectName(QStringLiteral("replayCancel"));
    connect(m_pause, &QPushButton::clicked, this, [this] {
        if (m_controller->phase() == ReplayController::Phase::Resumable)
            startResume();
        else if (m_controller->isPaused())
            m_controller->resume();
        else
            m_controller->pause();
    });
    connect(m_cancel, &QPushButton::clicked, m_controller, &ReplayController::cancel);
    auto* buttons = new QHBoxLayout;
    buttons->addWidget(m_pause);
    buttons->addWidget(m_cancel);
    buttons->addStretch(1);
    layout->addWidget(m_progressState);
    layout->addWidget(m_progressBar);
    layout->addWidget(m_progressCounts);
    layout->addWidget(m_progressRate);
    layout->addLayout(buttons);
    layout->addWidget(hint(tr("Progress is saved in a journal as records are acknowledged. If the app stops, the "
                              "replay is offered for resuming the next time; Cancel stops it the same way."),
        page));
    layout->addStretch(1);
    return page;
}

QWidget* ReplayWizard::buildReportPage()
{
    auto* page = new QWidget(this);
    m_reportVerdict = wrapped(QString(), page);
    m_reportVerdict->setObjectName(QStringLiteral("reportVerdict"));
    m_reportCounts = wrapped(QString(), page);
    m_reportVerification = wrapped(QString(), page);
    m_reportPath = wrapped(QString(), page);
    m_reportPath->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_resume = new QPushButton(tr("Resume the replay"), page);
    m_resume->setObjectName(QStringLiteral("replayResume"));
    connect(m_resume, &QPushButton::clicked, this, &ReplayWizard::startResume);
    m_reportSkippedModel = new ReplayOutcomeModel(this);
    m_reportFailedModel = new ReplayOutcomeModel(this);
    auto* tabs = new QTabWidget(page);
    tabs->addTab(resultTable(m_reportSkippedModel, { 9, 10, 50 }, tabs), tr("Skipped"));
    tabs->addTab(resultTable(m_reportFailedModel, { 9, 10, 50 }, tabs), tr("Failed"));
    auto* layout = new QVBoxLayout(page);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_reportVerdict);
    layout->addWidget(m_reportCounts);
    layout->addWidget(m_reportVerification);
    auto* row = new QHBoxLayout;
    row->addWidget(m_resume);
    row->addStretch(1);
    layout->addLayout(row);
    layout->addWidget(tabs, 1);
    layout->addWidget(m_reportPath);
    return page;
}

// ---- Plan ↔ form ----

void ReplayWizard::loadPlanIntoForm()
{
    m_isLoading = true;
    const replay::ReplayPlan& plan = m_controller->plan();
    const bool original = plan.targetMode == replay::TargetMode::OriginalTopic;
    m_originalTopic->setChecked(original);
    m_chosenTopic->setChecked(!original);
    m_targetCluster->setCurrentIndex(std::max(0, m_targetCluster->findData(qs(plan.effectiveTargetCluster()))));
    fillTopics();
    m_targetTopic->setCurrentText(qs(plan.targetTopic));
    m_targetCluster->setEnabled(!original);
    m_targetTopic->setEnabled(!original);
    m_partitioning->setCurrentIndex(std::max(0, m_partitioning->findData(static_cast<int>(plan.partitioning))));
    m_targetHint->setText(m_isDeadLetterSelection
            ? QString()
            : tr("These records were picked in the message browser: choose the topic they go to."));
    m_dropHeaders->setChecked(plan.dropDeadLetterHeaders);
    m_nowTimestamp->setChecked(plan.timestamp == replay::TimestampPolicy::Now);
    m_keepTimestamp->setChecked(plan.timestamp == replay::TimestampPolicy::Keep);
    m_idempotent->setChecked(plan.mode == replay::ExecutionMode::Idempotent);
    m_exactlyOnce->setChecked(plan.mode == replay::ExecutionMode::ExactlyOnce);
    m_recordsPerSecond->setValue(plan.recordsPerSecond);
    m_bytesPerSecond->setValue(plan.bytesPerSecond);
    m_maxReplayCount->setValue(plan.maxReplayCount);
    m_onLimit->setCurrentIndex(plan.onLimit == replay::LimitAction::Skip ? 0 : 1);
    if (!plan.offsets.empty()) {
        m_editPartition->setValue(plan.offsets.begin()->first);
        if (!plan.offsets.begin()->second.empty())
            m_editOffset->setText(QString::number(plan.offsets.begin()->second.front().first));
    }
    showEdits();
    m_isLoading = false;
}

void ReplayWizard::readFormIntoPlan()
{
    replay::ReplayPlan& plan = m_controller->plan();
    plan.targetMode = m_originalTopic->isChecked() ? replay::TargetMode::OriginalTopic : replay::TargetMode::Topic;
    plan.targetTopic = plan.targetMode == replay::TargetMode::Topic
        ? m_targetTopic->currentText().trimmed().toStdString()
        : std::string();
    const std::string cluster = m_targetCluster->currentData().toString().toStdString();
    plan.targetCluster
        = plan.targetMode == replay::TargetMode::Topic && cluster != plan.sourceCluster ? cluster : std::string();
    plan.partitioning = static_cast<replay::Partitioning>(m_partitioning->currentData().toInt());
    plan.dropDeadLetterHeaders = m_dropHeaders->isChecked();
    plan.provenance = true;
    plan.timestamp = m_keepTimestamp->isChecked() ? replay::TimestampPolicy::Keep : replay::TimestampPolicy::Now;
    plan.mode = m_exactlyOnce->isChecked() ? replay::ExecutionMode::ExactlyOnce : replay::ExecutionMode::Idempotent;
    plan.recordsPerSecond = m_recordsPerSecond->value();
    plan.bytesPerSecond = m_bytesPerSecond->value();
    plan.maxReplayCount = m_maxReplayCount->value();
    plan.onLimit = static_cast<replay::LimitAction>(m_onLimit->currentData().toInt());
    m_controller->planEdited();
    updateButtons();
}

void ReplayWizard::fillTopics()
{
    const QString keep = m_targetTopic->currentText();
    const bool wasLoading = m_isLoading;
    m_isLoading = true;
    m_targetTopic->clear();
    if (m_topics)
        m_targetTopic->addItems(m_topics(m_targetCluster->currentData().toString()));
    m_targetTopic->setCurrentText(keep);
    m_isLoading = wasLoading;
}

void ReplayWizard::addEdit()
{
    bool ok = false;
    const qlonglong offset = m_editOffset->text().trimmed().toLongLong(&ok);
    if (!ok || offset < 0) {
        m_editError->setText(tr("The offset must be a whole number."));
        return;
    }
    if (!m_editKeyCheck->isChecked() && !m_editValueCheck->isChecked() && !m_editHeadersCheck->isChecked()) {
        m_editError->setText(tr("Tick what to replace: key, value or headers."));
        return;
    }
    replay::RecordEdit edit;
    edit.partition = m_editPartition->value();
    edit.offset = offset;
    edit.replaceKey = m_editKeyCheck->isChecked();
    if (edit.replaceKey)
        edit.key = m_editKey->text().toStdString();
    edit.replaceValue = m_editValueCheck->isChecked();
    if (edit.replaceValue)
        edit.value = m_editValue->toPlainText().toStdString();
    edit.replaceHeaders = m_editHeadersCheck->isChecked();
    if (edit.replaceHeaders) {
        for (const QString& line : m_editHeaders->toPlainText().split(QLatin1Char('\n'), Qt::SkipEmptyParts)) {
            const qsizetype eq = line.indexOf(QLatin1Char('='));
            if (eq < 0)
                edit.headers.emplace_back(line.trimmed().toStdString(), std::nullopt);
            else
                edit.headers.emplace_back(line.left(eq).trimmed().toStdString(), line.mid(eq + 1).toStdString());
        }
    }
    auto& edits = m_controller->plan().edits;
    std::erase_if(
        edits, [&](const replay::RecordEdit& e) { return e.partition == edit.partition && e.offset == edit.offset; });
    edits.push_back(std::move(edit));
    m_editError->clear();
    m_controller->planEdited();
    showEdits();
    updateButtons();
}

void ReplayWizard::showEdits()
{
    m_edits->clear();
    for (const replay::RecordEdit& e : m_controller->plan().edits) {
        QStringList what;
        if (e.replaceKey)
            what << tr("key");
        if (e.replaceValue)
            what << tr("value");
        if (e.replaceHeaders)
            what << tr("%n header(s)", nullptr, static_cast<int>(e.headers.size()));
        m_edits->addItem(tr("Partition %1, offset %2: replace %3")
                             .arg(e.partition)
                             .arg(e.offset)
                             .arg(what.join(QStringLiteral(", "))));
    }
}

// ---- Navigation ----

void ReplayWizard::goToStep(Step step)
{
    m_step = step;
    m_pages->setCurrentIndex(step);
    m_steps->setCurrentRow(step);
    if (step == PreviewStep)
        showPreview();
    else if (step == ConfirmStep)
        showConfirm();
    else if (step == ProgressStep)
        showProgress();
    else if (step == ReportStep)
        showReport();
    updateButtons();
}

void ReplayWizard::next()
{
    switch (m_step) {
    case TargetStep:
    case TransformsStep:
        goToStep(static_cast<Step>(m_step + 1));
        break;
    case OptionsStep:
        runDryRun();
        break;
    case PreviewStep:
        if (m_controller->phase() == ReplayController::Phase::Previewed)
            goToStep(ConfirmStep);
        else if (m_controller->phase() == ReplayController::Phase::Editing)
            runDryRun();
        break;
    default:
        break;
    }
}

void ReplayWizard::back()
{
    if (m_step > TargetStep && m_step <= ConfirmStep && !m_controller->isRunning())
        goToStep(static_cast<Step>(m_step - 1));
}

void ReplayWizard::runDryRun()
{
    readFormIntoPlan();
    m_banner->clear();
    goToStep(PreviewStep);
    if (!m_controller->startDryRun()) {
        m_banner->showMessage(Health::Error, m_controller->lastError());
        showPreview();
    }
}

bool ReplayWizard::confirmAndRun()
{
    const ReplayController::ConfirmCheck check = m_controller->confirmCheck();
    if (check.isRefused) {
        m_confirmRefusal->setText(check.refusal);
        m_banner->showMessage(Health::Error, check.refusal);
        return false;
    }
    const replay::DryRunReport* preview = m_controller->preview() ? &*m_controller->preview() : nullptr;
    TypedConfirmation::Request request;
    request.title = tr("Run replay");
    request.clusterName = check.clusterName;
    request.production = check.isProduction;
    const std::uint64_t toSend = preview ? preview->toSend : 0;
    request.actionLabel = tr("Replay %1 records").arg(count(toSend));
    request.summary = m_confirmSummary->text();
    if (!m_confirmer(request, this))
        return false;
    if (!m_controller->startExecution()) {
        m_banner->showMessage(Health::Error, m_controller->lastError());
        return false;
    }
    m_banner->clear();
    return true;
}

void ReplayWizard::startResume()
{
    const ReplayController::ConfirmCheck check = m_controller->confirmCheck();
    if (check.isRefused) {
        m_banner->showMessage(Health::Error, check.refusal);
        return;
    }
    if (check.isProduction) {
        TypedConfirmation::Request request;
        request.title = tr("Resume replay");
        request.clusterName = check.clusterName;
        request.production = true;
        request.actionLabel = tr("Resume the replay");
        request.summary
            = tr("Resume replay %1 to %2: the records not yet sent go out with the reviewed plan (hash %3).")
                  .arg(qs(m_controller->reviewedPlan()->id), check.clusterName, m_controller->reviewedHash().left(12));
        if (!m_confirmer(request, this))
            return;
    }
    m_banner->clear();
    if (!m_controller->startExecution())
        m_banner->showMessage(Health::Error, m_controller->lastError());
}

void ReplayWizard::phaseChanged(ReplayController::Phase phase)
{
    switch (phase) {
    case ReplayController::Phase::DryRunning:
    case ReplayController::Phase::Previewed:
        goToStep(PreviewStep);
        break;
    case ReplayController::Phase::Executing:
    case ReplayController::Phase::Resumable:
        goToStep(ProgressStep);
        break;
    case ReplayController::Phase::Finished:
        goToStep(ReportStep);
        if (m_closeWhenStopped)
            close();
        break;
    case ReplayController::Phase::Editing:
        if (m_step == PreviewStep)
            showPreview();
        if (m_closeWhenStopped)
            close();
        break;
    }
    updateTitle();
    updateButtons();
}

void ReplayWizard::updateButtons()
{
    const auto phase = m_controller->phase();
    const bool running = m_controller->isRunning();
    const bool editing = m_step <= ConfirmStep && phase != ReplayController::Phase::Resumable;
    m_back->setVisible(editing);
    m_next->setVisible(editing && m_step <= PreviewStep);
    m_back->setEnabled(!running && m_step > TargetStep);
    const QString problem = m_controller->validationProblem();
    switch (m_step) {
    case OptionsStep:
        m_next->setText(tr("Dry run"));
        m_next->setEnabled(problem.isEmpty());
        m_next->setToolTip(problem);
        break;
    case PreviewStep:
        m_next->setText(phase == ReplayController::Phase::Previewed ? tr("Next") : tr("Dry run"));
        m_next->setEnabled(!running && (phase == ReplayController::Phase::Previewed || problem.isEmpty()));
        break;
    default:
        m_next->setText(tr("Next"));
        m_next->setEnabled(true);
        m_next->setToolTip(QString());
        break;
    }
    m_pause->setEnabled(phase == ReplayController::Phase::Executing);
    m_pause->setText(m_controller->isPaused() ? tr("Resume") : tr("Pause"));
    m_cancel->setEnabled(running);
    m_resume->setVisible(m_controller->canResume());
}

void ReplayWizard::updateTitle()
{
    const replay::ReplayPlan& plan = m_controller->plan();
    const std::uint64_t n = selectedOffsets(plan);
    const QString records = plan.selection == replay::SelectionKind::Offsets ? tr("%1 records").arg(count(n))
                                                                             : tr("the records matching a filter");
    m_title->setText(tr("Replay %1 from %2").arg(records, qs(plan.sourceTopic)));
    setWindowTitle(tr("Replay from %1 \u2014 Sluice").arg(qs(plan.sourceTopic)));
    QString sub = tr("Source cluster %1").arg(qs(plan.sourceCluster));
    if (const replay::ReplayPlan* reviewed = m_controller->reviewedPlan())
        sub += tr(" \u00b7 replay %1").arg(qs(reviewed->id));
    m_subtitle->setText(sub);
}

// ---- Results ----

void ReplayWizard::showPreview()
{
    const auto phase = m_controller->phase();
    const auto& preview = m_controller->preview();
    if (phase == ReplayController::Phase::DryRunning) {
        m_previewState->setText(tr("Dry run: reading the selection\u2026 nothing is written anywhere."));
    } else if (!preview) {
        m_previewState->setText(
            tr("No preview yet: run the dry run (it reads the selection once and writes nothing)."));
    } else {
        m_previewState->setText(tr("Dry run finished: nothing was written. Executing runs exactly this plan."));
    }
    if (!preview || phase == ReplayController::Phase::DryRunning) {
        m_previewSummary->clear();
        m_previewWarnings->clear();
        m_skippedSummary->setText(tr("Skipped"));
        m_planHash->clear();
        m_targetModel->setTargets({});
        m_skippedModel->setOutcomes({});
        m_sampleModel->setSample({});
        return;
    }
    std::uint64_t skipped = 0;
    QStringList reasons;
    for (const auto& [reason, n] : preview->skippedByReason) {
        skipped += n;
        reasons << QStringLiteral("%1 %2").arg(count(n), qs(reason));
    }
    m_previewSummary->setText(
        tr("<b>%1 selected</b>: %2 to send (%3), %4 skipped, to %n target topic(s).", nullptr,
            static_cast<int>(preview->perTarget.size()))
            .arg(count(preview->selected), count(preview->toSend), bytesText(preview->bytes), count(skipped)));
    QStringList warnings;
    for (const std::string& w : preview->warnings)
        warnings << QStringLiteral("\u26a0 ") + qs(w);
    m_previewWarnings->setText(warnings.join(QLatin1Char('\n')));
    m_previewWarnings->setVisible(!warnings.isEmpty());
    m_skippedSummary->setText(
        skipped == 0 ? tr("Skipped: none") : tr("Skipped: %1").arg(reasons.join(QStringLiteral(", "))));
    m_planHash->setText(tr("Plan hash %1 \u00b7 replay id %2").arg(qs(preview->planHash), qs(preview->plan.id)));
    m_targetModel->setTargets(preview->perTarget);
    m_skippedModel->setOutcomes(preview->skipped);
    m_sampleModel->setSample(preview->sample);
}

void ReplayWizard::showConfirm()
{
    const auto& preview = m_controller->preview();
    const ReplayController::ConfirmCheck check = m_controller->confirmCheck();
    if (preview) {
        const replay::ReplayPlan& plan = preview->plan;
        QStringList topics;
        for (const auto& [topic, partitions] : preview->perTarget)
            topics << qs(topic);
        m_confirmSummary->setText(
            tr("Send %1 records (%2) from %3 on %4 to %5 on cluster %6, %7, %8. %9 records are skipped. The plan hash "
               "%10 is what runs.")
                .arg(count(preview->toSend), bytesText(preview->bytes), qs(plan.sourceTopic), qs(plan.sourceCluster),
                    topics.isEmpty() ? tr("no topic") : topics.join(QStringLiteral(", ")), check.clusterName,
                    plan.mode == replay::ExecutionMode::ExactlyOnce ? tr("exactly-once") : tr("idempotent"),
                    plan.recordsPerSecond > 0 ? tr("at most %1 records/s").arg(plan.recordsPerSecond)
                                              : tr("no rate limit"),
                    count(preview->selected - preview->toSend), qs(preview->planHash).left(12)));
        m_run->setText(tr("Replay %1 records\u2026").arg(count(preview->toSend)));
    } else {
        m_confirmSummary->setText(tr("Run the dry run first."));
        m_run->setText(tr("Replay\u2026"));
    }
    m_confirmRefusal->setText(check.isRefused ? check.refusal
            : check.isProduction
            ? tr("%1 is a production cluster: you will be asked to type its name.").arg(check.clusterName)
            : QString());
    m_run->setEnabled(!check.isRefused && preview && preview->toSend > 0);
}

void ReplayWizard::showProgress()
{
    const replay::ReplayProgress& p = m_controller->progress();
    const auto phase = m_controller->phase();
    const std::uint64_t done = p.delivered + p.skipped + p.failed;
    if (p.toSend > 0) {
        m_progressBar->setRange(0, 1000);
        m_progressBar->setValue(static_cast<int>(std::min<std::uint64_t>(1000, done * 1000 / p.toSend)));
    } else {
        m_progressBar->setRange(0, phase == ReplayController::Phase::Executing ? 0 : 1000); // busy while unknown
    }
    m_progressCounts->setText(
        tr("sent %1 \u00b7 delivered %2 \u00b7 skipped %3 \u00b7 failed %4 \u00b7 %5")
            .arg(count(p.sent), count(p.delivered), count(p.skipped), count(p.failed), bytesText(p.bytes)));
    m_progressRate->setText(tr("%1 records/s \u00b7 about %2 left")
                                .arg(count(static_cast<std::uint64_t>(p.recordsPerSecond)), etaText(p.etaSeconds)));
    QString state;
    if (phase == ReplayController::Phase::Resumable)
        state = tr("This replay did not finish. Resume sends what is left with the reviewed plan (hash %1).")
                    .arg(m_controller->reviewedHash().left(12));
    else if (m_controller->isPaused())
        state = tr("Paused");
    else
        state = p.state.empty() ? tr("Starting\u2026") : qs(p.state);
    m_progressState->setText(state);
    updateButtons();
    if (phase == ReplayController::Phase::Resumable) {
        m_pause->setText(tr("Resume the replay"));
        m_pause->setEnabled(true);
    }
}

void ReplayWizard::showReport()
{
    const auto& report = m_controller->report();
    if (!report) {
        m_reportVerdict->setText(tr("No report yet."));
        return;
    }
    const replay::ReplayReport& r = *report;
    const bool accounted = r.accountsForEveryRecord();
    const replay::Verification& v = r.verification;
    const bool clean
        = r.completed && accounted && r.lost == 0 && v.missing == 0 && v.corrupted == 0 && v.reordered == 0;
    QString verdict = r.completed ? (clean ? tr("<b>Replay finished: every one of the %1 selected records is accounted "
                                                "for.</b>")
                                                 .arg(count(r.selected))
                                           : tr("<b>Replay finished, with problems: see below.</b>"))
                                  : tr("<b>Replay stopped before the end</b> (%1). %2 records are not yet sent: "
                                       "resume to send them.")
                                        .arg(qs(r.stopReason), count(r.notYetSent));
    m_reportVerdict->setText(verdict);
    m_reportVerdict->setStyleSheet(clean ? QStringLiteral("color: #1b6e20") : QStringLiteral("color: #8a5a00"));
    QString counts = tr("selected %1 = delivered %2 + skipped %3 + failed %4")
                         .arg(count(r.selected), count(r.delivered), count(r.skipped), count(r.failed));
    if (r.notYetSent > 0)
        counts += tr(" + not yet sent %1").arg(count(r.notYetSent));
    if (r.lost > 0)
        counts += tr(" + lost %1").arg(count(r.lost));
    counts += accounted ? tr("  \u2714") : tr("  \u2718 does not add up");
    const QString duplicates = r.runs <= 1 ? tr("one run, no resumes")
        : r.mode == replay::ExecutionMode::ExactlyOnce || r.possibleDuplicates == 0
        ? tr("%1 runs, resumes could duplicate nothing").arg(r.runs)
        : tr("%1 runs, resumes may have duplicated at most %2").arg(r.runs).arg(count(r.possibleDuplicates));
    counts
        += tr("<br>%1 mode \u00b7 %2")
               .arg(r.mode == replay::ExecutionMode::ExactlyOnce ? tr("exactly-once") : tr("idempotent"), duplicates);
    m_reportCounts->setText(counts);
    m_reportVerification->setText(v.performed
            ? tr("Verification (target read back): found %1 of %2 \u00b7 lost %3 \u00b7 corrupted %4 \u00b7 duplicates "
                 "%5 \u00b7 reordered %6")
                  .arg(count(v.found), count(v.expected), count(v.missing), count(v.corrupted), count(v.duplicates),
                      count(v.reordered))
            : tr("Verification not performed: %1").arg(qs(v.notPerformedReason)));
    m_reportPath->setText(tr("Report file: %1").arg(m_controller->reportPath()));
    m_reportSkippedModel->setOutcomes(r.skippedRecords);
    std::vector<replay::RecordOutcome> failed = r.failedRecords;
    failed.insert(failed.end(), v.problems.begin(), v.problems.end());
    m_reportFailedModel->setOutcomes(std::move(failed));
    updateButtons();
}

void ReplayWizard::closeEvent(QCloseEvent* event)
{
    if (m_controller->isRunning()) {
        // Stop first: the engine checkpoints its journal, so the replay can be resumed.
        m_closeWhenStopped = true;
        m_controller->cancel();
        m_banner->showMessage(Health::Warning, tr("Stopping the replay; the window closes when it has stopped."));
        event->ignore();
        return;
    }
    event->accept();
}

} // namespace sluice::ui
