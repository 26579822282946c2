// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "common/view_spec.h"
#include "dlq/convention_detector.h"
#include "kafka/cluster_session.h"

#include <QObject>
#include <QPointer>
#include <vector>

class QStackedWidget;

namespace sluice::ui {

class AppSettings;
class ClusterOverviewView;
class ClusterView;
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
    // `deadLetterConventions`: the workspace's own conventions (Kafka Connect and Spring are
    // always known).
    ClusterViews(kafka::ClusterSession* session, AppSettings& settings, QStackedWidget* stack,
        std::vector<dlq::CustomConvention> deadLetterConventions = {}, QObject* parent = nullptr);
    ~ClusterViews() override;

    kafka::ClusterSession* session() const { return m_session; }
    QString clusterName() const;

    // Prepares and returns the view for spec (its kind and target; the cluster is ours).
    ClusterView* activate(const ViewSpec& spec);

    ClusterOverviewView* overview() const { return m_overview; }
    TopicsView* topics() const { return m_topics; }
    TopicPage* topicPage() const { return m_topicPage; }
    GroupsView* groups() const { return m_groups; }
    GroupPage* groupPage() const { return m_groupPage; }
    MessageBrowserView* browser() const { return m_browser; }
    DeadLettersView* deadLetters() const { return m_deadLetters; }
    DeadLetterInspector* deadLetterInspector() const { return m_inspector; }

signals:
    void viewRequested(const QString& spec); // canonical spec with our cluster prefix
    void problemChanged(sluice::ui::ClusterView* view);

private:
    void showSnapshot(const kafka::SnapshotPtr& snapshot);
    QString spec(ViewSpec::Kind kind, const QString& target = {}) const;

    QPointer<kafka::ClusterSession> m_session;
    QPointer<QStackedWidget> m_stack;
    ClusterOverviewView* m_overview = nullptr;
    TopicsView* m_topics = nullptr;
    TopicPage* m_topicPage = nullptr;
    GroupsView* m_groups = nullptr;
    GroupPage* m_groupPage = nullptr;
    MessageBrowserView* m_browser = nullptr;
    DeadLettersView* m_deadLetters = nullptr;
    DeadLetterInspector* m_inspector = nullptr;
    std::vector<QPointer<ClusterView>> m_views;
};

} // namespace sluice::ui
