// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "config/workspace.h"

#include <QHashFunctions>
#include <QString>
#include <functional>
#include <string>
#include <vector>

namespace sluice::ui {

// What the add-cluster form holds, independent of its widgets.
struct ClusterFormInput {
    QString name;
    QString bootstrap; // "host:port, host:port"
    config::SecurityProtocol protocol = config::SecurityProtocol::Plaintext;
    config::SaslMechanism mechanism = config::SaslMechanism::None;
    QString username;
    QString password; // only ever kept in memory, then stored in the keychain
    QString caFile;
    QString certFile;
    QString keyFile;
    bool verifyTls = true;
    bool readOnly = false;
    bool production = false;
};

enum class FormField { Name, Bootstrap, Mechanism, Username, Password, CaFile, CertFile, KeyFile };
inline size_t qHash(FormField field, size_t seed = 0) noexcept
{
    return ::qHash(static_cast<int>(field), seed);
}

struct FieldError {
    FormField field;
    QString message; // shown next to the field: what is wrong and what is expected
};

using FileExists = std::function<bool(const QString& path)>;

// Every problem of the input, in form order; empty when it can be saved.
std::vector<FieldError> validateClusterForm(const ClusterFormInput& input, const FileExists& fileExists);

// The bootstrap list as written ("a:9092, b:9092" or one per line), trimmed, empties dropped.
std::vector<std::string> splitBootstrapServers(const QString& text);

bool usesSasl(config::SecurityProtocol protocol);
bool usesTls(config::SecurityProtocol protocol);

// Keychain account holding a cluster's SASL password: "cluster/<name>".
QString keychainAccountFor(const QString& clusterName);

// The workspace entry for valid input. The password never appears: it becomes a
// ${keychain:cluster/<name>} reference when one was typed.
config::ClusterConfig toClusterConfig(const ClusterFormInput& input);

} // namespace sluice::ui
