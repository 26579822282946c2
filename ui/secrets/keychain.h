// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "kafka/secret_resolver.h"

#include <QString>

#include <functional>
#include <memory>

namespace sluice::ui {

// Resolves ${env:VAR} and ${keychain:ACCOUNT} (service "sluice") through QtKeychain,
// i.e. the OS keychain (Secret Service, macOS Keychain, Windows Credential Manager).
// resolve() blocks its calling worker thread until the keychain answers; never call it
// on the GUI thread.
std::shared_ptr<kafka::SecretResolver> makeKeychainSecretResolver();

// Stores a secret in the OS keychain under ACCOUNT; used by the add-cluster form.
// Asynchronous: `done(ok, errorText)` is called on the caller's thread.
void storeKeychainSecret(const QString& account, const QString& secret,
                         std::function<void(bool ok, const QString& error)> done);

} // namespace sluice::ui
