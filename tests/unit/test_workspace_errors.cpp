// SPDX-License-Identifier: Apache-2.0
// Every kind of mistake in a workspace file is reported as "FILE:LINE:COLUMN: what is wrong;
// what is expected", pointing at the offending key or value, and all of them are collected.
#include "config/workspace_io.h"

#include <QTest>

using namespace sluice;
using namespace sluice::config;

namespace {

const EnvLookup kNoEnv = [](const std::string&) -> std::optional<std::string> { return std::nullopt; };

void row(const char* name, const char* yaml, const char* location, const char* message)
{
    QTest::newRow(name) << QString::fromUtf8(yaml) << QString::fromUtf8(location) << QString::fromUtf8(message);
}

} // namespace

class TestWorkspaceErrors : public QObject {
    Q_OBJECT
private slots:
    void reportsTheProblemWhereItIs_data()
    {
        QTest::addColumn<QString>("yaml");
        QTest::addColumn<QString>("location"); // LINE:COLUMN, 1-based
        QTest::addColumn<QString>("message");
        row("unknown top", "version: 1\ncluster:\n  - name: a\n", "2:1",
            "unknown key 'cluster' at the top level; did you mean 'clusters'?");
        row("unknown cluster key", "version: 1\nclusters:\n  - name: local\n    bootstrapServer: a:9092\n", "4:5",
            "unknown key 'bootstrapServer' in clusters[0]; did you mean 'bootstrapServers'?");
        row("unknown no suggestion",
            "version: 1\nclusters:\n  - name: local\n    bootstrapServers: a:9092\n    colour: blue\n", "5:5",
            "unknown key 'colour' in clusters[0]; expected one of: name, bootstrapServers, security, readOnly, "
            "production, refreshInterval, properties");
        row("misplaced key",
            "version: 1\nclusters:\n  - name: local\n    bootstrapServers: a:9092\n    password: ${env:P}\n", "5:5",
            "unknown key 'password' in clusters[0]; 'password' belongs under security.sasl");
        row("dotted key", "version: 1\nclusters:\n  - name: local\n    bootstrapServers: a:9092\n    linger.ms: 5\n",
            "5:5",
            "unknown key 'linger.ms' in clusters[0]; librdkafka settings such as 'linger.ms' go under properties");
        row("wrong type", "version: 1\nclusters:\n  - name: {a: 1}\n    bootstrapServers: a:9092\n", "3:11",
            "clusters[0].name is a mapping; expected a single value");
        row("lag rule records not a number", "version: 1\nlagRules:\n  - group: a*\n    maxLagRecords: lots\n",
            "4:20", "lagRules[0].maxLagRecords 'lots' is not a positive whole number; expected a record count such as 10000");
        row("lag rule seconds negative", "version: 1\nlagRules:\n  - group: a*\n    maxLagSeconds: -5\n", "4:20",
            "lagRules[0].maxLagSeconds '-5' is not a positive number; expected seconds such as 300 or 2.5");
        row("lag rule without budget", "version: 1\nlagRules:\n  - group: a*\n", "3:5",
            "lagRules[0] sets no budget; expected maxLagRecords, maxLagSeconds or both next to 'group'");
        row("lag rule without group", "version: 1\nlagRules:\n  - maxLagSeconds: 5\n", "3:5",
            "lagRules[0] has no 'group'; expected a group id or pattern such as 'group: billing-*'");
        row("lag rule unknown key", "version: 1\nlagRules:\n  - group: a\n    maxLagSecond: 5\n", "4:5",
            "unknown key 'maxLagSecond' in lagRules[0]; did you mean 'maxLagSeconds'?");
        row("lag rules not list", "version: 1\nlagRules:\n  group: a\n", "3:3",
            "lagRules is a mapping; expected a list, each item starting with '- group:'");
        row("clusters not list", "version: 1\nclusters:\n  name: a\n", "3:3",
            "clusters is a mapping; expected a list, each item starting with '- name:'");
        row("property map value",
            "version: 1\nclusters:\n  - name: a\n    bootstrapServers: h:1\n    properties:\n      client.id: {x: 1}\n",
            "6:18", "clusters[0].properties.client.id is a mapping; expected a single value");
        row("missing name", "version: 1\nclusters:\n  - bootstrapServers: a:9092\n", "3:5",
            "clusters[0] has no 'name'; expected a name for the cluster, such as 'name: local'");
        row("missing bootstrap", "version: 1\nclusters:\n  - name: a\n    readOnly: true\n", "3:5",
            "clusters[0] has no 'bootstrapServers'; expected the brokers to connect to, such as 'bootstrapServers: "
            "127.0.0.1:9092'");
        row("empty name",
            "version: 1\nclusters:\n  - name:\n    bootstrapServers:\n    security:\n      protocol: SASL_SSL\n      "
            "sasl:\n        mechanism: PLAIN\n        username: u\n        password:\n",
            "3:5", "clusters[0].name is empty; expected a name for the cluster, such as 'name: local'");
        row("empty bootstrap entry", "version: 1\nclusters:\n  - name: a\n    bootstrapServers: a:9092,,b:9092\n",
            "4:23",
            "clusters[0].bootstrapServers has an empty entry; expected host:port entries separated by commas, such as "
            "broker1:9092,broker2:9092");
        row("missing url", "version: 1\nconnect:\n  - name: c\n", "3:5",
            "connect[0] has no 'url'; expected an http(s) URL such as http://127.0.0.1:8083");
        row("bad url", "version: 1\nflink:\n  - name: f\n    url: localhost:8081\n", "4:10",
            "flink[0].url 'localhost:8081' is not an http(s) URL; expected a URL such as http://127.0.0.1:8083");
        row("duplicate cluster",
            "version: 1\nclusters:\n  - name: a\n    bootstrapServers: h:1\n  - name: a\n    bootstrapServers: h:2\n",
            "5:11", "duplicate cluster name 'a' (first at line 3); expected each cluster to have its own name");
        row("duplicate connect",
            "version: 1\nconnect:\n  - name: c\n    url: http://h:1\n  - name: c\n    url: http://h:2\n", "5:11",
            "duplicate Connect cluster name 'c' (first at line 3); expected each Connect cluster to have its own name");
        row("duplicate key", "version: 1\nname: one\nname: two\n", "3:1",
            "duplicate key 'name' at the top level (first at line 2); expected each key once");
        row("duplicate property",
            "version: 1\nclusters:\n  - name: a\n    bootstrapServers: h:1\n    properties:\n      client.id: x\n      "
            "client.id: y\n",
            "7:7", "duplicate property 'client.id' in clusters[0].properties; expected each property once");
        row("bad protocol",
            "version: 1\nclusters:\n  - name: a\n    bootstrapServers: h:1\n    security:\n      protocol: TLS\n",
            "6:17",
            "clusters[0].security.protocol 'TLS' is not a security protocol; expected one of PLAINTEXT, SSL, "
            "SASL_PLAINTEXT, SASL_SSL");
        row("bad mechanism",
            "version: 1\nclusters:\n  - name: a\n    bootstrapServers: h:1\n    security:\n      protocol: SASL_SSL\n  "
            "    sasl:\n        mechanism: GSSAPI\n        username: u\n        password: ${env:P}\n",
            "8:20",
            "clusters[0].security.sasl.mechanism 'GSSAPI' is not a SASL mechanism Sluice supports; expected one of "
            "PLAIN, SCRAM-SHA-256, SCRAM-SHA-512, OAUTHBEARER");
        row("bad bool", "version: 1\nclusters:\n  - name: a\n    bootstrapServers: h:1\n    readOnly: maybe\n", "5:15",
            "clusters[0].readOnly 'maybe' is not a yes/no value; expected true or false");
        row("bad duration",
            "version: 1\nclusters:\n  - name: a\n    bootstrapServers: h:1\n    refreshInterval: 1.5s\n", "5:22",
            "clusters[0].refreshInterval '1.5s' is not a duration; expected a whole number with a unit: 500ms, 5s, 2m, "
            "1h (no unit: milliseconds)");
        row("refresh too short",
            "version: 1\nclusters:\n  - name: a\n    bootstrapServers: h:1\n    refreshInterval: 50\n", "5:22",
            "clusters[0].refreshInterval is shorter than 100ms; expected at least 100ms, so brokers are not flooded "
            "with requests");
        row("bad version text", "version: one\n", "1:10",
            "version 'one' is not a whole number; expected a number such as 1");
        row("sasl missing",
            "version: 1\nclusters:\n  - name: a\n    bootstrapServers: h:1\n    security:\n      protocol: "
            "SASL_PLAINTEXT\n",
            "6:17",
            "clusters[0].security.protocol SASL_PLAINTEXT needs a sasl section; expected security.sasl with mechanism, "
            "username and password");
        row("sasl no mechanism",
            "version: 1\nclusters:\n  - name: a\n    bootstrapServers: h:1\n    security:\n      protocol: SASL_SSL\n  "
            "    sasl:\n        username: u\n        password: ${env:P}\n",
            "8:9",
            "clusters[0].security.sasl has no 'mechanism'; expected one of PLAIN, SCRAM-SHA-256, SCRAM-SHA-512, "
            "OAUTHBEARER");
        row("sasl no username",
            "version: 1\nclusters:\n  - name: a\n    bootstrapServers: h:1\n    security:\n      protocol: SASL_SSL\n  "
            "    sasl:\n        mechanism: PLAIN\n        password: ${env:P}\n",
            "8:9", "clusters[0].security.sasl has no 'username'; expected the SASL user name, such as 'username: ops'");
        row("sasl no password",
            "version: 1\nclusters:\n  - name: a\n    bootstrapServers: h:1\n    security:\n      protocol: SASL_SSL\n  "
            "    sasl:\n        mechanism: SCRAM-SHA-256\n        username: u\n",
            "8:9",
            "clusters[0].security.sasl has no 'password'; expected password: ${env:NAME} or ${keychain:ACCOUNT}");
        row("oauth incomplete",
            "version: 1\nclusters:\n  - name: a\n    bootstrapServers: h:1\n    security:\n      protocol: SASL_SSL\n  "
            "    sasl:\n        mechanism: OAUTHBEARER\n        username: u\n",
            "8:9",
            "clusters[0].security.sasl has no 'tokenEndpointUrl'; expected the OAuth token endpoint, such as "
            "https://idp.example.com/oauth2/token");
        row("sasl under ssl",
            "version: 1\nclusters:\n  - name: a\n    bootstrapServers: h:1\n    security:\n      protocol: SSL\n      "
            "sasl: {mechanism: PLAIN, username: u, password: \"${env:P}\"}\n",
            "7:7",
            "clusters[0].security.sasl is set but protocol is SSL; expected protocol SASL_PLAINTEXT or SASL_SSL, or no "
            "sasl section");
        row("tls under plaintext",
            "version: 1\nclusters:\n  - name: a\n    bootstrapServers: h:1\n    security:\n      protocol: PLAINTEXT\n "
            "     tls:\n        caFile: /ca.pem\n",
            "7:7",
            "clusters[0].security.tls is set but protocol is PLAINTEXT; expected protocol SSL or SASL_SSL, or no tls "
            "section");
        row("cert without key",
            "version: 1\nclusters:\n  - name: a\n    bootstrapServers: h:1\n    security:\n      protocol: SSL\n      "
            "tls:\n        certFile: /c.pem\n",
            "8:9",
            "clusters[0].security.tls.certFile is set without keyFile; expected both certFile and keyFile for a client "
            "certificate");
        row("connect unknown cluster",
            "version: 1\nclusters:\n  - name: local\n    bootstrapServers: h:1\nconnect:\n  - name: c\n    url: "
            "http://h:8083\n    cluster: locl\n",
            "8:14", "connect[0].cluster 'locl' names no cluster in this workspace; did you mean 'local'?");
        row("registry unknown cluster",
            "version: 1\nclusters:\n  - name: local\n    bootstrapServers: h:1\nschemaRegistries:\n  - name: r\n    "
            "url: http://h:8081\n    cluster: prod\n",
            "8:14", "schemaRegistries[0].cluster 'prod' names no cluster in this workspace; expected one of: local");
        row("basic and bearer",
            "version: 1\nconnect:\n  - name: c\n    url: http://h:1\n    auth:\n      username: u\n      password: "
            "${env:P}\n      bearerToken: ${env:T}\n",
            "8:7",
            "connect[0].auth has both basic and bearer credentials; expected either username and password, or "
            "bearerToken");
        row("bad secret ref",
            "version: 1\nconnect:\n  - name: c\n    url: http://h:1\n    auth:\n      bearerToken: ${env:MY-TOKEN}\n",
            "6:20",
            "connect[0].auth.bearerToken is not a valid secret reference; expected exactly ${env:NAME} (NAME: letters, "
            "digits, '_') or ${keychain:ACCOUNT}");
        row("syntax error", "version: 1\nclusters:\n  - name: a\n    bootstrapServers: [h:1\n", "5:1",
            "the file is not valid YAML (end of sequence flow not found); expected valid YAML: check indentation, "
            "colons and quotes on this line and the one before");
        row("syntax flow reference",
            "version: 1\nconnect:\n  - name: c\n    url: http://h:1\n    auth: { username: x, password: ${env:Y} }\n",
            "5:37",
            "the file is not valid YAML (end of map flow not found); expected references inside { } or [ ] to be "
            "quoted, such as password: \"${env:NAME}\"");
        row("syntax tab", "version: 1\nclusters:\n\t- name: a\n", "3:2",
            "the file is not valid YAML (illegal block entry); expected spaces for indentation (YAML does not allow "
            "tabs)");
        row("unsupported version", "version: 2\nclusters: 5\n", "1:10",
            "workspace version 2 is not supported by this Sluice; expected version: 1 (a newer Sluice may read this "
            "file)");
        row("missing version", "name: x\n", "1:1",
            "the workspace has no 'version'; expected 'version: 1' as the first line");
        row("not a map", "- a\n- b\n", "1:1",
            "the workspace is a list; expected a mapping of keys such as version, name, refresh");
        row("empty", "", "1:1", "the workspace is empty; expected at least 'version: 1'");
        row("two documents", "version: 1\n---\nversion: 1\n", "2:1",
            "the file holds more than one YAML document; expected one workspace per file (remove the '---' "
            "separators)");
        // yaml-cpp 0.7's LoadAll() would loop forever on this one.
        row("stray comma", ",version: 1\nclusters:\n  - name: a\n", "1:1",
            "the file is not valid YAML (unexpected ','); expected valid YAML: check indentation, colons and quotes on "
            "this line and the one before");
    }

    void reportsTheProblemWhereItIs()
    {
        QFETCH(QString, yaml);
        QFETCH(QString, location);
        QFETCH(QString, message);
        const Result<Workspace> result = parseWorkspace(yaml.toStdString(), "team.yaml", kNoEnv);
        QVERIFY(!result);
        QVERIFY(result.error().kind == ErrorKind::Configuration);
        QCOMPARE(result.error().message, "team.yaml:" + location.toStdString() + ": " + message.toStdString());
        QVERIFY(result.error().detail.starts_with(result.error().message));
    }

    void collectsEveryProblemInFileOrder()
    {
        const std::string yaml = "version: 1\n"
                                 "connect:\n"
                                 "  - name: c\n"
                                 "    url: http://h:8083\n"
                                 "    cluster: nowhere\n"
                                 "clusters:\n"
                                 "  - name: a\n"
                                 "    bootstrapServers: h:1\n"
                                 "    readonly: true\n"
                                 "    properties:\n"
                                 "      ssl.engine.location: /tmp/engine.so\n"
                                 "      sasl.password: hunter22\n"
                                 "  - name: a\n"
                                 "    bootstrapServers: ${env:UNSET_HOST}\n";
        const Result<Workspace> result = parseWorkspace(yaml, "team.yaml", kNoEnv);
        QVERIFY(!result);
        // The first problem in the file is the message, however late it was found.
        QCOMPARE(result.error().message,
            std::string(
                "team.yaml:5:14: connect[0].cluster 'nowhere' names no cluster in this workspace; expected one of: a"));
        const std::string expected
            = "team.yaml:5:14: connect[0].cluster 'nowhere' names no cluster in this workspace; expected one of: a\n"
              "team.yaml:9:5: unknown key 'readonly' in clusters[0]; did you mean 'readOnly'?\n"
              "team.yaml:11:7: clusters[0].properties.ssl.engine.location can make librdkafka run a program or load a "
              "library "
              "on this machine, so it cannot be set from a workspace; expected it removed; configure it outside Sluice "
              "if you really need it\n"
              "team.yaml:12:7: clusters[0].properties.sasl.password is set by Sluice from the typed workspace "
              "settings; "
              "expected security.sasl.password in the cluster instead\n"
              "team.yaml:13:11: duplicate cluster name 'a' (first at line 7); expected each cluster to have its own "
              "name\n"
              "team.yaml:14:23: environment variable UNSET_HOST is not set (used in clusters[1].bootstrapServers); "
              "expected it to be set before Sluice starts, or write $${ for a literal '${'";
        QCOMPARE(result.error().detail, expected);
        QVERIFY(result.error().detail.find("hunter22") == std::string::npos);
    }

    void aTypoIsNotAlsoReportedAsMissing()
    {
        const Result<Workspace> result
            = parseWorkspace("verison: 1\nclusters:\n  - nmae: a\n    bootstrap_servers: h:1\n", "team.yaml", kNoEnv);
        QVERIFY(!result);
        QCOMPARE(result.error().detail,
            std::string(
                "team.yaml:1:1: unknown key 'verison' at the top level; did you mean 'version'?\n"
                "team.yaml:3:5: unknown key 'nmae' in clusters[0]; did you mean 'name'?\n"
                "team.yaml:4:5: unknown key 'bootstrap_servers' in clusters[0]; did you mean 'bootstrapServers'?"));
    }
};

QTEST_APPLESS_MAIN(TestWorkspaceErrors)
#include "test_workspace_errors.moc"
