// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "common/view_spec.h"
#include "config/workspace.h"
#include "history/history_service.h"
#include "kafka/cluster_session.h"
#include "support/result.h"

#include <QMainWindow>
#include <QPointer>
#include <filesystem>
#include <memory>
#include <optional>
#include <vector>

class QLabel;
class QSystemTrayIcon;
class QSplitter;
class QStackedWidget;
class QTimer;

namespace sluice::ui {

class AppSettings;
class ClusterNavigator;
class ClusterView;
class ClusterViews;
class DialogFilePrompts;
class FilePrompts;
class InlineBanner;
class ReplayLauncher;
class StartPage;

// The shell. Hosts the start page and, per cluster of the open workspace, the feature views
// (ClusterViews); routes navigation (sidebar, links, showView specs); shows the current
// cluster's connection problems in an inline banner with Retry, and its last refresh in the
// status bar. Owns one ClusterSession per cluster while a workspace is open. GUI thread only.
class MainWindow : public QMainWindow {
    Q_OBJECT
public:
    MainWindow(std::shared_ptr<kafka::SecretResolver> secrets, AppSettings& settings, QWidget* parent = nullptr);
    ~MainWindow() override;

    // Loads and opens a workspace file. On failure the start page shows the error inline
    // (naming file:line:column) and the error is returned; on success the file is recorded
    // in the recent workspaces.
    Status openWorkspaceFile(const QString& path);
    // Opens a workspace: one ClusterSession per cluster, refreshed at
    // workspace.refreshIntervalFor(cluster), started at once. Closes the previous workspace.
    void openWorkspace(config::Workspace workspace);
    // Same with sessions made by the caller (tests), adopted as they are and not started.
    void openWorkspace(config::Workspace workspace, std::vector<std::unique_ptr<kafka::ClusterSession>> sessions);
    // Stops and destroys the sessions and their views; shows the start page.
    void closeWorkspace();

    void showStartPage();
    // Shows a view by spec (see ViewSpec): start, overview, topics, topic/<name>, groups,
    // group/<id>, optionally prefixed "<cluster>:". False for an unknown view or cluster.
    bool showView(const QString& spec);

    QString currentViewSpec() const;
    const config::Workspace* workspace() const { return m_workspace ? &*m_workspace : nullptr; }
    kafka::ClusterSession* session(const QString& cluster) const;
    // The session a spec's view depends on; null for "start" and unknown specs.
    kafka::ClusterSession* sessionForView(const QString& spec) const;
    ClusterViews* clusterViews(const QString& cluster) const;
    QWidget* currentView() const;

    StartPage* startPage() const { return m_startPage; }
    ClusterNavigator* navigator() const { return m_navigator; }
    InlineBanner* banner() const { return m_banner; }
    // Replay wizards and the banner offering unfinished replays.
    ReplayLauncher* replays() const { return m_replays; }
    QString refreshStatusText() const;
    QString costStatusText() const;
    void setFilePrompts(FilePrompts& prompts);
    // Whether openWorkspace(workspace) and openWorkspaceFile() start the sessions they create
    // (default true). Tests turn it off to open workspace files without touching the network.
    void setStartsSessions(bool start) { m_startsSessions = start; }
    // Lag history (charts, "since when"). Sessions that the window starts itself write to it;
    // it opens on first use at historyPath() (default: history.sqlite in the user's data folder).
    void setHistoryPath(std::filesystem::path path) { m_historyPath = std::move(path); }
    std::filesystem::path historyPath() const;
    // Uses `history` (owned by the caller, e.g. a test) instead of opening one.
    void setHistory(history::HistoryService* history) { m_externalHistory = history; }
    history::HistoryService* history() const;
    QString lagStatusText() const;
    // Desktop notification for a lag alert (system tray); logged when no tray is available.
    void notify(const QString& title, const QString& text, bool isProblem);
    // The lag sampling options a session of `cluster` gets from the workspace: refresh.lag
    // and the lagRules budgets.
    static kafka::LagSamplingOptions lagOptionsFor(const config::Workspace& workspace);

public slots:
    void refreshCurrentCluster();

signals:
    void currentViewChanged(const QString& spec);

protected:
    void closeEvent(QCloseEvent* event) override;

private:
    struct ClusterEntry {
        std::unique_ptr<kafka::ClusterSession> session;
        std::unique_ptr<ClusterViews> views;
    };

    void buildMenus();
    void adoptSessions(config::Workspace workspace, std::vector<std::unique_ptr<kafka::ClusterSession>> sessions);
    void watchSession(kafka::ClusterSession* session);
    void releaseClusters();
    const ClusterEntry* entryFor(const QString& cluster) const;
    std::optional<ViewSpec> resolve(const QString& spec) const; // fills in the default cluster
    kafka::ClusterSession* currentSession() const;
    void setCurrent(const ViewSpec& spec, QWidget* widget);
    void updateBanner();
    void updateStatus();
    void updateTitle();
    history::HistoryService* ensureHistory();

    std::shared_ptr<kafka::SecretResolver> m_secrets;
    AppSettings& m_settings;
    std::unique_ptr<DialogFilePrompts> m_dialogPrompts;
    FilePrompts* m_prompts = nullptr;
    bool m_startsSessions = true;

    std::optional<config::Workspace> m_workspace;
    std::vector<ClusterEntry> m_clusters;
    ViewSpec m_current;

    QSplitter* m_splitter = nullptr;
    ClusterNavigator* m_navigator = nullptr;
    InlineBanner* m_banner = nullptr;
    QStackedWidget* m_stack = nullptr;
    StartPage* m_startPage = nullptr;
    QLabel* m_clusterStatus = nullptr;
    QLabel* m_refreshStatus = nullptr;
    QLabel* m_costStatus = nullptr;
    QLabel* m_lagStatus = nullptr;
    QSystemTrayIcon* m_tray = nullptr;
    ReplayLauncher* m_replays = nullptr;
    std::filesystem::path m_historyPath;
    std::unique_ptr<history::HistoryService> m_history;
    QPointer<history::HistoryService> m_externalHistory;
    QTimer* m_ageTimer = nullptr;
};

} // namespace sluice::ui
