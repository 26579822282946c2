// SPDX-License-Identifier: Apache-2.0
#pragma once

// The chart layer behind the lag and rate charts, kept small so it can be replaced without
// touching the pages. Two implementations: a QPainter one that scrolls a cached frame and
// redraws only the pixel columns that changed (the default), and the Qt Charts one (set
// SLUICE_CHARTS=qtcharts). Series arrive already decimated (at most about two points per
// pixel column, computed off the GUI thread); the chart only draws them.

#include "lag/decimation.h"

#include <QColor>
#include <QString>
#include <QWidget>
#include <cstdint>
#include <memory>
#include <vector>

namespace sluice::ui {

struct ChartSeries {
    QString name;
    QColor colour;
    std::vector<lag::SeriesPoint> points; // time order
    bool rightAxis = false; // plotted against the secondary (right) value axis
};

// Something that happened at one moment, drawn as a vertical line on the time axis.
struct ChartMarker {
    std::int64_t timeMs = 0;
    QString label; // "OK → STOP"; the QPainter chart draws the part before ": " and shows all on hover
    QColor colour;
};

class TimeSeriesChart : public QWidget {
    Q_OBJECT
public:
    using QWidget::QWidget;

    virtual void setTitle(const QString& title) = 0;
    virtual void setAxisTitles(const QString& left, const QString& right) = 0;
    // Replaces every series and marker; the visible time range becomes [fromMs, toMs].
    virtual void setData(
        std::vector<ChartSeries> series, std::vector<ChartMarker> markers, std::int64_t fromMs, std::int64_t toMs)
        = 0;
    virtual int seriesCount() const = 0;
    virtual int pointCount(int series) const = 0;
    virtual int markerCount() const = 0;
    // Pixel columns of the plot area: what the caller should ask the store for.
    virtual int plotWidth() const = 0;

signals:
    // The user zoomed or panned to another time range (ms since the epoch).
    void rangeChanged(std::int64_t fromMs, std::int64_t toMs);
    // Hover read-out text for the status line under the chart (empty when the pointer leaves).
    void hoverText(const QString& text);
};

// The chart the pages use: the QPainter one, or Qt Charts when SLUICE_CHARTS=qtcharts.
TimeSeriesChart* makeTimeSeriesChart(QWidget* parent); // owned by parent

// QPainter: zoom by selecting a range with the left button or with the wheel (+/- keys), pan
// by dragging with the right button or with the arrow keys; each emits rangeChanged and the
// page answers with setData for the new range. Verdict and event markers are dashed lines in
// their colour with their label above the plot.
TimeSeriesChart* makePainterTimeSeriesChart(QWidget* parent);

// Qt Charts: zoom with a horizontal rubber band or the wheel, pan by dragging with the right
// button or with the arrow keys.
TimeSeriesChart* makeQtTimeSeriesChart(QWidget* parent);

} // namespace sluice::ui
