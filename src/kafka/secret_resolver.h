// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "config/workspace.h"
#include "support/result.h"

#include <memory>
#include <string>

namespace sluice::kafka {

// Turns a secret reference into its value at the moment a client is built. Implementations
// must be callable from worker threads. Every resolved value is registered for redaction.
class SecretResolver {
public:
    virtual ~SecretResolver() = default;
    virtual Result<std::string> resolve(const config::SecretRef& ref) = 0;
};

// Resolves ${env:VAR}; refuses keychain references (the app installs a resolver that can).
std::shared_ptr<SecretResolver> makeEnvSecretResolver();

} // namespace sluice::kafka
