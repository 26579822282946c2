// SPDX-License-Identifier: Apache-2.0
#include "cluster/cluster_views.h"

#include "audit/audit_view.h"
#include "browse/message_browser_view.h"
#include "common/cluster_view.h"
#include "deadletters/dead_letter_inspector.h"
#include "deadletters/dead_letters_view.h"
#include "groups/group_page.h"
#include "groups/groups_view.h"
#include "monitoring/alerts_view.h"
#include "monitoring/dashboard_view.h"
#include "overview/cluster_overview_view.h"
#include "topics/topic_page.h"
#include "topics/topics_view.h"

#include <QStackedWidget>

namespace sluice::ui {

ClusterViews::ClusterViews(kafka::ClusterSession* session, AppSettings& settings, QStackedWidget* stack,
    history::HistoryService* history, std::vector<dlq::CustomConvention> deadLetterConventions, QObject* parent)
    : QObject(parent)
    , m_session(session)
    , m_stack(stack)
    , m_settings(settings)
{
    const QString name = session->name();
    m_overview = new ClusterOverviewView(session->config());
    m_topics = new TopicsView(name, settings);
    m_topicPage = new TopicPage(name, history);
    m_groups = new GroupsView(name);
    m_groupPage = new GroupPage(name, history);
    m_groupPage->setExactLagSource(session);
    m_alerts = new AlertsView(name);
    // Dead-letter conventions: Kafka Connect and Spring built in, plus the workspace's own.
    auto conventions = std::make_shared<const dlq::DeadLetterConventions>(std::move(deadLetterConventions));
    m_browser = new MessageBrowserView(session, settings);
    m_browser->setDeadLetterConventions(conventions);
    m_deadLetters = new DeadLettersView(session, conventions);
    m_inspector = new DeadLetterInspector(session, conventions);
    m_dashboard = new DashboardView(name, settings, history);
    m_groupPage->setResetContext(session->config(), session->secrets());
    m_audit = new AuditView(name);
    for (ClusterView* view : std::initializer_list<ClusterView*> { m_overview, m_topics, m_topicPage, m_groups,
             m_groupPage, m_alerts, m_dashboard, m_browser, m_deadLetters, m_inspector, m_audit }) {
        stack->addWidget(view);
        m_views.emplace_back(view);
        connect(view, &ClusterView::problemChanged, this, [this, view] { emit problemChanged(view); });
    }

    connect(m_overview, &ClusterOverviewView::topicActivated, this,
        [this](const QString& topic) { emit viewRequested(spec(ViewSpec::Kind::Topic, topic)); });
    connect(m_overview, &ClusterOverviewView::groupActivated, this,
        [this](const QString& group) { emit viewRequested(spec(ViewSpec::Kind::Group, group)); });
    connect(m_topics, &TopicsView::topicActivated, this,
        [this](const QString& topic) { emit viewRequested(spec(ViewSpec::Kind::Topic, topic)); });
    connect(m_groups, &GroupsView::groupActivated, this,
        [this](const QString& group) { emit viewRequested(spec(ViewSpec::Kind::Group, group)); });
    connect(m_topicPage, &TopicPage::backRequested, this, [this] { emit viewRequested(spec(ViewSpec::Kind::Topics)); });
    connect(m_topicPage, &TopicPage::groupActivated, this,
        [this](const QString& group) { emit viewRequested(spec(ViewSpec::Kind::Group, group)); });
    connect(m_alerts, &AlertsView::groupActivated, this,
        [this](const QString& group) { emit viewRequested(spec(ViewSpec::Kind::Group, group)); });
    connect(m_alerts, &AlertsView::notificationWanted, this, &ClusterViews::notificationWanted);
    connect(m_groupPage, &GroupPage::backRequested, this, [this] { emit viewRequested(spec(ViewSpec::Kind::Groups)); });
    connect(m_groupPage, &GroupPage::topicActivated, this,
        [this](const QString& topic) { emit viewRequested(spec(ViewSpec::Kind::Topic, topic)); });

    connect(m_topicPage, &TopicPage::browseRequested, this,
        [this](const QString& topic) { emit viewRequested(spec(ViewSpec::Kind::Browse, topic)); });
    connect(m_browser, &MessageBrowserView::backRequested, this,
        [this] { emit viewRequested(spec(ViewSpec::Kind::Topic, m_browser->topic())); });
    connect(m_browser, &MessageBrowserView::recordRequested, this,
        [this](const QString& topic, int partition, qint64 offset) {
            emit viewRequested(
                spec(ViewSpec::Kind::Browse, QStringLiteral("%1@%2:%3").arg(topic).arg(partition).arg(offset)));
        });

    const auto openRecord = [this](const QString& topic, int partition, qint64 offset) {
        emit viewRequested(
            spec(ViewSpec::Kind::Browse, QStringLiteral("%1@%2:%3").arg(topic).arg(partition).arg(offset)));
    };
    connect(m_deadLetters, &DeadLettersView::topicActivated, this,
        [this](const QString& topic) { emit viewRequested(spec(ViewSpec::Kind::DeadLetter, topic)); });
    connect(m_inspector, &DeadLetterInspector::backRequested, this,
        [this] { emit viewRequested(spec(ViewSpec::Kind::DeadLetters)); });
    connect(m_inspector, &DeadLetterInspector::originalRecordRequested, this, openRecord);
    connect(m_inspector, &DeadLetterInspector::replayRequested, this,
        [this](const dlq::SelectionModel& selection) { emit replayRequested(clusterName(), selection, true); });
    connect(m_browser, &MessageBrowserView::replaySelectionRequested, this,
        [this](const dlq::SelectionModel& selection) { emit replayRequested(clusterName(), selection, false); });
    connect(m_groupPage, &GroupPage::pinToggled, this,
        [this](bool pinned) { setPinned(true, m_groupPage->group(), pinned); });
    connect(m_topicPage, &TopicPage::pinToggled, this,
        [this](bool pinned) { setPinned(false, m_topicPage->topic(), pinned); });
    updatePinStates();

    connect(session, &kafka::ClusterSession::snapshotUpdated, this, &ClusterViews::showSnapshot);
    if (session->snapshot())
        showSnapshot(session->snapshot());
    connect(session, &kafka::ClusterSession::lagSnapshotUpdated, this, &ClusterViews::showLagSnapshot);
    if (session->lagSnapshot())
        showLagSnapshot(session->lagSnapshot());
}

ClusterViews::~ClusterViews()
{
    for (const QPointer<ClusterView>& view : m_views)
        delete view.data();
}

QString ClusterViews::clusterName() const
{
    return m_session ? m_session->name() : QString();
}

ClusterView* ClusterViews::activate(const ViewSpec& viewSpec)
{
    switch (viewSpec.kind) {
    case ViewSpec::Kind::Overview:
        return m_overview;
    case ViewSpec::Kind::Topics:
        return m_topics;
    case ViewSpec::Kind::Topic:
        m_topicPage->setTopic(viewSpec.target);
        updatePinStates();
        return m_topicPage;
    case ViewSpec::Kind::Groups:
        return m_groups;
    case ViewSpec::Kind::Group:
        m_groupPage->setGroup(viewSpec.target);
        updatePinStates();
        return m_groupPage;
    case ViewSpec::Kind::Alerts:
        return m_alerts;
    case ViewSpec::Kind::Browse:
        m_browser->setTarget(viewSpec.target);
        return m_browser;
    case ViewSpec::Kind::DeadLetters:
        if (!m_deadLetters->isSampling() && !m_deadLetters->hasSampled())
            QMetaObject::invokeMethod(m_deadLetters, &DeadLettersView::sampleHeaders, Qt::QueuedConnection);
        return m_deadLetters;
    case ViewSpec::Kind::DeadLetter:
        m_inspector->setTopic(viewSpec.target);
        return m_inspector;
    case ViewSpec::Kind::Dashboard:
        m_dashboard->reloadPins();
        return m_dashboard;
    case ViewSpec::Kind::Audit:
        return m_audit;
    case ViewSpec::Kind::Start:
    default: // kinds whose views are not part of this build
        break;
    }
    return nullptr;
}

void ClusterViews::showSnapshot(const kafka::SnapshotPtr& snapshot)
{
    if (!snapshot)
        return;
    for (const QPointer<ClusterView>& view : m_views) {
        if (view)
            view->showSnapshot(snapshot);
    }
}

void ClusterViews::showLagSnapshot(const kafka::LagSnapshotPtr& snapshot)
{
    if (!snapshot)
        return;
    for (const QPointer<ClusterView>& view : m_views) {
        if (view)
            view->showLagSnapshot(snapshot);
    }
}

void ClusterViews::setPinned(bool isGroup, const QString& name, bool pinned)
{
    if (name.isEmpty())
        return;
    DashboardPins(m_settings, clusterName())
        .setPinned({ isGroup ? DashboardPin::Kind::Group : DashboardPin::Kind::Topic, name }, pinned);
    updatePinStates();
}

void ClusterViews::updatePinStates()
{
    const DashboardPins pins(m_settings, clusterName());
    m_groupPage->setPinned(pins.isPinned({ DashboardPin::Kind::Group, m_groupPage->group() }));
    m_topicPage->setPinned(pins.isPinned({ DashboardPin::Kind::Topic, m_topicPage->topic() }));
    m_dashboard->reloadPins();
    // Alert rule: a pinned group alerts, and so does every group matching the workspace's patterns.
    m_alerts->setWatchedGroups(pins.pinnedGroups(), m_alertGroups);
}

void ClusterViews::setAlertGroups(std::vector<std::string> patterns)
{
    m_alertGroups = std::move(patterns);
    updatePinStates();
}

QString ClusterViews::spec(ViewSpec::Kind kind, const QString& target) const
{
    return ViewSpec { kind, clusterName(), target }.toString();
}

} // namespace sluice::ui
