// SPDX-License-Identifier: Apache-2.0
#include "config/workspace.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <limits>

namespace sluice::config {
namespace {

std::string lower(std::string_view text)
{
    std::string out(text);
    std::transform(
        out.begin(), out.end(), out.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return out;
}

std::string_view trim(std::string_view text)
{
    while (!text.empty() && std::isspace(static_cast<unsigned char>(text.front())))
        text.remove_prefix(1);
    while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back())))
        text.remove_suffix(1);
    return text;
}

bool isEnvName(std::string_view name)
{
    if (name.empty() || std::isdigit(static_cast<unsigned char>(name.front())))
        return false;
    return std::all_of(name.begin(), name.end(), [](unsigned char c) { return std::isalnum(c) || c == '_'; });
}

bool isKeychainAccount(std::string_view account)
{
    return !account.empty() && std::none_of(account.begin(), account.end(), [](unsigned char c) {
        return c == '}' || c == '{' || std::iscntrl(c);
    });
}

struct TypedProperty {
    std::string_view property;
    std::string_view workspaceKey;
};

// Properties built from typed fields by the kafka layer; setting them twice would let a
// `properties` entry silently override (or contradict) the typed value.
constexpr std::array<TypedProperty, 17> kTypedProperties { {
    { "bootstrap.servers", "bootstrapServers" },
    { "security.protocol", "security.protocol" },
    { "sasl.mechanism", "security.sasl.mechanism" },
    { "sasl.mechanisms", "security.sasl.mechanism" },
    { "sasl.username", "security.sasl.username" },
    { "sasl.password", "security.sasl.password" },
    { "sasl.oauthbearer.method", "security.sasl.mechanism (OAUTHBEARER)" },
    { "sasl.oauthbearer.client.id", "security.sasl.clientId" },
    { "sasl.oauthbearer.client.secret", "security.sasl.clientSecret" },
    { "sasl.oauthbearer.token.endpoint.url", "security.sasl.tokenEndpointUrl" },
    { "sasl.oauthbearer.scope", "security.sasl.scope" },
    { "ssl.ca.location", "security.tls.caFile" },
    { "ssl.certificate.location", "security.tls.certFile" },
    { "ssl.key.location", "security.tls.keyFile" },
    { "ssl.key.password", "security.tls.keyPassword" },
    { "enable.ssl.certificate.verification", "security.tls.verifyCertificates" },
    { "ssl.endpoint.identification.algorithm", "security.tls.verifyHostname" },
} };

} // namespace

std::string SecretRef::toString() const
{
    switch (source) {
    case Source::None:
        return {};
    case Source::Env:
        return "${env:" + name + "}";
    case Source::Keychain:
        return "${keychain:" + name + "}";
    }
    return {};
}

std::optional<SecretRef> parseSecretRef(std::string_view text)
{
    constexpr std::string_view kEnv = "${env:";
    constexpr std::string_view kKeychain = "${keychain:";
    if (text.size() < 2 || text.back() != '}')
        return std::nullopt;
    if (text.substr(0, kEnv.size()) == kEnv) {
        const std::string_view name = text.substr(kEnv.size(), text.size() - kEnv.size() - 1);
        if (isEnvName(name))
            return SecretRef { SecretRef::Source::Env, std::string(name) };
    } else if (text.substr(0, kKeychain.size()) == kKeychain) {
        const std::string_view account = text.substr(kKeychain.size(), text.size() - kKeychain.size() - 1);
        if (isKeychainAccount(account))
            return SecretRef { SecretRef::Source::Keychain, std::string(account) };
    }
    return std::nullopt;
}

std::string_view toString(SecurityProtocol protocol)
{
    switch (protocol) {
    case SecurityProtocol::Plaintext:
        return "PLAINTEXT";
    case SecurityProtocol::Ssl:
        return "SSL";
    case SecurityProtocol::SaslPlaintext:
        return "SASL_PLAINTEXT";
    case SecurityProtocol::SaslSsl:
        return "SASL_SSL";
    }
    return "PLAINTEXT";
}

std::string_view toString(SaslMechanism mechanism)
{
    switch (mechanism) {
    case SaslMechanism::None:
        return "";
    case SaslMechanism::Plain:
        return "PLAIN";
    case SaslMechanism::ScramSha256:
        return "SCRAM-SHA-256";
    case SaslMechanism::ScramSha512:
        return "SCRAM-SHA-512";
    case SaslMechanism::OAuthBearer:
        return "OAUTHBEARER";
    }
    return "";
}

std::optional<SecurityProtocol> securityProtocolFromString(std::string_view text)
{
    const std::string key = lower(trim(text));
    if (key == "plaintext")
        return SecurityProtocol::Plaintext;
    if (key == "ssl")
        return SecurityProtocol::Ssl;
    if (key == "sasl_plaintext")
        return SecurityProtocol::SaslPlaintext;
    if (key == "sasl_ssl")
        return SecurityProtocol::SaslSsl;
    return std::nullopt;
}

std::optional<SaslMechanism> saslMechanismFromString(std::string_view text)
{
    std::string key = lower(trim(text));
    std::replace(key.begin(), key.end(), '_', '-');
    if (key.empty())
        return SaslMechanism::None;
    if (key == "plain")
        return SaslMechanism::Plain;
    if (key == "scram-sha-256" || key == "scram-256")
        return SaslMechanism::ScramSha256;
    if (key == "scram-sha-512" || key == "scram-512")
        return SaslMechanism::ScramSha512;
    if (key == "oauthbearer")
        return SaslMechanism::OAuthBearer;
    return std::nullopt;
}

const ClusterConfig* Workspace::cluster(std::string_view clusterName) const
{
    const auto it
        = std::find_if(clusters.begin(), clusters.end(), [&](const ClusterConfig& c) { return c.name == clusterName; });
    return it == clusters.end() ? nullptr : &*it;
}

std::chrono::milliseconds Workspace::refreshIntervalFor(const ClusterConfig& clusterConfig) const
{
    return clusterConfig.refreshInterval.value_or(refresh.metadata);
}

const LagRule* Workspace::lagRuleFor(std::string_view groupId) const
{
    const auto it = std::find_if(
        lagRules.begin(), lagRules.end(), [&](const LagRule& rule) { return globMatches(rule.group, groupId); });
    return it == lagRules.end() ? nullptr : &*it;
}

bool globMatches(std::string_view pattern, std::string_view text)
{
    // Iterative matcher with one backtrack point for the last '*': linear in practice.
    std::size_t p = 0;
    std::size_t t = 0;
    std::size_t starP = std::string_view::npos;
    std::size_t starT = 0;
    while (t < text.size()) {
        if (p < pattern.size() && (pattern[p] == '?' || pattern[p] == text[t])) {
            ++p;
            ++t;
        } else if (p < pattern.size() && pattern[p] == '*') {
            starP = p++;
            starT = t;
        } else if (starP != std::string_view::npos) {
            p = starP + 1;
            t = ++starT;
        } else {
            return false;
        }
    }
    while (p < pattern.size() && pattern[p] == '*')
        ++p;
    return p == pattern.size();
}

bool isForbiddenProperty(std::string_view key)
{
    const std::string k = lower(trim(key));
    return std::any_of(std::begin(kForbiddenProperties), std::end(kForbiddenProperties),
        [&](std::string_view forbidden) { return k == forbidden; });
}

std::optional<std::string_view> typedKeyForProperty(std::string_view key)
{
    const std::string k = lower(trim(key));
    for (const TypedProperty& typed : kTypedProperties) {
        if (k == typed.property)
            return typed.workspaceKey;
    }
    return std::nullopt;
}

std::optional<std::chrono::milliseconds> parseDuration(std::string_view text)
{
    text = trim(text);
    std::size_t digits = 0;
    while (digits < text.size() && std::isdigit(static_cast<unsigned char>(text[digits])))
        ++digits;
    if (digits == 0 || digits > 15) // 15 digits of hours still fit in int64 milliseconds
        return std::nullopt;
    std::int64_t count = 0;
    for (std::size_t i = 0; i < digits; ++i)
        count = count * 10 + (text[i] - '0');
    const std::string_view unit = text.substr(digits);
    std::int64_t factor = 0;
    if (unit.empty() || unit == "ms")
        factor = 1;
    else if (unit == "s")
        factor = 1000;
    else if (unit == "m")
        factor = 60'000;
    else if (unit == "h")
        factor = 3'600'000;
    else
        return std::nullopt;
    if (count > std::numeric_limits<std::int64_t>::max() / factor)
        return std::nullopt;
    return std::chrono::milliseconds(count * factor);
}

std::string formatDuration(std::chrono::milliseconds duration)
{
    const std::int64_t ms = duration.count();
    if (ms != 0 && ms % 3'600'000 == 0)
        return std::to_string(ms / 3'600'000) + "h";
    if (ms != 0 && ms % 60'000 == 0)
        return std::to_string(ms / 60'000) + "m";
    if (ms != 0 && ms % 1000 == 0)
        return std::to_string(ms / 1000) + "s";
    return std::to_string(ms) + "ms";
}

} // namespace sluice::config
