// SPDX-License-Identifier: Apache-2.0
#include "start/form_secret_resolver.h"

#include "support/redaction.h"

namespace sluice::ui {

FormSecretResolver::FormSecretResolver(
    std::shared_ptr<kafka::SecretResolver> fallback, config::SecretRef pending, std::string value)
    : m_fallback(std::move(fallback))
    , m_pending(std::move(pending))
    , m_value(std::move(value))
{
    redaction::registerSecret(m_value);
}

Result<std::string> FormSecretResolver::resolve(const config::SecretRef& ref)
{
    if (ref == m_pending)
        return m_value;
    if (m_fallback)
        return m_fallback->resolve(ref);
    return Error { ErrorKind::Configuration, "No secret store is available for " + ref.toString(), {} };
}

} // namespace sluice::ui
