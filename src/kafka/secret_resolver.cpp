// SPDX-License-Identifier: Apache-2.0
#include "kafka/secret_resolver.h"

#include "support/redaction.h"

#include <cstdlib>

namespace sluice::kafka {
namespace {

class EnvSecretResolver final : public SecretResolver {
public:
    Result<std::string> resolve(const config::SecretRef& ref) override
    {
        using Source = config::SecretRef::Source;
        switch (ref.source) {
        case Source::None:
            return std::string();
        case Source::Env: {
            const char* value = std::getenv(ref.name.c_str()); // NOLINT(concurrency-mt-unsafe): read-only use
            if (!value) {
                return Error{ErrorKind::Configuration,
                             "Environment variable " + ref.name + " is not set. Set it before starting Sluice, or "
                             "store the secret in the keychain and write ${keychain:ACCOUNT} instead.",
                             {}};
            }
            redaction::registerSecret(value);
            return std::string(value);
        }
        case Source::Keychain:
            return Error{ErrorKind::Configuration,
                         "Keychain secrets are not available in this context (" + ref.toString() + ").", {}};
        }
        return Error{ErrorKind::Bug, "unknown secret source", {}};
    }
};

} // namespace

std::shared_ptr<SecretResolver> makeEnvSecretResolver()
{
    return std::make_shared<EnvSecretResolver>();
}

} // namespace sluice::kafka
