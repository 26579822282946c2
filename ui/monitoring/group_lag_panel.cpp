// SPDX-License-Identifier: Apache-2.0
#include "monitoring/group_lag_panel.h"

#include "common/format.h"
#include "common/substring_filter_proxy.h"
#include "common/table_setup.h"
#include "monitoring/lag_format.h"
#include "monitoring/partition_lag_model.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QScrollBar>
#include <QSortFilterProxyModel>
#include <QSplitter>
#include <QTableView>
#include <QTimer>
#include <QVBoxLayout>
#include <algorithm>

namespace sluice::ui {
namespace {

using namespace std::chrono_literals;

std::int64_t toMs(std::chrono::system_clock::time_point t)
{
    return std::chrono::duration_cast<std::chrono::milliseconds>(t.time_since_epoch()).count();
}

std::chrono::system_clock::time_point fromMs(std::int64_t ms)
{
    return std::chrono::system_clock::time_point(std::chrono::milliseconds(ms));
}

// A bucket keeps its extremes: min then max when they differ (a spike is never averaged away).
template <typename Get> void appendMinMax(std::vector<lag::SeriesPoint>& out, const history::HistoryPoint& p, Get get)
{
    const auto [lo, hi] = get(p);
    if (!lo || !hi)
        return;
    const std::int64_t at = toMs(p.at);
    out.push_back({ at, static_cast<double>(*lo) });
    if (*hi != *lo)
        out.push_back({ std::max(at + 1, toMs(p.lastAt)), static_cast<double>(*hi) });
}

} // namespace

GroupLagPanel::GroupLagPanel(const QString& clusterName, history::HistoryService* history, QWidget* parent)
    : QWidget(parent)
    , m_clusterName(clusterName)
    , m_history(history)
    , m_now([] { return std::chrono::system_clock::now(); })
{
    m_summary = new QLabel(this);
    m_summary->setObjectName(QStringLiteral("lagSummary"));
    m_summary->setTextFormat(Qt::RichText);

    m_rangeBar = new ChartRangeBar(this);
    m_rangeBar->setObjectName(QStringLiteral("lagRange"));
    connect(m_rangeBar, &ChartRangeBar::rangeChanged, this, &GroupLagPanel::requestHistory);
    m_hover = new QLabel(this);
    m_hover->setObjectName(QStringLiteral("chartHover"));
    m_hover->setStyleSheet(QStringLiteral("color: palette(mid);"));

    auto* bar = new QHBoxLayout;
    bar->addWidget(m_rangeBar);
    bar->addSpacing(12);
    bar->addWidget(m_hover, 1);

    m_note = new QLabel(this);
    m_note->setWordWrap(true);
    m_note->setStyleSheet(QStringLiteral("color: palette(mid);"));
    m_note->setVisible(!m_history);
    m_note->setText(tr("No lag history in this window: charts need the history store."));

    m_lagChart = makeTimeSeriesChart(this);
    m_lagChart->setObjectName(QStringLiteral("lagChart"));
    m_lagChart->setTitle(tr("Lag"));
    m_lagChart->setAxisTitles(tr("records"), tr("seconds"));
    m_rateChart = makeTimeSeriesChart(this);
    m_rateChart->setObjectName(QStringLiteral("rateChart"));
    m_rateChart->setTitle(tr("Rates"));
    m_rateChart->setAxisTitles(tr("records/s"), {});
    for (TimeSeriesChart* chart : { m_lagChart, m_rateChart }) {
        connect(chart, &TimeSeriesChart::hoverText, m_hover, &QLabel::setText);
        connect(chart, &TimeSeriesChart::rangeChanged, this,
            [this](std::int64_t from, std::int64_t to) { setCustomRange(from, to); });
    }

    m_partitions = new PartitionLagModel(this);
    auto* proxy = new SubstringFilterProxy(this);
    proxy->setSourceModel(m_partitions);
    m_partitionTable = new QTableView(this);
    m_partitionTable->setObjectName(QStringLiteral("partitionLagTable"));
    m_partitionTable->setModel(proxy);
    setupDataTable(m_partitionTable, { 24, 9, 13, 13, 11, 13, 12, 12, 9, 24 });
    m_partitionTable->sortByColumn(PartitionLagModel::Lag, Qt::DescendingOrder);

    m_exactDebounce = new QTimer(this);
    m_exactDebounce->setSingleShot(true);
    m_exactDebounce->setInterval(300);
    connect(m_exactDebounce, &QTimer::timeout, this, &GroupLagPanel::requestExactLag);
    connect(
        m_partitionTable->verticalScrollBar(), &QScrollBar::valueChanged, m_exactDebounce, qOverload<>(&QTimer::start));

    auto* charts = new QWidget(this);
    auto* chartLayout = new QHBoxLayout(charts);
    chartLayout->setContentsMargins(0, 0, 0, 0);
    chartLayout->addWidget(m_lagChart, 1);
    chartLayout->addWidget(m_rateChart, 1);

    auto* splitter = new QSplitter(Qt::Vertical, this);
    splitter->addWidget(charts);
    splitter->addWidget(m_partitionTable);
    splitter->setStretchFactor(0, 3);
    splitter->setStretchFactor(1, 2);
    splitter->setChildrenCollapsible(false);

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(6);
    layout->addWidget(m_summary);
    layout->addLayout(bar);
    layout->addWidget(m_note);
    layout->addWidget(splitter, 1);

    if (m_history) {
        connect(m_history, &history::HistoryService::answered, this, &GroupLagPanel::showAnswer);
        // Live ranges follow new samples once they are in the store.
        connect(m_history, &history::HistoryService::snapshotRecorded, this, [this](const QString& cluster) {
            if (cluster == m_clusterName && m_rangeBar->followsNow() && isVisible())
                requestHistory();
        });
    }
}

void GroupLagPanel::setGroup(const QString& groupId)
{
    if (groupId == m_groupId)
        return;
    m_groupId = groupId;
    m_troubleSince.reset();
    m_lagChart->setData({}, {}, 0, 1);
    m_rateChart->setData({}, {}, 0, 1);
    m_exactPending = false;
    if (m_snapshot)
        m_partitions->setGroup(m_snapshot->group(groupId.toStdString()), m_snapshot->sampledAt);
    else
        m_partitions->setGroup(nullptr);
    renderSummary();
    requestHistory();
}

void GroupLagPanel::showLagSnapshot(const kafka::LagSnapshotPtr& snapshot)
{
    m_snapshot = snapshot;
    if (snapshot)
        m_partitions->setGroup(
            !m_groupId.isEmpty() ? snapshot->group(m_groupId.toStdString()) : nullptr, snapshot->sampledAt);
    else
        m_partitions->setGroup(nullptr);
    renderSummary();
    requestExactLag();
}

void GroupLagPanel::setExactLagSource(kafka::ClusterSession* session)
{
    if (m_exactSource)
        disconnect(m_exactSource, nullptr, this, nullptr);
    m_exactSource = session;
    m_exactPending = false;
    if (session)
        connect(session, &kafka::ClusterSession::exactLagReady, this, &GroupLagPanel::showExactLag);
}

// The partitions in view whose group is behind: read the record at each committed offset.
void GroupLagPanel::requestExactLag()
{
    if (!m_exactSource || m_exactPending || m_groupId.isEmpty() || !isVisible())
        return;
    const QAbstractItemModel* proxy = m_partitionTable->model();
    const int rows = proxy->rowCount();
    if (rows == 0)
        return;
    int first = m_partitionTable->rowAt(0);
    int last = m_partitionTable->rowAt(m_partitionTable->viewport()->height() - 1);
    first = first < 0 ? 0 : first;
    last = last < 0 ? rows - 1 : last;
    constexpr int kMaxPartitions = 100;
    std::vector<lag::RecordTimeQuery> queries;
    for (int r = first; r <= last && static_cast<int>(queries.size()) < kMaxPartitions; ++r) {
        const QModelIndex source = static_cast<const QSortFilterProxyModel*>(proxy)->mapToSource(proxy->index(r, 0));
        const PartitionLagViewRow* row = m_partitions->rowAt(source.row());
        if (row && row->committed && row->lag && *row->lag > 0)
            queries.push_back({ { row->topic, row->partition }, *row->committed });
    }
    if (queries.empty())
        return;
    m_exactPending = true;
    m_exactSource->requestExactLag(m_groupId, std::move(queries));
}

void GroupLagPanel::showExactLag(const kafka::ExactLagAnswerPtr& answer)
{
    if (!answer)
        return;
    m_exactPending = false;
    if (answer->group != m_groupId)
        return; // asked for the group shown before
    ++m_exactAnswers;
    m_partitions->setExactTimes(*answer);
}

void GroupLagPanel::showEvent(QShowEvent* event)
{
    QWidget::showEvent(event);
    requestHistory();
}

void GroupLagPanel::setRange(Range range)
{
    m_rangeBar->setRange(range); // asks the history again
}

void GroupLagPanel::setCustomRange(std::int64_t fromMs, std::int64_t toMs)
{
    m_rangeBar->setCustomRange(fromMs, toMs);
}

void GroupLagPanel::setNow(std::function<std::chrono::system_clock::time_point()> now)
{
    m_now = now;
    m_rangeBar->setNow(std::move(now));
}

void GroupLagPanel::requestHistory()
{
    if (!m_history || m_groupId.isEmpty())
        return;
    const auto [from, to] = m_rangeBar->window();
    history::SeriesQuery query;
    query.keys.push_back(history::SeriesKey::forGroup(m_clusterName.toStdString(), m_groupId.toStdString()));
    query.range = { fromMs(from), fromMs(to) };
    query.maxPoints = std::max(50, m_lagChart->plotWidth() / 2); // each point may yield min and max
    query.withEvents = true; // rebalances and offset resets, marked next to verdict changes
    m_pending = m_history->query(std::move(query));
}

void GroupLagPanel::showAnswer(const history::SeriesAnswerPtr& answer)
{
    if (!answer || answer->id != m_pending)
        return; // an older question, or another page's
    ++m_answered;
    m_note->setVisible(!answer->error.empty());
    if (!answer->error.empty())
        m_note->setText(tr("Couldn't read lag history: %1").arg(qs(answer->error)));
    const std::vector<history::HistoryPoint> empty;
    const std::vector<history::HistoryPoint>& points = answer->series.empty() ? empty : answer->series.front();

    ChartSeries lagRecords { tr("lag (records)"), healthColor(Health::Warning), {}, false };
    ChartSeries lagSeconds { tr("max lag time (s)"), QColor(0x3b, 0x6e, 0xc4), {}, true };
    ChartSeries consume { tr("consume rate"), healthColor(Health::Ok), {}, false };
    ChartSeries produce { tr("produce rate"), QColor(0x3b, 0x6e, 0xc4), {}, false };
    std::vector<ChartMarker> markers;
    std::optional<lag::Verdict> previous;
    std::optional<std::chrono::system_clock::time_point> badSince;
    for (const history::HistoryPoint& p : points) {
        appendMinMax(
            lagRecords.points, p, [](const history::HistoryPoint& q) { return std::pair(q.lagMin, q.lagMax); });
        appendMinMax(lagSeconds.points, p,
            [](const history::HistoryPoint& q) { return std::pair(q.lagSecondsMin, q.lagSecondsMax); });
        if (p.consumeRate)
            consume.points.push_back({ toMs(p.at), *p.consumeRate });
        if (p.produceRate)
            produce.points.push_back({ toMs(p.at), *p.produceRate });
        if (p.verdict && previous && *p.verdict != *previous) {
            QString label = tr("%1 \u2192 %2").arg(verdictText(previous), verdictText(p.verdict));
            if (*p.verdict == lag::Verdict::Rewind)
                label += tr(" (offset reset)");
            markers.push_back({ toMs(p.at), label, healthColor(verdictHealth(*p.verdict)) });
        }
        if (p.verdict) {
            if (*p.verdict == lag::Verdict::Ok)
                badSince.reset();
            else if (!badSince || (previous && *previous == lag::Verdict::Ok))
                badSince = p.at;
            previous = p.verdict;
        }
    }
    // Rebalances and offset resets seen by the sampler, stored in the history with the samples.
    if (!answer->events.empty()) {
        for (const lag::GroupEvent& e : answer->events.front()) {
            const bool reset = e.kind == lag::GroupEventKind::OffsetReset;
            markers.push_back({ toMs(e.at),
                (reset ? tr("offset reset") : tr("rebalance")) + QStringLiteral(": ")
                    + QString::fromStdString(e.detail),
                reset ? healthColor(Health::Error) : QColor(0x7b, 0x4f, 0xb0) });
        }
        std::stable_sort(markers.begin(), markers.end(),
            [](const ChartMarker& a, const ChartMarker& b) { return a.timeMs < b.timeMs; });
    }
    m_troubleSince = badSince;
    const auto& range = answer->query.range;
    const std::int64_t from = toMs(range.from);
    const std::int64_t to = toMs(range.to);
    std::vector<ChartMarker> rateMarkers = markers;
    m_lagChart->setData({ std::move(lagRecords), std::move(lagSeconds) }, std::move(markers), from, to);
    m_rateChart->setData({ std::move(consume), std::move(produce) }, std::move(rateMarkers), from, to);
    renderSummary();
}

QString GroupLagPanel::summaryText() const
{
    return m_summary->text();
}

void GroupLagPanel::renderSummary()
{
    const lag::LagGroupSnapshot* group
        = m_snapshot && !m_groupId.isEmpty() ? m_snapshot->group(m_groupId.toStdString()) : nullptr;
    if (!group) {
        m_summary->setText(m_snapshot ? tr("No lag sample for this group: it has no committed offsets.")
                                      : tr("Waiting for the first lag sample from %1\u2026").arg(m_clusterName));
        return;
    }
    const auto item = [](const QString& label, const QString& value, QColor colour = {}) {
        const QString v = value.toHtmlEscaped();
        return QStringLiteral("<span style=\"color:gray\">%1</span>&nbsp;<b%3>%2</b>")
            .arg(label.toHtmlEscaped(), v,
                colour.isValid() ? QStringLiteral(" style=\"color:%1\"").arg(colour.name()) : QString());
    };
    QStringList items;
    items << item(tr("Verdict"), verdictText(group->verdict), healthColor(verdictHealth(group->verdict)));
    if (group->verdict != lag::Verdict::Ok && m_troubleSince)
        items << item(
            tr("since"), tr("%1 (%2)").arg(formatTimeOfDay(*m_troubleSince), formatAge(*m_troubleSince, m_now())));
    const bool anyCommit = group->totals.partitions > group->totals.partitionsWithoutCommit;
    items << item(tr("Lag"), anyCommit ? formatCount(group->totals.totalLagRecords) : unknownText());
    items << item(tr("Max lag time"),
        group->totals.maxTimeLag
            ? formatLagSeconds(group->totals.maxTimeLag->seconds, group->totals.maxTimeLag->isLowerBound)
            : unknownText());
    items << item(tr("Partitions"), formatCount(group->totals.partitions));
    if (group->totals.partitionsWithoutCommit > 0)
        items << item(tr("without commit"), formatCount(group->totals.partitionsWithoutCommit));
    items << item(tr("Sampled"), formatTimeOfDay(m_snapshot->sampledAt));
    m_summary->setText(items.join(QStringLiteral("&nbsp;&nbsp;&nbsp;")));
}

} // namespace sluice::ui
