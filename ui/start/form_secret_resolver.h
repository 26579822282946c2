// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "kafka/secret_resolver.h"

#include <memory>
#include <string>

namespace sluice::ui {

// Lets "Test connection" use a password that is still only in the form: the keychain
// reference of the cluster being added resolves to the typed value; everything else goes to
// the application's resolver. Thread-safe (immutable after construction).
class FormSecretResolver final : public kafka::SecretResolver {
public:
    FormSecretResolver(std::shared_ptr<kafka::SecretResolver> fallback, config::SecretRef pending, std::string value);

    Result<std::string> resolve(const config::SecretRef& ref) override;

private:
    std::shared_ptr<kafka::SecretResolver> m_fallback;
    config::SecretRef m_pending;
    std::string m_value;
};

} // namespace sluice::ui
