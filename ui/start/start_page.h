// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "kafka/secret_resolver.h"

#include <QWidget>
#include <memory>

class QListWidget;
class QPushButton;

namespace sluice::ui {

class AddClusterForm;
class AppSettings;
class FilePrompts;
class InlineBanner;

// What the window shows without a workspace: recent workspaces (one click opens), "Open
// workspace file…", the error of the last failed open (inline, naming file:line:column) and
// the add-cluster form. It asks the window to open files; it never opens them itself.
class StartPage : public QWidget {
    Q_OBJECT
public:
    StartPage(std::shared_ptr<kafka::SecretResolver> secrets, AppSettings& settings, FilePrompts& prompts,
        QWidget* parent = nullptr);

    void showWorkspaceError(const QString& message, const QString& detail);
    void clearWorkspaceError();
    void refreshRecentWorkspaces();

    AddClusterForm* addClusterForm() const { return m_form; }
    InlineBanner* workspaceError() const { return m_error; }
    QListWidget* recentList() const { return m_recent; }
    void setFilePrompts(FilePrompts& prompts);

public slots:
    void chooseWorkspaceFile();

signals:
    void openRequested(const QString& path);

private:
    AppSettings& m_settings;
    FilePrompts* m_prompts = nullptr;
    QListWidget* m_recent = nullptr;
    QPushButton* m_open = nullptr;
    InlineBanner* m_error = nullptr;
    AddClusterForm* m_form = nullptr;
};

} // namespace sluice::ui
