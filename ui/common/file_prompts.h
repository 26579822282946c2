// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QString>

class QWidget;

namespace sluice::ui {

// The file questions the UI asks. Widgets take this interface so UI tests can pre-set the
// answers instead of driving a native dialog. An empty answer means the user cancelled.
class FilePrompts {
public:
    virtual ~FilePrompts() = default;
    virtual QString openFile(QWidget* parent, const QString& title, const QString& directory, const QString& filter)
        = 0;
    virtual QString saveFile(QWidget* parent, const QString& title, const QString& suggestedPath, const QString& filter)
        = 0;
};

// The real thing: QFileDialog (a modal decision, which is what a file choice is).
class DialogFilePrompts final : public FilePrompts {
public:
    QString openFile(QWidget* parent, const QString& title, const QString& directory, const QString& filter) override;
    QString saveFile(
        QWidget* parent, const QString& title, const QString& suggestedPath, const QString& filter) override;
};

// File filter for workspace files.
QString workspaceFileFilter();

} // namespace sluice::ui
