// SPDX-License-Identifier: Apache-2.0
// TimeSeriesChart drawn with QPainter into a cached frame image.
//
// Time maps to pixels on a grid anchored at the epoch: one pixel column covers msPerPx
// milliseconds and column k starts at k * msPerPx, so when a live range slides forward by
// some seconds, everything already drawn moves by a whole number of columns. An update then
// scrolls the plot part of the frame, finds the columns whose content changed (comparing the
// new series with the previous ones point by point) and redraws only those, plus the
// time-axis labels. Everything else (a new value scale, new series, markers, a resize or a
// zoom) redraws the frame in full. paintEvent copies the frame and adds the hover line, the
// rubber band and the pan offset on top.
#include "monitoring/time_series_chart.h"

#include <QDateTime>
#include <QFontMetrics>
#include <QImage>
#include <QKeyEvent>
#include <QLocale>
#include <QMouseEvent>
#include <QPaintEvent>
#include <QPainter>
#include <QPainterPath>
#include <QWheelEvent>
#include <algorithm>
#include <array>
#include <cmath>
#include <cstring>
#include <limits>
#include <optional>

namespace sluice::ui {
namespace {

constexpr int kMinHeight = 170;
constexpr int kMaxLegendRows = 3;
constexpr double kLineWidth = 1.6; // lines of charts with few points
// Above this many points in view, lines are 1 px cosmetic (QPainter's fast antialiased line
// path); the 1.6 px stroker costs about 10x more per segment.
constexpr std::size_t kThinLinesAbove = 12'000;
constexpr int kBleed = 3; // columns around a changed point that a line (antialiased, 1.6 px) may touch

std::int64_t floorDiv(std::int64_t a, std::int64_t b)
{
    std::int64_t q = a / b;
    if (a % b != 0 && ((a < 0) != (b < 0)))
        --q;
    return q;
}

double niceCeiling(double value)
{
    if (!(value > 0))
        return 1;
    const double magnitude = std::pow(10.0, std::floor(std::log10(value)));
    for (double step : { 1.0, 2.0, 2.5, 5.0, 10.0 })
        if (value * 1.05 <= step * magnitude)
            return step * magnitude;
    return 10 * magnitude;
}

QString valueLabel(double value, double step)
{
    const int decimals = step >= 1 ? 0 : std::min(3, static_cast<int>(std::ceil(-std::log10(step) - 1e-9)));
    return QLocale().toString(value, 'f', decimals);
}

QString timeText(std::int64_t ms)
{
    return QDateTime::fromMSecsSinceEpoch(ms).toString(QStringLiteral("yyyy-MM-dd HH:mm:ss"));
}

// Everything the frame depends on apart from the series points and where the range starts:
// when this is unchanged, an update can scroll the frame instead of redrawing it.
struct FrameKey {
    QSize size;
    qreal dpr = 1;
    QString title, leftTitle, rightTitle;
    std::vector<std::tuple<QString, QRgb, bool>> series; // name, colour, right axis
    std::vector<std::tuple<std::int64_t, QString, QRgb>> markers;
    std::int64_t msPerPx = 1;
    double leftTop = 1, rightTop = 1;
    bool empty = true;
    bool thinLines = false;
    friend bool operator==(const FrameKey&, const FrameKey&) = default;
};

class PainterTimeSeriesChart final : public TimeSeriesChart {
public:
    explicit PainterTimeSeriesChart(QWidget* parent)
        : TimeSeriesChart(parent)
    {
        setMinimumHeight(kMinHeight);
        setMouseTracking(true);
        setFocusPolicy(Qt::StrongFocus);
        setAttribute(Qt::WA_OpaquePaintEvent);
    }

    void setTitle(const QString& title) override
    {
        m_title = title;
        invalidate();
    }

    void setAxisTitles(const QString& left, const QString& right) override
    {
        m_leftTitle = left;
        m_rightTitle = right;
        invalidate();
    }

    void setData(std::vector<ChartSeries> series, std::vector<ChartMarker> markers, std::int64_t fromMs,
        std::int64_t toMs) override
    {
        m_previous = std::move(m_series);
        m_series = std::move(series);
        m_markers = std::move(markers);
        m_from = fromMs;
        m_to = std::max(toMs, fromMs + 1);
        std::size_t points = 0;
        for (const ChartSeries& s : m_series)
            points += s.points.size();
        m_thinLines = points > kThinLinesAbove;
        m_panDx = 0;
        redraw(true);
    }

    int seriesCount() const override { return static_cast<int>(m_series.size()); }
    int pointCount(int series) const override
    {
        return series >= 0 && series < seriesCount()
            ? static_cast<int>(m_series[static_cast<std::size_t>(series)].points.size())
            : 0;
    }
    int markerCount() const override { return static_cast<int>(m_markers.size()); }
    int plotWidth() const override
    {
        const int width = layoutFor(size(), leftTop(), rightTop()).width();
        return width > 50 ? width : std::max(200, this->width() - 80);
    }

protected:
    void paintEvent(QPaintEvent* event) override
    {
        if (m_frame.isNull() || m_frameKey.size != size() || m_frameKey.dpr != devicePixelRatioF())
            redraw(false);
        QPainter p(this);
        if (m_panDx == 0) {
            p.drawImage(event->rect(), m_frame, imageRect(event->rect()));
        } else {
            p.drawImage(QPoint(0, 0), m_frame);
            p.save();
            p.setClipRect(m_plot);
            p.fillRect(m_plot, palette().color(QPalette::Base));
            p.drawImage(m_plot.translated(m_panDx, 0), m_frame, imageRect(m_plot));
            p.restore();
        }
        if (m_rubber) {
            const int a = std::clamp(std::min(m_rubberFrom, m_rubberTo), m_plot.left(), m_plot.right());
            const int b = std::clamp(std::max(m_rubberFrom, m_rubberTo), m_plot.left(), m_plot.right());
            QColor fill = palette().color(QPalette::Highlight);
            fill.setAlpha(60);
            p.fillRect(QRect(a, m_plot.top(), b - a + 1, m_plot.height()), fill);
        }
        if (m_hoverX >= 0 && m_panDx == 0) {
            QColor line = palette().color(QPalette::Text);
            line.setAlpha(110);
            p.setPen(QPen(line, 1));
            p.drawLine(m_hoverX, m_plot.top(), m_hoverX, m_plot.bottom());
            if (m_hoverDot) {
                p.setRenderHint(QPainter::Antialiasing);
                p.setPen(QPen(palette().color(QPalette::Base), 1.5));
                p.setBrush(m_hoverColour);
                p.drawEllipse(*m_hoverDot, 3.5, 3.5);
            }
        }
    }

    void resizeEvent(QResizeEvent* event) override
    {
        TimeSeriesChart::resizeEvent(event);
        invalidate();
    }

    void changeEvent(QEvent* event) override
    {
        TimeSeriesChart::changeEvent(event);
        if (event->type() == QEvent::PaletteChange || event->type() == QEvent::FontChange)
            invalidate();
    }

    void mouseMoveEvent(QMouseEvent* event) override
    {
        const int x = static_cast<int>(event->position().x());
        if (m_panning) {
            m_panDx = x - m_panStartX;
            update(m_plot);
            return;
        }
        if (m_rubber) {
            m_rubberTo = x;
            update(m_plot);
            return;
        }
        hoverAt(event->position());
    }

    void leaveEvent(QEvent* event) override
    {
        TimeSeriesChart::leaveEvent(event);
        clearHover();
    }

    void mousePressEvent(QMouseEvent* event) override
    {
        const int x = static_cast<int>(event->position().x());
        if (!m_plot.contains(event->position().toPoint()))
            return TimeSeriesChart::mousePressEvent(event);
        clearHover();
        if (event->button() == Qt::RightButton) {
            m_panning = true;
            m_panStartX = x;
            m_panDx = 0;
        } else if (event->button() == Qt::LeftButton) {
            m_rubber = true;
            m_rubberFrom = m_rubberTo = x;
        }
        event->accept();
    }

    void mouseReleaseEvent(QMouseEvent* event) override
    {
        if (m_panning && event->button() == Qt::RightButton) {
            m_panning = false;
            const double shift = -static_cast<double>(m_panDx) * static_cast<double>(m_msPerPx);
            if (m_panDx != 0)
                emitRange(static_cast<double>(m_from) + shift, static_cast<double>(m_to) + shift);
            else
                update(m_plot);
            return;
        }
        if (m_rubber && event->button() == Qt::LeftButton) {
            m_rubber = false;
            const int a = std::clamp(std::min(m_rubberFrom, m_rubberTo), m_plot.left(), m_plot.right() + 1);
            const int b = std::clamp(std::max(m_rubberFrom, m_rubberTo), m_plot.left(), m_plot.right() + 1);
            update(m_plot);
            if (b - a >= 3) // a click is not a zoom
                emitRange(timeAtX(a), timeAtX(b));
            return;
        }
        TimeSeriesChart::mouseReleaseEvent(event);
    }

    void wheelEvent(QWheelEvent* event) override
    {
        const double factor = event->angleDelta().y() > 0 ? 0.8 : 1.25;
        const double anchor = m_plot.contains(event->position().toPoint()) ? timeAtX(event->position().x())
                                                                           : (static_cast<double>(m_from + m_to)) / 2;
        emitRange(anchor - (anchor - static_cast<double>(m_from)) * factor,
            anchor + (static_cast<double>(m_to) - anchor) * factor);
        event->accept();
    }

    void keyPressEvent(QKeyEvent* event) override
    {
        const double span = static_cast<double>(m_to - m_from);
        const double from = static_cast<double>(m_from);
        const double to = static_cast<double>(m_to);
        const double mid = (from + to) / 2;
        switch (event->key()) {
        case Qt::Key_Left:
            emitRange(from - span / 10, to - span / 10);
            break;
        case Qt::Key_Right:
            emitRange(from + span / 10, to + span / 10);
            break;
        case Qt::Key_Plus:
            emitRange(mid - span * 0.4, mid + span * 0.4);
            break;
        case Qt::Key_Minus:
            emitRange(mid - span * 0.625, mid + span * 0.625);
            break;
        default:
            TimeSeriesChart::keyPressEvent(event);
        }
    }

private:
    double leftTop() const { return axisTop(false); }
    double rightTop() const { return axisTop(true); }
    double axisTop(bool right) const
    {
        double max = 0;
        for (const ChartSeries& s : m_series)
            if (s.rightAxis == right)
                for (const lag::SeriesPoint& p : s.points)
                    max = std::max(max, p.value);
        return niceCeiling(max);
    }
    bool hasRightAxis() const { return !m_rightTitle.isEmpty(); }

    QFont titleFont() const
    {
        QFont f = font();
        f.setBold(true);
        return f;
    }

    // Legend entries laid out in rows after the title; returns the rows' rectangles per entry.
    struct LegendItem {
        QRect rect;
        int series = -1; // -1: the "+N more" note
        std::size_t more = 0;
    };
    std::vector<LegendItem> legendFor(int width, int* bottom) const
    {
        const QFontMetrics fm(font());
        const QFontMetrics tfm(titleFont());
        const int rowHeight = std::max(fm.height(), tfm.height());
        int x = 6 + (m_title.isEmpty() ? 0 : tfm.horizontalAdvance(m_title) + 18);
        int row = 0;
        std::vector<LegendItem> items;
        for (std::size_t i = 0; i < m_series.size(); ++i) {
            const int w = 22 + fm.horizontalAdvance(m_series[i].name) + 14;
            if (x + w > width - 6 && x > 6) {
                if (row + 1 == kMaxLegendRows) {
                    const QString more = QObject::tr("+%1 more").arg(m_series.size() - i);
                    items.push_back({ QRect(x, 4 + row * rowHeight, fm.horizontalAdvance(more) + 8, rowHeight), -1,
                        m_series.size() - i });
                    break;
                }
                ++row;
                x = 6;
            }
            items.push_back({ QRect(x, 4 + row * rowHeight, w, rowHeight), static_cast<int>(i), 0 });
            x += w;
        }
        if (bottom)
            *bottom = 4 + (row + 1) * rowHeight;
        return items;
    }

    QRect layoutFor(QSize size, double leftTop, double rightTop) const
    {
        const QFontMetrics fm(font());
        int legendBottom = 0;
        legendFor(size.width(), &legendBottom);
        int leftLabels = 0;
        int rightLabels = 0;
        for (int i = 0; i <= 5; ++i) {
            leftLabels = std::max(leftLabels, fm.horizontalAdvance(valueLabel(leftTop * i / 5, leftTop / 5)));
            rightLabels = std::max(rightLabels, fm.horizontalAdvance(valueLabel(rightTop * i / 5, rightTop / 5)));
        }
        const int left = 6 + (m_leftTitle.isEmpty() ? 0 : fm.height() + 4) + leftLabels + 6;
        const int right = hasRightAxis() ? 6 + fm.height() + 4 + rightLabels + 6
                                         : 6 + fm.horizontalAdvance(QStringLiteral("00:00")) / 2;
        const int top = legendBottom + 6 + fm.height(); // a row for marker labels
        const int bottom = fm.height() + 8;
        return QRect(left, top, std::max(1, size.width() - left - right), std::max(1, size.height() - top - bottom));
    }

    QRect imageRect(const QRect& r) const
    {
        const qreal dpr = m_frame.devicePixelRatio();
        return QRect(QPoint(static_cast<int>(r.left() * dpr), static_cast<int>(r.top() * dpr)),
            QSize(static_cast<int>(r.width() * dpr), static_cast<int>(r.height() * dpr)));
    }

    double xOf(std::int64_t timeMs) const
    {
        return m_plot.left() + static_cast<double>(timeMs - m_originMs) / static_cast<double>(m_msPerPx);
    }
    double timeAtX(double x) const
    {
        return static_cast<double>(m_originMs) + (x - m_plot.left()) * static_cast<double>(m_msPerPx);
    }
    double yOf(double value, bool right) const
    {
        const double top = right ? m_frameKey.rightTop : m_frameKey.leftTop;
        return m_plot.bottom() + 1 - value / top * m_plot.height();
    }
    int columnOf(std::int64_t timeMs) const
    {
        return static_cast<int>(
            std::clamp<std::int64_t>(floorDiv(timeMs - m_originMs, m_msPerPx), -1'000'000, 1'000'000));
    }

    void emitRange(double from, double to)
    {
        if (!(to > from))
            return;
        emit rangeChanged(static_cast<std::int64_t>(std::llround(from)), static_cast<std::int64_t>(std::llround(to)));
    }

    void invalidate()
    {
        m_frame = QImage();
        m_previous.clear();
        update();
    }

    FrameKey keyFor(QSize size, double leftTopValue, double rightTopValue, std::int64_t msPerPx) const
    {
        FrameKey key;
        key.size = size;
        key.dpr = devicePixelRatioF();
        key.title = m_title;
        key.leftTitle = m_leftTitle;
        key.rightTitle = m_rightTitle;
        key.empty = true;
        for (const ChartSeries& s : m_series) {
            key.series.emplace_back(s.name, s.colour.rgba(), s.rightAxis);
            key.empty = key.empty && s.points.empty();
        }
        for (const ChartMarker& m : m_markers)
            key.markers.emplace_back(m.timeMs, m.label, m.colour.rgba());
        key.msPerPx = msPerPx;
        key.thinLines = m_thinLines;
        key.leftTop = leftTopValue;
        key.rightTop = rightTopValue;
        return key;
    }

    // Brings the frame up to date with the current data, incrementally when `mayScroll` and
    // nothing but the points and the start of the range changed.
    void redraw(bool mayScroll)
    {
        const QSize size = this->size();
        if (size.isEmpty()) {
            m_frame = QImage(); // drawn at the first paint
            return;
        }
        const double lt = leftTop();
        const double rt = rightTop();
        const QRect plot = layoutFor(size, lt, rt);
        const std::int64_t msPerPx = lag::bucketWidthFor(m_from, m_to, plot.width());
        const std::int64_t originMs = floorDiv(m_from, msPerPx) * msPerPx;
        FrameKey key = keyFor(size, lt, rt, msPerPx);
        const qreal dpr = devicePixelRatioF();
        const std::int64_t shift = (originMs - m_originMs) / std::max<std::int64_t>(m_msPerPx, 1);
        const bool canScroll = mayScroll && !m_frame.isNull() && key == m_frameKey && !key.empty
            && std::floor(dpr) == dpr && shift >= 0 && shift < plot.width() / 2 && m_previous.size() == m_series.size();
        m_plot = plot;
        m_msPerPx = msPerPx;
        if (canScroll) {
            m_originMs = originMs;
            if (redrawChanged(static_cast<int>(shift))) {
                m_previous.clear();
                update();
                return;
            }
        }
        m_originMs = originMs;
        m_frameKey = std::move(key);
        m_frame = QImage(size * dpr, QImage::Format_ARGB32_Premultiplied);
        m_frame.setDevicePixelRatio(dpr);
        QPainter p(&m_frame);
        p.fillRect(QRect(QPoint(0, 0), size), palette().color(QPalette::Base));
        drawHeader(p);
        drawValueAxes(p);
        drawTimeLabels(p);
        drawColumns(p, 0, m_plot.width());
        p.end();
        m_previous.clear();
        setProperty("fullRedraws", QVariant::fromValue(++m_fullRedraws)); // read by the B7 benchmark
        update();
    }

    // Scrolls the plot by `shift` columns and redraws the columns whose lines changed.
    // Returns false when so much changed that a full redraw is cheaper.
    bool redrawChanged(int shift)
    {
        const int width = m_plot.width();
        std::vector<char> dirty(static_cast<std::size_t>(width), 0);
        const auto markSpan = [&](std::int64_t a, std::int64_t b) {
            int c0 = columnOf(std::min(a, b)) - kBleed;
            int c1 = columnOf(std::max(a, b)) + kBleed;
            if (c1 < 0 || c0 >= width)
                return;
            c0 = std::max(c0, 0);
            c1 = std::min(c1, width - 1);
            std::fill(dirty.begin() + c0, dirty.begin() + c1 + 1, char(1));
        };
        // A changed point changes the segments to its neighbours.
        const auto markPoint = [&](const std::vector<lag::SeriesPoint>& pts, std::size_t i) {
            markSpan(pts[i > 0 ? i - 1 : i].timeMs, pts[i + 1 < pts.size() ? i + 1 : i].timeMs);
        };
        for (std::size_t s = 0; s < m_series.size(); ++s) {
            const auto& now = m_series[s].points;
            const auto& before = m_previous[s].points;
            std::size_t a = 0;
            std::size_t b = 0;
            while (a < before.size() || b < now.size()) {
                if (b == now.size() || (a < before.size() && before[a].timeMs < now[b].timeMs)) {
                    markPoint(before, a++);
                } else if (a == before.size() || now[b].timeMs < before[a].timeMs) {
                    markPoint(now, b++);
                } else {
                    if (before[a].value != now[b].value) {
                        markPoint(before, a);
                        markPoint(now, b);
                    }
                    ++a;
                    ++b;
                }
            }
        }
        std::fill(dirty.end() - std::min(shift + kBleed, width), dirty.end(), char(1)); // scrolled in
        std::fill(dirty.begin(), dirty.begin() + std::min(kBleed + 1, width), char(1)); // the left axis line
        if (std::count(dirty.begin(), dirty.end(), char(1)) > width / 2)
            return false;

        // Scroll the plot rectangle left by `shift` columns (device pixels).
        const int dpr = static_cast<int>(m_frame.devicePixelRatio());
        if (shift > 0) {
            const int left = m_plot.left() * dpr;
            const int w = width * dpr;
            const int s = shift * dpr;
            for (int y = scrollTop() * dpr; y < (m_plot.bottom() + 1) * dpr; ++y) {
                auto* line = reinterpret_cast<QRgb*>(m_frame.scanLine(y)) + left;
                std::memmove(line, line + s, static_cast<std::size_t>(w - s) * sizeof(QRgb));
            }
        }
        QPainter p(&m_frame);
        for (int c = 0; c < width;) {
            if (!dirty[static_cast<std::size_t>(c)]) {
                ++c;
                continue;
            }
            int end = c;
            while (end < width && dirty[static_cast<std::size_t>(end)])
                ++end;
            drawColumns(p, c, end);
            c = end;
        }
        drawTimeLabels(p);
        setProperty("partialRedraws", QVariant::fromValue(++m_partialRedraws));
        return true;
    }

    void drawHeader(QPainter& p)
    {
        const QFontMetrics fm(font());
        const QFontMetrics tfm(titleFont());
        const int rowHeight = std::max(fm.height(), tfm.height());
        p.setPen(palette().color(QPalette::Text));
        if (!m_title.isEmpty()) {
            p.setFont(titleFont());
            p.drawText(QRect(6, 4, tfm.horizontalAdvance(m_title) + 2, rowHeight), Qt::AlignVCenter, m_title);
            p.setFont(font());
        }
        p.setRenderHint(QPainter::Antialiasing);
        for (const LegendItem& item : legendFor(width(), nullptr)) {
            if (item.series < 0) {
                p.setPen(palette().color(QPalette::PlaceholderText));
                p.drawText(item.rect, Qt::AlignVCenter, QObject::tr("+%1 more").arg(item.more));
                continue;
            }
            const ChartSeries& s = m_series[static_cast<std::size_t>(item.series)];
            const int y = item.rect.center().y();
            p.setPen(QPen(s.colour, 3, Qt::SolidLine, Qt::RoundCap));
            p.drawLine(item.rect.left() + 2, y, item.rect.left() + 16, y);
            p.setPen(palette().color(QPalette::Text));
            p.drawText(item.rect.adjusted(22, 0, 0, 0), Qt::AlignVCenter, s.name);
        }
        p.setRenderHint(QPainter::Antialiasing, false);
    }

    void drawValueAxes(QPainter& p)
    {
        const QFontMetrics fm(font());
        const QColor text = palette().color(QPalette::Text);
        p.setPen(text);
        for (int side = 0; side < (hasRightAxis() ? 2 : 1); ++side) {
            const bool right = side == 1;
            const double top = right ? m_frameKey.rightTop : m_frameKey.leftTop;
            for (int i = 0; i <= 5; ++i) {
                const double v = top * i / 5;
                const int y = static_cast<int>(std::lround(yOf(v, right)));
                const QString label = valueLabel(v, top / 5);
                const int w = fm.horizontalAdvance(label);
                const int x = right ? m_plot.right() + 7 : m_plot.left() - 6 - w;
                p.drawText(QRect(x, y - fm.height() / 2, w + 1, fm.height()), Qt::AlignVCenter, label);
            }
            const QString& title = right ? m_rightTitle : m_leftTitle;
            if (title.isEmpty())
                continue;
            p.save();
            const int x = right ? width() - 6 - fm.height() / 2 : 6 + fm.height() / 2;
            p.translate(x, m_plot.center().y());
            p.rotate(right ? 90 : -90);
            p.drawText(
                QRect(-m_plot.height() / 2, -fm.height() / 2, m_plot.height(), fm.height()), Qt::AlignCenter, title);
            p.restore();
        }
    }

    // Time ticks at round local times; the step is the smallest that leaves room for labels.
    struct TimeTicks {
        std::int64_t first = 0;
        std::int64_t step = 1;
        QString format;
    };
    TimeTicks timeTicks() const
    {
        static constexpr std::array<std::int64_t, 20> steps { 1'000, 2'000, 5'000, 10'000, 15'000, 30'000, 60'000,
            120'000, 300'000, 600'000, 900'000, 1'800'000, 3'600'000, 7'200'000, 10'800'000, 21'600'000, 43'200'000,
            86'400'000, 172'800'000, 604'800'000 };
        const QFontMetrics fm(font());
        const std::int64_t span = m_msPerPx * m_plot.width();
        const bool days = span > 2LL * 86'400'000;
        const int labelPx
            = fm.horizontalAdvance(days ? QStringLiteral("00-00 00:00") : QStringLiteral("00:00:00")) + 24;
        TimeTicks ticks;
        ticks.step = steps.back();
        for (std::int64_t s : steps) {
            if (s / m_msPerPx >= labelPx) {
                ticks.step = s;
                break;
            }
        }
        ticks.format = ticks.step >= 86'400'000 ? QStringLiteral("MM-dd")
            : days                              ? QStringLiteral("MM-dd HH:mm")
            : ticks.step < 60'000               ? QStringLiteral("HH:mm:ss")
                                                : QStringLiteral("HH:mm");
        const std::int64_t offset = QDateTime::fromMSecsSinceEpoch(m_originMs).offsetFromUtc() * 1000LL;
        ticks.first = (floorDiv(m_originMs + offset, ticks.step) + 1) * ticks.step - offset;
        return ticks;
    }

    void drawTimeLabels(QPainter& p)
    {
        const QFontMetrics fm(font());
        const QRect strip(0, m_plot.bottom() + 2, width(), height() - m_plot.bottom() - 2);
        p.setClipping(false);
        p.fillRect(strip, palette().color(QPalette::Base));
        p.setPen(palette().color(QPalette::Text));
        const TimeTicks ticks = timeTicks();
        for (std::int64_t t = ticks.first; xOf(t) <= m_plot.right() + 1; t += ticks.step) {
            const QString label = QDateTime::fromMSecsSinceEpoch(t).toString(ticks.format);
            const int w = fm.horizontalAdvance(label);
            const int x = std::clamp(static_cast<int>(std::lround(xOf(t))) - w / 2, 0, width() - w);
            p.drawText(QRect(x, strip.top() + 3, w + 1, fm.height()), Qt::AlignCenter, label);
        }
    }

    // The plot and the marker-label row above it: the part of the frame that scrolls.
    int scrollTop() const { return m_plot.top() - QFontMetrics(font()).height() - 2; }

    // Redraws plot columns [c0, c1): background, grid, lines and markers, clipped to them.
    void drawColumns(QPainter& p, int c0, int c1)
    {
        const QRect clip(m_plot.left() + c0, m_plot.top(), c1 - c0, m_plot.height());
        const QRect labelClip(clip.left(), scrollTop(), clip.width(), m_plot.top() - scrollTop());
        p.setClipping(false);
        p.setRenderHint(QPainter::Antialiasing, false);
        p.fillRect(labelClip, palette().color(QPalette::Base));
        p.setClipRect(clip);
        p.fillRect(clip, palette().color(QPalette::Base));
        QColor grid = palette().color(QPalette::Text);
        grid.setAlpha(28);
        p.setPen(QPen(grid, 1));
        for (int i = 1; i < 5; ++i) {
            const int y = static_cast<int>(std::lround(yOf(m_frameKey.leftTop * i / 5, false)));
            p.drawLine(clip.left(), y, clip.right(), y);
        }
        const TimeTicks ticks = timeTicks();
        const std::int64_t t0 = m_originMs + (c0 - 1) * m_msPerPx;
        const std::int64_t t1 = m_originMs + (c1 + 1) * m_msPerPx;
        for (std::int64_t t
             = ticks.first + std::max<std::int64_t>(0, floorDiv(t0 - ticks.first, ticks.step)) * ticks.step;
             t <= t1; t += ticks.step) {
            const int x = static_cast<int>(std::floor(xOf(t)));
            p.drawLine(x, m_plot.top(), x, m_plot.bottom());
        }
        QColor axis = palette().color(QPalette::Text);
        axis.setAlpha(120);
        p.setPen(QPen(axis, 1));
        p.drawLine(clip.left(), m_plot.bottom(), clip.right(), m_plot.bottom());
        p.drawLine(m_plot.left(), m_plot.top(), m_plot.left(), m_plot.bottom());
        if (hasRightAxis())
            p.drawLine(m_plot.right(), m_plot.top(), m_plot.right(), m_plot.bottom());

        // Markers under the lines: a dashed line in the verdict's colour and its label on top.
        const QFontMetrics fm(font());
        int lastLabelEnd = std::numeric_limits<int>::min();
        for (const ChartMarker& m : m_markers) {
            const double x = std::floor(xOf(m.timeMs)) + 0.5;
            p.setPen(QPen(m.colour, 1.2, Qt::DashLine));
            p.drawLine(QPointF(x, m_plot.top()), QPointF(x, m_plot.bottom()));
            const QString label = m.label.section(QStringLiteral(": "), 0, 0); // details in the hover read-out
            const int w = fm.horizontalAdvance(label);
            const int lx = static_cast<int>(x) + 3;
            if (lx > lastLabelEnd + 6) { // same decision wherever the range starts: no flicker when scrolling
                p.setClipRect(labelClip);
                p.setPen(m.colour);
                p.drawText(QRect(lx, scrollTop() + 1, w + 1, fm.height()), Qt::AlignVCenter, label);
                p.setClipRect(clip);
                lastLabelEnd = lx + w;
            }
        }

        p.setRenderHint(QPainter::Antialiasing, true);
        QVector<QPointF> poly;
        const std::int64_t from = m_originMs + (c0 - kBleed) * m_msPerPx;
        const std::int64_t to = m_originMs + (c1 + kBleed) * m_msPerPx;
        for (const ChartSeries& s : m_series) {
            const auto& pts = s.points;
            const auto lessTime = [](const lag::SeriesPoint& a, std::int64_t t) { return a.timeMs < t; };
            auto begin = std::lower_bound(pts.begin(), pts.end(), from, lessTime);
            auto end = std::lower_bound(begin, pts.end(), to, lessTime);
            if (begin != pts.begin())
                --begin;
            if (end != pts.end())
                ++end;
            if (begin == end)
                continue;
            poly.clear();
            for (auto it = begin; it != end; ++it)
                poly.append(QPointF(xOf(it->timeMs), yOf(it->value, s.rightAxis)));
            if (m_thinLines) {
                QPen pen(s.colour, 1);
                pen.setCosmetic(true);
                p.setPen(pen);
            } else {
                p.setPen(QPen(s.colour, kLineWidth, Qt::SolidLine, Qt::RoundCap, Qt::RoundJoin));
            }
            if (poly.size() == 1)
                p.drawPoint(poly.front());
            else
                p.drawPolyline(poly.constData(), static_cast<int>(poly.size()));
        }
        if (m_frameKey.empty && c0 == 0) {
            p.setPen(palette().color(QPalette::PlaceholderText));
            p.drawText(m_plot, Qt::AlignCenter, QObject::tr("No data in this range"));
        }
        p.setClipping(false);
    }

    void hoverAt(QPointF pos)
    {
        if (!m_plot.contains(pos.toPoint()) || m_frame.isNull()) {
            clearHover();
            return;
        }
        const QRect old = hoverRect();
        m_hoverX = static_cast<int>(pos.x());
        m_hoverDot.reset();
        QString text;
        // A marker within 4 px wins; otherwise the nearest point of any series, by distance.
        for (const ChartMarker& m : m_markers) {
            if (std::abs(xOf(m.timeMs) - pos.x()) <= 4) {
                text = QStringLiteral("%1  %2").arg(timeText(m.timeMs), m.label);
                break;
            }
        }
        if (text.isEmpty()) {
            double best = 30 * 30;
            const std::int64_t t = static_cast<std::int64_t>(timeAtX(pos.x()));
            for (const ChartSeries& s : m_series) {
                const auto it = std::lower_bound(s.points.begin(), s.points.end(), t,
                    [](const lag::SeriesPoint& a, std::int64_t v) { return a.timeMs < v; });
                for (auto c : { it - (it != s.points.begin() ? 1 : 0), it }) {
                    if (c == s.points.end())
                        continue;
                    const QPointF at(xOf(c->timeMs), yOf(c->value, s.rightAxis));
                    const double d = (at.x() - pos.x()) * (at.x() - pos.x()) + (at.y() - pos.y()) * (at.y() - pos.y());
                    if (d < best) {
                        best = d;
                        m_hoverDot = at;
                        m_hoverColour = s.colour;
                        text = QStringLiteral("%1  %2: %3")
                                   .arg(timeText(c->timeMs), s.name,
                                       QLocale().toString(c->value, 'f', std::abs(c->value) < 100 ? 2 : 0));
                    }
                }
            }
            if (m_hoverDot)
                m_hoverX = static_cast<int>(std::lround(m_hoverDot->x()));
        }
        if (text != m_hoverText) {
            m_hoverText = text;
            emit hoverText(text);
        }
        update(old.united(hoverRect()));
    }

    void clearHover()
    {
        if (m_hoverX < 0)
            return;
        const QRect old = hoverRect();
        m_hoverX = -1;
        m_hoverDot.reset();
        if (!m_hoverText.isEmpty()) {
            m_hoverText.clear();
            emit hoverText({});
        }
        update(old);
    }

    QRect hoverRect() const
    {
        if (m_hoverX < 0)
            return {};
        QRect r(m_hoverX - 2, m_plot.top(), 5, m_plot.height());
        if (m_hoverDot)
            r = r.united(QRectF(*m_hoverDot - QPointF(6, 6), QSizeF(12, 12)).toAlignedRect());
        return r;
    }

    QString m_title, m_leftTitle, m_rightTitle;
    std::vector<ChartSeries> m_series;
    std::vector<ChartSeries> m_previous; // what the frame shows, to find what changed
    std::vector<ChartMarker> m_markers;
    std::int64_t m_from = 0;
    std::int64_t m_to = 1;

    QImage m_frame;
    FrameKey m_frameKey;
    QRect m_plot;
    std::int64_t m_msPerPx = 1;
    std::int64_t m_originMs = 0; // time at the plot's left edge, a multiple of m_msPerPx
    bool m_thinLines = false; // part of the frame key: a change redraws everything
    std::uint64_t m_fullRedraws = 0;
    std::uint64_t m_partialRedraws = 0;

    int m_hoverX = -1;
    std::optional<QPointF> m_hoverDot;
    QColor m_hoverColour;
    QString m_hoverText;
    bool m_panning = false;
    int m_panStartX = 0;
    int m_panDx = 0;
    bool m_rubber = false;
    int m_rubberFrom = 0;
    int m_rubberTo = 0;
};

} // namespace

TimeSeriesChart* makePainterTimeSeriesChart(QWidget* parent)
{
    return new PainterTimeSeriesChart(parent);
}

TimeSeriesChart* makeTimeSeriesChart(QWidget* parent)
{
    static const bool qtCharts = qEnvironmentVariable("SLUICE_CHARTS") == QLatin1String("qtcharts");
    return qtCharts ? makeQtTimeSeriesChart(parent) : makePainterTimeSeriesChart(parent);
}

} // namespace sluice::ui
