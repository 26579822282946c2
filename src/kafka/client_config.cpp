// SPDX-License-Identifier: Apache-2.0
#include "kafka/client_config.h"

#include "support/redaction.h"

#include <algorithm>
#include <cctype>

namespace sluice::kafka {
namespace {

std::string lower(std::string_view text)
{
    std::string out(text);
    std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return out;
}

std::string join(const std::vector<std::string>& parts, char separator)
{
    std::string out;
    for (const std::string& part : parts) {
        if (!out.empty())
            out += separator;
        out += part;
    }
    return out;
}

bool usesSasl(config::SecurityProtocol protocol)
{
    return protocol == config::SecurityProtocol::SaslPlaintext || protocol == config::SecurityProtocol::SaslSsl;
}

bool usesTls(config::SecurityProtocol protocol)
{
    return protocol == config::SecurityProtocol::Ssl || protocol == config::SecurityProtocol::SaslSsl;
}

Error secretError(const config::ClusterConfig& cluster, const std::string& field, const Error& cause)
{
    return Error{cause.kind, "Couldn't read the " + field + " of cluster " + cluster.name + ": " + cause.message,
                 cause.detail};
}

} // namespace

Result<ClientProperties> buildClientProperties(const config::ClusterConfig& cluster, SecretResolver& secrets)
{
    if (cluster.bootstrapServers.empty()) {
        return Error{ErrorKind::Configuration,
                     "Cluster " + cluster.name + " has no bootstrap servers. Add at least one host:port.", {}};
    }
    ClientProperties props;
    props.emplace_back("bootstrap.servers", join(cluster.bootstrapServers, ','));
    props.emplace_back("client.id", "sluice");
    props.emplace_back("security.protocol", lower(config::toString(cluster.protocol)));
    // Notice outages and recoveries within seconds rather than librdkafka's default 10 s backoff.
    props.emplace_back("reconnect.backoff.ms", "100");
    props.emplace_back("reconnect.backoff.max.ms", "2000");
    props.emplace_back("socket.connection.setup.timeout.ms", "10000");

    if (usesSasl(cluster.protocol)) {
        const config::SaslSettings& sasl = cluster.sasl;
        props.emplace_back("sasl.mechanisms", std::string(config::toString(sasl.mechanism)));
        if (sasl.mechanism == config::SaslMechanism::OAuthBearer) {
            auto secret = secrets.resolve(sasl.clientSecret);
            if (!secret)
                return secretError(cluster, "OAuth client secret", secret.error());
            props.emplace_back("sasl.oauthbearer.method", "oidc");
            props.emplace_back("sasl.oauthbearer.token.endpoint.url", sasl.tokenEndpointUrl);
            props.emplace_back("sasl.oauthbearer.client.id", sasl.clientId);
            props.emplace_back("sasl.oauthbearer.client.secret", *secret);
            if (!sasl.scope.empty())
                props.emplace_back("sasl.oauthbearer.scope", sasl.scope);
        } else {
            auto password = secrets.resolve(sasl.password);
            if (!password)
                return secretError(cluster, "SASL password", password.error());
            props.emplace_back("sasl.username", sasl.username);
            props.emplace_back("sasl.password", *password);
        }
    }

    if (usesTls(cluster.protocol)) {
        const config::TlsSettings& tls = cluster.tls;
        if (!tls.caFile.empty())
            props.emplace_back("ssl.ca.location", tls.caFile);
        if (!tls.certFile.empty())
            props.emplace_back("ssl.certificate.location", tls.certFile);
        if (!tls.keyFile.empty())
            props.emplace_back("ssl.key.location", tls.keyFile);
        if (tls.keyPassword.isSet()) {
            auto keyPassword = secrets.resolve(tls.keyPassword);
            if (!keyPassword)
                return secretError(cluster, "TLS key password", keyPassword.error());
            props.emplace_back("ssl.key.password", *keyPassword);
        }
        props.emplace_back("enable.ssl.certificate.verification", tls.verifyCertificates ? "true" : "false");
        props.emplace_back("ssl.endpoint.identification.algorithm", tls.verifyHostname ? "https" : "none");
    }

    for (const auto& [key, value] : cluster.properties) {
        if (config::isForbiddenProperty(key)) {
            return Error{ErrorKind::Configuration,
                         "Cluster " + cluster.name + " sets " + key +
                             ", which can run programs on this machine; Sluice refuses it. Remove it from the workspace.",
                         {}};
        }
        std::string resolved = value;
        // Only secret keys hold references; other values were expanded when the file was read,
        // and a literal "${env:X}" there (written as $${env:X}) must stay literal.
        if (auto ref = redaction::isSecretKey(key) ? config::parseSecretRef(value) : std::nullopt) {
            auto secret = secrets.resolve(*ref);
            if (!secret)
                return secretError(cluster, "property " + key, secret.error());
            resolved = *secret;
        }
        props.emplace_back(key, std::move(resolved));
    }
    return props;
}

std::string describeProperties(const ClientProperties& properties)
{
    std::string out;
    for (const auto& [key, value] : properties) {
        out += key;
        out += '=';
        out += redaction::displayValue(key, value);
        out += '\n';
    }
    return out;
}

} // namespace sluice::kafka
