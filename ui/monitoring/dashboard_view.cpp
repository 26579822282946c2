// SPDX-License-Identifier: Apache-2.0
#include "monitoring/dashboard_view.h"

#include "common/format.h"
#include "common/state_palette.h"
#include "settings/app_settings.h"

#include <QGridLayout>
#include <QLabel>
#include <QScrollArea>
#include <QVBoxLayout>

namespace sluice::ui {
namespace {

std::int64_t toMs(std::chrono::system_clock::time_point t)
{
    return std::chrono::duration_cast<std::chrono::milliseconds>(t.time_since_epoch()).count();
}

constexpr std::chrono::minutes kRange { 15 };
const QString kGroupPrefix = QStringLiteral("group:");
const QString kTopicPrefix = QStringLiteral("topic:");

} // namespace

QString DashboardPin::toString() const
{
    return (kind == Kind::Group ? kGroupPrefix : kTopicPrefix) + name;
}

std::optional<DashboardPin> DashboardPin::parse(const QString& text)
{
    if (text.startsWith(kGroupPrefix) && text.size() > kGroupPrefix.size())
        return DashboardPin { Kind::Group, text.mid(kGroupPrefix.size()) };
    if (text.startsWith(kTopicPrefix) && text.size() > kTopicPrefix.size())
        return DashboardPin { Kind::Topic, text.mid(kTopicPrefix.size()) };
    return std::nullopt;
}

DashboardPins::DashboardPins(AppSettings& settings, QString cluster)
    : m_settings(settings)
    , m_cluster(std::move(cluster))
{
}

std::vector<DashboardPin> DashboardPins::pins() const
{
    std::vector<DashboardPin> out;
    for (const QString& text : m_settings.dashboardPins(m_cluster)) {
        if (auto pin = DashboardPin::parse(text); pin && std::find(out.begin(), out.end(), *pin) == out.end())
            out.push_back(*pin);
    }
    return out;
}

bool DashboardPins::isPinned(const DashboardPin& pin) const
{
    return m_settings.dashboardPins(m_cluster).contains(pin.toString());
}

void DashboardPins::setPinned(const DashboardPin& pin, bool pinned)
{
    QStringList list = m_settings.dashboardPins(m_cluster);
    list.removeAll(pin.toString());
    if (pinned)
        list.append(pin.toString());
    m_settings.setDashboardPins(m_cluster, list);
}

QStringList DashboardPins::pinnedGroups() const
{
    QStringList out;
    for (const DashboardPin& pin : pins()) {
        if (pin.kind == DashboardPin::Kind::Group)
            out.append(pin.name);
    }
    return out;
}

DashboardView::DashboardView(
    const QString& clusterName, AppSettings& settings, history::HistoryService* history, QWidget* parent)
    : ClusterView(parent)
    , m_clusterName(clusterName)
    , m_settings(settings)
    , m_history(history)
    , m_now([] { return std::chrono::system_clock::now(); })
{
    auto* title = new QLabel(tr("Incident dashboard \u2014 %1, last 15 min").arg(clusterName), this);
    QFont font = title->font();
    font.setBold(true);
    font.setPointSizeF(font.pointSizeF() * 1.2);
    title->setFont(font);
    m_empty = new QLabel(tr("Nothing is pinned yet. Use \u201cPin to dashboard\u201d on a consumer group's or a "
                            "topic's page to follow it here: groups show their lag, topics their production rate."),
        this);
    m_empty->setWordWrap(true);
    m_note = new QLabel(this);
    m_note->setWordWrap(true);
    m_note->setVisible(false);

    m_grid = new QWidget(this);
    m_gridLayout = new QGridLayout(m_grid);
    m_gridLayout->setContentsMargins(0, 0, 0, 0);
    m_gridLayout->setSpacing(8);
    auto* scroll = new QScrollArea(this);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    scroll->setWidget(m_grid);

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(12, 10, 12, 10);
    layout->setSpacing(8);
    layout->addWidget(title);
    layout->addWidget(m_empty);
    layout->addWidget(m_note);
    layout->addWidget(scroll, 1);

    if (m_history) {
        connect(m_history, &history::HistoryService::answered, this, &DashboardView::showAnswer);
        // Each new sample, once the history thread has written it.
        connect(m_history, &history::HistoryService::snapshotRecorded, this, [this](const QString& cluster) {
            if (cluster == m_clusterName && isVisible())
                requestHistory();
        });
    } else {
        m_note->setText(tr("No lag history in this session (the history store is not open), so the charts stay "
                           "empty."));
        m_note->setVisible(true);
    }
    reloadPins();
}

void DashboardView::reloadPins()
{
    std::vector<DashboardPin> pins = DashboardPins(m_settings, m_clusterName).pins();
    if (pins == m_pins && !m_charts.empty())
        return;
    m_pins = std::move(pins);
    for (TimeSeriesChart* chart : m_charts)
        delete chart;
    m_charts.clear();
    for (std::size_t i = 0; i < m_pins.size(); ++i) {
        const DashboardPin& pin = m_pins[i];
        TimeSeriesChart* chart = makeTimeSeriesChart(m_grid);
        chart->setObjectName(QStringLiteral("dashboardChart"));
        if (pin.kind == DashboardPin::Kind::Group) {
            chart->setTitle(tr("Group %1 \u2014 lag").arg(pin.name));
            chart->setAxisTitles(tr("records"), {});
        } else {
            chart->setTitle(tr("Topic %1 \u2014 production rate").arg(pin.name));
            chart->setAxisTitles(tr("records/s"), {});
        }
        chart->setMinimumSize(280, 200);
        const int index = static_cast<int>(i);
        m_gridLayout->addWidget(chart, index / kColumns, index % kColumns);
        m_charts.push_back(chart);
    }
    m_empty->setVisible(m_pins.empty());
    requestHistory();
}

void DashboardView::showSnapshot(const kafka::SnapshotPtr& /*snapshot*/) { }

void DashboardView::showLagSnapshot(const kafka::LagSnapshotPtr& /*snapshot*/)
{
    // Nothing to do here: the charts refresh on HistoryService::snapshotRecorded, after the
    // sample is in the store.
}

void DashboardView::showEvent(QShowEvent* event)
{
    ClusterView::showEvent(event);
    reloadPins();
    requestHistory();
}

void DashboardView::requestHistory()
{
    if (!m_history || m_pins.empty())
        return;
    const std::string cluster = m_clusterName.toStdString();
    history::SeriesQuery query;
    for (const DashboardPin& pin : m_pins) {
        query.keys.push_back(pin.kind == DashboardPin::Kind::Group
                ? history::SeriesKey::forGroup(cluster, pin.name.toStdString())
                : history::SeriesKey::forTopic(cluster, pin.name.toStdString()));
    }
    const auto now = m_now();
    query.range = { now - kRange, now };
    query.maxPoints = std::max(50, m_charts.front()->plotWidth() / 2);
    m_pending = m_history->query(std::move(query));
}

void DashboardView::showAnswer(const history::SeriesAnswerPtr& answer)
{
    if (!answer || answer->id != m_pending)
        return;
    ++m_answered;
    m_note->setVisible(!answer->error.empty());
    if (!answer->error.empty())
        m_note->setText(tr("Couldn't read lag history: %1").arg(qs(answer->error)));
    const std::int64_t from = toMs(answer->query.range.from);
    const std::int64_t to = toMs(answer->query.range.to);
    for (std::size_t i = 0; i < m_charts.size() && i < answer->series.size() && i < m_pins.size(); ++i) {
        ChartSeries line;
        if (m_pins[i].kind == DashboardPin::Kind::Group) {
            line = { tr("lag (records)"), healthColor(Health::Warning), {}, false };
            for (const history::HistoryPoint& p : answer->series[i]) {
                if (p.lagMin && p.lagMax && *p.lagMin != *p.lagMax) {
                    line.points.push_back({ toMs(p.at), static_cast<double>(*p.lagMin) });
                    line.points.push_back({ std::max(toMs(p.at) + 1, toMs(p.lastAt)), static_cast<double>(*p.lagMax) });
                } else if (p.lagMax) {
                    line.points.push_back({ toMs(p.at), static_cast<double>(*p.lagMax) });
                }
            }
        } else {
            line = { tr("produce rate"), QColor(0x3b, 0x6e, 0xc4), {}, false };
            for (const history::HistoryPoint& p : answer->series[i]) {
                if (p.produceRate)
                    line.points.push_back({ toMs(p.at), *p.produceRate });
            }
        }
        std::vector<ChartSeries> series;
        series.push_back(std::move(line));
        m_charts[i]->setData(std::move(series), {}, from, to);
    }
}

} // namespace sluice::ui
