// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "replay/replay_catalog.h"

#include <QFrame>
#include <vector>

class QLabel;
class QVBoxLayout;

namespace sluice::ui {

// An inline notice at the top of the main window for replays that did not finish (the app
// was closed or killed mid-way): what each one was, how much is left, and Resume /
// Discard. Never modal; hidden while there is nothing to offer.
class ReplayResumeBanner : public QFrame {
    Q_OBJECT
public:
    static constexpr int kMaxShown = 3;

    explicit ReplayResumeBanner(QWidget* parent = nullptr);

    void showReplays(const std::vector<replay::StoredReplay>& replays);
    void showError(const QString& message);
    int shownCount() const { return m_shown; }
    // The sentence shown for one replay (tests, screenshots).
    static QString describe(const replay::StoredReplay& replay);

signals:
    void resumeRequested(int index);
    void discardRequested(int index);

private:
    QVBoxLayout* m_rows = nullptr;
    QLabel* m_error = nullptr;
    int m_shown = 0;
};

} // namespace sluice::ui
