// SPDX-License-Identifier: Apache-2.0
#include "startup_probe.h"

#include <QEvent>
#include <QWidget>

namespace sluice::app {

StartupProbe::StartupProbe(QObject* parent)
    : QObject(parent)
{
    m_clock.start();
}

void StartupProbe::watchFirstPaint(QWidget* widget)
{
    widget->installEventFilter(this);
}

bool StartupProbe::eventFilter(QObject* watched, QEvent* event)
{
    if (!m_painted && event->type() == QEvent::Paint) {
        m_painted = true;
        watched->removeEventFilter(this);
        emit firstPainted(m_clock.elapsed());
    }
    return QObject::eventFilter(watched, event);
}

} // namespace sluice::app
