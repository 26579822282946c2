// SPDX-License-Identifier: Apache-2.0
// TimeSeriesChart on Qt Charts: one QChartView, QDateTimeAxis at the bottom, one or two value
// axes, a QLineSeries per series (replaced with QXYSeries::replace, one repaint per update) and
// a two-point QLineSeries per event marker.
#include "monitoring/time_series_chart.h"

#include <QChart>
#include <QChartView>
#include <QDateTime>
#include <QDateTimeAxis>
#include <QGraphicsLayout>
#include <QKeyEvent>
#include <QLegendMarker>
#include <QLineSeries>
#include <QLocale>
#include <QMouseEvent>
#include <QVBoxLayout>
#include <QValueAxis>
#include <QWheelEvent>
#include <algorithm>
#include <cmath>
#include <functional>
#include <limits>

namespace sluice::ui {
namespace {

// A chart view that turns wheel, right-drag and arrow keys into time-range changes.
class ZoomPanView : public QChartView {
public:
    ZoomPanView(QChart* chart, QWidget* parent, std::function<void(double, double)> onRange)
        : QChartView(chart, parent)
        , m_onRange(std::move(onRange))
    {
        setRubberBand(QChartView::HorizontalRubberBand);
        setRenderHint(QPainter::Antialiasing);
        setFocusPolicy(Qt::StrongFocus);
    }

protected:
    void wheelEvent(QWheelEvent* event) override
    {
        chart()->zoom(event->angleDelta().y() > 0 ? 1.25 : 0.8);
        emitRange();
        event->accept();
    }
    void mousePressEvent(QMouseEvent* event) override
    {
        if (event->button() == Qt::RightButton) {
            m_dragging = true;
            m_lastX = event->position().x();
            event->accept();
            return;
        }
        QChartView::mousePressEvent(event);
    }
    void mouseMoveEvent(QMouseEvent* event) override
    {
        if (m_dragging) {
            chart()->scroll(m_lastX - event->position().x(), 0);
            m_lastX = event->position().x();
            event->accept();
            return;
        }
        QChartView::mouseMoveEvent(event);
    }
    void mouseReleaseEvent(QMouseEvent* event) override
    {
        if (m_dragging && event->button() == Qt::RightButton) {
            m_dragging = false;
            emitRange();
            event->accept();
            return;
        }
        QChartView::mouseReleaseEvent(event);
        if (event->button() == Qt::LeftButton)
            emitRange(); // end of a rubber-band zoom
    }
    void keyPressEvent(QKeyEvent* event) override
    {
        const qreal step = chart()->plotArea().width() / 10.0;
        switch (event->key()) {
        case Qt::Key_Left:
            chart()->scroll(-step, 0);
            break;
        case Qt::Key_Right:
            chart()->scroll(step, 0);
            break;
        case Qt::Key_Plus:
            chart()->zoom(1.25);
            break;
        case Qt::Key_Minus:
            chart()->zoom(0.8);
            break;
        default:
            QChartView::keyPressEvent(event);
            return;
        }
        emitRange();
    }

private:
    void emitRange()
    {
        const auto axes = chart()->axes(Qt::Horizontal);
        if (axes.isEmpty())
            return;
        const auto* axis = static_cast<QDateTimeAxis*>(axes.front());
        m_onRange(
            static_cast<double>(axis->min().toMSecsSinceEpoch()), static_cast<double>(axis->max().toMSecsSinceEpoch()));
    }

    std::function<void(double, double)> m_onRange;
    bool m_dragging = false;
    qreal m_lastX = 0;
};

class QtTimeSeriesChart final : public TimeSeriesChart {
public:
    explicit QtTimeSeriesChart(QWidget* parent)
        : TimeSeriesChart(parent)
    {
        m_chart = new QChart;
        m_chart->legend()->setAlignment(Qt::AlignTop);
        m_chart->layout()->setContentsMargins(0, 0, 0, 0);
        m_chart->setMargins(QMargins(4, 4, 4, 4));
        m_chart->setBackgroundRoundness(0);
        m_timeAxis = new QDateTimeAxis;
        m_timeAxis->setFormat(QStringLiteral("HH:mm"));
        m_timeAxis->setTickCount(7);
        m_leftAxis = new QValueAxis;
        m_leftAxis->setLabelFormat(QStringLiteral("%.0f"));
        m_rightAxis = new QValueAxis;
        m_rightAxis->setLabelFormat(QStringLiteral("%.0f"));
        m_chart->addAxis(m_timeAxis, Qt::AlignBottom);
        m_chart->addAxis(m_leftAxis, Qt::AlignLeft);
        m_chart->addAxis(m_rightAxis, Qt::AlignRight);
        m_rightAxis->setVisible(false);
        m_view = new ZoomPanView(m_chart, this, [this](double from, double to) {
            emit rangeChanged(static_cast<std::int64_t>(from), static_cast<std::int64_t>(to));
        });
        auto* layout = new QVBoxLayout(this);
        layout->setContentsMargins(0, 0, 0, 0);
        layout->addWidget(m_view);
        setMinimumHeight(170);
    }

    void setTitle(const QString& title) override { m_chart->setTitle(title); }

    void setAxisTitles(const QString& left, const QString& right) override
    {
        m_leftAxis->setTitleText(left);
        m_rightAxis->setTitleText(right);
        m_rightAxis->setVisible(!right.isEmpty());
    }

    void setData(std::vector<ChartSeries> series, std::vector<ChartMarker> markers, std::int64_t fromMs,
        std::int64_t toMs) override
    {
        // Reuse line series where the count matches: replace() is one update per series.
        while (m_lines.size() > series.size()) {
            m_chart->removeSeries(m_lines.back());
            delete m_lines.back();
            m_lines.pop_back();
        }
        double leftMax = 0;
        double rightMax = 0;
        for (std::size_t i = 0; i < series.size(); ++i) {
            if (i == m_lines.size()) {
                auto* line = new QLineSeries(m_chart);
                m_chart->addSeries(line);
                line->attachAxis(m_timeAxis);
                connect(line, &QLineSeries::hovered, this,
                    [this, line](const QPointF& point, bool state) { hover(line, point, state); });
                m_lines.push_back(line);
                m_onRight.push_back(false);
            }
            QLineSeries* line = m_lines[i];
            ChartSeries& s = series[i];
            if (m_onRight[i] != s.rightAxis || line->attachedAxes().size() < 2) {
                for (QAbstractAxis* axis : line->attachedAxes())
                    if (axis != m_timeAxis)
                        line->detachAxis(axis);
                line->attachAxis(s.rightAxis ? m_rightAxis : m_leftAxis);
                m_onRight[i] = s.rightAxis;
            }
            line->setName(s.name);
            line->setPen(QPen(s.colour, 1.6));
            QList<QPointF> points;
            points.reserve(static_cast<qsizetype>(s.points.size()));
            for (const lag::SeriesPoint& p : s.points) {
                points.append(QPointF(static_cast<double>(p.timeMs), p.value));
                (s.rightAxis ? rightMax : leftMax) = std::max(s.rightAxis ? rightMax : leftMax, p.value);
            }
            line->replace(points);
        }
        for (QLineSeries* marker : m_markerLines) {
            m_chart->removeSeries(marker);
            delete marker;
        }
        m_markerLines.clear();
        const double top = niceCeiling(leftMax);
        for (const ChartMarker& marker : markers) {
            auto* line = new QLineSeries(m_chart);
            line->setName(marker.label);
            line->setPen(QPen(marker.colour, 1.0, Qt::DashLine));
            line->append(static_cast<double>(marker.timeMs), 0);
            line->append(static_cast<double>(marker.timeMs), top);
            m_chart->addSeries(line);
            line->attachAxis(m_timeAxis);
            line->attachAxis(m_leftAxis);
            m_markerLines.push_back(line);
            const auto legendMarkers = m_chart->legend()->markers(line);
            for (QLegendMarker* legendMarker : legendMarkers)
                legendMarker->setVisible(false);
            connect(line, &QLineSeries::hovered, this, [this, marker](const QPointF&, bool state) {
                emit hoverText(
                    state ? QStringLiteral("%1  %2").arg(
                        QDateTime::fromMSecsSinceEpoch(marker.timeMs).toString(QStringLiteral("yyyy-MM-dd HH:mm:ss")),
                        marker.label)
                          : QString());
            });
        }
        m_leftAxis->setRange(0, top);
        m_rightAxis->setRange(0, niceCeiling(rightMax));
        const std::int64_t span = std::max<std::int64_t>(1, toMs - fromMs);
        m_timeAxis->setFormat(span > 2LL * 86400 * 1000 ? QStringLiteral("MM-dd HH:mm") : QStringLiteral("HH:mm"));
        m_timeAxis->setRange(QDateTime::fromMSecsSinceEpoch(fromMs), QDateTime::fromMSecsSinceEpoch(toMs));
        m_markers = static_cast<int>(markers.size());
    }

    int seriesCount() const override { return static_cast<int>(m_lines.size()); }
    int pointCount(int series) const override
    {
        return series >= 0 && series < seriesCount()
            ? static_cast<int>(m_lines[static_cast<std::size_t>(series)]->count())
            : 0;
    }
    int markerCount() const override { return m_markers; }
    int plotWidth() const override
    {
        const int width = static_cast<int>(m_chart->plotArea().width());
        return width > 50 ? width : std::max(200, this->width() - 80);
    }

private:
    static double niceCeiling(double value)
    {
        if (!(value > 0))
            return 1;
        const double magnitude = std::pow(10.0, std::floor(std::log10(value)));
        for (double step : { 1.0, 2.0, 2.5, 5.0, 10.0 })
            if (value * 1.05 <= step * magnitude)
                return step * magnitude;
        return 10 * magnitude;
    }

    void hover(QLineSeries* line, const QPointF& point, bool state)
    {
        if (!state) {
            emit hoverText({});
            return;
        }
        emit hoverText(QStringLiteral("%1  %2: %3")
                           .arg(QDateTime::fromMSecsSinceEpoch(static_cast<qint64>(point.x()))
                                    .toString(QStringLiteral("yyyy-MM-dd HH:mm:ss")),
                               line->name(), QLocale().toString(point.y(), 'f', point.y() < 100 ? 2 : 0)));
    }

    QChart* m_chart = nullptr;
    ZoomPanView* m_view = nullptr;
    QDateTimeAxis* m_timeAxis = nullptr;
    QValueAxis* m_leftAxis = nullptr;
    QValueAxis* m_rightAxis = nullptr;
    std::vector<QLineSeries*> m_lines;
    std::vector<bool> m_onRight;
    std::vector<QLineSeries*> m_markerLines;
    int m_markers = 0;
};

} // namespace

TimeSeriesChart* makeQtTimeSeriesChart(QWidget* parent)
{
    return new QtTimeSeriesChart(parent);
}

} // namespace sluice::ui
