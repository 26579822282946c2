// SPDX-License-Identifier: Apache-2.0
// serializeWorkspace(): Workspace → YAML that parseWorkspace() reads back into an equal value.
#include "config/env_expansion.h"
#include "config/workspace_io.h"
#include "support/redaction.h"

#include <yaml-cpp/yaml.h>

namespace sluice::config {
namespace {

bool usesSasl(SecurityProtocol protocol)
{
    return protocol == SecurityProtocol::SaslPlaintext || protocol == SecurityProtocol::SaslSsl;
}

bool usesTls(SecurityProtocol protocol)
{
    return protocol == SecurityProtocol::Ssl || protocol == SecurityProtocol::SaslSsl;
}

// Ordinary text: a literal "${" is written as "$${" so that reading does not expand it.
void writeText(YAML::Emitter& out, std::string_view key, const std::string& value)
{
    if (!value.empty())
        out << YAML::Key << std::string(key) << YAML::Value << escapeReferences(value);
}

void writeSecret(YAML::Emitter& out, std::string_view key, const SecretRef& ref)
{
    if (ref.isSet())
        out << YAML::Key << std::string(key) << YAML::Value << ref.toString();
}

void writeSasl(YAML::Emitter& out, const SaslSettings& sasl)
{
    out << YAML::Key << "sasl" << YAML::Value << YAML::BeginMap;
    out << YAML::Key << "mechanism" << YAML::Value << std::string(toString(sasl.mechanism));
    writeText(out, "username", sasl.username);
    writeSecret(out, "password", sasl.password);
    writeText(out, "tokenEndpointUrl", sasl.tokenEndpointUrl);
    writeText(out, "clientId", sasl.clientId);
    writeSecret(out, "clientSecret", sasl.clientSecret);
    writeText(out, "scope", sasl.scope);
    out << YAML::EndMap;
}

void writeTls(YAML::Emitter& out, const TlsSettings& tls)
{
    out << YAML::Key << "tls" << YAML::Value << YAML::BeginMap;
    writeText(out, "caFile", tls.caFile);
    writeText(out, "certFile", tls.certFile);
    writeText(out, "keyFile", tls.keyFile);
    writeSecret(out, "keyPassword", tls.keyPassword);
    if (!tls.verifyCertificates)
        out << YAML::Key << "verifyCertificates" << YAML::Value << false;
    if (!tls.verifyHostname)
        out << YAML::Key << "verifyHostname" << YAML::Value << false;
    out << YAML::EndMap;
}

// Settings that do not apply to the protocol (SASL under SSL, say) are left out: the
// parser would refuse them, and the kafka layer ignores them.
void writeSecurity(YAML::Emitter& out, const ClusterConfig& cluster)
{
    const bool writesTls = usesTls(cluster.protocol) && cluster.tls != TlsSettings {};
    if (cluster.protocol == SecurityProtocol::Plaintext)
        return;
    out << YAML::Key << "security" << YAML::Value << YAML::BeginMap;
    out << YAML::Key << "protocol" << YAML::Value << std::string(toString(cluster.protocol));
    if (usesSasl(cluster.protocol))
        writeSasl(out, cluster.sasl);
    if (writesTls)
        writeTls(out, cluster.tls);
    out << YAML::EndMap;
}

void writeCluster(YAML::Emitter& out, const ClusterConfig& cluster)
{
    out << YAML::BeginMap;
    writeText(out, "name", cluster.name);
    out << YAML::Key << "bootstrapServers" << YAML::Value;
    if (cluster.bootstrapServers.size() == 1) {
        out << escapeReferences(cluster.bootstrapServers.front());
    } else {
        out << YAML::BeginSeq;
        for (const std::string& server : cluster.bootstrapServers)
            out << escapeReferences(server);
        out << YAML::EndSeq;
    }
    writeSecurity(out, cluster);
    out << YAML::Key << "readOnly" << YAML::Value << cluster.readOnly;
    out << YAML::Key << "production" << YAML::Value << cluster.production;
    if (cluster.refreshInterval)
        out << YAML::Key << "refreshInterval" << YAML::Value << formatDuration(*cluster.refreshInterval);
    if (!cluster.properties.empty()) {
        out << YAML::Key << "properties" << YAML::Value << YAML::BeginMap;
        for (const auto& [key, value] : cluster.properties) {
            // Secret properties hold a reference, which must stay readable as one.
            out << YAML::Key << key << YAML::Value << (redaction::isSecretKey(key) ? value : escapeReferences(value));
        }
        out << YAML::EndMap;
    }
    out << YAML::EndMap;
}

void writeAuth(YAML::Emitter& out, const HttpAuth& auth)
{
    if (auth == HttpAuth {})
        return;
    out << YAML::Key << "auth" << YAML::Value << YAML::BeginMap;
    writeText(out, "username", auth.username);
    writeSecret(out, "password", auth.password);
    writeSecret(out, "bearerToken", auth.bearerToken);
    out << YAML::EndMap;
}

template <typename Service>
void writeServices(YAML::Emitter& out, std::string_view key, const std::vector<Service>& services)
{
    if (services.empty())
        return;
    out << YAML::Key << std::string(key) << YAML::Value << YAML::BeginSeq;
    for (const Service& service : services) {
        out << YAML::BeginMap;
        writeText(out, "name", service.name);
        writeText(out, "url", service.url);
        if constexpr (!std::is_same_v<Service, FlinkClusterConfig>)
            writeText(out, "cluster", service.cluster);
        writeAuth(out, service.auth);
        out << YAML::EndMap;
    }
    out << YAML::EndSeq;
}

} // namespace

std::string serializeWorkspace(const Workspace& workspace)
{
    YAML::Emitter out;
    out.SetIndent(2);
    out << YAML::BeginMap;
    out << YAML::Key << "version" << YAML::Value << workspace.version;
    writeText(out, "name", workspace.name);
    out << YAML::Key << "refresh" << YAML::Value << YAML::BeginMap;
    out << YAML::Key << "metadata" << YAML::Value << formatDuration(workspace.refresh.metadata);
    out << YAML::Key << "lag" << YAML::Value << formatDuration(workspace.refresh.lag);
    out << YAML::EndMap;
    if (!workspace.clusters.empty()) {
        out << YAML::Key << "clusters" << YAML::Value << YAML::BeginSeq;
        for (const ClusterConfig& cluster : workspace.clusters)
            writeCluster(out, cluster);
        out << YAML::EndSeq;
    }
    writeServices(out, "connect", workspace.connectClusters);
    writeServices(out, "schemaRegistries", workspace.schemaRegistries);
    writeServices(out, "flink", workspace.flinkClusters);
    if (!workspace.lagRules.empty()) {
        out << YAML::Key << "lagRules" << YAML::Value << YAML::BeginSeq;
        for (const LagRule& rule : workspace.lagRules) {
            out << YAML::BeginMap;
            out << YAML::Key << "group" << YAML::Value << rule.group;
            if (rule.maxLagRecords)
                out << YAML::Key << "maxLagRecords" << YAML::Value << *rule.maxLagRecords;
            if (rule.maxLagSeconds)
                out << YAML::Key << "maxLagSeconds" << YAML::Value << *rule.maxLagSeconds;
            out << YAML::EndMap;
        }
        out << YAML::EndSeq;
    }
    if (workspace.alerts != AlertsConfig {}) {
        out << YAML::Key << "alerts" << YAML::Value << YAML::BeginMap;
        out << YAML::Key << "groups" << YAML::Value << YAML::Flow << workspace.alerts.groups;
        out << YAML::EndMap;
    }
    if (!workspace.deadLetterConventions.empty()) {
        out << YAML::Key << "deadLetters" << YAML::Value << YAML::BeginSeq;
        for (const DeadLetterConventionConfig& convention : workspace.deadLetterConventions) {
            out << YAML::BeginMap;
            writeText(out, "name", convention.name);
            out << YAML::Key << "topics" << YAML::Value << YAML::Flow << convention.topics;
            out << YAML::Key << "headers" << YAML::Value << YAML::BeginSeq;
            for (const DeadLetterHeaderMapping& mapping : convention.headers) {
                out << YAML::BeginMap;
                writeText(out, "header", mapping.header);
                writeText(out, "field", mapping.field);
                if (mapping.encoding != "utf8")
                    writeText(out, "encoding", mapping.encoding);
                out << YAML::EndMap;
            }
            out << YAML::EndSeq << YAML::EndMap;
        }
        out << YAML::EndSeq;
    }
    out << YAML::EndMap;
    return std::string(out.c_str()) + "\n";
}

} // namespace sluice::config
