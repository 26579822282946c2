// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "config/workspace.h"
#include "kafka/secret_resolver.h"
#include "support/result.h"

#include <string>
#include <utility>
#include <vector>

namespace sluice::kafka {

using ClientProperties = std::vector<std::pair<std::string, std::string>>;

// librdkafka properties for a cluster: connection and security from the typed fields,
// then the workspace's extra properties. Secrets are resolved through `secrets` (and
// registered for redaction). Refuses properties that run code even if a caller bypassed
// the workspace parser.
Result<ClientProperties> buildClientProperties(const config::ClusterConfig& cluster, SecretResolver& secrets);

// The properties as "key=value" lines with secret values masked; safe to log.
std::string describeProperties(const ClientProperties& properties);

} // namespace sluice::kafka
