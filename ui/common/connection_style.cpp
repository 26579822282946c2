// SPDX-License-Identifier: Apache-2.0
#include "common/connection_style.h"

#include <QPainter>
#include <QPixmap>

namespace sluice::ui {

Health connectionHealth(domain::ConnectionState state)
{
    switch (state) {
    case domain::ConnectionState::Connected:
        return Health::Ok;
    case domain::ConnectionState::Degraded:
        return Health::Warning;
    case domain::ConnectionState::Unreachable:
        return Health::Error;
    case domain::ConnectionState::Connecting:
        break;
    }
    return Health::Neutral;
}

QString connectionText(domain::ConnectionState state)
{
    return QString::fromLatin1(domain::nameOf(state).data(), static_cast<qsizetype>(domain::nameOf(state).size()));
}

QIcon statusDot(Health health)
{
    QIcon icon;
    for (int size : { 12, 16, 24 }) {
        QPixmap pixmap(size, size);
        pixmap.fill(Qt::transparent);
        QPainter painter(&pixmap);
        painter.setRenderHint(QPainter::Antialiasing);
        painter.setPen(Qt::NoPen);
        painter.setBrush(healthColor(health));
        const qreal margin = size / 4.0;
        painter.drawEllipse(QRectF(margin, margin, size - 2 * margin, size - 2 * margin));
        painter.end();
        icon.addPixmap(pixmap);
    }
    return icon;
}

} // namespace sluice::ui
