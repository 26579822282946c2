// SPDX-License-Identifier: Apache-2.0
// Workspace files: what a valid file reads into, secrets, ${env:} expansion, durations,
// refused properties, writing back and saving. Error positions: test_workspace_errors.cpp.
#include "config/workspace.h"
#include "config/workspace_io.h"
#include "support/logging.h"
#include "support/redaction.h"

#include <QTemporaryDir>
#include <QTest>
#include <filesystem>
#include <fstream>
#include <map>
#include <spdlog/sinks/ostream_sink.h>
#include <sstream>

using namespace sluice;
using namespace sluice::config;
using namespace std::chrono_literals;

namespace {

config::EnvLookup envOf(std::map<std::string, std::string> vars)
{
    return [vars = std::move(vars)](const std::string& name) -> std::optional<std::string> {
        const auto it = vars.find(name);
        return it == vars.end() ? std::nullopt : std::optional<std::string>(it->second);
    };
}

const config::EnvLookup kNoEnv = envOf({});

Result<Workspace> parse(std::string_view text, const config::EnvLookup& env = kNoEnv)
{
    return parseWorkspace(text, "ws.yaml", env);
}

std::string firstProblem(std::string_view text, const config::EnvLookup& env = kNoEnv)
{
    const Result<Workspace> result = parse(text, env);
    if (result)
        return "(parsed without error)";
    return result.error().message;
}

// Locations differ between a file and its re-serialized text; everything else must not.
Workspace withoutLocations(Workspace workspace)
{
    workspace.filePath.clear();
    for (auto& c : workspace.clusters)
        c.location = {};
    for (auto& c : workspace.connectClusters)
        c.location = {};
    for (auto& r : workspace.schemaRegistries)
        r.location = {};
    for (auto& f : workspace.flinkClusters)
        f.location = {};
    for (auto& r : workspace.lagRules)
        r.location = {};
    return workspace;
}

std::string readFile(const std::string& path)
{
    std::ifstream in(path, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

// The source tree, found from SLUICE_TEST_DATA (<source>/tests/data), which CTest sets.
std::string sourceDir()
{
    const QByteArray data = qgetenv("SLUICE_TEST_DATA");
    return data.isEmpty() ? std::string()
                          : (std::filesystem::path(data.toStdString()) / ".." / "..").lexically_normal().string();
}

const config::EnvLookup kExampleEnv = envOf({
    { "PROD_EU_USER", "sluice-ops" },
    { "CLOUD_BOOTSTRAP", "pkc-1.example.cloud:9092" },
});

constexpr std::string_view kFull = R"(version: 1
name: Local demo
refresh:
  metadata: 2s
  lag: 500ms
clusters:
  - name: local
    bootstrapServers: 127.0.0.1:9092, 127.0.0.1:9093
    security:
      protocol: SASL_SSL
      sasl:
        mechanism: SCRAM-512
        username: ops
        password: ${env:KAFKA_PASSWORD}
      tls:
        caFile: /etc/ssl/ca.pem
        certFile: /etc/ssl/client.pem
        keyFile: /etc/ssl/client.key
        keyPassword: ${keychain:local-key}
        verifyHostname: no
    readOnly: true
    production: yes
    refreshInterval: 2m
    properties:
      client.id: sluice-ops
      linger.ms: 5
      ssl.keystore.password: ${env:KEYSTORE_PASSWORD}
  - name: cloud
    bootstrapServers: [a.example:9092, b.example:9092]
    security:
      protocol: sasl_ssl
      sasl:
        mechanism: OAUTHBEARER
        tokenEndpointUrl: https://idp.example/token
        clientId: sluice
        clientSecret: ${keychain:cloud}
        scope: kafka
connect:
  - name: local-connect
    url: http://127.0.0.1:8083
    cluster: local
    auth: { username: x, password: "${env:Y}" }
schemaRegistries:
  - name: registry
    url: https://registry.example
    auth:
      bearerToken: ${env:T}
flink:
  - name: jobs
    url: http://127.0.0.1:8081
)";

} // namespace

class TestWorkspace : public QObject {
    Q_OBJECT
private slots:
    void init() { redaction::clearRegisteredSecrets(); }

    void readsAFullWorkspace()
    {
        const Result<Workspace> result = parse(kFull);
        QVERIFY2(result, result ? "" : result.error().message.c_str());
        const Workspace& ws = *result;
        QCOMPARE(ws.version, 1);
        QCOMPARE(ws.name, std::string("Local demo"));
        QCOMPARE(ws.refresh.metadata, 2000ms);
        QCOMPARE(ws.refresh.lag, 500ms);
        QCOMPARE(ws.clusters.size(), std::size_t(2));

        const ClusterConfig& local = ws.clusters[0];
        QCOMPARE(local.name, std::string("local"));
        QCOMPARE(local.bootstrapServers, (std::vector<std::string> { "127.0.0.1:9092", "127.0.0.1:9093" }));
        QVERIFY(local.protocol == SecurityProtocol::SaslSsl);
        QVERIFY(local.sasl.mechanism == SaslMechanism::ScramSha512);
        QCOMPARE(local.sasl.username, std::string("ops"));
        QCOMPARE(local.sasl.password, (SecretRef { SecretRef::Source::Env, "KAFKA_PASSWORD" }));
        QCOMPARE(local.tls.caFile, std::string("/etc/ssl/ca.pem"));
        QCOMPARE(local.tls.certFile, std::string("/etc/ssl/client.pem"));
        QCOMPARE(local.tls.keyFile, std::string("/etc/ssl/client.key"));
        QCOMPARE(local.tls.keyPassword, (SecretRef { SecretRef::Source::Keychain, "local-key" }));
        QVERIFY(local.tls.verifyCertificates);
        QVERIFY(!local.tls.verifyHostname);
        QVERIFY(local.readOnly);
        QVERIFY(local.production);
        QCOMPARE(local.refreshInterval, std::optional(std::chrono::milliseconds(120000)));
        QCOMPARE(local.location.line, 7);
        QCOMPARE(local.location.column, 5);
        using Properties = std::vector<std::pair<std::string, std::string>>;
        QCOMPARE(local.properties,
            (Properties { { "client.id", "sluice-ops" }, { "linger.ms", "5" },
                { "ssl.keystore.password", "${env:KEYSTORE_PASSWORD}" } }));

        const ClusterConfig& cloud = ws.clusters[1];
        QCOMPARE(cloud.bootstrapServers, (std::vector<std::string> { "a.example:9092", "b.example:9092" }));
        QVERIFY(cloud.protocol == SecurityProtocol::SaslSsl);
        QVERIFY(cloud.sasl.mechanism == SaslMechanism::OAuthBearer);
        QCOMPARE(cloud.sasl.tokenEndpointUrl, std::string("https://idp.example/token"));
        QCOMPARE(cloud.sasl.clientId, std::string("sluice"));
        QCOMPARE(cloud.sasl.clientSecret, (SecretRef { SecretRef::Source::Keychain, "cloud" }));
        QCOMPARE(cloud.sasl.scope, std::string("kafka"));
        QVERIFY(!cloud.readOnly);
        QVERIFY(!cloud.refreshInterval);

        QCOMPARE(ws.connectClusters.size(), std::size_t(1));
        QCOMPARE(ws.connectClusters[0].url, std::string("http://127.0.0.1:8083"));
        QCOMPARE(ws.connectClusters[0].cluster, std::string("local"));
        QCOMPARE(ws.connectClusters[0].auth.username, std::string("x"));
        QCOMPARE(ws.connectClusters[0].auth.password, (SecretRef { SecretRef::Source::Env, "Y" }));
        QCOMPARE(ws.connectClusters[0].location.line, 39);
        QCOMPARE(ws.schemaRegistries.size(), std::size_t(1));
        QVERIFY(ws.schemaRegistries[0].cluster.empty());
        QCOMPARE(ws.schemaRegistries[0].auth.bearerToken, (SecretRef { SecretRef::Source::Env, "T" }));
        QCOMPARE(ws.flinkClusters.size(), std::size_t(1));
        QCOMPARE(ws.flinkClusters[0].name, std::string("jobs"));

        QCOMPARE(ws.cluster("cloud"), &ws.clusters[1]);
        QCOMPARE(ws.cluster("nope"), nullptr);
        QCOMPARE(ws.refreshIntervalFor(local), 120000ms);
        QCOMPARE(ws.refreshIntervalFor(cloud), 2000ms);
    }

    void readsAMinimalWorkspaceWithDefaults()
    {
        const Result<Workspace> result
            = parse("version: 1\nclusters:\n  - name: dev\n    bootstrapServers: localhost:9092\n");
        QVERIFY2(result, result ? "" : result.error().message.c_str());
        QCOMPARE(result->clusters.size(), std::size_t(1));
        const ClusterConfig& dev = result->clusters[0];
        QVERIFY(dev.protocol == SecurityProtocol::Plaintext);
        QCOMPARE(dev.sasl, SaslSettings {});
        QCOMPARE(dev.tls, TlsSettings {});
        QVERIFY(dev.tls.verifyCertificates && dev.tls.verifyHostname);
        QVERIFY(!dev.readOnly && !dev.production);
        QVERIFY(dev.properties.empty());
        QCOMPARE(result->refresh, RefreshSettings {});
        QVERIFY(result->name.empty());
        QVERIFY(result->filePath.empty());

        const Result<Workspace> bare = parse("version: 1\n");
        QVERIFY(bare);
        QVERIFY(bare->clusters.empty());
    }

    void enumSpellings()
    {
        for (auto p : { SecurityProtocol::Plaintext, SecurityProtocol::Ssl, SecurityProtocol::SaslPlaintext,
                 SecurityProtocol::SaslSsl })
            QCOMPARE(securityProtocolFromString(toString(p)), std::optional(p));
        QCOMPARE(toString(SecurityProtocol::SaslSsl), std::string_view("SASL_SSL"));
        QCOMPARE(securityProtocolFromString("sasl_plaintext"), std::optional(SecurityProtocol::SaslPlaintext));
        QCOMPARE(securityProtocolFromString("TLS"), std::nullopt);
        for (auto m : { SaslMechanism::None, SaslMechanism::Plain, SaslMechanism::ScramSha256,
                 SaslMechanism::ScramSha512, SaslMechanism::OAuthBearer })
            QCOMPARE(saslMechanismFromString(toString(m)), std::optional(m));
        QCOMPARE(toString(SaslMechanism::ScramSha512), std::string_view("SCRAM-SHA-512"));
        QCOMPARE(saslMechanismFromString("SCRAM-256"), std::optional(SaslMechanism::ScramSha256));
        QCOMPARE(saslMechanismFromString("scram-512"), std::optional(SaslMechanism::ScramSha512));
        QCOMPARE(saslMechanismFromString("oauthbearer"), std::optional(SaslMechanism::OAuthBearer));
        QCOMPARE(saslMechanismFromString("GSSAPI"), std::nullopt);
    }

    void secretReferences()
    {
        QCOMPARE(parseSecretRef("${env:KAFKA_PASSWORD}"),
            std::optional(SecretRef { SecretRef::Source::Env, "KAFKA_PASSWORD" }));
        QCOMPARE(parseSecretRef("${keychain:prod eu/ops}"),
            std::optional(SecretRef { SecretRef::Source::Keychain, "prod eu/ops" }));
        for (std::string_view bad : { "hunter2", "", "${env:}", "${env:1X}", "${env:A-B}", "${keychain:}", "${vault:x}",
                 "${env:X", "x${env:X}", "${env:X}x", "${ENV:X}" })
            QVERIFY2(!parseSecretRef(bad), std::string(bad).c_str());
        QCOMPARE((SecretRef { SecretRef::Source::Env, "A" }).toString(), std::string("${env:A}"));
        QCOMPARE((SecretRef { SecretRef::Source::Keychain, "b" }).toString(), std::string("${keychain:b}"));
        QCOMPARE(SecretRef {}.toString(), std::string());
    }

    void literalPasswordIsRefusedAndNeverEchoed()
    {
        const std::string message = firstProblem(R"(version: 1
clusters:
  - name: a
    bootstrapServers: h:1
    security:
      protocol: SASL_PLAINTEXT
      sasl: { mechanism: PLAIN, username: u, password: Tr0ub4dor&3 }
)");
        QVERIFY2(message.starts_with("ws.yaml:7:56: clusters[0].security.sasl.password is written as plain text"),
            message.c_str());
        QVERIFY(message.find("${env:NAME}") != std::string::npos);
        QVERIFY(message.find("${keychain:ACCOUNT}") != std::string::npos);
        QVERIFY(message.find("Tr0ub4dor") == std::string::npos);
        // Should the literal turn up in a log line anyway, it is masked.
        QCOMPARE(redaction::redact("pw=Tr0ub4dor&3"), std::string("pw=********"));
    }

    void everySecretFieldRefusesLiterals_data()
    {
        QTest::addColumn<QString>("yaml");
        QTest::addColumn<QString>("where");
        const QString head = QStringLiteral("version: 1\nclusters:\n  - name: a\n    bootstrapServers: h:1\n");
        QTest::newRow("tls.keyPassword") << head
                + QStringLiteral(
                    "    security:\n      protocol: SSL\n      tls: {certFile: c, keyFile: k, keyPassword: secret1}\n")
                                         << QStringLiteral("ws.yaml:7:51: clusters[0].security.tls.keyPassword");
        QTest::newRow("sasl.clientSecret") << head
                + QStringLiteral("    security:\n      protocol: SASL_SSL\n      sasl: {mechanism: OAUTHBEARER, "
                                 "tokenEndpointUrl: 'https://i/t', clientId: c, clientSecret: s3cr3t}\n")
                                           << QStringLiteral("ws.yaml:7:98: clusters[0].security.sasl.clientSecret");
        QTest::newRow("connect.auth.password") << QStringLiteral(
            "version: 1\nconnect:\n  - name: c\n    url: http://h:1\n    auth: {username: u, password: pw12}\n")
                                               << QStringLiteral("ws.yaml:5:35: connect[0].auth.password");
        QTest::newRow("registry.auth.bearerToken") << QStringLiteral(
            "version: 1\nschemaRegistries:\n  - name: r\n    url: http://h:1\n    auth:\n      bearerToken: abc.def\n")
                                                   << QStringLiteral(
                                                          "ws.yaml:6:20: schemaRegistries[0].auth.bearerToken");
        QTest::newRow("property sasl.jaas.config")
            << head + QStringLiteral("    properties:\n      sasl.jaas.config: org.Login required;\n")
            << QStringLiteral("ws.yaml:6:25: clusters[0].properties.sasl.jaas.config holds a secret");
    }

    void everySecretFieldRefusesLiterals()
    {
        QFETCH(QString, yaml);
        QFETCH(QString, where);
        const std::string message = firstProblem(yaml.toStdString());
        QVERIFY2(message.starts_with(where.toStdString()), message.c_str());
        QVERIFY2(message.find("${env:NAME}") != std::string::npos, message.c_str());
    }

    void forbiddenPropertiesAreRefused_data()
    {
        QTest::addColumn<QString>("key");
        for (std::string_view key : kForbiddenProperties)
            QTest::newRow(std::string(key).c_str()) << QString::fromStdString(std::string(key));
        QTest::newRow("upper case") << QStringLiteral("Plugin.Library.Paths");
    }

    void forbiddenPropertiesAreRefused()
    {
        QFETCH(QString, key);
        const std::string yaml = "version: 1\nclusters:\n  - name: a\n    bootstrapServers: h:1\n    properties:\n     "
                                 " client.id: x\n      "
            + key.toStdString() + ": /tmp/evil\n";
        const std::string message = firstProblem(yaml);
        QVERIFY2(message.starts_with("ws.yaml:7:7: clusters[0].properties." + key.toStdString()
                     + " can make librdkafka run a program or load a library on this machine, so it cannot be set from "
                       "a workspace;"),
            message.c_str());
        QVERIFY(isForbiddenProperty(key.toStdString()));
    }

    void typedPropertiesPointToTheirKey_data()
    {
        QTest::addColumn<QString>("property");
        QTest::addColumn<QString>("typedKey");
        QTest::newRow("bootstrap") << "bootstrap.servers"
                                   << "bootstrapServers";
        QTest::newRow("protocol") << "security.protocol"
                                  << "security.protocol";
        QTest::newRow("mechanism") << "sasl.mechanism"
                                   << "security.sasl.mechanism";
        QTest::newRow("mechanisms") << "sasl.mechanisms"
                                    << "security.sasl.mechanism";
        QTest::newRow("username") << "sasl.username"
                                  << "security.sasl.username";
        QTest::newRow("password") << "sasl.password"
                                  << "security.sasl.password";
        QTest::newRow("ca") << "ssl.ca.location"
                            << "security.tls.caFile";
        QTest::newRow("cert") << "ssl.certificate.location"
                              << "security.tls.certFile";
        QTest::newRow("key") << "ssl.key.location"
                             << "security.tls.keyFile";
        QTest::newRow("key password") << "ssl.key.password"
                                      << "security.tls.keyPassword";
        QTest::newRow("verification") << "enable.ssl.certificate.verification"
                                      << "security.tls.verifyCertificates";
        QTest::newRow("hostname") << "ssl.endpoint.identification.algorithm"
                                  << "security.tls.verifyHostname";
        QTest::newRow("oauth secret") << "sasl.oauthbearer.client.secret"
                                      << "security.sasl.clientSecret";
    }

    void typedPropertiesPointToTheirKey()
    {
        QFETCH(QString, property);
        QFETCH(QString, typedKey);
        const std::string yaml
            = "version: 1\nclusters:\n  - name: a\n    bootstrapServers: h:1\n    properties:\n      "
            + property.toStdString() + ": \"${env:X}\"\n";
        const std::string message = firstProblem(yaml);
        QCOMPARE(message,
            "ws.yaml:6:7: clusters[0].properties." + property.toStdString()
                + " is set by Sluice from the typed workspace settings; expected " + typedKey.toStdString()
                + " in the cluster instead");
        const std::string expectedKey = typedKey.toStdString();
        QCOMPARE(typedKeyForProperty(property.toStdString()), std::optional<std::string_view>(expectedKey));
        QVERIFY(!typedKeyForProperty("client.id"));
    }

    void envReferencesExpandInOrdinaryValues()
    {
        const auto env
            = envOf({ { "KAFKA_HOST", "kafka.internal" }, { "CA_DIR", "/etc/ca" }, { "ID", "ops" }, { "EMPTY", "" } });
        const Result<Workspace> result = parse(R"(version: 1
name: "${env:ID} workspace $${not a reference}"
clusters:
  - name: a
    bootstrapServers: ${env:KAFKA_HOST}:9092,${env:KAFKA_HOST}:9093
    security:
      protocol: SASL_SSL
      sasl:
        mechanism: PLAIN
        username: ${env:ID}
        password: ${env:KAFKA_HOST}
      tls:
        caFile: ${env:CA_DIR}/ca.pem
    properties:
      client.id: sluice-${env:ID}${env:EMPTY}
connect:
  - name: c
    url: http://${env:KAFKA_HOST}:8083
)",
            env);
        QVERIFY2(result, result ? "" : result.error().message.c_str());
        QCOMPARE(result->name, std::string("ops workspace ${not a reference}"));
        const ClusterConfig& a = result->clusters[0];
        QCOMPARE(a.bootstrapServers, (std::vector<std::string> { "kafka.internal:9092", "kafka.internal:9093" }));
        QCOMPARE(a.sasl.username, std::string("ops"));
        QCOMPARE(a.sasl.password, (SecretRef { SecretRef::Source::Env, "KAFKA_HOST" })); // secrets stay references
        QCOMPARE(a.tls.caFile, std::string("/etc/ca/ca.pem"));
        QCOMPARE(a.properties.front().second, std::string("sluice-ops"));
        QCOMPARE(result->connectClusters[0].url, std::string("http://kafka.internal:8083"));
    }

    void unsetEnvVariableIsNamedWithItsPosition()
    {
        const std::string message
            = firstProblem("version: 1\nclusters:\n  - name: a\n    bootstrapServers: ${env:KAFKA_HOST}:9092\n");
        QCOMPARE(message,
            std::string(
                "ws.yaml:4:23: environment variable KAFKA_HOST is not set (used in clusters[0].bootstrapServers); "
                "expected it to be set before Sluice starts, or write $${ for a literal '${'"));
        // Set to the empty string is set: the value is then simply empty.
        QVERIFY(parse("version: 1\nname: x${env:E}\n", envOf({ { "E", "" } })));
    }

    void malformedReferencesInOrdinaryValues()
    {
        QCOMPARE(firstProblem("version: 1\nname: ${HOME}\n"),
            std::string("ws.yaml:2:7: name has an unfinished or unknown reference '${HOME}'; expected ${env:NAME}, or "
                        "$${ for a literal '${'"));
        QCOMPARE(firstProblem("version: 1\nname: ${keychain:x}\n"),
            std::string("ws.yaml:2:7: name uses ${keychain:x}, but keychain references are only read in secret fields; "
                        "expected plain text or ${env:NAME} here"));
    }

    void durations()
    {
        QCOMPARE(parseDuration("500ms"), std::optional(500ms));
        QCOMPARE(parseDuration("5s"), std::optional(std::chrono::milliseconds(5s)));
        QCOMPARE(parseDuration("2m"), std::optional(std::chrono::milliseconds(2min)));
        QCOMPARE(parseDuration("1h"), std::optional(std::chrono::milliseconds(1h)));
        QCOMPARE(parseDuration("1500"), std::optional(1500ms));
        for (std::string_view bad : { "", "s", "5 s", "1.5s", "-5s", "5d", "5S", "ms5", "9999999999999999h" })
            QVERIFY2(!parseDuration(bad), std::string(bad).c_str());
        QCOMPARE(formatDuration(5000ms), std::string("5s"));
        QCOMPARE(formatDuration(120000ms), std::string("2m"));
        QCOMPARE(formatDuration(3600000ms), std::string("1h"));
        QCOMPARE(formatDuration(1500ms), std::string("1500ms"));
        QCOMPARE(formatDuration(0ms), std::string("0ms"));

        const Result<Workspace> result = parse("version: 1\nrefresh: {metadata: 750, lag: 1m}\n");
        QVERIFY(result);
        QCOMPARE(result->refresh.metadata, 750ms);
        QCOMPARE(result->refresh.lag, 60000ms);
        QCOMPARE(firstProblem("version: 1\nrefresh:\n  lag: 5 sec\n"),
            std::string("ws.yaml:3:8: refresh.lag '5 sec' is not a duration; "
                        "expected a whole number with a unit: 500ms, 5s, 2m, 1h (no unit: milliseconds)"));
        QCOMPARE(firstProblem("version: 1\nrefresh:\n  metadata: 10ms\n"),
            std::string("ws.yaml:3:13: refresh.metadata is shorter than 100ms; expected at least 100ms, so brokers are "
                        "not flooded with requests"));
    }

    void lagRulesMatchGroupsInFileOrder()
    {
        const Result<Workspace> ws = parse("version: 1\nlagRules:\n  - group: billing-*\n    maxLagSeconds: 60\n"
                                           "  - group: '*'\n    maxLagRecords: 100000\n    maxLagSeconds: 1.5\n");
        QVERIFY2(ws, ws ? "" : ws.error().detail.c_str());
        QCOMPARE(ws->lagRules.size(), std::size_t(2));
        QCOMPARE(ws->lagRules[0].group, std::string("billing-*"));
        QCOMPARE(ws->lagRules[0].maxLagSeconds, std::optional<double>(60.0));
        QVERIFY(!ws->lagRules[0].maxLagRecords);
        QCOMPARE(ws->lagRules[0].location.line, 3);
        QCOMPARE(ws->lagRules[1].maxLagRecords, std::optional<std::int64_t>(100000));
        QCOMPARE(ws->lagRules[1].maxLagSeconds, std::optional<double>(1.5));
        QCOMPARE(ws->lagRuleFor("billing-slow"), &ws->lagRules[0]);
        QCOMPARE(ws->lagRuleFor("orders"), &ws->lagRules[1]);
        const Result<Workspace> none = parse("version: 1\n");
        QVERIFY(none && none->lagRuleFor("orders") == nullptr);
    }

    void alertGroupsDefaultToEveryGroup()
    {
        const Result<Workspace> none = parse("version: 1\n");
        QVERIFY(none);
        QCOMPARE(none->alerts.groups, std::vector<std::string> { "*" });
        const Result<Workspace> some = parse("version: 1\nalerts:\n  groups: [billing-*, orders-etl]\n");
        QVERIFY2(some, some ? "" : some.error().detail.c_str());
        QCOMPARE(some->alerts.groups, (std::vector<std::string> { "billing-*", "orders-etl" }));
        const Result<Workspace> pinnedOnly = parse("version: 1\nalerts:\n  groups: []\n");
        QVERIFY2(pinnedOnly, pinnedOnly ? "" : pinnedOnly.error().detail.c_str());
        QVERIFY(pinnedOnly->alerts.groups.empty());
        // Both survive saving: the default is not written, the others are.
        QVERIFY(serializeWorkspace(*none).find("alerts") == std::string::npos);
        QCOMPARE(parse(serializeWorkspace(*some))->alerts, some->alerts);
        QCOMPARE(parse(serializeWorkspace(*pinnedOnly))->alerts, pinnedOnly->alerts);

        const Result<Workspace> notAList = parse("version: 1\nalerts:\n  groups: billing-*\n");
        QVERIFY(!notAList);
        QVERIFY2(notAList.error().detail.find("3:11: alerts.groups is not a list of patterns") != std::string::npos,
            notAList.error().detail.c_str());
        const Result<Workspace> emptyItem = parse("version: 1\nalerts:\n  groups: [billing-*, '']\n");
        QVERIFY(!emptyItem);
        QVERIFY2(emptyItem.error().detail.find("alerts.groups holds an empty or non-text item") != std::string::npos,
            emptyItem.error().detail.c_str());
    }

    void globPatterns_data()
    {
        QTest::addColumn<QString>("pattern");
        QTest::addColumn<QString>("text");
        QTest::addColumn<bool>("matches");
        QTest::newRow("exact") << "orders" << "orders" << true;
        QTest::newRow("exact differs") << "orders" << "orders2" << false;
        QTest::newRow("star suffix") << "billing-*" << "billing-slow" << true;
        QTest::newRow("star empty") << "billing-*" << "billing-" << true;
        QTest::newRow("star prefix no") << "billing-*" << "xbilling-slow" << false;
        QTest::newRow("star middle") << "a*c" << "abbbc" << true;
        QTest::newRow("star backtrack") << "*ab*c" << "aabxabyc" << true;
        QTest::newRow("star backtrack no") << "*ab*c" << "aabxaby" << false;
        QTest::newRow("question") << "audit-?" << "audit-1" << true;
        QTest::newRow("question needs one") << "audit-?" << "audit-" << false;
        QTest::newRow("only star") << "*" << "" << true;
        QTest::newRow("empty pattern") << "" << "x" << false;
    }

    void globPatterns()
    {
        QFETCH(QString, pattern);
        QFETCH(QString, text);
        QFETCH(bool, matches);
        QCOMPARE(config::globMatches(pattern.toStdString(), text.toStdString()), matches);
    }

    void roundTripsThroughText()
    {
        Result<Workspace> original = parse(kFull);
        QVERIFY(original);
        // Values that need escaping or quoting on the way out.
        original->name = "literal ${env:NOT_EXPANDED} and $${ and true";
        original->clusters[1].properties = { { "client.id", "null" }, { "sasl.oauthbearer.extensions", "${env:EXT}" } };
        original->clusters[1].tls.caFile = "ignored under SASL_SSL? no: kept";
        original->clusters[1].tls.verifyCertificates = false;
        original->connectClusters.push_back({ "second", "https://c2.example", "", {}, {} });
        original->lagRules.push_back({ "billing-*", 10000, 2.5, {} });
        original->lagRules.push_back({ "audit-?", std::nullopt, 600.0, {} });
        const std::string text = serializeWorkspace(*original);
        QVERIFY(text.find('#') == std::string::npos);
        const Result<Workspace> reread = parse(text);
        QVERIFY2(reread, reread ? "" : (reread.error().detail + "\n" + text).c_str());
        QCOMPARE(withoutLocations(*reread), withoutLocations(*original));
        QCOMPARE(serializeWorkspace(*reread), text);

        const Result<Workspace> minimal = parse("version: 1\n");
        QVERIFY(minimal);
        QCOMPARE(*parse(serializeWorkspace(*minimal)), *minimal);
    }

    void escapingSurvivesTricky_data()
    {
        QTest::addColumn<QString>("value");
        for (const char* value :
            { "${", "$${", "$$${x}", "a$", "$", "${env:X}", "}${", "$$", "x: y", "- z", "'q'", "\"", "  spaced " })
            QTest::newRow(value) << QString::fromUtf8(value);
    }

    void escapingSurvivesTricky()
    {
        QFETCH(QString, value);
        Workspace ws;
        ws.name = value.toStdString();
        ws.clusters.push_back({});
        ws.clusters[0].name = "c";
        ws.clusters[0].bootstrapServers = { "h:1" };
        ws.clusters[0].properties = { { "client.id", value.toStdString() } };
        const Result<Workspace> reread = parse(serializeWorkspace(ws));
        QVERIFY2(reread, reread ? "" : reread.error().message.c_str());
        QCOMPARE(reread->name, ws.name);
        QCOMPARE(reread->clusters[0].properties, ws.clusters[0].properties);
    }

    void saveWritesAtomically()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const std::string path = dir.filePath(QStringLiteral("team.yaml")).toStdString();
        const Result<Workspace> workspace = parse(kFull);
        QVERIFY(workspace);

        const Status saved = saveWorkspace(*workspace, path);
        QVERIFY2(saved, saved ? "" : saved.error().message.c_str());
        QCOMPARE(readFile(path), serializeWorkspace(*workspace));
        // Overwrite an existing file; no temporary file is left next to it.
        Workspace changed = *workspace;
        changed.name = "Changed";
        QVERIFY(saveWorkspace(changed, path));
        std::vector<std::string> names;
        for (const auto& entry : std::filesystem::directory_iterator(dir.path().toStdString()))
            names.push_back(entry.path().filename().string());
        QCOMPARE(names, std::vector<std::string> { "team.yaml" });

        const Result<Workspace> loaded = loadWorkspace(path, kNoEnv);
        QVERIFY(loaded);
        QCOMPARE(loaded->filePath, path);
        QCOMPARE(loaded->name, std::string("Changed"));
        QCOMPARE(withoutLocations(*loaded), withoutLocations(changed));
    }

    void saveKeepsPermissionsAndFollowsSymlinks()
    {
#ifdef Q_OS_WIN
        QSKIP("POSIX permissions and symlinks");
#else
        namespace fs = std::filesystem;
        QTemporaryDir dir;
        const fs::path target = fs::path(dir.path().toStdString()) / "real.yaml";
        const fs::path link = fs::path(dir.path().toStdString()) / "link.yaml";
        std::ofstream(target) << "version: 1\n";
        fs::permissions(target, fs::perms::owner_read | fs::perms::owner_write);
        fs::create_symlink(target, link);
        Workspace ws;
        ws.name = "Through the link";
        QVERIFY(saveWorkspace(ws, link.string()));
        QVERIFY(fs::is_symlink(link));
        QCOMPARE(fs::status(target).permissions() & fs::perms::all, fs::perms::owner_read | fs::perms::owner_write);
        QVERIFY(readFile(target.string()).find("Through the link") != std::string::npos);
#endif
    }

    void saveRefusesLiteralSecretsAndBadFolders()
    {
        QTemporaryDir dir;
        const std::string path = dir.filePath(QStringLiteral("w.yaml")).toStdString();
        Workspace ws;
        ws.clusters.push_back({});
        ws.clusters[0].name = "c";
        ws.clusters[0].bootstrapServers = { "h:1" };
        ws.clusters[0].properties = { { "ssl.keystore.password", "plain-text-secret" } };
        const Status refused = saveWorkspace(ws, path);
        QVERIFY(!refused);
        QVERIFY(refused.error().kind == ErrorKind::Configuration);
        QVERIFY2(refused.error().message.find("ssl.keystore.password") != std::string::npos,
            refused.error().message.c_str());
        QVERIFY(refused.error().message.find("plain-text-secret") == std::string::npos);
        QVERIFY(!std::filesystem::exists(path));

        ws.clusters[0].properties.clear();
        const Status noFolder = saveWorkspace(ws, dir.filePath(QStringLiteral("missing/w.yaml")).toStdString());
        QVERIFY(!noFolder);
        QVERIFY2(
            noFolder.error().message.starts_with("Couldn't save the workspace to "), noFolder.error().message.c_str());
    }

    void loadReportsMissingFiles()
    {
        const Result<Workspace> missing = loadWorkspace("/nonexistent/sluice/ws.yaml", kNoEnv);
        QVERIFY(!missing);
        QVERIFY(missing.error().kind == ErrorKind::NotFound);
        QVERIFY(missing.error().message.starts_with("/nonexistent/sluice/ws.yaml: the workspace file does not exist;"));
    }

    void exampleWorkspaceLoads()
    {
        QVERIFY2(!sourceDir().empty(), "SLUICE_TEST_DATA is not set; run this test through ctest");
        const std::string path = (std::filesystem::path(sourceDir()) / "resources" / "workspace.example.yaml").string();
        const Result<Workspace> result = loadWorkspace(path, kExampleEnv);
        QVERIFY2(result, result ? "" : result.error().message.c_str());
        QCOMPARE(result->clusters.size(), std::size_t(4));
        QCOMPARE(result->clusters[1].sasl.username, std::string("sluice-ops"));
        QCOMPARE(result->clusters[1].sasl.password, (SecretRef { SecretRef::Source::Keychain, "prod-eu" }));
        QCOMPARE(result->clusters[3].bootstrapServers, std::vector<std::string> { "pkc-1.example.cloud:9092" });
        QCOMPARE(result->connectClusters.size(), std::size_t(2));
        QCOMPARE(result->schemaRegistries.size(), std::size_t(1));
        QCOMPARE(result->flinkClusters.size(), std::size_t(1));
        QCOMPARE(result->alerts.groups, (std::vector<std::string> { "billing-*", "orders-etl" }));
        // Without its variables the example names the first one that is missing.
        const Result<Workspace> withoutEnv = loadWorkspace(path, kNoEnv);
        QVERIFY(!withoutEnv);
        QVERIFY2(withoutEnv.error().message.find("environment variable PROD_EU_USER is not set") != std::string::npos,
            withoutEnv.error().message.c_str());
    }
    void documentedExampleParses()
    {
        QVERIFY2(!sourceDir().empty(), "SLUICE_TEST_DATA is not set; run this test through ctest");
        const std::string doc = readFile((std::filesystem::path(sourceDir()) / "docs" / "workspace.md").string());
        const std::size_t heading = doc.find("## Complete example");
        QVERIFY(heading != std::string::npos);
        const std::size_t start = doc.find("```yaml\n", heading);
        const std::size_t end = doc.find("```", start + 8);
        QVERIFY(start != std::string::npos && end != std::string::npos);
        const Result<Workspace> result = parse(std::string_view(doc).substr(start + 8, end - start - 8), kExampleEnv);
        QVERIFY2(result, result ? "" : result.error().message.c_str());
        QCOMPARE(result->clusters.size(), std::size_t(4));
    }

    void loadingIsLoggedWithoutSecrets()
    {
        std::ostringstream log;
        logging::installSinks({ std::make_shared<spdlog::sinks::ostream_sink_mt>(log) });
        logging::setLevel(spdlog::level::info);
        QTemporaryDir dir;
        const std::string good = dir.filePath(QStringLiteral("good.yaml")).toStdString();
        const std::string bad = dir.filePath(QStringLiteral("bad.yaml")).toStdString();
        std::ofstream(good) << "version: 1\nclusters:\n  - name: a\n    bootstrapServers: h:1\n";
        std::ofstream(bad) << "version: 1\nclusters:\n  - name: a\n    bootstrapServers: h:1\n    properties:\n"
                              "      ssl.keystore.password: Sup3rSecretValue\n";
        QVERIFY(loadWorkspace(good, kNoEnv));
        QVERIFY(!loadWorkspace(bad, kNoEnv));
        logging::installSinks({});
        const std::string text = log.str();
        QVERIFY2(text.find("workspace loaded file=" + good) != std::string::npos, text.c_str());
        QVERIFY2(text.find("clusters=1") != std::string::npos, text.c_str());
        QVERIFY2(text.find("workspace rejected file=" + bad) != std::string::npos, text.c_str());
        QVERIFY2(text.find("Sup3rSecretValue") == std::string::npos, text.c_str());
    }
};

QTEST_APPLESS_MAIN(TestWorkspace)
#include "test_workspace.moc"
