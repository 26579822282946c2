// SPDX-License-Identifier: Apache-2.0
#include "browse/import_dialog.h"

#include "browse/payload_text.h"
#include "common/file_prompts.h"
#include "common/format.h"
#include "common/inline_banner.h"

#include <QComboBox>
#include <QCoreApplication>
#include <QDialogButtonBox>
#include <QFileInfo>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPointer>
#include <QProgressBar>
#include <QPushButton>
#include <QVBoxLayout>
#include <thread>

namespace sluice::ui {

namespace {

// Runs `work` on a thread of its own and hands its result to `deliver` on the GUI thread,
// only while `owner` exists. The thread keeps what it needs alive by value.
template <typename Work, typename Deliver> void runDetached(QObject* owner, Work work, Deliver deliver)
{
    QPointer<QObject> guard(owner);
    std::thread([guard, work = std::move(work), deliver = std::move(deliver)]() mutable {
        auto result = work();
        QMetaObject::invokeMethod(
            QCoreApplication::instance(),
            [guard, deliver = std::move(deliver), result = std::move(result)]() mutable {
                if (guard)
                    deliver(std::move(result));
            },
            Qt::QueuedConnection);
    }).detach();
}

QString partitionsText(const std::map<std::int32_t, std::uint64_t>& perPartition)
{
    QStringList parts;
    for (const auto& [partition, count] : perPartition) {
        if (partition < 0)
            parts << QObject::tr("%1 without a partition").arg(formatCount(static_cast<std::int64_t>(count)));
        else
            parts << QObject::tr("partition %1: %2").arg(partition).arg(formatCount(static_cast<std::int64_t>(count)));
        if (parts.size() == 8 && perPartition.size() > 8) {
            parts << QObject::tr("and %1 more").arg(perPartition.size() - 8);
            break;
        }
    }
    return parts.join(QStringLiteral(", "));
}

} // namespace

ImportDialog::ImportDialog(ImportDialogContext context, FilePrompts* prompts, QWidget* parent)
    : QDialog(parent)
    , m_context(std::move(context))
    , m_prompts(prompts)
{
    setObjectName(QStringLiteral("importDialog"));
    setWindowTitle(tr("Import JSON Lines into %1").arg(qs(m_context.cluster.name)));
    m_confirmer = [this](const TypedConfirmation::Request& request) { return TypedConfirmation::confirm(request, this); };

    m_file = new QLineEdit(this);
    m_file->setObjectName(QStringLiteral("importFile"));
    m_file->setPlaceholderText(tr("A .jsonl file written by Export, or any file in that format"));
    m_chooseButton = new QPushButton(tr("Choose\u2026"), this);
    connect(m_chooseButton, &QPushButton::clicked, this, &ImportDialog::chooseFile);
    connect(m_file, &QLineEdit::editingFinished, this, [this] {
        if (!m_file->text().trimmed().isEmpty() && (!m_validation || m_validation->file != m_file->text().trimmed()))
            setFile(m_file->text().trimmed());
    });
    auto* fileRow = new QHBoxLayout;
    fileRow->addWidget(m_file, 1);
    fileRow->addWidget(m_chooseButton);

    m_target = new QComboBox(this);
    m_target->setObjectName(QStringLiteral("importTarget"));
    m_target->setEditable(true);
    m_target->addItems(m_context.topics);
    m_target->setCurrentText(m_context.topic);
    connect(m_target, &QComboBox::currentTextChanged, this, &ImportDialog::updateControls);

    m_partitionMode = new QComboBox(this);
    m_partitionMode->addItem(tr("By key (the target's partitioner)"));
    m_partitionMode->addItem(tr("As in the file (by key where the target lacks the partition)"));
    m_timestampMode = new QComboBox(this);
    m_timestampMode->addItem(tr("Keep the timestamps in the file"));
    m_timestampMode->addItem(tr("Time of sending"));

    auto* form = new QFormLayout;
    form->addRow(tr("File"), fileRow);
    form->addRow(tr("Into topic"), m_target);
    form->addRow(tr("Partitions"), m_partitionMode);
    form->addRow(tr("Timestamps"), m_timestampMode);

    m_summary = new QLabel(tr("Choose a file: it is checked completely before anything is written."), this);
    m_summary->setObjectName(QStringLiteral("importSummary"));
    m_summary->setWordWrap(true);
    m_summary->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_problems = new QPlainTextEdit(this);
    m_problems->setObjectName(QStringLiteral("importProblems"));
    m_problems->setReadOnly(true);
    m_problems->setPlaceholderText(tr("Problems found in the file are listed here, by line."));
    m_summary->setSizePolicy(QSizePolicy::Preferred, QSizePolicy::Maximum);
    m_progress = new QProgressBar(this);
    m_progress->setVisible(false);
    m_banner = new InlineBanner(this);
    m_blocked = new QLabel(this);
    m_blocked->setObjectName(QStringLiteral("importBlocked"));
    m_blocked->setWordWrap(true);

    m_importButton = new QPushButton(tr("Import"), this);
    m_importButton->setObjectName(QStringLiteral("importButton"));
    m_cancelButton = new QPushButton(tr("Close"), this);
    connect(m_importButton, &QPushButton::clicked, this, [this] { startImport(); });
    connect(m_cancelButton, &QPushButton::clicked, this, [this] {
        if (m_importing || m_validating)
            cancel();
        else
            reject();
    });
    auto* buttons = new QHBoxLayout;
    buttons->addWidget(m_blocked, 1);
    buttons->addWidget(m_importButton);
    buttons->addWidget(m_cancelButton);

    auto* layout = new QVBoxLayout(this);
    layout->addWidget(m_banner);
    layout->addLayout(form);
    layout->addWidget(m_summary);
    layout->addWidget(m_problems);
    layout->addWidget(m_progress);
    layout->addLayout(buttons);
    resize(720, 460);
    updateControls();
}

ImportDialog::~ImportDialog()
{
    if (m_importer)
        m_importer->cancel(); // the thread ends on its own; its report is dropped
}

void ImportDialog::chooseFile()
{
    if (!m_prompts)
        return;
    const QString path = m_prompts->openFile(this, tr("Import JSON Lines"), QFileInfo(m_file->text()).absolutePath(),
        tr("JSON Lines (*.jsonl *.json *.ndjson);;All files (*)"));
    if (!path.isEmpty())
        setFile(path);
}

void ImportDialog::setFile(const QString& path)
{
    m_file->setText(path);
    m_validation.reset();
    m_validationError.clear();
    m_report.reset();
    m_banner->clear();
    m_problems->clear();
    m_validating = true;
    m_summary->setText(tr("Checking %1\u2026").arg(QFileInfo(path).fileName()));
    const int generation = ++m_generation;
    updateControls();
    runDetached(
        this, [path] { return importing::validateJsonlFile(path); },
        [this, generation](Result<importing::ImportValidation> result) { showValidation(std::move(result), generation); });
}

void ImportDialog::showValidation(Result<importing::ImportValidation> result, int generation)
{
    if (generation != m_generation)
        return; // a newer file was chosen meanwhile
    m_validating = false;
    if (!result) {
        m_validationError = qs(result.error().message);
        m_summary->setText(tr("The file could not be read."));
        m_banner->showMessage(Health::Error, m_validationError, qs(result.error().detail));
    } else {
        const importing::ImportValidation& v = *result;
        QString text = tr("%1 record(s) in %2 line(s), %3 of keys, values and headers (file %4)")
                           .arg(formatCount(static_cast<std::int64_t>(v.records)))
                           .arg(formatCount(static_cast<std::int64_t>(v.lines)))
                           .arg(formatBytes(v.bytes), formatBytes(v.fileBytes));
        if (v.nullValues > 0)
            text += tr("; %1 with a null value (kept as null)").arg(formatCount(static_cast<std::int64_t>(v.nullValues)));
        if (!v.perPartition.empty())
            text += tr(". In the file: %1.").arg(partitionsText(v.perPartition));
        m_summary->setText(text);
        QStringList lines;
        for (const importing::LineProblem& problem : v.errors)
            lines << tr("line %1: %2").arg(problem.line).arg(qs(problem.message));
        if (v.errorCount > v.errors.size())
            lines << tr("\u2026 and %1 more").arg(formatCount(static_cast<std::int64_t>(v.errorCount - v.errors.size())));
        m_problems->setPlainText(lines.join(QLatin1Char('\n')));
        if (v.errorCount > 0)
            m_banner->showMessage(Health::Error,
                tr("%1 line(s) of this file are not records: nothing can be imported from it.")
                    .arg(formatCount(static_cast<std::int64_t>(v.errorCount))),
                qs(v.advice));
        else if (v.records == 0)
            m_banner->showMessage(Health::Warning, tr("The file holds no records."));
        m_validation = std::move(*result);
    }
    updateControls();
    emit validated();
}

void ImportDialog::setTarget(const QString& topic)
{
    m_target->setCurrentText(topic);
}

void ImportDialog::setPartitionMode(importing::PartitionMode mode)
{
    m_partitionMode->setCurrentIndex(mode == importing::PartitionMode::ByKey ? 0 : 1);
}

void ImportDialog::setTimestampMode(importing::TimestampMode mode)
{
    m_timestampMode->setCurrentIndex(mode == importing::TimestampMode::Keep ? 0 : 1);
}

QString ImportDialog::importBlockedReason() const
{
    if (m_importing)
        return tr("Importing\u2026");
    if (m_validating)
        return tr("Checking the file\u2026");
    if (m_context.cluster.readOnly)
        return tr("%1 is read-only in this workspace: nothing can be written to it.").arg(qs(m_context.cluster.name));
    if (!m_validation)
        return m_validationError.isEmpty() ? tr("Choose a file first.") : tr("The file could not be read.");
    if (m_validation->errorCount > 0)
        return tr("Fix the lines listed above, then choose the file again.");
    if (m_validation->records == 0)
        return tr("The file holds no records.");
    const QString target = m_target->currentText().trimmed();
    if (target.isEmpty())
        return tr("Name the topic to import into.");
    if (!m_context.topics.isEmpty() && !m_context.topics.contains(target))
        return tr("Topic %1 does not exist on %2: create it first.").arg(target, qs(m_context.cluster.name));
    return {};
}

bool ImportDialog::startImport()
{
    if (!importBlockedReason().isEmpty() || !m_validation)
        return false;
    const QString target = m_target->currentText().trimmed();
    const auto partitionMode
        = m_partitionMode->currentIndex() == 0 ? importing::PartitionMode::ByKey : importing::PartitionMode::FromFile;
    const auto timestampMode
        = m_timestampMode->currentIndex() == 0 ? importing::TimestampMode::Keep : importing::TimestampMode::Now;

    TypedConfirmation::Request request;
    request.title = tr("Import JSON Lines");
    request.summary = tr("Produce %1 record(s) from %2 into topic %3 (%4, %5).")
                          .arg(formatCount(static_cast<std::int64_t>(m_validation->records)))
                          .arg(QFileInfo(m_validation->file).fileName(), target)
                          .arg(m_partitionMode->currentText().section(QLatin1Char(' '), 0, 2).toLower())
                          .arg(m_timestampMode->currentText().toLower());
    request.actionLabel = tr("Import %1 record(s)").arg(formatCount(static_cast<std::int64_t>(m_validation->records)));
    request.clusterName = qs(m_context.cluster.name);
    request.production = m_context.cluster.production;
    if (!m_confirmer(request))
        return false;

    config::Workspace workspace; // the importer looks the cluster up by name
    workspace.clusters.push_back(m_context.cluster);
    importing::ImportOptions options;
    options.cluster = m_context.cluster.name;
    options.topic = target.toStdString();
    options.partitionMode = partitionMode;
    options.timestampMode = timestampMode;
    options.auditPath = m_context.auditPath;
    QPointer<ImportDialog> guard(this);
    options.onProgress = [guard](const importing::ImportProgress& progress) {
        QMetaObject::invokeMethod(
            QCoreApplication::instance(),
            [guard, progress] {
                if (guard)
                    guard->showProgress(progress);
            },
            Qt::QueuedConnection);
    };
    m_importer = std::make_shared<importing::JsonlImporter>(std::move(workspace), m_context.secrets, std::move(options));
    m_importing = true;
    m_report.reset();
    m_banner->clear();
    m_progress->setRange(0, static_cast<int>(std::min<std::uint64_t>(m_validation->records, INT32_MAX)));
    m_progress->setValue(0);
    m_progress->setVisible(true);
    updateControls();
    const QString path = m_validation->file;
    runDetached(
        this, [importer = m_importer, path] { return importer->execute(path); },
        [this](Result<importing::ImportReport> result) { showReport(std::move(result)); });
    return true;
}

void ImportDialog::cancel()
{
    if (m_importer)
        m_importer->cancel();
    if (m_validating) { // the read goes on in the background; its answer is dropped
        ++m_generation;
        m_validating = false;
        m_summary->setText(tr("Check cancelled."));
        updateControls();
    }
}

void ImportDialog::showProgress(const importing::ImportProgress& progress)
{
    if (!m_importing)
        return;
    m_progress->setValue(static_cast<int>(std::min<std::uint64_t>(progress.produced + progress.failed, INT32_MAX)));
    m_progress->setFormat(tr("%1: %2 of %3 acknowledged")
                              .arg(qs(progress.state))
                              .arg(formatCount(static_cast<std::int64_t>(progress.produced)))
                              .arg(formatCount(static_cast<std::int64_t>(progress.total))));
}

void ImportDialog::showReport(Result<importing::ImportReport> result)
{
    m_importing = false;
    m_importer.reset();
    bool completed = false;
    if (!result) {
        m_progress->setVisible(false);
        m_banner->showMessage(Health::Error, qs(result.error().message), qs(result.error().detail));
    } else {
        const importing::ImportReport& r = *result;
        completed = r.completed && r.failed == 0;
        m_progress->setValue(m_progress->maximum());
        const QString counts = tr("%1 produced, %2 failed, %3 not sent")
                                   .arg(formatCount(static_cast<std::int64_t>(r.produced)))
                                   .arg(formatCount(static_cast<std::int64_t>(r.failed)))
                                   .arg(formatCount(static_cast<std::int64_t>(r.notSent)));
        m_progress->setFormat(counts);
        QStringList reasons;
        for (const auto& [reason, count] : r.failedByReason)
            reasons << tr("%1 \u00d7 %2").arg(formatCount(static_cast<std::int64_t>(count))).arg(qs(reason));
        QStringList lines;
        for (const importing::LineProblem& problem : r.failures)
            lines << tr("line %1: %2").arg(problem.line).arg(qs(problem.message));
        m_problems->setPlainText(lines.join(QLatin1Char('\n')));
        if (completed)
            m_banner->showMessage(Health::Ok,
                tr("Imported %1 record(s) into %2 (audit entry %3).")
                    .arg(formatCount(static_cast<std::int64_t>(r.produced)))
                    .arg(qs(r.topic), qs(r.actionId)));
        else
            m_banner->showMessage(r.failed > 0 ? Health::Error : Health::Warning,
                tr("Import of %1 stopped: %2.").arg(qs(r.topic), counts),
                (r.stopReason.empty() ? QString() : qs(r.stopReason) + QLatin1Char('\n')) + reasons.join(QLatin1Char('\n')));
        m_report = std::move(*result);
    }
    updateControls();
    emit importFinished(completed);
}

void ImportDialog::updateControls()
{
    const QString blocked = importBlockedReason();
    m_importButton->setEnabled(blocked.isEmpty());
    m_blocked->setText(blocked);
    m_cancelButton->setText(m_importing || m_validating ? tr("Cancel") : tr("Close"));
    m_file->setEnabled(!m_importing);
    m_chooseButton->setEnabled(!m_importing);
    m_target->setEnabled(!m_importing);
    m_partitionMode->setEnabled(!m_importing);
    m_timestampMode->setEnabled(!m_importing);
}

QString ImportDialog::summaryText() const
{
    return m_summary->text();
}

QString ImportDialog::problemsText() const
{
    return m_problems->toPlainText();
}

QString ImportDialog::bannerText() const
{
    return m_banner->message();
}

} // namespace sluice::ui
