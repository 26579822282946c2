// SPDX-License-Identifier: Apache-2.0
// The typed workspace fields become the right librdkafka properties, and nothing
// dangerous gets through even when the parser is bypassed.
#include "kafka/client_config.h"

#include <QTest>

#include <map>

using namespace sluice;

namespace {

class MapSecrets final : public kafka::SecretResolver {
public:
    std::map<std::string, std::string> values;
    Result<std::string> resolve(const config::SecretRef& ref) override
    {
        if (!ref.isSet())
            return std::string();
        auto it = values.find(ref.name);
        if (it == values.end())
            return Error{ErrorKind::Configuration, "no " + ref.name, {}};
        return it->second;
    }
};

std::map<std::string, std::string> asMap(const kafka::ClientProperties& props)
{
    std::map<std::string, std::string> out;
    for (const auto& [k, v] : props)
        out[k] = v;
    return out;
}

config::ClusterConfig plain()
{
    config::ClusterConfig c;
    c.name = "prod-eu";
    c.bootstrapServers = {"127.0.0.1:9092", "127.0.0.1:9093"};
    return c;
}

} // namespace

class TestClientConfig : public QObject {
    Q_OBJECT
private slots:
    void plaintext()
    {
        MapSecrets secrets;
        auto props = kafka::buildClientProperties(plain(), secrets);
        QVERIFY(props.hasValue());
        auto m = asMap(*props);
        QCOMPARE(m["bootstrap.servers"], std::string("127.0.0.1:9092,127.0.0.1:9093"));
        QCOMPARE(m["security.protocol"], std::string("plaintext"));
        QVERIFY(!m.count("sasl.mechanisms"));
        QVERIFY(!m.count("enable.ssl.certificate.verification"));
    }

    void saslSslWithVerificationOnByDefault()
    {
        auto c = plain();
        c.protocol = config::SecurityProtocol::SaslSsl;
        c.sasl.mechanism = config::SaslMechanism::ScramSha256;
        c.sasl.username = "ops";
        c.sasl.password = {config::SecretRef::Source::Env, "PW"};
        c.tls.caFile = "/etc/ca.pem";
        MapSecrets secrets;
        secrets.values["PW"] = "s3cret-value";
        auto props = kafka::buildClientProperties(c, secrets);
        QVERIFY(props.hasValue());
        auto m = asMap(*props);
        QCOMPARE(m["security.protocol"], std::string("sasl_ssl"));
        QCOMPARE(m["sasl.mechanisms"], std::string("SCRAM-SHA-256"));
        QCOMPARE(m["sasl.username"], std::string("ops"));
        QCOMPARE(m["sasl.password"], std::string("s3cret-value"));
        QCOMPARE(m["ssl.ca.location"], std::string("/etc/ca.pem"));
        QCOMPARE(m["enable.ssl.certificate.verification"], std::string("true"));
        QCOMPARE(m["ssl.endpoint.identification.algorithm"], std::string("https"));
    }

    void verificationCanBeTurnedOffExplicitly()
    {
        auto c = plain();
        c.protocol = config::SecurityProtocol::Ssl;
        c.tls.verifyCertificates = false;
        c.tls.verifyHostname = false;
        MapSecrets secrets;
        auto m = asMap(*kafka::buildClientProperties(c, secrets));
        QCOMPARE(m["enable.ssl.certificate.verification"], std::string("false"));
        QCOMPARE(m["ssl.endpoint.identification.algorithm"], std::string("none"));
        QVERIFY(!m.count("sasl.password"));
    }

    void oauthBearer()
    {
        auto c = plain();
        c.protocol = config::SecurityProtocol::SaslSsl;
        c.sasl.mechanism = config::SaslMechanism::OAuthBearer;
        c.sasl.tokenEndpointUrl = "https://127.0.0.1/token";
        c.sasl.clientId = "sluice";
        c.sasl.clientSecret = {config::SecretRef::Source::Env, "CS"};
        MapSecrets secrets;
        secrets.values["CS"] = "client-secret";
        auto m = asMap(*kafka::buildClientProperties(c, secrets));
        QCOMPARE(m["sasl.mechanisms"], std::string("OAUTHBEARER"));
        QCOMPARE(m["sasl.oauthbearer.method"], std::string("oidc"));
        QCOMPARE(m["sasl.oauthbearer.client.secret"], std::string("client-secret"));
    }

    void missingSecretIsAClearError()
    {
        auto c = plain();
        c.protocol = config::SecurityProtocol::SaslPlaintext;
        c.sasl.mechanism = config::SaslMechanism::Plain;
        c.sasl.username = "ops";
        c.sasl.password = {config::SecretRef::Source::Env, "UNSET"};
        MapSecrets secrets;
        auto props = kafka::buildClientProperties(c, secrets);
        QVERIFY(!props.hasValue());
        QVERIFY(props.error().message.find("SASL password") != std::string::npos);
        QVERIFY(props.error().message.find("prod-eu") != std::string::npos);
    }

    void forbiddenPropertiesAreRefusedEvenWithoutTheParser()
    {
        for (const char* key : {"sasl.kerberos.kinit.cmd", "plugin.library.paths", "ssl.engine.location"}) {
            auto c = plain();
            c.properties = {{key, "/tmp/evil"}};
            MapSecrets secrets;
            auto props = kafka::buildClientProperties(c, secrets);
            QVERIFY2(!props.hasValue(), key);
            QVERIFY(props.error().kind == ErrorKind::Configuration);
            QVERIFY(props.error().message.find(key) != std::string::npos);
        }
    }

    void secretReferencesInPropertiesAreResolved()
    {
        auto c = plain();
        c.properties = {{"client.id", "ops-console"}, {"ssl.keystore.password", "${env:EXTRA}"}};
        MapSecrets secrets;
        secrets.values["EXTRA"] = "principal=x";
        auto m = asMap(*kafka::buildClientProperties(c, secrets));
        QCOMPARE(m["client.id"], std::string("ops-console"));
        QCOMPARE(m["ssl.keystore.password"], std::string("principal=x"));
    }

    void referenceTextInOrdinaryPropertiesStaysLiteral()
    {
        auto c = plain();
        c.properties = {{"client.rack", "${env:EXTRA}"}};
        MapSecrets secrets;
        secrets.values["EXTRA"] = "resolved";
        auto m = asMap(*kafka::buildClientProperties(c, secrets));
        QCOMPARE(m["client.rack"], std::string("${env:EXTRA}"));
    }

    void noBootstrapServers()
    {
        auto c = plain();
        c.bootstrapServers.clear();
        MapSecrets secrets;
        QVERIFY(!kafka::buildClientProperties(c, secrets).hasValue());
    }
};

QTEST_APPLESS_MAIN(TestClientConfig)
#include "test_client_config.moc"
