// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QElapsedTimer>
#include <QObject>

class QWidget;

namespace sluice::app {

// Watches a widget for its first paint and reports milestones of a cold start, for the
// start-up benchmark (--quit-after). Times are measured from construction, which main()
// does first thing.
class StartupProbe : public QObject {
    Q_OBJECT
public:
    explicit StartupProbe(QObject* parent = nullptr);
    void watchFirstPaint(QWidget* widget);
    qint64 elapsedMs() const { return m_clock.elapsed(); }

signals:
    void firstPainted(qint64 elapsedMs);

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    QElapsedTimer m_clock;
    bool m_painted = false;
};

} // namespace sluice::app
