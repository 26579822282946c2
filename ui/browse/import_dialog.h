// SPDX-License-Identifier: Apache-2.0
#pragma once

// "Import JSON Lines…": puts a file written by Export (or any file in that format) back
// into a topic, byte-exact. Choosing a file validates it at once on a worker thread (whole
// file read, nothing written): records, bytes, partitions in the file, null values, and the
// first problems with their line numbers plus what to do about them. Import is offered only
// for a file without problems, on a cluster that is not read-only, into a topic that
// exists; production clusters need their name typed. The import itself runs the core
// importer (importing::JsonlImporter: idempotent producer through the write gate, audit
// entries before and after) on a worker thread with a progress bar and Cancel; the report
// accounts for every record (produced, failed with the reason, not sent).

#include "common/typed_confirmation.h"
#include "config/workspace.h"
#include "importing/jsonl_import.h"
#include "kafka/secret_resolver.h"

#include <QDialog>
#include <functional>
#include <memory>
#include <optional>

class QComboBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QProgressBar;
class QPushButton;

namespace sluice::ui {

class FilePrompts;
class InlineBanner;

struct ImportDialogContext {
    config::ClusterConfig cluster;
    std::shared_ptr<kafka::SecretResolver> secrets;
    QString auditPath; // empty: the data folder's audit log
    QString topic; // preselected target
    QStringList topics; // the cluster's topics, for the target picker
};

class ImportDialog : public QDialog {
    Q_OBJECT
public:
    using Confirmer = std::function<bool(const TypedConfirmation::Request&)>;

    explicit ImportDialog(ImportDialogContext context, FilePrompts* prompts, QWidget* parent = nullptr);
    ~ImportDialog() override;

    // Inputs, as the operator would set them (tests and --screenshot use these too).
    void setFile(const QString& path); // validates at once
    void setTarget(const QString& topic);
    void setPartitionMode(importing::PartitionMode mode);
    void setTimestampMode(importing::TimestampMode mode);
    void setConfirmer(Confirmer confirmer) { m_confirmer = std::move(confirmer); }

    // Starts the import when it is allowed (see importBlockedReason()); false otherwise.
    bool startImport();
    void cancel();

    bool isBusy() const { return m_validating || m_importing; }
    const std::optional<importing::ImportValidation>& validation() const { return m_validation; }
    const std::optional<importing::ImportReport>& report() const { return m_report; }
    // Empty when Import may run; otherwise why not, as shown above the buttons.
    QString importBlockedReason() const;
    QString summaryText() const;
    QString problemsText() const;
    QString bannerText() const;
    QPushButton* importButton() const { return m_importButton; }

signals:
    void validated(); // a validation finished (or failed to read the file)
    void importFinished(bool completed);

private:
    void chooseFile();
    void showValidation(Result<importing::ImportValidation> result, int generation);
    void showProgress(const importing::ImportProgress& progress);
    void showReport(Result<importing::ImportReport> result);
    void updateControls();

    ImportDialogContext m_context;
    FilePrompts* m_prompts = nullptr;
    Confirmer m_confirmer;

    QLineEdit* m_file = nullptr;
    QComboBox* m_target = nullptr;
    QComboBox* m_partitionMode = nullptr;
    QComboBox* m_timestampMode = nullptr;
    QLabel* m_summary = nullptr;
    QPlainTextEdit* m_problems = nullptr;
    QProgressBar* m_progress = nullptr;
    QLabel* m_blocked = nullptr;
    InlineBanner* m_banner = nullptr;
    QPushButton* m_chooseButton = nullptr;
    QPushButton* m_importButton = nullptr;
    QPushButton* m_cancelButton = nullptr;

    std::optional<importing::ImportValidation> m_validation;
    QString m_validationError;
    std::optional<importing::ImportReport> m_report;
    std::shared_ptr<importing::JsonlImporter> m_importer;
    bool m_validating = false;
    bool m_importing = false;
    int m_generation = 0; // the latest validation; older answers are dropped
};

} // namespace sluice::ui
