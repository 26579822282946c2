// SPDX-License-Identifier: Apache-2.0
// Stopping a session whose cluster never answers returns promptly: the refresh in progress
// is cancelled instead of blocking the GUI thread for a request timeout, and no thread is
// killed. The "cluster" is a loopback socket that accepts connections and never replies.
#include "kafka/cluster_session.h"
#include "support/qtest_printers.h"

#include <QElapsedTimer>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTest>

using namespace sluice;
using namespace std::chrono_literals;

class TestSessionStop : public QObject {
    Q_OBJECT
private slots:
    void stopWhileARequestHangs()
    {
        QTcpServer silent;
        QVERIFY(silent.listen(QHostAddress::LocalHost, 0));
        QSignalSpy connected(&silent, &QTcpServer::newConnection);

        config::ClusterConfig cluster;
        cluster.name = "silent";
        cluster.bootstrapServers = {"127.0.0.1:" + std::to_string(silent.serverPort())};
        auto session = std::make_unique<kafka::ClusterSession>(cluster, 10s, kafka::makeEnvSecretResolver());
        session->start();
        // The worker is now inside its metadata request, which can never be answered.
        QTRY_VERIFY_WITH_TIMEOUT(connected.count() >= 1, 10000);
        QCOMPARE(session->state(), domain::ConnectionState::Connecting);

        QElapsedTimer stopping;
        stopping.start();
        session->stop();
        const qint64 stopMs = stopping.elapsed();
        qInfo("stop() returned after %lld ms", static_cast<long long>(stopMs));
        QVERIFY2(stopMs < static_cast<qint64>(kafka::kStopWaitMs) + 500, "stop() blocked the caller too long");

        session.reset();
        QVERIFY2(kafka::waitForStoppedWorkers(3000), "the cancelled worker did not finish");
    }

    void stopIsIdempotentAndSafeBeforeStart()
    {
        config::ClusterConfig cluster;
        cluster.name = "never-started";
        cluster.bootstrapServers = {"127.0.0.1:9"};
        kafka::ClusterSession session(cluster, 1s, kafka::makeEnvSecretResolver());
        session.stop();
        session.stop();
        QVERIFY(!session.snapshot());
    }
};

QTEST_GUILESS_MAIN(TestSessionStop)
#include "test_session_stop.moc"
