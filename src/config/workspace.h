// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace sluice::config {

// Where a value came from in the workspace file (1-based; 0 when not from a file).
struct SourceLocation {
    int line = 0;
    int column = 0;
    friend bool operator==(const SourceLocation&, const SourceLocation&) = default;
};

// A secret is never held in the workspace as text: only a reference to where it lives.
// Written in YAML as "${env:VAR}" or "${keychain:ACCOUNT}" (service "sluice").
struct SecretRef {
    enum class Source { None, Env, Keychain };
    Source source = Source::None;
    std::string name; // variable name or keychain account

    bool isSet() const { return source != Source::None; }
    std::string toString() const; // "${env:VAR}", "${keychain:ACCOUNT}" or ""
    friend bool operator==(const SecretRef&, const SecretRef&) = default;
};

// The reference written as the whole of `text` ("${env:VAR}", VAR a letter or '_' then
// letters, digits, '_'; or "${keychain:ACCOUNT}", ACCOUNT non-empty without '}'), or
// nullopt for anything else, including literal secrets.
std::optional<SecretRef> parseSecretRef(std::string_view text);

enum class SecurityProtocol { Plaintext, Ssl, SaslPlaintext, SaslSsl };
enum class SaslMechanism { None, Plain, ScramSha256, ScramSha512, OAuthBearer };

std::string_view toString(SecurityProtocol protocol); // librdkafka spelling: "SASL_SSL"
std::string_view toString(SaslMechanism mechanism);   // librdkafka spelling: "SCRAM-SHA-512", "" for None
std::optional<SecurityProtocol> securityProtocolFromString(std::string_view text); // case-insensitive
std::optional<SaslMechanism> saslMechanismFromString(std::string_view text);       // accepts SCRAM-256 too

struct TlsSettings {
    std::string caFile;       // PEM CA bundle; empty: system store
    std::string certFile;     // client certificate (mutual TLS)
    std::string keyFile;      // client private key
    SecretRef keyPassword;
    bool verifyCertificates = true; // on by default; turning it off is explicit
    bool verifyHostname = true;
    friend bool operator==(const TlsSettings&, const TlsSettings&) = default;
};

struct SaslSettings {
    SaslMechanism mechanism = SaslMechanism::None;
    std::string username;
    SecretRef password;
    // OAUTHBEARER (OIDC client credentials)
    std::string tokenEndpointUrl;
    std::string clientId;
    SecretRef clientSecret;
    std::string scope;
    friend bool operator==(const SaslSettings&, const SaslSettings&) = default;
};

struct ClusterConfig {
    std::string name;                          // unique within the workspace
    std::vector<std::string> bootstrapServers; // host:port
    SecurityProtocol protocol = SecurityProtocol::Plaintext;
    SaslSettings sasl;
    TlsSettings tls;
    bool readOnly = false;   // never produce or send a mutating request
    bool production = false; // executions require typing the cluster name
    // Extra librdkafka properties, in file order. Never one of kForbiddenProperties.
    std::vector<std::pair<std::string, std::string>> properties;
    std::optional<std::chrono::milliseconds> refreshInterval; // overrides Workspace::refresh.metadata
    SourceLocation location;
    friend bool operator==(const ClusterConfig&, const ClusterConfig&) = default;
};

struct HttpAuth {
    std::string username;  // basic auth when set
    SecretRef password;
    SecretRef bearerToken; // bearer auth when set
    friend bool operator==(const HttpAuth&, const HttpAuth&) = default;
};

struct ConnectClusterConfig {
    std::string name;
    std::string url;     // http(s)://host:port
    std::string cluster; // name of the Kafka cluster it runs against; may be empty
    HttpAuth auth;
    SourceLocation location;
    friend bool operator==(const ConnectClusterConfig&, const ConnectClusterConfig&) = default;
};

struct SchemaRegistryConfig {
    std::string name;
    std::string url;
    std::string cluster;
    HttpAuth auth;
    SourceLocation location;
    friend bool operator==(const SchemaRegistryConfig&, const SchemaRegistryConfig&) = default;
};

struct FlinkClusterConfig {
    std::string name;
    std::string url;
    HttpAuth auth;
    SourceLocation location;
    friend bool operator==(const FlinkClusterConfig&, const FlinkClusterConfig&) = default;
};

// A dead-letter convention of one's own (docs/workspace.md, "deadLetters"): which headers
// carry which dead-letter field, for topics matching any of `topics` (globs). Field and
// encoding names are those of src/dlq ("original-topic", "int32be" …), checked on load.
struct DeadLetterHeaderMapping {
    std::string header;
    std::string field;
    std::string encoding = "utf8";
    SourceLocation location;
    friend bool operator==(const DeadLetterHeaderMapping&, const DeadLetterHeaderMapping&) = default;
};

struct DeadLetterConventionConfig {
    std::string name;
    std::vector<std::string> topics;
    std::vector<DeadLetterHeaderMapping> headers;
    SourceLocation location;
    friend bool operator==(const DeadLetterConventionConfig&, const DeadLetterConventionConfig&) = default;
};

struct RefreshSettings {
    std::chrono::milliseconds metadata{5000}; // cluster metadata, topics, groups
    std::chrono::milliseconds lag{5000};      // lag sampling (issue 3)
    friend bool operator==(const RefreshSettings&, const RefreshSettings&) = default;
};

// Lag budgets for consumer groups whose id matches a glob pattern ('*' any run of
// characters, '?' one character). The first matching rule applies; a group matching none
// has no budget (it never gets ERR, only the cadence verdicts).
struct LagRule {
    std::string group;                         // glob pattern over the group id
    std::optional<std::int64_t> maxLagRecords; // ERR when a partition's lag exceeds this
    std::optional<double> maxLagSeconds;       // ERR when a partition is this many seconds behind
    SourceLocation location;
    friend bool operator==(const LagRule&, const LagRule&) = default;
};

// Which consumer groups raise lag alerts, besides the groups pinned to a cluster's dashboard
// (those always do): glob patterns over the group id. Empty: only pinned groups alert.
struct AlertsConfig {
    std::vector<std::string> groups { "*" };
    friend bool operator==(const AlertsConfig&, const AlertsConfig&) = default;
};

// Glob match of the whole text: '*' any run of characters (also none), '?' exactly one.
bool globMatches(std::string_view pattern, std::string_view text);

struct Workspace {
    int version = 1;
    std::string name;
    std::string filePath; // where it was loaded from / will be saved to; not serialized
    RefreshSettings refresh;
    std::vector<ClusterConfig> clusters;
    std::vector<ConnectClusterConfig> connectClusters;
    std::vector<SchemaRegistryConfig> schemaRegistries;
    std::vector<FlinkClusterConfig> flinkClusters;
    std::vector<LagRule> lagRules; // in file order; the first match wins
    AlertsConfig alerts;
    std::vector<DeadLetterConventionConfig> deadLetterConventions;

    const ClusterConfig* cluster(std::string_view clusterName) const;
    std::chrono::milliseconds refreshIntervalFor(const ClusterConfig& cluster) const;
    const LagRule* lagRuleFor(std::string_view groupId) const; // nullptr when none matches
    friend bool operator==(const Workspace&, const Workspace&) = default;
};

// librdkafka properties that run code or load libraries. A workspace that sets one is
// refused: a file from someone else must not be able to run programs on this machine.
inline constexpr std::string_view kForbiddenProperties[] = {
    "sasl.kerberos.kinit.cmd", "plugin.library.paths", "ssl.engine.location",
    "ssl.providers", // loads OpenSSL provider modules
};
bool isForbiddenProperty(std::string_view key);

// librdkafka properties that Sluice sets itself from typed workspace keys (bootstrap.servers,
// security.protocol, sasl.*, ssl.* locations and verification). Returns the workspace key to
// use instead, e.g. "security.sasl.username" for "sasl.username"; nullopt for other keys.
// Comparison ignores case, like isForbiddenProperty().
std::optional<std::string_view> typedKeyForProperty(std::string_view key);

// Durations in the workspace: "500ms", "5s", "2m", "1h" or a plain count of milliseconds.
// nullopt for anything else (negative, fractional, unknown unit, overflow).
std::optional<std::chrono::milliseconds> parseDuration(std::string_view text);
// The shortest exact spelling that parseDuration() reads back: "5s", "2m", "1500ms".
std::string formatDuration(std::chrono::milliseconds duration);

} // namespace sluice::config
