// SPDX-License-Identifier: Apache-2.0
// Secrets never reach a log line: not from our code, not from librdkafka, not from errors.
#include "config/workspace.h"
#include "kafka/client_config.h"
#include "kafka/connection_probe.h"
#include "support/logging.h"
#include "support/redaction.h"

#include <QSignalSpy>
#include <QTest>

#include <spdlog/sinks/ostream_sink.h>

#include <sstream>

using namespace sluice;

namespace {

constexpr const char* kCanary = "canary-Pa55w0rd-7f3e9";

class FakeSecrets final : public kafka::SecretResolver {
public:
    Result<std::string> resolve(const config::SecretRef& ref) override
    {
        if (!ref.isSet())
            return std::string();
        redaction::registerSecret(kCanary);
        return std::string(kCanary);
    }
};

config::ClusterConfig saslCluster()
{
    config::ClusterConfig cluster;
    cluster.name = "canary";
    cluster.bootstrapServers = {"127.0.0.1:1"}; // nothing listens on port 1: the connection fails
    cluster.protocol = config::SecurityProtocol::SaslPlaintext;
    cluster.sasl.mechanism = config::SaslMechanism::ScramSha512;
    cluster.sasl.username = "ops";
    cluster.sasl.password = {config::SecretRef::Source::Env, "SLUICE_CANARY"};
    cluster.properties = {{"debug", "conf,security,broker"}};
    return cluster;
}

} // namespace

class TestRedaction : public QObject {
    Q_OBJECT
private slots:
    void init() { redaction::clearRegisteredSecrets(); }

    void secretKeysAreRecognised()
    {
        QVERIFY(redaction::isSecretKey("sasl.password"));
        QVERIFY(redaction::isSecretKey("ssl.key.password"));
        QVERIFY(redaction::isSecretKey("sasl.oauthbearer.client.secret"));
        QVERIFY(redaction::isSecretKey("SASL.JAAS.CONFIG"));
        QVERIFY(!redaction::isSecretKey("sasl.username"));
        QVERIFY(!redaction::isSecretKey("bootstrap.servers"));
        QCOMPARE(redaction::displayValue("sasl.password", "x1y2"), std::string(redaction::kMask));
        QCOMPARE(redaction::displayValue("client.id", "sluice"), std::string("sluice"));
    }

    void registeredSecretsAreMaskedEverywhere()
    {
        redaction::registerSecret("hunter22");
        QCOMPARE(redaction::redact("a hunter22 b hunter22"), std::string("a ******** b ********"));
        QCOMPARE(redaction::redact("nothing here"), std::string("nothing here"));
    }

    void shortValuesAreNotRegistered()
    {
        redaction::registerSecret("ab");
        QCOMPARE(redaction::redact("abc abd"), std::string("abc abd"));
    }

    void describedPropertiesHideThePassword()
    {
        FakeSecrets secrets;
        auto props = kafka::buildClientProperties(saslCluster(), secrets);
        QVERIFY(props.hasValue());
        bool hasPassword = false;
        for (const auto& [key, value] : *props)
            hasPassword = hasPassword || (key == "sasl.password" && value == kCanary);
        QVERIFY2(hasPassword, "the resolved password must reach librdkafka");
        const std::string described = kafka::describeProperties(*props);
        QVERIFY(described.find("sasl.password=********") != std::string::npos);
        QVERIFY(described.find(kCanary) == std::string::npos);
    }

    void canaryAppearsInNoLogLine()
    {
        std::ostringstream captured;
        auto sink = std::make_shared<spdlog::sinks::ostream_sink_mt>(captured);
        logging::installSinks({sink});
        logging::setLevel(spdlog::level::trace);

        // Log the secret directly, as careless code would, then let librdkafka log its
        // configuration and connection failures with debug contexts on.
        FakeSecrets secrets;
        auto props = kafka::buildClientProperties(saslCluster(), secrets);
        QVERIFY(props.hasValue());
        logging::kafka()->info("careless line with password {}", kCanary);

        kafka::ConnectionProbe probe;
        QSignalSpy done(&probe, &kafka::ConnectionProbe::finished);
        probe.run(saslCluster(), std::make_shared<FakeSecrets>(), std::chrono::milliseconds(1500));
        QVERIFY(done.wait(20000));
        QCOMPARE(done.first().at(0).toBool(), false);
        QVERIFY(!done.first().at(1).toString().contains(QString::fromLatin1(kCanary)));
        QVERIFY(!done.first().at(2).toString().contains(QString::fromLatin1(kCanary)));
        sink->flush();

        const std::string log = captured.str();
        QVERIFY2(log.find("careless line with password ********") != std::string::npos, "the line itself is kept");
        QVERIFY2(log.find("librdkafka") != std::string::npos, "librdkafka's own lines are captured too");
        QVERIFY2(log.find(kCanary) == std::string::npos, "the canary password leaked into the log");
        logging::installSinks({});
    }
};

QTEST_GUILESS_MAIN(TestRedaction)
#include "test_redaction.moc"
