// SPDX-License-Identifier: Apache-2.0
// Stopping the broker turns the cluster unreachable within a bound; restarting it recovers
// without restarting the session. Uses a broker of its own so other tests are not disturbed.
#include "kafka/cluster_session.h"
#include "support/qtest_printers.h"
#include "support/stack_env.h"

#include <QElapsedTimer>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace sluice;
using namespace std::chrono_literals;

class TestBrokerOutage : public QObject {
    Q_OBJECT
private:
    QTemporaryDir m_dir;

private slots:
    void cleanupTestCase() { testing::runStackScript({QStringLiteral("stop"), QStringLiteral("--dir"), m_dir.path()}); }

    void unreachableThenRecovered()
    {
        QVERIFY(m_dir.isValid());
        QCOMPARE(testing::runStackScript({QStringLiteral("start"), QStringLiteral("--dir"), m_dir.path()}), 0);
        auto env = testing::readStackEnv(m_dir.filePath(QStringLiteral("stack.env")));
        const QString bootstrap = env[QStringLiteral("SLUICE_KAFKA_BOOTSTRAP")];
        QVERIFY2(!bootstrap.isEmpty(), "stack.sh start wrote no SLUICE_KAFKA_BOOTSTRAP");

        config::ClusterConfig cluster;
        cluster.name = "outage";
        cluster.bootstrapServers = {bootstrap.toStdString()};
        kafka::ClusterSession session(cluster, 2s, kafka::makeEnvSecretResolver());
        session.start();
        QTRY_COMPARE_WITH_TIMEOUT(session.state(), domain::ConnectionState::Connected, 30000);

        QElapsedTimer outage; // from the stop request: the broker may take seconds to shut down
        outage.start();
        QCOMPARE(testing::runStackScript({QStringLiteral("stop-broker"), QStringLiteral("--dir"), m_dir.path()}), 0);
        QTRY_COMPARE_WITH_TIMEOUT(session.state(), domain::ConnectionState::Unreachable, 20000);
        qInfo("unreachable noticed %lld ms after the broker stopped", static_cast<long long>(outage.elapsed()));
        QVERIFY(!session.lastError().isEmpty());
        QVERIFY2(session.lastError().contains(QStringLiteral("outage")), qPrintable(session.lastError()));

        const auto before = session.snapshot();
        QCOMPARE(testing::runStackScript({QStringLiteral("start-broker"), QStringLiteral("--dir"), m_dir.path()}), 0);
        QElapsedTimer recovery;
        recovery.start();
        QTRY_COMPARE_WITH_TIMEOUT(session.state(), domain::ConnectionState::Connected, 60000);
        QTRY_VERIFY_WITH_TIMEOUT(session.snapshot() != before, 20000);
        qInfo("recovered %lld ms after the broker was back", static_cast<long long>(recovery.elapsed()));
        QVERIFY(session.lastError().isEmpty());
        session.stop();
    }
};

QTEST_GUILESS_MAIN(TestBrokerOutage)
#include "test_broker_outage.moc"
