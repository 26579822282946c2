// SPDX-License-Identifier: Apache-2.0
#include "main_window.h"

#include "cluster/cluster_views.h"
#include "common/cluster_view.h"
#include "common/connection_style.h"
#include "common/file_prompts.h"
#include "common/format.h"
#include "common/inline_banner.h"
#include "config/workspace_io.h"
#include "dlq/configured_conventions.h"
#include "history/evaluator_seed.h"
#include "navigation/cluster_navigator.h"
#include "replay/replay_launcher.h"
#include "replay/replay_resume_banner.h"
#include "settings/app_settings.h"
#include "start/add_cluster_form.h"
#include "start/start_page.h"
#include "support/logging.h"

#include <QAction>
#include <QApplication>
#include <QCloseEvent>
#include <QFileInfo>
#include <QLabel>
#include <QMenuBar>
#include <QMessageBox>
#include <QSplitter>
#include <QStackedWidget>
#include <QStatusBar>
#include <QSystemTrayIcon>
#include <QTimer>
#include <QVBoxLayout>

// Resources compiled into sluice_ui (resources/sluice.qrc); a static library needs the call.
static void initSluiceResources()
{
    Q_INIT_RESOURCE(sluice);
}

namespace sluice::ui {

namespace {

// How far back the stored refreshes go (docs/lag-rules.md, "After a restart").
constexpr std::chrono::minutes kSeedLookback { 30 };

// Reads the refreshes stored before a restart for a cluster's fresh lag sampler, on its first
// refresh, on the cluster worker's thread (its own read connection): verdict windows, lag
// seconds and rates then survive a restart.
std::function<std::vector<lag::LagObservation>(const std::vector<std::string>&, lag::TimePoint)> storedRefreshesOf(
    std::filesystem::path path, std::string cluster)
{
    return [path = std::move(path), cluster = std::move(cluster)](
               const std::vector<std::string>& groups, lag::TimePoint now) -> std::vector<lag::LagObservation> {
        if (!std::filesystem::exists(path))
            return {}; // first run: nothing stored yet
        auto store = history::HistoryStore::open(path);
        if (!store) {
            logging::lag()->warn("lag state not seeded from history: {}", store.error().message);
            return {};
        }
        auto stored = history::storedRefreshes(*store.value(), cluster, groups, now, kSeedLookback);
        if (!stored) {
            logging::lag()->warn("lag state not seeded from history: {}", stored.error().message);
            return {};
        }
        logging::lag()->info("lag state seeded from history: cluster={} groups={} refreshes={}", cluster,
            stored.value().report.groups, stored.value().report.observations);
        return std::move(stored.value().refreshes);
    };
}

} // namespace

MainWindow::MainWindow(std::shared_ptr<kafka::SecretResolver> secrets, AppSettings& settings, QWidget* parent)
    : QMainWindow(parent)
    , m_secrets(std::move(secrets))
    , m_settings(settings)
    , m_dialogPrompts(std::make_unique<DialogFilePrompts>())
    , m_prompts(m_dialogPrompts.get())
{
    initSluiceResources();
    setWindowIcon(QIcon(QStringLiteral(":/icons/sluice.svg")));

    m_navigator = new ClusterNavigator(this);
    connect(m_navigator, &ClusterNavigator::viewRequested, this, &MainWindow::showView);

    m_banner = new InlineBanner(this);
    m_banner->setObjectName(QStringLiteral("viewBanner"));
    connect(m_banner, &InlineBanner::retryRequested, this, &MainWindow::refreshCurrentCluster);

    m_stack = new QStackedWidget(this);
    m_startPage = new StartPage(m_secrets, m_settings, *m_prompts, m_stack);
    m_stack->addWidget(m_startPage);
    connect(
        m_startPage, &StartPage::openRequested, this, [this](const QString& path) { (void)openWorkspaceFile(path); });
    connect(m_startPage->addClusterForm(), &AddClusterForm::workspaceSaved, this,
        [this](const QString& path) { (void)openWorkspaceFile(path); });

    auto* content = new QWidget(this);
    auto* contentLayout = new QVBoxLayout(content);
    contentLayout->setContentsMargins(6, 6, 6, 0);
    contentLayout->setSpacing(4);
    contentLayout->addWidget(m_banner);
    m_replays = new ReplayLauncher(m_secrets, this);
    m_replays->setTopicLister([this](const QString& cluster) {
        QStringList topics;
        kafka::ClusterSession* s = session(cluster);
        if (const kafka::SnapshotPtr snapshot = s ? s->snapshot() : nullptr) {
            for (const domain::TopicInfo& topic : snapshot->topics) {
                if (!topic.isInternal)
                    topics << QString::fromStdString(topic.name);
            }
        }
        return topics;
    });
    contentLayout->addWidget(m_replays->banner());
    contentLayout->addWidget(m_stack, 1);

    m_splitter = new QSplitter(this);
    m_splitter->addWidget(m_navigator);
    m_splitter->addWidget(content);
    m_splitter->setStretchFactor(1, 1);
    m_splitter->setSizes({ 250, 1030 });
    m_splitter->setChildrenCollapsible(false);
    setCentralWidget(m_splitter);

    m_clusterStatus = new QLabel(this);
    m_refreshStatus = new QLabel(this);
    m_refreshStatus->setObjectName(QStringLiteral("refreshStatus"));
    m_costStatus = new QLabel(this);
    m_costStatus->setObjectName(QStringLiteral("costStatus"));
    statusBar()->addWidget(m_clusterStatus, 1);
    statusBar()->addPermanentWidget(m_refreshStatus);
    statusBar()->addPermanentWidget(m_costStatus);
    m_lagStatus = new QLabel(this);
    m_lagStatus->setObjectName(QStringLiteral("lagStatus"));
    statusBar()->addPermanentWidget(m_lagStatus);
    m_ageTimer = new QTimer(this);
    m_ageTimer->setInterval(1000);
    connect(m_ageTimer, &QTimer::timeout, this, &MainWindow::updateStatus);

    buildMenus();
    resize(1280, 800);
    if (!m_settings.windowGeometry().isEmpty())
        restoreGeometry(m_settings.windowGeometry());
    if (!m_settings.sidebarSplitterState().isEmpty())
        m_splitter->restoreState(m_settings.sidebarSplitterState());
    showStartPage();
}

// The sessions are destroyed (and their workers joined) before the widgets.
MainWindow::~MainWindow()
{
    releaseClusters();
}

void MainWindow::buildMenus()
{
    QMenu* file = menuBar()->addMenu(tr("&File"));
    file->addAction(tr("&Open workspace\u2026"), QKeySequence::Open, m_startPage, &StartPage::chooseWorkspaceFile);
    QMenu* recent = file->addMenu(tr("Open &recent"));
    connect(recent, &QMenu::aboutToShow, this, [this, recent] {
        recent->clear();
        for (const QString& path : m_settings.recentWorkspaces())
            recent->addAction(path, this, [this, path] { (void)openWorkspaceFile(path); });
        recent->setEnabled(!recent->isEmpty());
    });
    file->addAction(tr("&Start page"), this, &MainWindow::showStartPage);
    file->addAction(tr("&Close workspace"), this, &MainWindow::closeWorkspace);
    file->addSeparator();
    file->addAction(tr("&Quit"), QKeySequence::Quit, this, &QWidget::close);

    QMenu* view = menuBar()->addMenu(tr("&View"));
    view->addAction(tr("&Refresh now"), QKeySequence::Refresh, this, &MainWindow::refreshCurrentCluster);
    view->addSeparator();
    const auto goTo = [this](ViewSpec::Kind kind) {
        return [this, kind] { showView(ViewSpec { kind, m_current.cluster, {} }.toString()); };
    };
    view->addAction(tr("&Overview"), QKeySequence(Qt::CTRL | Qt::Key_1), this, goTo(ViewSpec::Kind::Overview));
    view->addAction(tr("&Topics"), QKeySequence(Qt::CTRL | Qt::Key_2), this, goTo(ViewSpec::Kind::Topics));
    view->addAction(tr("Consumer &groups"), QKeySequence(Qt::CTRL | Qt::Key_3), this, goTo(ViewSpec::Kind::Groups));

    QMenu* help = menuBar()->addMenu(tr("&Help"));
    help->addAction(tr("&About Sluice"), this, [this] {
        QMessageBox::about(this, tr("About Sluice"),
            tr("<b>Sluice %1</b><br>A desktop console for Kafka pipelines.").arg(QApplication::applicationVersion()));
    });
}

Status MainWindow::openWorkspaceFile(const QString& path)
{
    Result<config::Workspace> loaded = config::loadWorkspace(path.toStdString());
    if (!loaded) {
        const Error& error = loaded.error();
        logging::ui()->warn("workspace open failed path={} detail={}", path.toStdString(), error.message);
        showStartPage();
        m_startPage->showWorkspaceError(tr("Couldn't open the workspace. %1").arg(qs(error.message)), qs(error.detail));
        return error;
    }
    m_settings.addRecentWorkspace(path);
    m_settings.setLastDirectory(QFileInfo(path).absolutePath());
    m_startPage->clearWorkspaceError();
    m_startPage->refreshRecentWorkspaces();
    openWorkspace(std::move(loaded).value());
    return Ok {};
}

void MainWindow::openWorkspace(config::Workspace workspace)
{
    std::vector<std::unique_ptr<kafka::ClusterSession>> sessions;
    const kafka::LagSamplingOptions lagOptions = lagOptionsFor(workspace);
    for (const config::ClusterConfig& cluster : workspace.clusters) {
        sessions.push_back(
            std::make_unique<kafka::ClusterSession>(cluster, workspace.refreshIntervalFor(cluster), m_secrets));
        kafka::LagSamplingOptions clusterLag = lagOptions;
        if (m_startsSessions)
            clusterLag.sampler.storedRefreshes = storedRefreshesOf(historyPath(), cluster.name);
        sessions.back()->setLagSampling(clusterLag);
    }
    if (m_startsSessions && !workspace.clusters.empty())
        ensureHistory();
    std::vector<kafka::ClusterSession*> toStart;
    for (const auto& session : sessions)
        toStart.push_back(session.get());
    adoptSessions(std::move(workspace), std::move(sessions));
    if (!m_startsSessions)
        return;
    for (kafka::ClusterSession* session : toStart)
        session->start();
}

void MainWindow::openWorkspace(
    config::Workspace workspace, std::vector<std::unique_ptr<kafka::ClusterSession>> sessions)
{
    adoptSessions(std::move(workspace), std::move(sessions));
}

void MainWindow::adoptSessions(
    config::Workspace workspace, std::vector<std::unique_ptr<kafka::ClusterSession>> sessions)
{
    closeWorkspace();
    logging::ui()->info("workspace opened name={} clusters={}", workspace.name, sessions.size());
    m_workspace = std::move(workspace);
    QStringList names;
    QStringList production;
    for (auto& session : sessions) {
        names << session->name();
        if (session->config().production)
            production << session->name();
        ClusterEntry entry;
        entry.views = std::make_unique<ClusterViews>(session.get(), m_settings, m_stack, history(),
            dlq::customConventions(m_workspace->deadLetterConventions));
        entry.views->setAlertGroups(m_workspace->alerts.groups);
        if (history::HistoryService* store = history())
            store->watch(session.get());
        connect(entry.views.get(), &ClusterViews::viewRequested, this, &MainWindow::showView);
        connect(entry.views.get(), &ClusterViews::problemChanged, this, &MainWindow::updateBanner);
        connect(entry.views.get(), &ClusterViews::notificationWanted, this, &MainWindow::notify);
        connect(entry.views.get(), &ClusterViews::replayRequested, m_replays, &ReplayLauncher::openForSelection);
        entry.session = std::move(session);
        m_clusters.push_back(std::move(entry));
    }
    m_navigator->setClusters(names, production);
    m_replays->setWorkspace(*m_workspace);
    for (const ClusterEntry& entry : m_clusters)
        watchSession(entry.session.get());
    if (names.isEmpty()) {
        m_startPage->showWorkspaceError(
            tr("The workspace lists no clusters. Add one below, or open another workspace."), {});
        showStartPage();
        return;
    }
    showView(ViewSpec { ViewSpec::Kind::Overview, names.front(), {} }.toString());
}

void MainWindow::watchSession(kafka::ClusterSession* session)
{
    const QString name = session->name();
    m_navigator->setConnectionState(name, session->state(), session->lastError());
    if (const kafka::SnapshotPtr snapshot = session->snapshot())
        m_navigator->setCounts(
            name, static_cast<int>(snapshot->topics.size()), static_cast<int>(snapshot->groups.size()));
    connect(session, &kafka::ClusterSession::connectionStateChanged, this,
        [this, name](domain::ConnectionState state, const QString& lastError) {
            m_navigator->setConnectionState(name, state, lastError);
            if (name == m_current.cluster) {
                updateBanner();
                updateStatus();
            }
        });
    connect(session, &kafka::ClusterSession::lagSnapshotUpdated, this, [this, name] {
        if (name == m_current.cluster)
            updateStatus();
    });
    connect(session, &kafka::ClusterSession::lagSampleFailed, this, [this, name] {
        if (name == m_current.cluster)
            updateStatus();
    });
    connect(session, &kafka::ClusterSession::snapshotUpdated, this, [this, name](const kafka::SnapshotPtr& snapshot) {
        if (snapshot)
            m_navigator->setCounts(
                name, static_cast<int>(snapshot->topics.size()), static_cast<int>(snapshot->groups.size()));
        if (name == m_current.cluster) {
            updateBanner();
            updateStatus();
        }
    });
}

void MainWindow::closeWorkspace()
{
    if (m_clusters.empty() && !m_workspace)
        return;
    logging::ui()->info("workspace closed");
    releaseClusters();
    m_workspace.reset();
    m_replays->setWorkspace(std::nullopt);
    m_navigator->setClusters({});
    showStartPage();
}

void MainWindow::releaseClusters()
{
    // Views stop listening first, then each session stops and joins its worker.
    for (ClusterEntry& entry : m_clusters)
        entry.views.reset();
    for (ClusterEntry& entry : m_clusters) {
        entry.session->disconnect(this);
        entry.session->stop();
    }
    m_clusters.clear();
    m_current = ViewSpec {};
}

void MainWindow::showStartPage()
{
    showView(QStringLiteral("start"));
}

std::optional<ViewSpec> MainWindow::resolve(const QString& text) const
{
    std::optional<ViewSpec> spec = parseViewSpec(text);
    if (!spec || !spec->needsCluster())
        return spec;
    if (spec->cluster.isEmpty()) {
        if (m_clusters.empty())
            return std::nullopt;
        spec->cluster = m_clusters.front().session->name();
    }
    if (!entryFor(spec->cluster))
        return std::nullopt;
    return spec;
}

bool MainWindow::showView(const QString& text)
{
    const std::optional<ViewSpec> spec = resolve(text);
    if (!spec) {
        logging::ui()->debug("unknown view spec={}", text.toStdString());
        return false;
    }
    if (!spec->needsCluster()) {
        m_startPage->refreshRecentWorkspaces();
        setCurrent(*spec, m_startPage);
        return true;
    }
    ClusterView* view = entryFor(spec->cluster)->views->activate(*spec);
    if (!view) {
        logging::ui()->debug("no view for spec={}", text.toStdString());
        return false;
    }
    setCurrent(*spec, view);
    return true;
}

void MainWindow::setCurrent(const ViewSpec& spec, QWidget* widget)
{
    m_current = spec;
    m_stack->setCurrentWidget(widget);
    m_navigator->selectSpec(spec.toString());
    if (spec.needsCluster())
        m_ageTimer->start();
    else
        m_ageTimer->stop();
    updateBanner();
    updateStatus();
    updateTitle();
    emit currentViewChanged(spec.toString());
}

QString MainWindow::currentViewSpec() const
{
    return m_current.toString();
}

const MainWindow::ClusterEntry* MainWindow::entryFor(const QString& cluster) const
{
    for (const ClusterEntry& entry : m_clusters) {
        if (entry.session->name() == cluster)
            return &entry;
    }
    return nullptr;
}

kafka::ClusterSession* MainWindow::session(const QString& cluster) const
{
    const ClusterEntry* entry = entryFor(cluster);
    return entry ? entry->session.get() : nullptr;
}

kafka::ClusterSession* MainWindow::sessionForView(const QString& spec) const
{
    const std::optional<ViewSpec> resolved = resolve(spec);
    return resolved && resolved->needsCluster() ? session(resolved->cluster) : nullptr;
}

ClusterViews* MainWindow::clusterViews(const QString& cluster) const
{
    const ClusterEntry* entry = entryFor(cluster);
    return entry ? entry->views.get() : nullptr;
}

QWidget* MainWindow::currentView() const
{
    return m_stack->currentWidget();
}

kafka::ClusterSession* MainWindow::currentSession() const
{
    return m_current.needsCluster() ? session(m_current.cluster) : nullptr;
}

void MainWindow::refreshCurrentCluster()
{
    if (kafka::ClusterSession* s = currentSession()) {
        logging::ui()->info("manual refresh cluster={}", s->name().toStdString());
        s->refresh();
    }
}

void MainWindow::setFilePrompts(FilePrompts& prompts)
{
    m_prompts = &prompts;
    m_startPage->setFilePrompts(prompts);
}

void MainWindow::updateBanner()
{
    kafka::ClusterSession* s = currentSession();
    if (!s) {
        m_banner->clear();
        return;
    }
    const QString name = s->name();
    const kafka::SnapshotPtr snapshot = s->snapshot();
    if (s->state() == domain::ConnectionState::Unreachable) {
        QStringList servers;
        for (const std::string& server : s->config().bootstrapServers)
            servers << qs(server);
        QString message
            = tr("Can't reach cluster %1. Check that %2 can be reached from this machine (VPN, firewall, DNS) "
                 "and that the security settings match the brokers; Sluice keeps retrying.")
                  .arg(name, servers.join(QStringLiteral(", ")));
        if (snapshot)
            message += QLatin1Char(' ') + tr("Showing data from %1.").arg(formatTimeOfDay(snapshot->fetchedAt));
        m_banner->showMessage(Health::Error, message, s->lastError(), true);
        return;
    }
    const auto* view = qobject_cast<ClusterView*>(m_stack->currentWidget());
    if (view && !view->problem().isEmpty()) {
        m_banner->showMessage(Health::Warning, view->problem().message, view->problem().detail, true);
        return;
    }
    const bool hasWarnings = snapshot && !snapshot->warnings.empty();
    if (s->state() == domain::ConnectionState::Degraded || hasWarnings) {
        QStringList details;
        if (!s->lastError().isEmpty())
            details << s->lastError();
        if (snapshot) {
            for (const std::string& warning : snapshot->warnings)
                details << qs(warning);
        }
        const QString first = details.isEmpty() ? tr("no reason given") : details.front();
        m_banner->showMessage(Health::Warning,
            tr("Cluster %1 answered only in part at the last refresh (%2). What you see may be "
               "incomplete; Retry, or check broker health and the principal's permissions.")
                .arg(name, first),
            details.join(QLatin1Char('\n')), true);
        return;
    }
    m_banner->clear();
}

void MainWindow::updateStatus()
{
    kafka::ClusterSession* s = currentSession();
    if (!s) {
        m_clusterStatus->setText(m_workspace ? tr("Workspace %1").arg(qs(m_workspace->name)) : tr("No workspace open"));
        m_refreshStatus->clear();
        m_costStatus->clear();
        m_lagStatus->clear();
        return;
    }
    if (const kafka::LagSnapshotPtr lag = s->lagSnapshot(); !s->lagError().isEmpty()) {
        m_lagStatus->setText(tr("lag: sample failed"));
        m_lagStatus->setToolTip(s->lagError());
    } else if (lag) {
        const int requests = lag->cost.requests;
        const auto groups = static_cast<qint64>(lag->groups.size());
        m_lagStatus->setText(tr("lag %1 took %2 \u00b7 %3")
                                 .arg(groups == 1 ? tr("1 group") : tr("%1 groups").arg(formatCount(groups)),
                                     formatDuration(lag->cost.duration),
                                     requests == 1 ? tr("1 request") : tr("%1 requests").arg(requests)));
        m_lagStatus->setToolTip(tr("Last lag sample at %1").arg(formatTimeOfDay(lag->sampledAt)));
    } else {
        m_lagStatus->clear();
    }
    m_clusterStatus->setText(tr("%1 \u00b7 %2").arg(s->name(), connectionText(s->state())));
    const kafka::SnapshotPtr snapshot = s->snapshot();
    if (!snapshot) {
        m_refreshStatus->setText(tr("No answer yet"));
        m_costStatus->clear();
        return;
    }
    m_refreshStatus->setText(tr("Last refresh %1 (%2)")
                                 .arg(formatTimeOfDay(snapshot->fetchedAt),
                                     formatAge(snapshot->fetchedAt, std::chrono::system_clock::now())));
    const int requests = snapshot->cost.requests;
    m_costStatus->setText(tr("took %1 \u00b7 %2")
                              .arg(formatDuration(snapshot->cost.duration),
                                  requests == 1 ? tr("1 request") : tr("%1 requests").arg(requests)));
}

QString MainWindow::refreshStatusText() const
{
    return m_refreshStatus->text();
}
QString MainWindow::costStatusText() const
{
    return m_costStatus->text();
}
QString MainWindow::lagStatusText() const
{
    return m_lagStatus->text();
}

void MainWindow::notify(const QString& title, const QString& text, bool isProblem)
{
    logging::ui()->info("lag alert: {} ({})", title.toStdString(), text.toStdString());
    if (!QSystemTrayIcon::isSystemTrayAvailable())
        return;
    if (!m_tray) {
        m_tray = new QSystemTrayIcon(windowIcon(), this);
        m_tray->setToolTip(QStringLiteral("Sluice"));
        connect(m_tray, &QSystemTrayIcon::messageClicked, this, [this] {
            showNormal();
            raise();
            activateWindow();
            if (!m_current.cluster.isEmpty())
                showView(ViewSpec { ViewSpec::Kind::Alerts, m_current.cluster, {} }.toString());
        });
        m_tray->show();
    }
    m_tray->showMessage(title, text, isProblem ? QSystemTrayIcon::Warning : QSystemTrayIcon::Information, 10000);
}

std::filesystem::path MainWindow::historyPath() const
{
    return m_historyPath.empty() ? history::HistoryService::defaultPath() : m_historyPath;
}

history::HistoryService* MainWindow::history() const
{
    if (m_externalHistory)
        return m_externalHistory.data();
    return m_history.get();
}

history::HistoryService* MainWindow::ensureHistory()
{
    if (history::HistoryService* existing = history())
        return existing;
    m_history = std::make_unique<history::HistoryService>(historyPath());
    connect(m_history.get(), &history::HistoryService::failed, this,
        [](const QString& error) { logging::ui()->warn("lag history: {}", error.toStdString()); });
    return m_history.get();
}

kafka::LagSamplingOptions MainWindow::lagOptionsFor(const config::Workspace& workspace)
{
    kafka::LagSamplingOptions options;
    options.interval = workspace.refresh.lag;
    if (!workspace.lagRules.empty()) {
        options.sampler.evaluator.thresholdsFor = [rules = workspace.lagRules](std::string_view group) {
            lag::LagThresholds thresholds;
            for (const config::LagRule& rule : rules) {
                if (!config::globMatches(rule.group, group))
                    continue;
                thresholds.maxLagRecords = rule.maxLagRecords;
                thresholds.maxLagSeconds = rule.maxLagSeconds;
                break;
            }
            return thresholds;
        };
    }
    return options;
}

void MainWindow::updateTitle()
{
    QString title = QStringLiteral("Sluice");
    if (m_workspace)
        title = qs(m_workspace->name.empty() ? std::string("workspace") : m_workspace->name)
            + QStringLiteral(" \u2014 ") + title;
    if (m_current.needsCluster())
        title = m_current.cluster + QStringLiteral(" \u2014 ") + title;
    setWindowTitle(title);
}

void MainWindow::closeEvent(QCloseEvent* event)
{
    m_settings.setWindowGeometry(saveGeometry());
    m_settings.setSidebarSplitterState(m_splitter->saveState());
    m_settings.sync();
    QMainWindow::closeEvent(event);
}

} // namespace sluice::ui
