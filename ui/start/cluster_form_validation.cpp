// SPDX-License-Identifier: Apache-2.0
#include "start/cluster_form_validation.h"

#include <QRegularExpression>
#include <QStringList>

namespace sluice::ui {

namespace {

// "host:port" or "[v6addr]:port" with a port in 1..65535; empty message when valid.
QString checkServer(const QString& server)
{
    const qsizetype colon = server.lastIndexOf(QLatin1Char(':'));
    if (colon <= 0)
        return QObject::tr("\u201c%1\u201d has no port; write host:port, e.g. %1:9092").arg(server);
    QString host = server.left(colon);
    if (host.startsWith(QLatin1Char('[')) && host.endsWith(QLatin1Char(']')))
        host = host.mid(1, host.size() - 2);
    else if (host.contains(QLatin1Char(':')))
        return QObject::tr("\u201c%1\u201d: put IPv6 addresses in brackets, e.g. [::1]:9092").arg(server);
    static const QRegularExpression kHost(QStringLiteral("^[A-Za-z0-9._:-]+$"));
    if (host.isEmpty() || !kHost.match(host).hasMatch())
        return QObject::tr("\u201c%1\u201d: the host name has characters a host name can't have").arg(server);
    bool ok = false;
    const int port = server.mid(colon + 1).toInt(&ok);
    if (!ok || port < 1 || port > 65535)
        return QObject::tr("\u201c%1\u201d: the port must be a number from 1 to 65535").arg(server);
    return {};
}

void checkFile(std::vector<FieldError>& errors, FormField field, const QString& path, const FileExists& fileExists)
{
    if (!path.isEmpty() && !fileExists(path))
        errors.push_back({ field, QObject::tr("No file at %1").arg(path) });
}

} // namespace

bool usesSasl(config::SecurityProtocol protocol)
{
    return protocol == config::SecurityProtocol::SaslPlaintext || protocol == config::SecurityProtocol::SaslSsl;
}

bool usesTls(config::SecurityProtocol protocol)
{
    return protocol == config::SecurityProtocol::Ssl || protocol == config::SecurityProtocol::SaslSsl;
}

std::vector<std::string> splitBootstrapServers(const QString& text)
{
    static const QRegularExpression kSeparators(QStringLiteral("[,;\\s]+"));
    std::vector<std::string> servers;
    for (const QString& part : text.split(kSeparators, Qt::SkipEmptyParts))
        servers.push_back(part.trimmed().toStdString());
    return servers;
}

QString keychainAccountFor(const QString& clusterName)
{
    return QStringLiteral("cluster/") + clusterName;
}

std::vector<FieldError> validateClusterForm(const ClusterFormInput& input, const FileExists& fileExists)
{
    std::vector<FieldError> errors;
    static const QRegularExpression kName(QStringLiteral("^[A-Za-z0-9][A-Za-z0-9._-]*$"));
    const QString name = input.name.trimmed();
    if (name.isEmpty())
        errors.push_back({ FormField::Name, QObject::tr("Give the cluster a name, e.g. prod-eu") });
    else if (!kName.match(name).hasMatch() || name.size() > 64)
        errors.push_back({ FormField::Name,
            QObject::tr("Use letters, digits, '.', '_' or '-' (at most 64), starting with a letter or digit") });

    const auto servers = splitBootstrapServers(input.bootstrap);
    if (servers.empty())
        errors.push_back(
            { FormField::Bootstrap, QObject::tr("Enter at least one broker as host:port, e.g. kafka-1:9092") });
    for (const std::string& server : servers) {
        const QString problem = checkServer(QString::fromStdString(server));
        if (!problem.isEmpty()) {
            errors.push_back({ FormField::Bootstrap, problem });
            break;
        }
    }

    if (usesSasl(input.protocol)) {
        if (input.mechanism == config::SaslMechanism::None)
            errors.push_back({ FormField::Mechanism, QObject::tr("Choose the SASL mechanism the brokers expect") });
        if (input.username.trimmed().isEmpty())
            errors.push_back({ FormField::Username, QObject::tr("SASL needs a user name") });
        if (input.password.isEmpty())
            errors.push_back(
                { FormField::Password, QObject::tr("SASL needs a password; it is kept in the system keychain") });
    }
    if (usesTls(input.protocol)) {
        checkFile(errors, FormField::CaFile, input.caFile, fileExists);
        checkFile(errors, FormField::CertFile, input.certFile, fileExists);
        checkFile(errors, FormField::KeyFile, input.keyFile, fileExists);
        if (input.certFile.isEmpty() != input.keyFile.isEmpty())
            errors.push_back({ input.certFile.isEmpty() ? FormField::CertFile : FormField::KeyFile,
                QObject::tr("A client certificate and its key go together; set both or neither") });
    }
    return errors;
}

config::ClusterConfig toClusterConfig(const ClusterFormInput& input)
{
    config::ClusterConfig cluster;
    cluster.name = input.name.trimmed().toStdString();
    cluster.bootstrapServers = splitBootstrapServers(input.bootstrap);
    cluster.protocol = input.protocol;
    cluster.readOnly = input.readOnly;
    cluster.production = input.production;
    if (usesSasl(input.protocol)) {
        cluster.sasl.mechanism = input.mechanism;
        cluster.sasl.username = input.username.trimmed().toStdString();
        if (!input.password.isEmpty())
            cluster.sasl.password
                = { config::SecretRef::Source::Keychain, keychainAccountFor(input.name.trimmed()).toStdString() };
    }
    if (usesTls(input.protocol)) {
        cluster.tls.caFile = input.caFile.toStdString();
        cluster.tls.certFile = input.certFile.toStdString();
        cluster.tls.keyFile = input.keyFile.toStdString();
        cluster.tls.verifyCertificates = input.verifyTls;
        cluster.tls.verifyHostname = input.verifyTls;
    }
    return cluster;
}

} // namespace sluice::ui
