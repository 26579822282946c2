// SPDX-License-Identifier: Apache-2.0
#include "groups/group_page.h"

#include "common/detail_page_parts.h"
#include "common/format.h"
#include "common/model_roles.h"
#include "common/page_header.h"
#include "common/state_palette.h"
#include "common/substring_filter_proxy.h"
#include "common/table_setup.h"
#include "groups/group_assignment_model.h"
#include "groups/group_member_model.h"
#include "groups/group_table_model.h"
#include "monitoring/group_lag_panel.h"
#include "reset/reset_offsets_dialog.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QSplitter>
#include <QStringList>
#include <QTabWidget>
#include <QTableView>
#include <QUrl>
#include <QVBoxLayout>

namespace sluice::ui {

GroupPage::GroupPage(const QString& clusterName, history::HistoryService* history, QWidget* parent)
    : ClusterView(parent)
    , m_clusterName(clusterName)
{
    m_header = new PageHeader(tr("Consumer groups"), tr("group"), this);
    connect(m_header, &PageHeader::backRequested, this, &GroupPage::backRequested);
    m_summary = new QLabel(this);
    m_summary->setTextFormat(Qt::RichText);
    m_topics = new QLabel(this);
    m_topics->setTextFormat(Qt::RichText);
    m_topics->setWordWrap(true);
    connect(m_topics, &QLabel::linkActivated, this,
        [this](const QString& link) { emit topicActivated(QUrl::fromPercentEncoding(link.toUtf8())); });
    m_noMembers = new QLabel(this);
    m_noMembers->setStyleSheet(QStringLiteral("color: palette(mid);"));
    m_noMembers->hide();

    m_members = new GroupMemberModel(this);
    auto* memberProxy = new SubstringFilterProxy(this);
    memberProxy->setSourceModel(m_members);
    m_memberTable = new QTableView(this);
    m_memberTable->setObjectName(QStringLiteral("memberTable"));
    m_memberTable->setModel(memberProxy);
    setupDataTable(m_memberTable, { 44, 22, 18, 10, 40 });
    m_memberTable->sortByColumn(GroupMemberModel::ClientId, Qt::AscendingOrder);

    m_assignments = new GroupAssignmentModel(this);
    auto* assignmentProxy = new SubstringFilterProxy(this);
    assignmentProxy->setSourceModel(m_assignments);
    m_assignmentTable = new QTableView(this);
    m_assignmentTable->setObjectName(QStringLiteral("assignmentTable"));
    m_assignmentTable->setModel(assignmentProxy);
    setupDataTable(m_assignmentTable, { 32, 10, 44, 22, 18 });
    m_assignmentTable->sortByColumn(GroupAssignmentModel::Topic, Qt::AscendingOrder);
    connect(m_assignmentTable, &QTableView::activated, this,
        [this](const QModelIndex& index) { emit topicActivated(index.data(KeyRole).toString()); });

    auto* splitter = new QSplitter(Qt::Vertical, this);
    splitter->addWidget(titledPane(sectionTitle(tr("Members"), this), m_memberTable, splitter));
    splitter->addWidget(titledPane(sectionTitle(tr("Partition assignment"), this), m_assignmentTable, splitter));
    splitter->setStretchFactor(0, 1);
    splitter->setStretchFactor(1, 2); // partitions usually outnumber members
    splitter->setChildrenCollapsible(false);

    m_lagPanel = new GroupLagPanel(clusterName, history, this);
    m_tabs = new QTabWidget(this);
    m_tabs->setObjectName(QStringLiteral("groupTabs"));
    m_tabs->addTab(m_lagPanel, tr("Lag"));
    m_tabs->addTab(splitter, tr("Members"));

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(12, 8, 12, 10);
    layout->setSpacing(6);
    m_pin = makePinButton(this);
    connect(m_pin, &QPushButton::clicked, this, &GroupPage::pinToggled);
    m_reset = new QPushButton(tr("Reset offsets\u2026"), this);
    m_reset->setObjectName(QStringLiteral("resetOffsets"));
    m_reset->setToolTip(tr("Move this group's committed offsets (preview first) to reprocess or skip records"));
    m_reset->hide(); // until setResetContext()
    connect(m_reset, &QPushButton::clicked, this, [this] { (void)openResetDialog(); });
    auto* headerRow = new QHBoxLayout;
    headerRow->addWidget(m_header, 1);
    headerRow->addWidget(m_reset, 0, Qt::AlignTop);
    headerRow->addWidget(m_pin, 0, Qt::AlignTop);
    layout->addLayout(headerRow);
    layout->addWidget(m_summary);
    layout->addWidget(m_topics);
    layout->addWidget(m_noMembers);
    layout->addWidget(m_tabs, 1);
}

void GroupPage::setGroup(const QString& groupId)
{
    if (groupId == m_groupId)
        return;
    m_groupId = groupId;
    m_members->setGroup(nullptr);
    m_assignments->setGroup(nullptr);
    m_lagPanel->setGroup(groupId);
    render();
}

void GroupPage::showLagSnapshot(const kafka::LagSnapshotPtr& snapshot)
{
    m_lagPanel->showLagSnapshot(snapshot);
}

void GroupPage::setExactLagSource(kafka::ClusterSession* session)
{
    m_lagPanel->setExactLagSource(session);
}

void GroupPage::showSnapshot(const kafka::SnapshotPtr& snapshot)
{
    m_snapshot = snapshot;
    render();
}

QString GroupPage::summaryText() const
{
    return m_summary->text();
}

void GroupPage::render()
{
    m_header->setTitle(m_groupId);
    const domain::ConsumerGroupInfo* group = m_snapshot ? m_snapshot->group(m_groupId.toStdString()) : nullptr;
    m_members->setGroup(group);
    m_assignments->setGroup(group);
    m_noMembers->setVisible(group && group->members.empty());
    if (!m_snapshot || !group) {
        m_summary->setText(m_snapshot ? tr("Not in the last answer.")
                                      : tr("Waiting for the first answer from %1\u2026").arg(m_clusterName));
        m_topics->clear();
        if (m_snapshot)
            setProblem({ tr("Consumer group %1 is not on cluster %2 (groups listed at %3). It may have been deleted or "
                            "never committed; pick it from the Consumer groups list.")
                             .arg(m_groupId, m_clusterName, formatTimeOfDay(m_snapshot->fetchedAt)),
                {} });
        else
            setProblem({});
        return;
    }
    m_header->setTag(group->isSimple ? tr("simple") : QString());
    QString coordinator = unknownText();
    if (const domain::BrokerInfo* broker = m_snapshot->broker(group->coordinator))
        coordinator = tr("broker %1 \u00b7 %2:%3").arg(broker->id).arg(qs(broker->host)).arg(broker->port);
    else if (group->coordinator >= 0)
        coordinator = tr("broker %1").arg(group->coordinator);
    QStringList items;
    items << summaryItem(
        tr("State"), group->state.empty() ? unknownText() : qs(group->state), groupStateHealth(group->state))
          << summaryItem(tr("Protocol"), group->protocolType.empty() ? unknownText() : qs(group->protocolType))
          << summaryItem(tr("Assignor"), group->assignor.empty() ? unknownText() : qs(group->assignor))
          << summaryItem(tr("Members"), formatCount(static_cast<std::int64_t>(group->members.size())))
          << summaryItem(tr("Coordinator"), coordinator);
    m_summary->setText(summaryLine(items));

    QStringList topics;
    for (const std::string& topic : group->topics())
        topics << qs(topic);
    m_topics->setText(linkLine(tr("Topics"), topics, tr("none")));
    m_noMembers->setText(
        tr("No active members: nobody is consuming right now. Committed offsets remain for the topics above."));

    if (!group->error.empty())
        setProblem({ tr("Couldn't fully describe consumer group %1 on %2; members may be missing. Check that the "
                        "configured principal may describe this group.")
                         .arg(m_groupId, m_clusterName),
            qs(group->error) });
    else
        setProblem({});
}

void GroupPage::setProblem(ViewProblem problem)
{
    if (problem.message == m_problem.message && problem.detail == m_problem.detail)
        return;
    m_problem = std::move(problem);
    emit problemChanged();
}

void GroupPage::setResetContext(
    config::ClusterConfig cluster, std::shared_ptr<kafka::SecretResolver> secrets, QString auditPath)
{
    m_resetCluster = std::move(cluster);
    m_resetSecrets = std::move(secrets);
    m_resetAuditPath = std::move(auditPath);
    m_reset->show();
}

ResetOffsetsDialog* GroupPage::openResetDialog()
{
    if (!m_resetCluster || m_groupId.isEmpty())
        return nullptr;
    if (m_resetDialog && m_resetDialog->property("group").toString() != m_groupId)
        m_resetDialog->close(); // one group at a time
    if (!m_resetDialog) {
        ResetDialogContext context { *m_resetCluster, m_resetSecrets, m_resetAuditPath, m_groupId, {} };
        const domain::ConsumerGroupInfo* group = m_snapshot ? m_snapshot->group(m_groupId.toStdString()) : nullptr;
        if (group)
            for (const std::string& topic : group->topics())
                context.topics << qs(topic);
        m_resetDialog = new ResetOffsetsDialog(std::move(context), this);
        m_resetDialog->setProperty("group", m_groupId);
        m_resetDialog->setAttribute(Qt::WA_DeleteOnClose);
        connect(m_resetDialog, &ResetOffsetsDialog::previewFinished, this, [this] {
            if (!m_resetPreviewPending)
                return;
            m_resetPreviewPending = false;
            emit settled();
        });
    }
    m_resetDialog->show();
    m_resetDialog->raise();
    m_resetDialog->activateWindow();
    return m_resetDialog;
}

ResetOffsetsDialog* GroupPage::resetDialog() const
{
    return m_resetDialog;
}

void GroupPage::applyOptions(const QMap<QString, QString>& options)
{
    const QString mode = options.value(QStringLiteral("reset"));
    if (mode.isEmpty())
        return;
    ResetOffsetsDialog* dialog = openResetDialog();
    if (!dialog)
        return;
    static const QStringList kModes { QStringLiteral("earliest"), QStringLiteral("latest"), QStringLiteral("offset"),
        QStringLiteral("timestamp"), QStringLiteral("duration-ago"), QStringLiteral("shift-by"),
        QStringLiteral("from-file") };
    const qsizetype colon = mode.indexOf(QLatin1Char(':'));
    const int kind = static_cast<int>(kModes.indexOf(colon < 0 ? mode : mode.left(colon)));
    const QString topic = options.value(QStringLiteral("reset.topic"));
    const QString partitions = options.value(QStringLiteral("reset.partitions"));
    dialog->setScope(!partitions.isEmpty() ? ResetOffsetsDialog::Scope::Partitions
            : !topic.isEmpty()             ? ResetOffsetsDialog::Scope::OneTopic
                                           : ResetOffsetsDialog::Scope::AllTopics,
        topic, partitions);
    dialog->setMode(static_cast<reset::ResetKind>(std::max(0, kind)), colon < 0 ? QString() : mode.mid(colon + 1));
    m_resetPreviewPending = true;
    dialog->startPreview();
}

bool GroupPage::isSettled() const
{
    return !m_resetPreviewPending;
}

void GroupPage::setPinned(bool pinned)
{
    ui::setPinned(m_pin, pinned);
}

} // namespace sluice::ui
