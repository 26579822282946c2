// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QDialog>

class QLabel;
class QLineEdit;
class QPushButton;

namespace sluice::ui {

// Confirmation for an action that writes to a cluster. For clusters marked `production`
// in the workspace the operator must type the cluster name exactly before the action
// button is enabled; for other clusters the dialog is a plain confirm. The summary says
// what will happen in one or two sentences (counts, targets), never "Are you sure?".
class TypedConfirmation : public QDialog {
    Q_OBJECT
public:
    struct Request {
        QString title; // window title, e.g. "Run replay"
        QString summary; // what will be written, where
        QString actionLabel; // the accept button's text, e.g. "Replay 1 204 records"
        QString clusterName; // shown, and what must be typed when production is set
        bool production = false;
    };

    explicit TypedConfirmation(const Request& request, QWidget* parent = nullptr);

    // True when the accept button is enabled: always for non-production clusters,
    // otherwise only once the typed text equals the cluster name (case-sensitive,
    // surrounding whitespace ignored).
    bool canAccept() const;

    QLineEdit* nameField() const { return m_name; }
    QPushButton* acceptButton() const { return m_accept; }

    // Convenience: shows the dialog modally and returns whether the operator accepted.
    static bool confirm(const Request& request, QWidget* parent);

private:
    void updateAcceptState();

    Request m_request;
    QLineEdit* m_name = nullptr;
    QLabel* m_hint = nullptr;
    QPushButton* m_accept = nullptr;
};

} // namespace sluice::ui
