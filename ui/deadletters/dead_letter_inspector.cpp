// SPDX-License-Identifier: Apache-2.0
#include "deadletters/dead_letter_inspector.h"

#include "browse/message_cell_delegate.h"
#include "browse/payload_text.h"
#include "browse/record_view.h"
#include "browse/scan_controller.h"
#include "common/format.h"
#include "common/inline_banner.h"
#include "common/page_header.h"
#include "common/table_setup.h"
#include "deadletters/dead_letter_table_model.h"
#include "support/logging.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QMetaMethod>
#include <QPushButton>
#include <QSplitter>
#include <QTableView>
#include <QTableWidget>
#include <QVBoxLayout>
#include <algorithm>
#include <set>
#include <utility>

namespace sluice::ui {

namespace {

constexpr dlq::GroupBy kGroupings[]
    = { dlq::GroupBy::ExceptionClass, dlq::GroupBy::Stage, dlq::GroupBy::MessagePattern, dlq::GroupBy::OriginalTopic };

QString groupByTitle(dlq::GroupBy by)
{
    switch (by) {
    case dlq::GroupBy::ExceptionClass:
        return QObject::tr("Exception class");
    case dlq::GroupBy::Stage:
        return QObject::tr("Stage");
    case dlq::GroupBy::MessagePattern:
        return QObject::tr("Message pattern");
    case dlq::GroupBy::OriginalTopic:
        return QObject::tr("Original topic");
    case dlq::GroupBy::CauseClass:
        return QObject::tr("Cause class");
    case dlq::GroupBy::Connector:
        return QObject::tr("Connector");
    }
    return {};
}

// Eight-level bars over [first, last] in `columns` equal slices.
QString sparkline(const std::vector<dlq::HistogramBucket>& buckets, std::int64_t bucketWidthMs, std::int64_t first,
    std::int64_t last, int columns)
{
    static const QString kBars = QStringLiteral("\u2581\u2582\u2583\u2584\u2585\u2586\u2587\u2588");
    if (first < 0 || last < first || buckets.empty())
        return {};
    std::vector<std::uint64_t> counts(static_cast<std::size_t>(columns), 0);
    const double span = static_cast<double>(std::max<std::int64_t>(last - first, 1) + bucketWidthMs);
    for (const dlq::HistogramBucket& b : buckets) {
        const double at = static_cast<double>(b.startMs - (first - first % bucketWidthMs)) / span;
        const int column = std::clamp(static_cast<int>(at * columns), 0, columns - 1);
        counts[static_cast<std::size_t>(column)] += b.count;
    }
    const std::uint64_t top = *std::max_element(counts.begin(), counts.end());
    QString out;
    for (std::uint64_t c : counts)
        out += c == 0 ? QStringLiteral("\u2007") : kBars.at(static_cast<qsizetype>((c * 7 + top - 1) / top));
    return out;
}

} // namespace

DeadLetterInspector::DeadLetterInspector(
    kafka::ClusterSession* session, std::shared_ptr<const dlq::DeadLetterConventions> conventions, QWidget* parent)
    : ClusterView(parent)
    , m_session(session)
    , m_conventions(std::move(conventions))
    , m_selection(dlq::SelectionModel::explicitRecords({}))
{
    m_controller = new ScanController(this);
    connect(m_controller, &ScanController::updated, this, &DeadLetterInspector::applyUpdate);

    m_header = new PageHeader(tr("Dead letters"), tr("dead-letter topic"), this);
    connect(m_header, &PageHeader::backRequested, this, &DeadLetterInspector::backRequested);
    m_banner = new InlineBanner(this);
    connect(m_banner, &InlineBanner::retryRequested, this, &DeadLetterInspector::rescan);
    m_summary = new QLabel(this);
    m_summary->setObjectName(QStringLiteral("deadLetterSummary"));
    m_summary->setTextFormat(Qt::RichText);
    m_summary->setWordWrap(true);
    m_status = new QLabel(this);
    m_status->setStyleSheet(QStringLiteral("color: gray"));

    m_groupByChoice = new QComboBox(this);
    m_groupByChoice->setObjectName(QStringLiteral("groupBy"));
    for (dlq::GroupBy by : kGroupings)
        m_groupByChoice->addItem(groupByTitle(by), static_cast<int>(by));
    connect(m_groupByChoice, &QComboBox::currentIndexChanged, this,
        [this](int i) { setGroupBy(static_cast<dlq::GroupBy>(m_groupByChoice->itemData(i).toInt())); });
    m_groups = new QTableWidget(0, 5, this);
    m_groups->setObjectName(QStringLiteral("groupTable"));
    m_groups->setHorizontalHeaderLabels(
        { tr("Group"), tr("Records"), tr("First seen (UTC)"), tr("Last seen (UTC)"), tr("Over time") });
    setupDataTable(m_groups, { 24, 7, 14, 14, 26 }, false);
    m_groups->setSelectionMode(QAbstractItemView::SingleSelection);
    connect(m_groups, &QTableWidget::itemSelectionChanged, this, [this] {
        const auto rows = m_groups->selectionModel()->selectedRows();
        if (rows.isEmpty())
            return;
        selectGroup(m_groups->item(rows.front().row(), 0)->data(Qt::UserRole).toString());
    });

    m_model = new DeadLetterTableModel(this);
    m_table = new QTableView(this);
    m_table->setObjectName(QStringLiteral("deadLetterTable"));
    m_table->setModel(m_model);
    m_table->setItemDelegate(new MessageCellDelegate(m_table)); // fast cells for big topics (B3)
    setupDataTable(m_table, { 8, 8, 25, 14, 12, 10, 18, 5, 18, 40, 60 }, false);
    connect(m_table->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
        &DeadLetterInspector::showCurrentRecord);
    connect(m_table->selectionModel(), &QItemSelectionModel::selectionChanged, this,
        &DeadLetterInspector::tableSelectionChanged);

    m_recordView = new RecordView(this);
    m_recordView->setDeadLetterConventions(m_conventions);
    connect(m_recordView, &RecordView::originalRecordRequested, this, &DeadLetterInspector::originalRecordRequested);
    connect(m_recordView, &RecordView::loaded, this, [this] {
        if (!m_pendingTab.isEmpty())
            m_recordView->showTab(std::exchange(m_pendingTab, {}));
        if (isSettled())
            emit settled();
    });
    connect(m_recordView, &RecordView::rowRequested, this, [this](std::uint64_t row) {
        const int modelRow = m_model->modelRow(row);
        if (modelRow >= 0)
            m_table->setCurrentIndex(m_model->index(modelRow, DeadLetterTableModel::Offset));
    });

    m_selectionText = new QLabel(this);
    m_selectionText->setObjectName(QStringLiteral("selectionText"));
    m_openOriginal = new QPushButton(tr("Open original record"), this);
    m_openOriginal->setObjectName(QStringLiteral("inspectorOpenOriginal"));
    m_openOriginal->setEnabled(false);
    connect(m_openOriginal, &QPushButton::clicked, this, &DeadLetterInspector::openOriginalOfCurrent);
    m_replay = new QPushButton(tr("Replay\u2026"), this);
    m_replay->setObjectName(QStringLiteral("replayButton"));
    connect(m_replay, &QPushButton::clicked, this, [this] {
        if (m_selection.explicitCount() > 0)
            emit replayRequested(m_selection);
    });
    m_rescan = new QPushButton(tr("Rescan"), this);
    connect(m_rescan, &QPushButton::clicked, this, &DeadLetterInspector::rescan);

    auto* groupPane = new QWidget(this);
    auto* groupLayout = new QVBoxLayout(groupPane);
    groupLayout->setContentsMargins(0, 0, 0, 0);
    auto* groupBar = new QHBoxLayout;
    groupBar->addWidget(new QLabel(tr("Group by"), groupPane));
    groupBar->addWidget(m_groupByChoice, 1);
    groupLayout->addLayout(groupBar);
    groupLayout->addWidget(m_groups, 1);

    auto* right = new QSplitter(Qt::Vertical, this);
    right->addWidget(m_table);
    right->addWidget(m_recordView);
    right->setStretchFactor(0, 3);
    right->setStretchFactor(1, 2);
    auto* main = new QSplitter(Qt::Horizontal, this);
    main->addWidget(groupPane);
    main->addWidget(right);
    main->setStretchFactor(0, 2);
    main->setStretchFactor(1, 3);
    main->setSizes({ 660, 900 });
    main->setChildrenCollapsible(false);

    auto* actions = new QHBoxLayout;
    actions->addWidget(m_selectionText, 1);
    actions->addWidget(m_openOriginal);
    actions->addWidget(m_replay);
    actions->addWidget(m_rescan);

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(12, 8, 12, 10);
    layout->setSpacing(6);
    layout->addWidget(m_header);
    layout->addWidget(m_banner);
    layout->addWidget(m_summary);
    layout->addWidget(m_status);
    layout->addLayout(actions);
    layout->addWidget(main, 1);
    updateReplayButton();
}

DeadLetterInspector::~DeadLetterInspector() = default;

void DeadLetterInspector::connectNotify(const QMetaMethod& signal)
{
    if (signal == QMetaMethod::fromSignal(&DeadLetterInspector::replayRequested))
        QMetaObject::invokeMethod(this, &DeadLetterInspector::updateReplayButton, Qt::QueuedConnection);
}

void DeadLetterInspector::disconnectNotify(const QMetaMethod& signal)
{
    if (signal == QMetaMethod::fromSignal(&DeadLetterInspector::replayRequested))
        QMetaObject::invokeMethod(this, &DeadLetterInspector::updateReplayButton, Qt::QueuedConnection);
}

void DeadLetterInspector::updateReplayButton()
{
    const bool consumed = isSignalConnected(QMetaMethod::fromSignal(&DeadLetterInspector::replayRequested));
    if (!consumed) {
        m_replay->setEnabled(false);
        m_replay->setToolTip(tr("replay is not available in this build"));
        return;
    }
    m_replay->setEnabled(m_selection.explicitCount() > 0);
    m_replay->setToolTip(
        m_selection.explicitCount() > 0 ? tr("Replay the selected records") : tr("Select records or a group first"));
}

void DeadLetterInspector::setProblem(ViewProblem problem)
{
    if (problem.message == m_problem.message && problem.detail == m_problem.detail)
        return;
    m_problem = std::move(problem);
    emit problemChanged();
}

void DeadLetterInspector::showSnapshot(const kafka::SnapshotPtr& snapshot)
{
    m_snapshot = snapshot;
    if (!snapshot || m_topic.isEmpty())
        return;
    if (!snapshot->topic(m_topic.toStdString()))
        setProblem({ tr("Topic %1 is not on cluster %2; pick a dead-letter topic from the Dead letters list.")
                         .arg(m_topic, m_session ? m_session->name() : QString()),
            {} });
    else
        setProblem({});
}

void DeadLetterInspector::setTopic(const QString& topic)
{
    if (topic == m_topic && m_lastUpdate)
        return;
    m_topic = topic;
    m_header->setTitle(topic);
    const dlq::TopicClassification byName = m_conventions->classifyByName(topic.toStdString());
    m_header->setTag(byName.isDeadLetterTopic ? qs(byName.conventionName) : QString());
    if (m_snapshot)
        showSnapshot(m_snapshot);
    rescan();
}

void DeadLetterInspector::rescan()
{
    if (m_topic.isEmpty() || !m_session)
        return;
    m_collector = std::make_shared<dlq::DeadLetterCollector>(m_conventions, m_topic.toStdString());
    browse::ScanRequest request;
    request.cluster = m_session->config();
    request.topic = m_topic.toStdString();
    request.start = browse::StartPosition::beginning();
    request.stop = browse::StopCondition::atEnd();
    request.predicate = m_collector->predicate();
    m_recordView->clear();
    m_banner->clear();
    const Status started = m_controller->start(std::move(request), m_session->secrets());
    if (!started) {
        m_banner->showMessage(Health::Error,
            tr("Couldn't start reading %1: %2").arg(m_topic, qs(started.error().message)), qs(started.error().detail),
            true);
        return;
    }
    m_aggregators.clear();
    for (dlq::GroupBy by : kGroupings)
        m_aggregators.emplace(by, dlq::GroupAggregator(by, 60'000, true));
    m_firstSeenMs = m_lastSeenMs = -1;
    m_selection = dlq::SelectionModel::explicitRecords(m_topic.toStdString());
    m_selectedGroup.clear();
    m_lastUpdate.reset();
    m_model->setIndex(m_controller->index());
    m_groups->setRowCount(0);
    m_status->setText(tr("Reading %1 from the beginning\u2026").arg(m_topic));
    showSummary();
    updateReplayButton();
}

void DeadLetterInspector::applyUpdate(const browse::ScanUpdate& update)
{
    std::vector<dlq::DecodedDeadLetter> decoded
        = m_collector ? m_collector->take() : std::vector<dlq::DecodedDeadLetter> {};
    for (const dlq::DecodedDeadLetter& d : decoded) {
        for (auto& [by, aggregator] : m_aggregators)
            aggregator.add(d.info, d.timestampMs, d.record);
        if (d.timestampMs >= 0) {
            m_firstSeenMs = m_firstSeenMs < 0 ? d.timestampMs : std::min(m_firstSeenMs, d.timestampMs);
            m_lastSeenMs = std::max(m_lastSeenMs, d.timestampMs);
        }
    }
    const bool changed = !decoded.empty();
    m_model->addDecoded(std::move(decoded));
    m_model->refresh(update.rows);
    m_lastUpdate = update;
    m_status->setText(tr("%1 \u00b7 %2 dead letters read \u00b7 %3")
                          .arg(update.isFinal() ? tr("Read to the end") : tr("Reading"),
                              formatCount(static_cast<std::int64_t>(update.progress.recordsRead)),
                              formatDuration(update.progress.elapsed)));
    if (changed || update.isFinal()) {
        showGroups();
        showSummary();
    }
    if (update.isFinal()) {
        if (update.state == browse::ScanState::Failed && update.error)
            m_banner->showMessage(Health::Error, tr("Reading %1 stopped: %2").arg(m_topic, qs(update.error->message)),
                qs(update.error->detail), true);
        emit scanFinished(update);
        applyPendingOptions();
        if (isSettled())
            emit settled();
    }
}

bool DeadLetterInspector::isSettled() const
{
    return !m_controller->isRunning() && !m_recordView->isLoading() && m_pendingOptions.isEmpty();
}

void DeadLetterInspector::applyOptions(const QMap<QString, QString>& options)
{
    m_pendingOptions = options;
    if (!m_controller->isRunning())
        applyPendingOptions();
}

void DeadLetterInspector::applyPendingOptions()
{
    if (m_pendingOptions.isEmpty())
        return;
    const QMap<QString, QString> options = std::exchange(m_pendingOptions, {});
    const QString by = options.value(QStringLiteral("groupby"));
    if (by == QLatin1String("exception"))
        setGroupBy(dlq::GroupBy::ExceptionClass);
    else if (by == QLatin1String("stage"))
        setGroupBy(dlq::GroupBy::Stage);
    else if (by == QLatin1String("message"))
        setGroupBy(dlq::GroupBy::MessagePattern);
    else if (by == QLatin1String("topic"))
        setGroupBy(dlq::GroupBy::OriginalTopic);
    if (options.contains(QStringLiteral("group"))) {
        const auto all = groups();
        const auto n = static_cast<std::size_t>(options.value(QStringLiteral("group")).toInt());
        if (n < all.size()) {
            selectGroup(qs(all[n].key));
            showGroups();
        }
    }
    const QString select = options.value(QStringLiteral("select"));
    if (select.startsWith(QLatin1String("row:"))) {
        const int row = select.mid(4).toInt();
        if (row >= 0 && row < m_model->rowCount())
            m_table->setCurrentIndex(m_model->index(row, DeadLetterTableModel::Offset));
    }
    if (options.contains(QStringLiteral("tab")))
        m_pendingTab = options.value(QStringLiteral("tab"));
}

std::vector<dlq::GroupSummary> DeadLetterInspector::groups() const
{
    const auto it = m_aggregators.find(m_groupBy);
    return it == m_aggregators.end() ? std::vector<dlq::GroupSummary> {} : it->second.groups();
}

void DeadLetterInspector::setGroupBy(dlq::GroupBy by)
{
    m_groupBy = by;
    const int index = m_groupByChoice->findData(static_cast<int>(by));
    if (index >= 0 && index != m_groupByChoice->currentIndex())
        m_groupByChoice->setCurrentIndex(index);
    m_selectedGroup.clear();
    showGroups();
}

void DeadLetterInspector::showGroups()
{
    const QSignalBlocker blocker(m_groups);
    const std::vector<dlq::GroupSummary> summaries = groups();
    m_groups->setRowCount(static_cast<int>(summaries.size()));
    int row = 0;
    for (const dlq::GroupSummary& g : summaries) {
        const QString key = qs(g.key);
        auto* name = new QTableWidgetItem(key.isEmpty() ? tr("(unknown)") : key);
        name->setData(Qt::UserRole, key);
        name->setToolTip(
            g.sampleMessage.empty() ? key : key + QStringLiteral("\n\n") + qs(g.sampleMessage.substr(0, 500)));
        m_groups->setItem(row, 0, name);
        auto* count = new QTableWidgetItem(formatCount(static_cast<std::int64_t>(g.count)));
        count->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
        m_groups->setItem(row, 1, count);
        // "11-22 06:15:07": the year and milliseconds are in the tooltip.
        const auto shortTime
            = [](std::int64_t ms) { return ms < 0 ? unknownText() : formatTimestampUtc(ms).mid(5, 14); };
        auto* first = new QTableWidgetItem(shortTime(g.firstSeenMs));
        first->setToolTip(formatTimestampUtc(g.firstSeenMs));
        m_groups->setItem(row, 2, first);
        auto* last = new QTableWidgetItem(shortTime(g.lastSeenMs));
        last->setToolTip(formatTimestampUtc(g.lastSeenMs));
        m_groups->setItem(row, 3, last);
        auto* histogram
            = new QTableWidgetItem(sparkline(g.histogram, 60'000, m_firstSeenMs, m_lastSeenMs, kHistogramColumns));
        histogram->setToolTip(tr("Records per time slice from %1 to %2")
                                  .arg(formatTimestampUtc(m_firstSeenMs), formatTimestampUtc(m_lastSeenMs)));
        m_groups->setItem(row, 4, histogram);
        if (key == m_selectedGroup && !m_selectedGroup.isNull())
            m_groups->selectRow(row);
        ++row;
    }
}

void DeadLetterInspector::showSummary()
{
    const dlq::TopicClassification byName = m_conventions->classifyByName(m_topic.toStdString());
    std::set<std::string> connectors;
    std::set<std::string> originals;
    std::set<std::string> conventions;
    std::uint64_t unknownCoordinates = 0;
    for (const dlq::DecodedDeadLetter& d : m_model->decoded()) {
        if (d.info.connectorName)
            connectors.insert("connector " + *d.info.connectorName);
        if (d.info.originalConsumerGroup)
            connectors.insert("group " + *d.info.originalConsumerGroup);
        if (d.info.originalTopic)
            originals.insert(*d.info.originalTopic);
        if (d.info.convention != dlq::Convention::None)
            conventions.insert(d.info.conventionName);
        if (!d.info.hasOriginalCoordinates())
            ++unknownCoordinates;
    }
    const auto join = [](const std::set<std::string>& s) {
        QStringList out;
        for (const std::string& x : s)
            out << qs(x).toHtmlEscaped();
        return out.isEmpty() ? unknownText() : out.join(QStringLiteral(", "));
    };
    QString convention = conventions.empty()
        ? (byName.isDeadLetterTopic ? tr("dead-letter name, no convention headers seen yet") : tr("none recognised"))
        : join(conventions);
    QString text = tr("<span style=\"color:gray\">Convention</span>&nbsp;<b>%1</b>&nbsp;&nbsp;&nbsp;"
                      "<span style=\"color:gray\">Source</span>&nbsp;<b>%2</b>&nbsp;&nbsp;&nbsp;"
                      "<span style=\"color:gray\">Original topics</span>&nbsp;<b>%3</b>&nbsp;&nbsp;&nbsp;"
                      "<span style=\"color:gray\">Records</span>&nbsp;<b>%4</b>")
                       .arg(convention, join(connectors), join(originals),
                           formatCount(static_cast<std::int64_t>(m_model->decoded().size())));
    if (unknownCoordinates > 0)
        text += tr("<br><span style=\"color:#b9770e\">%1 record(s) do not say where they came from (no original "
                   "partition/offset in their headers), so their original record can't be opened.</span>")
                    .arg(formatCount(static_cast<std::int64_t>(unknownCoordinates)));
    m_summary->setText(text);
}

bool DeadLetterInspector::selectGroup(const QString& key)
{
    const auto it = m_aggregators.find(m_groupBy);
    if (it == m_aggregators.end())
        return false;
    dlq::SelectionModel selection = it->second.selectionFor(key.toStdString(), m_topic.toStdString());
    if (selection.explicitCount() == 0)
        return false;
    m_selectedGroup = key;
    selectRecords(selection);
    m_selection = std::move(selection);
    m_selectionText->setText(tr("%1 record(s) selected: %2 \u201c%3\u201d")
                                 .arg(formatCount(static_cast<std::int64_t>(m_selection.explicitCount())))
                                 .arg(groupByTitle(m_groupBy), key.isEmpty() ? tr("(unknown)") : key));
    updateReplayButton();
    return true;
}

void DeadLetterInspector::selectRecords(const dlq::SelectionModel& selection)
{
    const auto& index = m_model->recordIndex();
    if (!index)
        return;
    std::vector<int> rows;
    for (std::int32_t partition : selection.partitions()) {
        const dlq::OffsetRangeSet* offsets = selection.offsets(partition);
        if (!offsets)
            continue;
        for (const auto& [first, last] : offsets->ranges()) {
            for (std::int64_t offset = first; offset <= last; ++offset) {
                if (const auto row = index->findRow(partition, offset)) {
                    const int modelRow = m_model->modelRow(*row);
                    if (modelRow >= 0)
                        rows.push_back(modelRow);
                }
            }
        }
    }
    std::sort(rows.begin(), rows.end());
    QItemSelection itemSelection;
    for (std::size_t i = 0; i < rows.size();) {
        std::size_t j = i;
        while (j + 1 < rows.size() && rows[j + 1] == rows[j] + 1)
            ++j;
        itemSelection.select(
            m_model->index(rows[i], 0), m_model->index(rows[j], DeadLetterTableModel::ColumnCount - 1));
        i = j + 1;
    }
    m_selectingProgrammatically = true;
    m_table->selectionModel()->select(itemSelection, QItemSelectionModel::ClearAndSelect);
    if (!rows.empty()) {
        m_table->selectionModel()->setCurrentIndex(
            m_model->index(rows.front(), DeadLetterTableModel::Offset), QItemSelectionModel::NoUpdate);
        m_table->scrollTo(m_model->index(rows.front(), 0));
        showCurrentRecord();
    }
    m_selectingProgrammatically = false;
}

void DeadLetterInspector::tableSelectionChanged()
{
    if (m_selectingProgrammatically)
        return;
    dlq::SelectionModel selection = dlq::SelectionModel::explicitRecords(m_topic.toStdString());
    const auto& index = m_model->recordIndex();
    if (index) {
        for (const QModelIndex& i : m_table->selectionModel()->selectedRows()) {
            if (const auto row = m_model->indexRow(i.row())) {
                if (const auto entry = index->entry(*row))
                    selection.select({ entry->partition, entry->offset });
            }
        }
    }
    m_selection = std::move(selection);
    m_selectedGroup.clear();
    m_selectionText->setText(m_selection.explicitCount() == 0
            ? QString()
            : tr("%1 record(s) selected").arg(formatCount(static_cast<std::int64_t>(m_selection.explicitCount()))));
    updateReplayButton();
}

void DeadLetterInspector::showCurrentRecord()
{
    const QModelIndex current = m_table->currentIndex();
    const auto row = current.isValid() ? m_model->indexRow(current.row()) : std::nullopt;
    if (!row) {
        m_recordView->clear();
        m_openOriginal->setEnabled(false);
        return;
    }
    m_recordView->setRow(m_model->recordIndex(), *row);
    const dlq::DecodedDeadLetter* decoded = m_model->decodedAt(current.row());
    const bool known = decoded && decoded->info.hasOriginalCoordinates();
    m_openOriginal->setEnabled(known);
    m_openOriginal->setToolTip(known ? tr("Open %1, partition %2, offset %3 in the message browser")
                                           .arg(qs(*decoded->info.originalTopic))
                                           .arg(*decoded->info.originalPartition)
                                           .arg(*decoded->info.originalOffset)
                                     : tr("This dead letter does not say where it came from (no original topic, "
                                          "partition and offset in its headers)"));
}

bool DeadLetterInspector::openOriginalOfCurrent()
{
    const QModelIndex current = m_table->currentIndex();
    const dlq::DecodedDeadLetter* decoded = current.isValid() ? m_model->decodedAt(current.row()) : nullptr;
    if (!decoded || !decoded->info.hasOriginalCoordinates()) {
        m_status->setText(tr("The original record of this dead letter is unknown: its headers name no original "
                             "topic, partition and offset (Kafka Connect adds them only with "
                             "errors.deadletterqueue.context.headers.enable=true)."));
        return false;
    }
    emit originalRecordRequested(qs(*decoded->info.originalTopic), *decoded->info.originalPartition,
        static_cast<qint64>(*decoded->info.originalOffset));
    return true;
}

} // namespace sluice::ui
