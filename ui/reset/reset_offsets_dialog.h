// SPDX-License-Identifier: Apache-2.0
#pragma once

// "Reset offsets…" for one consumer group: scope (all the group's topics, one topic, or
// chosen partitions), mode (earliest, latest, offset, timestamp, duration ago, shift by N,
// from a file), a preview table per partition and an execution that writes exactly the
// previewed offsets. Never blocks: the core runs on a ResetRunner thread and both preview
// and execution can be cancelled. Execution is refused, with the reason on screen, while
// the group has active members, on read-only clusters and after any input changed since
// the preview; production clusters need their name typed (TypedConfirmation). The core
// re-checks the group before writing and records intent and outcome in the audit log.

#include "common/typed_confirmation.h"
#include "config/workspace.h"
#include "kafka/secret_resolver.h"
#include "reset/offset_reset.h"
#include "support/result.h"

#include <QDialog>
#include <QMap>
#include <QPointer>
#include <functional>
#include <optional>

class QComboBox;
class QDateTimeEdit;
class QLabel;
class QLineEdit;
class QPushButton;
class QStackedWidget;
class QTableView;

namespace sluice::ui {

class InlineBanner;
class ResetPreviewModel;
class ResetRunner;

struct ResetDialogContext {
    config::ClusterConfig cluster;
    std::shared_ptr<kafka::SecretResolver> secrets;
    QString auditPath; // empty: the data folder's audit log
    QString group;
    QStringList topics; // the group's topics, for the topic picker
};

class ResetOffsetsDialog : public QDialog {
    Q_OBJECT
public:
    enum class Scope { AllTopics, OneTopic, Partitions };
    using Confirmer = std::function<bool(const TypedConfirmation::Request&)>;

    explicit ResetOffsetsDialog(ResetDialogContext context, QWidget* parent = nullptr);
    ~ResetOffsetsDialog() override;

    // Inputs, as the operator would set them (tests and --screenshot use these too).
    // `partitions`: "0,2,5-7" (Scope::Partitions only).
    void setScope(Scope scope, const QString& topic = {}, const QString& partitions = {});
    // `value`: the offset, N for a shift, an ISO time ("2026-11-22T10:00:00Z") for a
    // timestamp, a duration ("1h30m") for duration ago, a file path for from-file.
    void setMode(reset::ResetKind kind, const QString& value = {});
    void setTimesInUtc(bool utc);
    // The spec the inputs describe, or what is wrong with them (shown next to Preview).
    Result<reset::ResetSpec> buildSpec() const;

    // Replaces the confirmation prompt (tests answer it in advance).
    void setConfirmer(Confirmer confirmer) { m_confirmer = std::move(confirmer); }

    bool isBusy() const { return m_operation != Operation::None; }
    // A preview that still matches the inputs.
    bool hasCurrentPreview() const { return m_preview.has_value() && m_previewCurrent; }
    const std::optional<reset::ResetPreview>& preview() const { return m_preview; }
    const std::optional<reset::ResetOutcome>& lastOutcome() const { return m_outcome; }
    // Empty when Execute may run; otherwise why not, as shown under the table.
    QString executeBlockedReason() const;
    QString bannerText() const;
    QString summaryText() const;
    ResetPreviewModel* previewModel() const { return m_model; }
    QPushButton* previewButton() const { return m_previewButton; }
    QPushButton* executeButton() const { return m_executeButton; }
    QPushButton* cancelButton() const { return m_cancelButton; }

    // Shows a preview computed elsewhere as if Preview had produced it (tests).
    void adoptPreview(reset::ResetPreview preview);

public slots:
    void startPreview();
    // Refuses with a message when executeBlockedReason() is not empty; otherwise asks for
    // confirmation and runs.
    void execute();
    void cancelOperation();

signals:
    void previewFinished(bool ok);
    void executeFinished(bool ok);

private:
    enum class Operation { None, Preview, Execute };
    void buildUi();
    void inputsChanged();
    void updateState();
    void showPreview(Result<reset::ResetPreview> result);
    void showOutcome(Result<reset::ResetOutcome> result);
    void chooseFile();
    Scope scope() const;
    reset::ResetKind kind() const;

    ResetDialogContext m_context;
    ResetRunner* m_runner = nullptr;
    Confirmer m_confirmer;
    Operation m_operation = Operation::None;
    quint64 m_operationId = 0;
    bool m_cancelRequested = false;
    std::optional<reset::ResetPreview> m_preview;
    bool m_previewCurrent = false;
    std::optional<reset::ResetOutcome> m_outcome;

    QComboBox* m_scope = nullptr;
    QComboBox* m_topic = nullptr;
    QLineEdit* m_partitions = nullptr;
    QComboBox* m_mode = nullptr;
    QStackedWidget* m_valuePages = nullptr;
    QLineEdit* m_offset = nullptr;
    QDateTimeEdit* m_timestamp = nullptr;
    QComboBox* m_zone = nullptr;
    QLineEdit* m_duration = nullptr;
    QLineEdit* m_shift = nullptr;
    QLineEdit* m_file = nullptr;
    QLabel* m_inputProblem = nullptr;
    QPushButton* m_previewButton = nullptr;
    QPushButton* m_cancelButton = nullptr;
    QPushButton* m_executeButton = nullptr;
    QLabel* m_status = nullptr;
    InlineBanner* m_banner = nullptr;
    QLabel* m_summary = nullptr;
    QTableView* m_table = nullptr;
    ResetPreviewModel* m_model = nullptr;
    QLabel* m_blocked = nullptr;
};

// "0,2,5-7" → {0, 2, 5, 6, 7}; nullopt when malformed.
std::optional<std::vector<std::int32_t>> parseResetPartitions(const QString& text);

} // namespace sluice::ui
