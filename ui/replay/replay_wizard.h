// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "common/typed_confirmation.h"
#include "replay/replay_controller.h"

#include <QWidget>
#include <functional>

class QButtonGroup;
class QCheckBox;
class QComboBox;
class QDoubleSpinBox;
class QLabel;
class QLineEdit;
class QListWidget;
class QPlainTextEdit;
class QProgressBar;
class QPushButton;
class QRadioButton;
class QSpinBox;
class QStackedWidget;
class QTableView;

namespace sluice::ui {

class InlineBanner;
class ReplayOutcomeModel;
class ReplaySampleModel;
class ReplayTargetModel;

// The replay wizard: a window of its own (several may be open, none blocks the main
// window) that walks through Target → Transforms → Options → Dry-run preview → Confirm →
// Progress → Report for one ReplayController. Dry run and execution run on the
// controller's worker thread; this window only shows snapshots. Closing it while a replay
// runs cancels the replay (the journal keeps what is left for a resume) and closes once
// the engine has stopped.
class ReplayWizard : public QWidget {
    Q_OBJECT
public:
    enum Step { TargetStep, TransformsStep, OptionsStep, PreviewStep, ConfirmStep, ProgressStep, ReportStep };

    // Topics of a cluster of the workspace, for the target choice (may be empty: type one).
    using TopicLister = std::function<QStringList(const QString& cluster)>;
    // Asks the operator to confirm an execution; tests pre-set the answer.
    using Confirmer = std::function<bool(const TypedConfirmation::Request&, QWidget* parent)>;

    // Takes ownership of `controller`. `isDeadLetterSelection`: the records carry
    // dead-letter headers (the original topic is the default target); otherwise a target
    // topic must be chosen.
    ReplayWizard(
        ReplayController* controller, bool isDeadLetterSelection, TopicLister topics, QWidget* parent = nullptr);
    ~ReplayWizard() override;

    ReplayController* controller() const { return m_controller; }
    Step step() const { return m_step; }
    void setConfirmer(Confirmer confirmer) { m_confirmer = std::move(confirmer); }

    // Navigation, as the buttons do it.
    void goToStep(Step step);
    void next();
    void back();
    // Dry run of the plan as edited (goes to the preview).
    void runDryRun();
    // The confirm step's action: refuses with a message for read-only targets, asks for the
    // typed confirmation on production clusters, then executes. False when not started.
    bool confirmAndRun();
    // Starts a stored replay again (Resumable controller): goes straight to Progress.
    void startResume();

    // For tests and the screenshot job.
    QRadioButton* originalTopicChoice() const { return m_originalTopic; }
    QRadioButton* chosenTopicChoice() const { return m_chosenTopic; }
    QComboBox* targetClusterChoice() const { return m_targetCluster; }
    QComboBox* targetTopicChoice() const { return m_targetTopic; }
    QComboBox* partitioningChoice() const { return m_partitioning; }
    QCheckBox* dropHeadersCheck() const { return m_dropHeaders; }
    QRadioButton* keepTimestampChoice() const { return m_keepTimestamp; }
    QRadioButton* exactlyOnceChoice() const { return m_exactlyOnce; }
    QDoubleSpinBox* recordsPerSecondField() const { return m_recordsPerSecond; }
    QDoubleSpinBox* bytesPerSecondField() const { return m_bytesPerSecond; }
    QSpinBox* maxReplayCountField() const { return m_maxReplayCount; }
    QComboBox* onLimitChoice() const { return m_onLimit; }
    QPushButton* nextButton() const { return m_next; }
    QPushButton* runButton() const { return m_run; }
    QPushButton* pauseButton() const { return m_pause; }
    QPushButton* cancelButton() const { return m_cancel; }
    QLabel* confirmRefusalLabel() const { return m_confirmRefusal; }
    QLabel* previewSummaryLabel() const { return m_previewSummary; }
    QLabel* planHashLabel() const { return m_planHash; }
    QLabel* progressStateLabel() const { return m_progressState; }
    QLabel* reportVerdictLabel() const { return m_reportVerdict; }
    QLabel* reportPathLabel() const { return m_reportPath; }
    ReplayTargetModel* targetModel() const { return m_targetModel; }
    ReplayOutcomeModel* skippedModel() const { return m_skippedModel; }
    ReplaySampleModel* sampleModel() const { return m_sampleModel; }
    ReplayOutcomeModel* reportSkippedModel() const { return m_reportSkippedModel; }
    ReplayOutcomeModel* reportFailedModel() const { return m_reportFailedModel; }
    InlineBanner* banner() const { return m_banner; }

protected:
    void closeEvent(QCloseEvent* event) override;

private:
    QWidget* buildTargetPage();
    QWidget* buildTransformsPage();
    QWidget* buildOptionsPage();
    QWidget* buildPreviewPage();
    QWidget* buildConfirmPage();
    QWidget* buildProgressPage();
    QWidget* buildReportPage();
    void loadPlanIntoForm();
    void readFormIntoPlan(); // then controller->planEdited()
    void fillTopics();
    void addEdit();
    void showEdits();
    void phaseChanged(ReplayController::Phase phase);
    void showPreview();
    void showConfirm();
    void showProgress();
    void showReport();
    void updateButtons();
    void updateTitle();

    ReplayController* m_controller;
    bool m_isDeadLetterSelection;
    TopicLister m_topics;
    Confirmer m_confirmer;
    Step m_step = TargetStep;
    bool m_isLoading = false;
    bool m_closeWhenStopped = false;

    QLabel* m_title = nullptr;
    QLabel* m_subtitle = nullptr;
    QListWidget* m_steps = nullptr;
    QStackedWidget* m_pages = nullptr;
    InlineBanner* m_banner = nullptr;
    QPushButton* m_back = nullptr;
    QPushButton* m_next = nullptr;
    QPushButton* m_close = nullptr;

    // Target
    QRadioButton* m_originalTopic = nullptr;
    QRadioButton* m_chosenTopic = nullptr;
    QComboBox* m_targetCluster = nullptr;
    QComboBox* m_targetTopic = nullptr;
    QComboBox* m_partitioning = nullptr;
    QLabel* m_targetHint = nullptr;
    // Transforms
    QCheckBox* m_dropHeaders = nullptr;
    QRadioButton* m_nowTimestamp = nullptr;
    QRadioButton* m_keepTimestamp = nullptr;
    QSpinBox* m_editPartition = nullptr;
    QLineEdit* m_editOffset = nullptr;
    QCheckBox* m_editKeyCheck = nullptr;
    QLineEdit* m_editKey = nullptr;
    QCheckBox* m_editValueCheck = nullptr;
    QPlainTextEdit* m_editValue = nullptr;
    QCheckBox* m_editHeadersCheck = nullptr;
    QPlainTextEdit* m_editHeaders = nullptr;
    QListWidget* m_edits = nullptr;
    QLabel* m_editError = nullptr;
    // Options
    QRadioButton* m_idempotent = nullptr;
    QRadioButton* m_exactlyOnce = nullptr;
    QDoubleSpinBox* m_recordsPerSecond = nullptr;
    QDoubleSpinBox* m_bytesPerSecond = nullptr;
    QSpinBox* m_maxReplayCount = nullptr;
    QComboBox* m_onLimit = nullptr;
    // Preview
    QLabel* m_previewState = nullptr;
    QLabel* m_previewSummary = nullptr;
    QLabel* m_previewWarnings = nullptr;
    QLabel* m_skippedSummary = nullptr;
    QLabel* m_planHash = nullptr;
    ReplayTargetModel* m_targetModel = nullptr;
    ReplayOutcomeModel* m_skippedModel = nullptr;
    ReplaySampleModel* m_sampleModel = nullptr;
    // Confirm
    QLabel* m_confirmSummary = nullptr;
    QLabel* m_confirmRefusal = nullptr;
    QPushButton* m_run = nullptr;
    // Progress
    QProgressBar* m_progressBar = nullptr;
    QLabel* m_progressCounts = nullptr;
    QLabel* m_progressRate = nullptr;
    QLabel* m_progressState = nullptr;
    QPushButton* m_pause = nullptr;
    QPushButton* m_cancel = nullptr;
    // Report
    QLabel* m_reportVerdict = nullptr;
    QLabel* m_reportCounts = nullptr;
    QLabel* m_reportVerification = nullptr;
    QLabel* m_reportPath = nullptr;
    QPushButton* m_resume = nullptr;
    ReplayOutcomeModel* m_reportSkippedModel = nullptr;
    ReplayOutcomeModel* m_reportFailedModel = nullptr;
};

} // namespace sluice::ui
