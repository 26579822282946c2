// SPDX-License-Identifier: Apache-2.0
// B8 comparator: the smallest Qt Widgets app that shows a window and exits after its first
// paint. Sluice's own cold start is measured the same way (--quit-after first-window).
#include "startup_probe.h"

#include <QApplication>
#include <QLabel>
#include <QMainWindow>
#include <QTimer>

#include <cstdio>

int main(int argc, char* argv[])
{
    sluice::app::StartupProbe probe;
    QApplication app(argc, argv);
    QMainWindow window;
    auto* label = new QLabel(QStringLiteral("minimal"), &window);
    window.setCentralWidget(label);
    window.resize(1280, 800);
    QObject::connect(&probe, &sluice::app::StartupProbe::firstPainted, &app, [](qint64 ms) {
        std::printf("first-window-ms %lld\n", static_cast<long long>(ms));
        QTimer::singleShot(0, qApp, &QCoreApplication::quit);
    });
    probe.watchFirstPaint(label);
    window.show();
    return QApplication::exec();
}
