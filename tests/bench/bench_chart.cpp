// SPDX-License-Identifier: Apache-2.0
// B7: live chart updates. S series of P points, one new point per series per update (a
// sliding window, as a live chart at 1 Hz sees it). For each update we time the GUI-thread
// work only, for three paths in the same run:
//   ours   min/max decimation (src/lag/decimation) on a worker thread, then the GUI thread
//          hands the decimated series to the chart the app uses (makeTimeSeriesChart: the
//          QPainter chart unless SLUICE_CHARTS=qtcharts) and renders it; also its full
//          redraw (what a zoom or resize costs), forced by resizing it by one pixel;
//   qtc    the same with the decimated Qt Charts implementation (skipped with --skip-naive);
//   raw    QPainter::drawPolyline of every point of every series into a same-size image;
//   naive  a QChartView with one QLineSeries per series, replace() with all points, render.
// Rendering is forced with QWidget::render into an image (offscreen platform), so paint cost
// is included. Updates run back to back; at 1 Hz the GUI thread would be idle in between.
//   bench_chart [--series S] [--points P] [--updates U] [--skip-naive]
#include "lag/decimation.h"
#include "monitoring/time_series_chart.h"

#include <QApplication>
#include <QChart>
#include <QChartView>
#include <QDateTime>
#include <QDateTimeAxis>
#include <QElapsedTimer>
#include <QImage>
#include <QLineSeries>
#include <QPainter>
#include <QValueAxis>
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <future>
#include <random>
#include <string>
#include <vector>

using sluice::lag::SeriesPoint;

namespace {

constexpr int kWidth = 1600;
constexpr int kHeight = 900;

struct Stats {
    std::vector<double> ms;
    double pct(double p) const
    {
        if (ms.empty())
            return 0.0;
        std::vector<double> v = ms;
        std::sort(v.begin(), v.end());
        const auto i = static_cast<std::size_t>(std::ceil(p / 100.0 * static_cast<double>(v.size()))) - 1;
        return v[std::min(i, v.size() - 1)];
    }
};

class Data {
public:
    Data(int series, int points)
        : m_series(static_cast<std::size_t>(series))
    {
        std::mt19937 rng(7);
        std::normal_distribution<double> step(0.0, 5.0);
        for (int s = 0; s < series; ++s) {
            double v = 1000.0 + 50.0 * s;
            for (int i = 0; i < points; ++i) {
                v = std::max(0.0, v + step(rng));
                m_series[static_cast<std::size_t>(s)].push_back({ m_startMs + i * 1000LL, v });
            }
            m_values.push_back(v);
        }
        m_next = m_startMs + points * 1000LL;
    }
    void advance()
    {
        std::mt19937 rng(static_cast<unsigned>(m_next));
        std::normal_distribution<double> step(0.0, 5.0);
        for (std::size_t s = 0; s < m_series.size(); ++s) {
            m_values[s] = std::max(0.0, m_values[s] + step(rng));
            m_series[s].erase(m_series[s].begin());
            m_series[s].push_back({ m_next, m_values[s] });
        }
        m_next += 1000;
    }
    const std::vector<std::vector<SeriesPoint>>& series() const { return m_series; }
    std::int64_t from() const { return m_series.front().front().timeMs; }
    std::int64_t to() const { return m_series.front().back().timeMs; }

private:
    std::int64_t m_startMs = 1'700'000'000'000LL;
    std::int64_t m_next = 0;
    std::vector<std::vector<SeriesPoint>> m_series;
    std::vector<double> m_values;
};

QColor colourOf(std::size_t s)
{
    return QColor::fromHsv(static_cast<int>((s * 47) % 360), 160, 200);
}

void report(const char* name, const Stats& s)
{
    std::printf("%-34s p50 %8.2f ms   p99 %8.2f ms   (n=%zu)\n", name, s.pct(50), s.pct(99), s.ms.size());
}

struct LiveResult {
    Stats gui, decimation, full;
};

// Live updates through a TimeSeriesChart made by `make`: decimation on a worker thread, then
// setData and a render on this (the GUI) thread, timed. Then `updates` full redraws forced by
// resizing the chart by one pixel, which is what a zoom, a resize or a new value scale costs.
LiveResult runLive(sluice::ui::TimeSeriesChart* (*make)(QWidget*), int series, int points, int updates, QImage& target)
{
    LiveResult result;
    Data data(series, points);
    QWidget host;
    sluice::ui::TimeSeriesChart* chart = make(&host);
    host.resize(kWidth, kHeight);
    chart->resize(kWidth, kHeight);
    host.show();
    QApplication::processEvents();
    const auto decimate = [&data, chart] {
        const int columns = std::max(100, chart->plotWidth());
        return std::async(std::launch::async, [&data, columns] {
            std::vector<sluice::ui::ChartSeries> out;
            const std::int64_t bucket = sluice::lag::bucketWidthFor(data.from(), data.to() + 1, columns / 2);
            for (std::size_t s = 0; s < data.series().size(); ++s)
                out.push_back({ QStringLiteral("s%1").arg(s), colourOf(s),
                    sluice::lag::decimateMinMax(data.series()[s], bucket), false });
            return out;
        });
    };
    qulonglong fullAtStart = 0;
    for (int u = 0; u <= updates + 1; ++u) {
        if (u == 2)
            fullAtStart = chart->property("fullRedraws").toULongLong();
        data.advance();
        QElapsedTimer off;
        off.start();
        auto decimated = decimate().get();
        const double offMs = static_cast<double>(off.nsecsElapsed()) / 1e6;
        QElapsedTimer gui;
        gui.start();
        chart->setData(std::move(decimated), {}, data.from(), data.to());
        QPainter painter(&target);
        chart->render(&painter);
        painter.end();
        // Two warm-up updates: the first builds the series objects and sets the value axis,
        // whose label width sets the plot width (and so the decimation) of the second.
        if (u > 1) {
            result.gui.ms.push_back(static_cast<double>(gui.nsecsElapsed()) / 1e6);
            result.decimation.ms.push_back(offMs);
        }
    }
    const qulonglong fullBefore = chart->property("fullRedraws").toULongLong();
    if (chart->property("fullRedraws").isValid())
        std::printf("  %s: %llu of %d live updates redrew the whole frame, %llu only the changed columns\n",
            make == sluice::ui::makeQtTimeSeriesChart ? "qtcharts" : "ours", fullBefore - fullAtStart, updates,
            updates - (fullBefore - fullAtStart));
    for (int u = 0; u < updates; ++u) {
        auto decimated = decimate().get();
        QElapsedTimer gui;
        gui.start();
        chart->resize(kWidth - (u % 2), kHeight);
        chart->setData(std::move(decimated), {}, data.from(), data.to());
        QPainter painter(&target);
        chart->render(&painter);
        painter.end();
        result.full.ms.push_back(static_cast<double>(gui.nsecsElapsed()) / 1e6);
    }
    return result;
}

} // namespace

int main(int argc, char** argv)
{
    qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    int series = 50, points = 3600, updates = 30;
    bool skipNaive = false;
    const QStringList args = app.arguments();
    for (int i = 1; i < args.size(); ++i) {
        const QString a = args[i];
        auto next = [&] { return i + 1 < args.size() ? args[++i].toInt() : 0; };
        if (a == QLatin1String("--series"))
            series = next();
        else if (a == QLatin1String("--points"))
            points = next();
        else if (a == QLatin1String("--updates"))
            updates = next();
        else if (a == QLatin1String("--skip-naive"))
            skipNaive = true;
    }
    if (series < 1 || points < 2 || updates < 1) {
        std::fprintf(stderr, "bench_chart: bad arguments\n");
        return 2;
    }
    std::printf("B7 live chart: %d series x %d points, %d updates, %dx%d, platform %s\n", series, points, updates,
        kWidth, kHeight, qPrintable(QGuiApplication::platformName()));

    QImage target(kWidth, kHeight, QImage::Format_ARGB32_Premultiplied);

    // --- ours: decimate on a worker thread, GUI thread sets and renders ---
    const LiveResult ours = runLive(sluice::ui::makeTimeSeriesChart, series, points, updates, target);
    report("ours (GUI thread, live update)", ours.gui);
    report("ours decimation (worker thread)", ours.decimation);
    report("ours full redraw (zoom/resize)", ours.full);
    LiveResult qtDecimated;
    if (!skipNaive) {
        qtDecimated = runLive(sluice::ui::makeQtTimeSeriesChart, series, points, updates, target);
        report("decimated Qt Charts (GUI thread)", qtDecimated.gui);
    }

    // --- raw QPainter: every point, every series ---
    Stats raw;
    {
        Data data(series, points);
        for (int u = 0; u <= updates; ++u) {
            data.advance();
            QElapsedTimer gui;
            gui.start();
            target.fill(Qt::white);
            QPainter painter(&target);
            painter.setRenderHint(QPainter::Antialiasing, false);
            const double span = static_cast<double>(data.to() - data.from());
            double maxValue = 1.0;
            for (const auto& s : data.series())
                for (const SeriesPoint& p : s)
                    maxValue = std::max(maxValue, p.value);
            QVector<QPointF> poly;
            for (std::size_t s = 0; s < data.series().size(); ++s) {
                poly.clear();
                poly.reserve(static_cast<qsizetype>(data.series()[s].size()));
                for (const SeriesPoint& p : data.series()[s])
                    poly.append(QPointF(static_cast<double>(p.timeMs - data.from()) / span * kWidth,
                        kHeight - p.value / maxValue * kHeight));
                painter.setPen(QPen(colourOf(s), 1));
                painter.drawPolyline(poly.constData(), static_cast<int>(poly.size()));
            }
            painter.end();
            if (u > 0)
                raw.ms.push_back(static_cast<double>(gui.nsecsElapsed()) / 1e6);
        }
    }
    report("raw QPainter drawPolyline", raw);

    // --- naive Qt Charts: replace() with all points ---
    Stats naive;
    if (!skipNaive) {
        Data data(series, points);
        auto* qchart = new QChart;
        qchart->legend()->hide();
        auto* xAxis = new QDateTimeAxis;
        auto* yAxis = new QValueAxis;
        qchart->addAxis(xAxis, Qt::AlignBottom);
        qchart->addAxis(yAxis, Qt::AlignLeft);
        std::vector<QLineSeries*> lines;
        for (int s = 0; s < series; ++s) {
            auto* line = new QLineSeries;
            qchart->addSeries(line);
            line->attachAxis(xAxis);
            line->attachAxis(yAxis);
            line->setColor(colourOf(static_cast<std::size_t>(s)));
            lines.push_back(line);
        }
        QChartView view(qchart);
        view.resize(kWidth, kHeight);
        view.show();
        QApplication::processEvents();
        for (int u = 0; u <= updates; ++u) {
            data.advance();
            QElapsedTimer gui;
            gui.start();
            double maxValue = 1.0;
            for (std::size_t s = 0; s < lines.size(); ++s) {
                QList<QPointF> pts;
                pts.reserve(static_cast<qsizetype>(data.series()[s].size()));
                for (const SeriesPoint& p : data.series()[s]) {
                    pts.append(QPointF(static_cast<double>(p.timeMs), p.value));
                    maxValue = std::max(maxValue, p.value);
                }
                lines[s]->replace(pts);
            }
            xAxis->setRange(QDateTime::fromMSecsSinceEpoch(data.from()), QDateTime::fromMSecsSinceEpoch(data.to()));
            yAxis->setRange(0, maxValue);
            QPainter painter(&target);
            view.render(&painter);
            painter.end();
            if (u > 0)
                naive.ms.push_back(static_cast<double>(gui.nsecsElapsed()) / 1e6);
        }
        report("naive Qt Charts replace()", naive);
    } else {
        std::printf("%-34s skipped (--skip-naive)\n", "naive Qt Charts replace()");
    }

    const Stats& o = ours.gui;
    std::printf("ratio raw/ours p50 %.1fx p99 %.1fx\n", raw.pct(50) / o.pct(50), raw.pct(99) / o.pct(99));
    if (!qtDecimated.gui.ms.empty())
        std::printf("ratio decimated-qtcharts/ours p50 %.1fx p99 %.1fx\n", qtDecimated.gui.pct(50) / o.pct(50),
            qtDecimated.gui.pct(99) / o.pct(99));
    if (!naive.ms.empty())
        std::printf("ratio naive/ours p50 %.1fx p99 %.1fx\n", naive.pct(50) / o.pct(50), naive.pct(99) / o.pct(99));
    std::printf("target: live update p99 <= %s ms: %s\n", series * static_cast<long>(points) > 1'000'000 ? "33" : "16",
        o.pct(99) <= (series * static_cast<long>(points) > 1'000'000 ? 33.0 : 16.0) ? "met" : "MISSED");
    return 0;
}
