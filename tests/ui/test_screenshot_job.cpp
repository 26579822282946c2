// SPDX-License-Identifier: Apache-2.0
// ScreenshotJob: waits for the view's first snapshot (signals, no sleeps), writes a PNG of
// the requested size, reports unknown views and time-outs; the --screenshot argument parser.
#include "main_window.h"
#include "screenshot_job.h"
#include "settings/app_settings.h"
#include "test_snapshots.h"

#include <QFileInfo>
#include <QImage>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

using namespace sluice;
using namespace sluice::ui;
using namespace Qt::Literals::StringLiterals;

class TestScreenshotJob : public QObject {
    Q_OBJECT
private:
    QTemporaryDir m_dir;
    std::unique_ptr<AppSettings> m_settings;
    std::unique_ptr<MainWindow> m_window;
    kafka::ClusterSession* m_session = nullptr;

    void openWorkspace()
    {
        std::vector<std::unique_ptr<kafka::ClusterSession>> sessions;
        sessions.push_back(testing::makeSession("local"));
        m_session = sessions.front().get();
        m_window->openWorkspace(testing::makeWorkspace({ "local" }), std::move(sessions));
    }

private slots:
    void init()
    {
        m_settings = std::make_unique<AppSettings>(m_dir.filePath(u"settings.ini"_s));
        m_window = std::make_unique<MainWindow>(kafka::makeEnvSecretResolver(), *m_settings);
    }

    void cleanup()
    {
        m_window.reset();
        m_settings.reset();
    }

    void startPageIsGrabbedAtOnce()
    {
        ScreenshotRequest request;
        request.viewSpec = u"start"_s;
        request.outputPath = m_dir.filePath(u"shots/start.png"_s); // folder is created
        ScreenshotJob job(m_window.get(), request);
        QSignalSpy finished(&job, &ScreenshotJob::finished);
        job.start();
        QTRY_COMPARE(finished.count(), 1);
        QVERIFY2(finished.at(0).at(0).toBool(), qPrintable(finished.at(0).at(1).toString()));
        const QImage image(request.outputPath);
        QCOMPARE(image.size(), QSize(1280, 800));
        QVERIFY(QFileInfo(request.outputPath).size() > 0);
    }

    void waitsForTheFirstSnapshot()
    {
        openWorkspace();
        ScreenshotRequest request;
        request.viewSpec = u"local:topic/orders"_s;
        request.outputPath = m_dir.filePath(u"topic.png"_s);
        request.size = QSize(1024, 640);
        ScreenshotJob job(m_window.get(), request);
        QSignalSpy finished(&job, &ScreenshotJob::finished);
        job.start();
        QCOMPARE(finished.count(), 0); // no snapshot yet: waiting, nothing written

        QVERIFY(!QFileInfo::exists(request.outputPath));

        QTimer::singleShot(0, m_session, [this] { m_session->applySnapshot(testing::makeSnapshot("local")); });
        QTRY_COMPARE(finished.count(), 1);
        QVERIFY2(finished.at(0).at(0).toBool(), qPrintable(finished.at(0).at(1).toString()));
        QCOMPARE(QImage(request.outputPath).size(), QSize(1024, 640));
        QCOMPARE(m_window->currentViewSpec(), u"local:topic/orders"_s);
    }

    void unknownViewFails()
    {
        openWorkspace();
        ScreenshotRequest request { u"local:nothing"_s, m_dir.filePath(u"none.png"_s) };
        ScreenshotJob job(m_window.get(), request);
        QSignalSpy finished(&job, &ScreenshotJob::finished);
        job.start();
        QCOMPARE(finished.count(), 1);
        QVERIFY(!finished.at(0).at(0).toBool());
        QVERIFY(finished.at(0).at(1).toString().contains(u"unknown view"_s));
    }

    void timesOutWithTheClusterState()
    {
        openWorkspace();
        m_session->applyConnectionState(domain::ConnectionState::Unreachable, u"Connection refused"_s);
        ScreenshotRequest request { u"groups"_s, m_dir.filePath(u"late.png"_s), QSize(800, 600),
            std::chrono::milliseconds(50) };
        ScreenshotJob job(m_window.get(), request);
        QSignalSpy finished(&job, &ScreenshotJob::finished);
        job.start();
        QTRY_COMPARE(finished.count(), 1);
        QVERIFY(!finished.at(0).at(0).toBool());
        const QString message = finished.at(0).at(1).toString();
        QVERIFY2(message.contains(u"timed out"_s) && message.contains(u"unreachable"_s)
                && message.contains(u"Connection refused"_s),
            qPrintable(message));
        QVERIFY(!QFileInfo::exists(request.outputPath));
    }

    // Synthetic trouble (offline and under-replicated partitions, a rebalancing group, a
    // partial refresh) rendered like the docs screenshots. With SLUICE_SCREENSHOT_DIR set,
    // the PNG is written there (docs/screenshots/overview-problems.png is made this way).
    void rendersProblemsOfASyntheticCluster()
    {
        openWorkspace();
        auto snapshot = testing::makeSnapshot("local");
        snapshot->warnings = { "DescribeConfigs for 2 topics failed: Broker: Topic authorization failed" };
        m_session->applyConnectionState(domain::ConnectionState::Degraded, u"1 of 3 brokers did not answer"_s);
        m_session->applySnapshot(snapshot);
        const QString dir = qEnvironmentVariable("SLUICE_SCREENSHOT_DIR", m_dir.path());
        ScreenshotRequest request { u"local:overview"_s, dir + u"/overview-problems.png"_s };
        ScreenshotJob job(m_window.get(), request);
        QSignalSpy finished(&job, &ScreenshotJob::finished);
        job.start();
        QTRY_COMPARE(finished.count(), 1);
        QVERIFY2(finished.at(0).at(0).toBool(), qPrintable(finished.at(0).at(1).toString()));
        QCOMPARE(QImage(request.outputPath).size(), QSize(1280, 800));
    }

    void parsesTheCommandLineForm()
    {
        auto request = parseScreenshotRequest(
            { u"view=prod:topic/orders"_s, u"out=/tmp/x.png"_s, u"size=800x600"_s, u"timeout=2.5"_s });
        QVERIFY(request);
        QCOMPARE(request->viewSpec, u"prod:topic/orders"_s);
        QCOMPARE(request->outputPath, u"/tmp/x.png"_s);
        QCOMPARE(request->size, QSize(800, 600));
        QCOMPARE(request->timeout.count(), 2500);

        auto oneString = parseScreenshotRequest({ u"view=start out=a.png"_s });
        QVERIFY(oneString);
        QCOMPARE(oneString->size, QSize(1280, 800)); // default

        QVERIFY(!parseScreenshotRequest({ u"view=start"_s })); // no out=
        QVERIFY(!parseScreenshotRequest({ u"out=a.png"_s })); // no view=
        QVERIFY(!parseScreenshotRequest({ u"view=start out=a.png size=big"_s }));
        QVERIFY(!parseScreenshotRequest({ u"view=start out=a.png colour=red"_s }));
    }
};

QTEST_MAIN(TestScreenshotJob)
#include "test_screenshot_job.moc"
