// SPDX-License-Identifier: Apache-2.0
#include "monitoring/sparkline_delegate.h"

#include "monitoring/lag_format.h"

#include <QPainter>
#include <QPainterPath>
#include <algorithm>

namespace sluice::ui {

void SparklineDelegate::paint(QPainter* painter, const QStyleOptionViewItem& option, const QModelIndex& index) const
{
    QStyleOptionViewItem background = option;
    initStyleOption(&background, index);
    background.text.clear();
    QStyledItemDelegate::paint(painter, background, QModelIndex());
    const QList<double> values = index.data(TrendRole).value<QList<double>>();
    if (values.size() < 2)
        return;
    const auto [lo, hi] = std::minmax_element(values.begin(), values.end());
    const double span = *hi - *lo;
    const QRectF area = QRectF(option.rect).adjusted(4, 4, -6, -4);
    if (area.width() < 4 || area.height() < 4)
        return;
    QPainterPath path;
    QPointF last;
    for (qsizetype i = 0; i < values.size(); ++i) {
        const double x = area.left() + area.width() * static_cast<double>(i) / static_cast<double>(values.size() - 1);
        const double y = span > 0 ? area.bottom() - area.height() * (values[i] - *lo) / span : area.center().y();
        last = QPointF(x, y);
        if (i == 0)
            path.moveTo(last);
        else
            path.lineTo(last);
    }
    const QVariant verdict = index.data(VerdictRole);
    QColor colour = option.palette.color(QPalette::Text);
    if (verdict.isValid() && verdict.toInt() >= 0)
        if (const auto v = lag::verdictFromCode(verdict.toInt()))
            colour = healthColor(verdictHealth(*v));
    painter->save();
    painter->setRenderHint(QPainter::Antialiasing);
    painter->setPen(QPen(colour, 1.5));
    painter->drawPath(path);
    painter->setBrush(colour);
    painter->drawEllipse(last, 2.0, 2.0);
    painter->restore();
}

QSize SparklineDelegate::sizeHint(const QStyleOptionViewItem& option, const QModelIndex& index) const
{
    return QStyledItemDelegate::sizeHint(option, index).expandedTo(QSize(80, 0));
}

} // namespace sluice::ui
