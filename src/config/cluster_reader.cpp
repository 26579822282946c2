// SPDX-License-Identifier: Apache-2.0
#include "config/cluster_reader.h"

#include "support/redaction.h"

#include <algorithm>
#include <cctype>

namespace sluice::config {
namespace {

constexpr std::string_view kClusterKeys[]
    = { "name", "bootstrapServers", "security", "readOnly", "production", "refreshInterval", "properties" };
constexpr std::string_view kSecurityKeys[] = { "protocol", "sasl", "tls" };
constexpr std::string_view kSaslKeys[]
    = { "mechanism", "username", "password", "tokenEndpointUrl", "clientId", "clientSecret", "scope" };
constexpr std::string_view kTlsKeys[]
    = { "caFile", "certFile", "keyFile", "keyPassword", "verifyCertificates", "verifyHostname" };
constexpr std::string_view kOAuthKeys[] = { "tokenEndpointUrl", "clientId", "clientSecret", "scope" };
constexpr std::string_view kPasswordKeys[] = { "username", "password" };

bool contains(std::span<const std::string_view> keys, std::string_view key)
{
    return std::find(keys.begin(), keys.end(), key) != keys.end();
}

// Keys that are real, but belong one or two levels further down.
std::string securityKeyHint(std::string_view key)
{
    if (contains(kSaslKeys, key))
        return quoted(key) + " belongs under security.sasl";
    if (contains(kTlsKeys, key))
        return quoted(key) + " belongs under security.tls";
    return {};
}

std::string clusterKeyHint(std::string_view key)
{
    if (contains(kSecurityKeys, key))
        return quoted(key) + " belongs under security";
    if (std::string hint = securityKeyHint(key); !hint.empty())
        return hint;
    if (key.find('.') != std::string_view::npos && nearestKey(key, kClusterKeys).empty())
        return "librdkafka settings such as " + quoted(key) + " go under properties";
    return {};
}

bool usesSasl(SecurityProtocol protocol)
{
    return protocol == SecurityProtocol::SaslPlaintext || protocol == SecurityProtocol::SaslSsl;
}

bool usesTls(SecurityProtocol protocol)
{
    return protocol == SecurityProtocol::Ssl || protocol == SecurityProtocol::SaslSsl;
}

bool hasSpace(std::string_view text)
{
    return std::any_of(text.begin(), text.end(), [](unsigned char c) { return std::isspace(c); });
}

// Splits "a:9092, b:9092" into entries, reporting empty entries and entries with spaces.
void appendServers(const std::string& text, const YAML::Mark& mark, const std::string& path, ReaderContext& context,
    std::vector<std::string>& servers)
{
    std::size_t start = 0;
    while (start <= text.size()) {
        const std::size_t comma = std::min(text.find(',', start), text.size());
        std::string_view entry = std::string_view(text).substr(start, comma - start);
        while (!entry.empty() && std::isspace(static_cast<unsigned char>(entry.front())))
            entry.remove_prefix(1);
        while (!entry.empty() && std::isspace(static_cast<unsigned char>(entry.back())))
            entry.remove_suffix(1);
        if (entry.empty() || hasSpace(entry)) {
            context.diagnostics.add(mark,
                path + " has " + (entry.empty() ? std::string("an empty entry") : "the entry " + quoted(entry)),
                "expected host:port entries separated by commas, such as broker1:9092,broker2:9092");
            return;
        }
        servers.emplace_back(entry);
        start = comma + 1;
    }
}

std::vector<std::string> readBootstrapServers(const MapReader& map)
{
    const std::string path = map.pathOf("bootstrapServers");
    const MapReader::Field* field = map.find("bootstrapServers");
    std::vector<std::string> servers;
    if (!field) {
        map.reportMissing(
            "bootstrapServers", "expected the brokers to connect to, such as 'bootstrapServers: 127.0.0.1:9092'");
        return servers;
    }
    if (field->value.IsSequence()) {
        std::size_t index = 0;
        for (const YAML::Node& item : field->value) {
            const std::string itemPath = path + "[" + std::to_string(index++) + "]";
            if (auto text
                = MapReader::expandScalar(item, item.IsNull() ? field->keyMark : item.Mark(), itemPath, map.context()))
                appendServers(*text, item.Mark(), itemPath, map.context(), servers);
        }
        if (index == 0)
            map.context().diagnostics.add(
                field->valueMark, path + " is an empty list", "expected at least one host:port");
        return servers;
    }
    if (auto text = MapReader::expandScalar(field->value, field->valueMark, path, map.context()))
        appendServers(*text, field->valueMark, path, map.context(), servers);
    return servers;
}

// Reports each of `keys` present in `map` as not applying to the chosen mechanism.
void refuseKeys(
    const MapReader& map, std::span<const std::string_view> keys, std::string_view reason, std::string_view expected)
{
    for (const std::string_view key : keys) {
        for (const MapReader::Field& field : map.fields()) {
            if (field.key == key)
                map.context().diagnostics.add(field.keyMark, map.pathOf(key) + " " + std::string(reason), expected);
        }
    }
}

// A missing secret; a present but invalid one was reported by MapReader::secret().
void requireSecret(const MapReader& map, std::string_view key, const SecretRef& ref)
{
    if (!ref.isSet() && !map.hasValue(key))
        map.reportMissing(key, "expected " + std::string(key) + ": ${env:NAME} or ${keychain:ACCOUNT}");
}

void readSasl(const MapReader& security, const MapReader::Field& saslField, SaslSettings& sasl)
{
    const MapReader map(saslField.value, security.pathOf("sasl"), kSaslKeys, security.context(), securityKeyHint);
    if (!map.isMap())
        return;
    const std::string expected = "one of PLAIN, SCRAM-SHA-256, SCRAM-SHA-512, OAUTHBEARER";
    const std::optional<std::string> mechanismText = map.requiredText("mechanism", expected);
    std::optional<SaslMechanism> mechanism = mechanismText ? saslMechanismFromString(*mechanismText) : std::nullopt;
    if (mechanismText && (!mechanism || *mechanism == SaslMechanism::None)) {
        map.context().diagnostics.add(map.find("mechanism")->valueMark,
            map.pathOf("mechanism") + " " + quoted(*mechanismText) + " is not a SASL mechanism Sluice supports",
            "expected " + expected);
        mechanism.reset();
    }
    sasl.mechanism = mechanism.value_or(SaslMechanism::None);
    const bool isOAuth = sasl.mechanism == SaslMechanism::OAuthBearer;
    const bool isPassword = mechanism && !isOAuth;
    // Every field is read whatever the mechanism, so literal secrets are refused everywhere.
    sasl.username = (isPassword ? map.requiredText("username", "the SASL user name, such as 'username: ops'")
                                : map.text("username"))
                        .value_or("");
    sasl.password = map.secret("password");
    sasl.tokenEndpointUrl = (isOAuth ? map.requiredText("tokenEndpointUrl",
                                 "the OAuth token endpoint, such as https://idp.example.com/oauth2/token")
                                     : map.text("tokenEndpointUrl"))
                                .value_or("");
    sasl.clientId = (isOAuth ? map.requiredText("clientId", "the OAuth client id, such as 'clientId: sluice'")
                             : map.text("clientId"))
                        .value_or("");
    sasl.clientSecret = map.secret("clientSecret");
    sasl.scope = map.text("scope").value_or("");
    if (isOAuth) {
        refuseKeys(map, kPasswordKeys, "is only used with PLAIN and SCRAM",
            "expected clientId and clientSecret for OAUTHBEARER");
        requireSecret(map, "clientSecret", sasl.clientSecret);
        if (!sasl.tokenEndpointUrl.empty() && !isHttpUrl(sasl.tokenEndpointUrl))
            map.context().diagnostics.add(map.find("tokenEndpointUrl")->valueMark,
                map.pathOf("tokenEndpointUrl") + " " + quoted(sasl.tokenEndpointUrl) + " is not an http(s) URL",
                "expected a URL such as https://idp.example.com/oauth2/token");
    } else if (isPassword) {
        refuseKeys(map, kOAuthKeys, "is only used with OAUTHBEARER",
            "expected username and password for " + std::string(toString(sasl.mechanism)));
        requireSecret(map, "password", sasl.password);
    }
}

void readTls(const MapReader& security, const MapReader::Field& tlsField, TlsSettings& tls)
{
    const MapReader map(tlsField.value, security.pathOf("tls"), kTlsKeys, security.context(), securityKeyHint);
    if (!map.isMap())
        return;
    tls.caFile = map.text("caFile").value_or("");
    tls.certFile = map.text("certFile").value_or("");
    tls.keyFile = map.text("keyFile").value_or("");
    tls.keyPassword = map.secret("keyPassword");
    tls.verifyCertificates = map.boolean("verifyCertificates").value_or(true);
    tls.verifyHostname = map.boolean("verifyHostname").value_or(true);
    Diagnostics& diagnostics = map.context().diagnostics;
    if (!tls.certFile.empty() && tls.keyFile.empty())
        diagnostics.add(map.find("certFile")->keyMark, map.pathOf("certFile") + " is set without keyFile",
            "expected both certFile and keyFile for a client certificate");
    if (!tls.keyFile.empty() && tls.certFile.empty())
        diagnostics.add(map.find("keyFile")->keyMark, map.pathOf("keyFile") + " is set without certFile",
            "expected both certFile and keyFile for a client certificate");
    if (tls.keyPassword.isSet() && tls.keyFile.empty())
        diagnostics.add(map.find("keyPassword")->keyMark, map.pathOf("keyPassword") + " is set without keyFile",
            "expected it only for an encrypted keyFile");
}

void readSecurity(const MapReader& cluster, ClusterConfig& config)
{
    const MapReader::Field* field = cluster.find("security");
    if (!field)
        return;
    const MapReader map(field->value, cluster.pathOf("security"), kSecurityKeys, cluster.context(), securityKeyHint);
    if (!map.isMap())
        return;
    const std::string expected = "one of PLAINTEXT, SSL, SASL_PLAINTEXT, SASL_SSL";
    const std::optional<std::string> protocolText = map.requiredText("protocol", expected);
    std::optional<SecurityProtocol> protocol;
    if (protocolText) {
        protocol = securityProtocolFromString(*protocolText);
        if (!protocol)
            cluster.context().diagnostics.add(map.find("protocol")->valueMark,
                map.pathOf("protocol") + " " + quoted(*protocolText) + " is not a security protocol",
                "expected " + expected);
    }
    config.protocol = protocol.value_or(SecurityProtocol::Plaintext);
    const MapReader::Field* sasl = map.find("sasl");
    const MapReader::Field* tls = map.find("tls");
    if (sasl)
        readSasl(map, *sasl, config.sasl);
    if (tls)
        readTls(map, *tls, config.tls);
    if (!protocol)
        return;
    Diagnostics& diagnostics = cluster.context().diagnostics;
    if (usesSasl(*protocol) && !sasl)
        diagnostics.add(map.find("protocol")->valueMark,
            map.pathOf("protocol") + " " + std::string(toString(*protocol)) + " needs a sasl section",
            "expected security.sasl with mechanism, username and password");
    if (!usesSasl(*protocol) && sasl)
        diagnostics.add(sasl->keyMark,
            map.pathOf("sasl") + " is set but protocol is " + std::string(toString(*protocol)),
            "expected protocol SASL_PLAINTEXT or SASL_SSL, or no sasl section");
    if (!usesTls(*protocol) && tls)
        diagnostics.add(tls->keyMark, map.pathOf("tls") + " is set but protocol is " + std::string(toString(*protocol)),
            "expected protocol SSL or SASL_SSL, or no tls section");
}

void readProperties(const MapReader& cluster, ClusterConfig& config)
{
    const MapReader::Field* field = cluster.find("properties");
    if (!field)
        return;
    const std::string path = cluster.pathOf("properties");
    ReaderContext& context = cluster.context();
    if (!field->value.IsMap()) {
        context.diagnostics.add(field->valueMark, path + " is " + std::string(describeNodeType(field->value)),
            "expected a mapping of librdkafka settings, such as 'client.id: sluice-ops'");
        return;
    }
    for (auto it = field->value.begin(); it != field->value.end(); ++it) {
        const YAML::Node keyNode = it->first; // copies: it-> yields a temporary
        const YAML::Node value = it->second;
        if (!keyNode.IsScalar()) {
            context.diagnostics.add(keyNode.Mark(),
                "a key in " + path + " is " + std::string(describeNodeType(keyNode)),
                "expected a librdkafka property name such as 'client.id'");
            continue;
        }
        const std::string key = keyNode.Scalar();
        const std::string keyPath = path + "." + key;
        const auto previous = std::find_if(config.properties.begin(), config.properties.end(),
            [&](const auto& property) { return property.first == key; });
        if (previous != config.properties.end()) {
            context.diagnostics.add(
                keyNode.Mark(), "duplicate property " + quoted(key) + " in " + path, "expected each property once");
            continue;
        }
        if (isForbiddenProperty(key)) {
            context.diagnostics.add(keyNode.Mark(),
                keyPath
                    + " can make librdkafka run a program or load a library on this machine, so it cannot be set from "
                      "a workspace",
                "expected it removed; configure it outside Sluice if you really need it");
            continue;
        }
        if (const auto typed = typedKeyForProperty(key)) {
            context.diagnostics.add(keyNode.Mark(), keyPath + " is set by Sluice from the typed workspace settings",
                "expected " + std::string(*typed) + " in the cluster instead");
            continue;
        }
        const YAML::Mark valueMark = value.IsNull() ? keyNode.Mark() : value.Mark();
        if (!value.IsScalar()) {
            context.diagnostics.add(
                valueMark, keyPath + " is " + std::string(describeNodeType(value)), "expected a single value");
            continue;
        }
        if (redaction::isSecretKey(key)) {
            // Kept as the reference text; the kafka layer resolves it when building a client.
            if (const auto ref = parseSecretRef(value.Scalar())) {
                config.properties.emplace_back(key, ref->toString());
            } else {
                redaction::registerSecret(value.Scalar());
                context.diagnostics.add(valueMark,
                    keyPath + " holds a secret, and secrets are never stored in the workspace",
                    "expected a reference: ${env:NAME} (environment variable) or ${keychain:ACCOUNT} (OS keychain)");
            }
            continue;
        }
        if (auto text = MapReader::expandScalar(value, valueMark, keyPath, context))
            config.properties.emplace_back(key, std::move(*text));
    }
}

} // namespace

ClusterConfig readCluster(const YAML::Node& node, const std::string& path, ReaderContext& context)
{
    ClusterConfig config;
    const MapReader map(node, path, kClusterKeys, context, clusterKeyHint);
    config.location = toLocation(map.mark());
    if (!map.isMap())
        return config;
    config.name = map.requiredText("name", "a name for the cluster, such as 'name: local'").value_or("");
    config.bootstrapServers = readBootstrapServers(map);
    readSecurity(map, config);
    config.readOnly = map.boolean("readOnly").value_or(false);
    config.production = map.boolean("production").value_or(false);
    config.refreshInterval = map.refreshInterval("refreshInterval");
    readProperties(map, config);
    return config;
}

} // namespace sluice::config
