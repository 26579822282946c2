// SPDX-License-Identifier: Apache-2.0
#pragma once

// Internal to config/: reads one `clusters[]` item (connection, security, properties).

#include "config/yaml_reader.h"

namespace sluice::config {

// Reads the cluster at `node`; problems go to context.diagnostics. The result is only
// meaningful when no problem was reported.
ClusterConfig readCluster(const YAML::Node& node, const std::string& path, ReaderContext& context);

} // namespace sluice::config
