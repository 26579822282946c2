// SPDX-License-Identifier: Apache-2.0
#include "monitoring/topic_rate_panel.h"

#include "common/format.h"
#include "monitoring/lag_format.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QVBoxLayout>
#include <map>

namespace sluice::ui {
namespace {

std::int64_t toMs(std::chrono::system_clock::time_point t)
{
    return std::chrono::duration_cast<std::chrono::milliseconds>(t.time_since_epoch()).count();
}

std::chrono::system_clock::time_point fromMs(std::int64_t ms)
{
    return std::chrono::system_clock::time_point(std::chrono::milliseconds(ms));
}

QColor partitionColour(int index)
{
    return QColor::fromHsv((index * 47) % 360, 150, 190);
}

} // namespace

TopicRatePanel::TopicRatePanel(const QString& clusterName, history::HistoryService* history, QWidget* parent)
    : QWidget(parent)
    , m_clusterName(clusterName)
    , m_history(history)
{
    m_rate = new QLabel(this);
    m_rate->setObjectName(QStringLiteral("topicRate"));
    m_rate->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_note = new QLabel(this);
    m_note->setWordWrap(true);
    m_note->setVisible(false);
    m_chart = makeTimeSeriesChart(this);
    m_chart->setObjectName(QStringLiteral("topicRateChart"));
    m_chart->setTitle(tr("Production rate"));
    m_chart->setAxisTitles(tr("records/s"), {});
    m_chart->setMinimumHeight(200);
    m_rangeBar = new ChartRangeBar(this);
    m_rangeBar->setObjectName(QStringLiteral("rateRange"));
    connect(m_rangeBar, &ChartRangeBar::rangeChanged, this, &TopicRatePanel::requestHistory);
    // Zooming or panning the chart picks a custom span, as on the group page.
    connect(m_chart, &TimeSeriesChart::rangeChanged, m_rangeBar, &ChartRangeBar::setCustomRange);

    auto* bar = new QHBoxLayout;
    bar->addWidget(m_rate);
    bar->addStretch(1);
    bar->addWidget(m_rangeBar);

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(bar);
    layout->addWidget(m_note);
    layout->addWidget(m_chart, 1);

    if (m_history) {
        connect(m_history, &history::HistoryService::answered, this, &TopicRatePanel::showAnswer);
        // The chart follows new samples once they are in the store.
        connect(m_history, &history::HistoryService::snapshotRecorded, this, [this](const QString& cluster) {
            if (cluster == m_clusterName && m_rangeBar->followsNow() && isVisible())
                requestHistory();
        });
    } else {
        m_note->setText(tr("No rate history in this session (the history store is not open)."));
        m_note->setVisible(true);
    }
    renderRate();
}

void TopicRatePanel::setTopic(const QString& topic)
{
    if (topic == m_topic)
        return;
    m_topic = topic;
    m_chart->setData({}, {}, 0, 1);
    renderRate();
    requestHistory();
}

void TopicRatePanel::showLagSnapshot(const kafka::LagSnapshotPtr& snapshot)
{
    m_snapshot = snapshot;
    renderRate();
}

void TopicRatePanel::showEvent(QShowEvent* event)
{
    QWidget::showEvent(event);
    requestHistory();
}

QString TopicRatePanel::rateText() const
{
    return m_rate->text();
}

QString TopicRatePanel::noteText() const
{
    return m_note->isVisibleTo(this) ? m_note->text() : QString();
}

void TopicRatePanel::showClusterSnapshot(const kafka::SnapshotPtr& snapshot)
{
    if (snapshot && m_clusterSnapshot && snapshot != m_clusterSnapshot)
        m_rates = domain::topicProduceRates(*m_clusterSnapshot, *snapshot);
    if (snapshot)
        m_clusterSnapshot = snapshot;
    renderRate();
}

void TopicRatePanel::renderRate()
{
    const auto it = m_rates.find(m_topic.toStdString());
    if (it != m_rates.end())
        m_rate->setText(tr("Production rate: %1").arg(formatRate(it->second)));
    else
        m_rate->setText(tr("Production rate: known after the next refresh"));
}

void TopicRatePanel::requestHistory()
{
    if (!m_history || m_topic.isEmpty())
        return;
    const std::string cluster = m_clusterName.toStdString();
    const std::string topic = m_topic.toStdString();
    history::SeriesQuery query;
    query.keys.push_back(history::SeriesKey::forTopic(cluster, topic));
    // Per-partition rates are stored per (group, partition); any group's row has the same
    // end offsets, so take the first group that reads each partition.
    if (m_snapshot) {
        std::map<std::int32_t, std::string> readers;
        for (const lag::LagGroupSnapshot& group : m_snapshot->groups) {
            for (const lag::LagPartitionRow& row : group.partitions) {
                if (row.partition.topic == topic)
                    readers.try_emplace(row.partition.partition, group.group);
            }
        }
        for (const auto& [partition, group] : readers) {
            if (static_cast<int>(query.keys.size()) > kMaxPartitionSeries)
                break;
            query.keys.push_back(history::SeriesKey::forPartition(cluster, group, topic, partition));
        }
    }
    const auto [from, to] = m_rangeBar->window();
    query.range = { fromMs(from), fromMs(to) };
    query.maxPoints = std::max(50, m_chart->plotWidth() / 2);
    m_pending = m_history->query(std::move(query));
}

void TopicRatePanel::showAnswer(const history::SeriesAnswerPtr& answer)
{
    if (!answer || answer->id != m_pending)
        return;
    ++m_answered;
    const bool isReadByGroup = answer->query.keys.size() > 1; // the topic's key, then its partitions'
    m_note->setVisible(!answer->error.empty() || !isReadByGroup);
    if (!answer->error.empty())
        m_note->setText(tr("Couldn't read rate history: %1").arg(qs(answer->error)));
    else if (!isReadByGroup)
        m_note->setText(tr("No rate history: the history records the partitions that consumer groups read, and no "
                           "group reads %1. The rate above is measured at each refresh.")
                            .arg(m_topic));
    std::vector<ChartSeries> series;
    for (std::size_t i = 0; i < answer->series.size() && i < answer->query.keys.size(); ++i) {
        const history::SeriesKey& key = answer->query.keys[i];
        ChartSeries line;
        if (key.kind == history::SeriesKind::Topic) {
            line.name = tr("topic");
            line.colour = QColor(0x3b, 0x6e, 0xc4);
        } else {
            line.name = tr("p%1").arg(key.partition);
            line.colour = partitionColour(key.partition);
        }
        for (const history::HistoryPoint& p : answer->series[i]) {
            if (p.produceRate)
                line.points.push_back({ toMs(p.at), *p.produceRate });
        }
        series.push_back(std::move(line));
    }
    m_chart->setData(std::move(series), {}, toMs(answer->query.range.from), toMs(answer->query.range.to));
}

} // namespace sluice::ui
