// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "common/state_palette.h"

#include <QFrame>

class QLabel;
class QPlainTextEdit;
class QPushButton;
class QToolButton;

namespace sluice::ui {

// A calm, inline notice at the top of a view or form: one sentence saying what failed,
// where and what to try, a collapsed "Details" section for codes and raw broker text, and
// an optional Retry action. Replaces modal error dialogs for anything that happens in the
// background. Hidden while there is nothing to say.
class InlineBanner : public QFrame {
    Q_OBJECT
public:
    explicit InlineBanner(QWidget* parent = nullptr);

    // Shows the banner. `detail` may be empty (no Details toggle); retry shows the button.
    void showMessage(Health health, const QString& message, const QString& detail = {}, bool canRetry = false);
    void clear();

    QString message() const;
    QString detail() const;
    Health health() const { return m_health; }
    bool isRetryVisible() const;

signals:
    void retryRequested();

private:
    void setDetailsExpanded(bool expanded);

    Health m_health = Health::Neutral;
    QLabel* m_icon = nullptr;
    QLabel* m_message = nullptr;
    QToolButton* m_detailsToggle = nullptr;
    QPushButton* m_retry = nullptr;
    QPlainTextEdit* m_details = nullptr;
};

} // namespace sluice::ui
