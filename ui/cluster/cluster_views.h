// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "common/view_spec.h"
#include "dlq/convention_detector.h"
#include "dlq/selection_model.h"
#include "kafka/cluster_session.h"

#include <QObject>
#include <QPointer>
#include <string>
#include <vector>

class QStackedWidget;

namespace sluice::history {
class HistoryService;
}

namespace sluice::ui {

class AlertsView;
class AuditView;
class AppSettings;
class ClusterOverviewView;
class ClusterView;
class DashboardView;
class GroupPage;
class MessageBrowserView;
class DeadLetterInspector;
class DeadLettersView;
class GroupsView;
class TopicPage;
class TopicsView;

// The feature views of one cluster, fed from its session. Owns no widgets itself: the views
// live in the main window's stack and are removed from it when this object is destroyed
// (closing a workspace). Navigation requests from the views come out as viewRequested().
class ClusterViews : public QObject {
    Q_OBJECT
public:
    // `history` (may be null: no charts) must outlive this object. `deadLetterConventions`: the
    // workspace's own conventions (Kafka Connect and Spring are always known).
    ClusterViews(kafka::ClusterSession* session, AppSettings& settings, QStackedWidget* stack,
        history::HistoryService* history = nullptr, std::vector<dlq::CustomConvention> deadLetterConventions = {},
        QObject* parent = nullptr);
    ~ClusterViews() override;

    // Glob patterns of the groups that alert besides the pinned ones (workspace alerts.groups;
    // default every group).
    void setAlertGroups(std::vector<std::string> patterns);

    kafka::ClusterSession* session() const { return m_session; }
    QString clusterName() const;

    // Prepares and returns the view for spec (its kind and target; the cluster is ours).
    ClusterView* activate(const ViewSpec& spec);

    ClusterOverviewView* overview() const { return m_overview; }
    TopicsView* topics() const { return m_topics; }
    TopicPage* topicPage() const { return m_topicPage; }
    GroupsView* groups() const { return m_groups; }
    GroupPage* groupPage() const { return m_groupPage; }
    AlertsView* alerts() const { return m_alerts; }
    MessageBrowserView* browser() const { return m_browser; }
    DeadLettersView* deadLetters() const { return m_deadLetters; }
    DeadLetterInspector* deadLetterInspector() const { return m_inspector; }
    DashboardView* dashboard() const { return m_dashboard; }
    AuditView* audit() const { return m_audit; }

signals:
    void viewRequested(const QString& spec); // canonical spec with our cluster prefix
    void problemChanged(sluice::ui::ClusterView* view);
    // A lag alert passed the rate limits: the main window shows it as a desktop notification.
    void notificationWanted(const QString& title, const QString& text, bool isProblem);
    // The operator asked to replay records of this cluster (the replay wizard opens):
    // from the dead-letter inspector (isDeadLetter) or the message browser.
    void replayRequested(const QString& cluster, const sluice::dlq::SelectionModel& selection, bool isDeadLetter);

private:
    void showSnapshot(const kafka::SnapshotPtr& snapshot);
    void showLagSnapshot(const kafka::LagSnapshotPtr& snapshot);
    QString spec(ViewSpec::Kind kind, const QString& target = {}) const;
    void setPinned(bool isGroup, const QString& name, bool pinned);
    void updatePinStates(); // pin buttons of the pages, dashboard grid, alert rule

    QPointer<kafka::ClusterSession> m_session;
    QPointer<QStackedWidget> m_stack;
    ClusterOverviewView* m_overview = nullptr;
    TopicsView* m_topics = nullptr;
    TopicPage* m_topicPage = nullptr;
    GroupsView* m_groups = nullptr;
    GroupPage* m_groupPage = nullptr;
    AlertsView* m_alerts = nullptr;
    MessageBrowserView* m_browser = nullptr;
    DeadLettersView* m_deadLetters = nullptr;
    DeadLetterInspector* m_inspector = nullptr;
    DashboardView* m_dashboard = nullptr;
    AuditView* m_audit = nullptr;
    AppSettings& m_settings;
    std::vector<std::string> m_alertGroups { "*" };
    std::vector<QPointer<ClusterView>> m_views;
};

} // namespace sluice::ui
