// SPDX-License-Identifier: Apache-2.0
#pragma once

// The workspace's dead-letter conventions (config, already validated on load) as the
// DeadLetterConventions the inspector and the browser decode with.

#include "config/workspace.h"
#include "dlq/convention_detector.h"

#include <vector>

namespace sluice::dlq {

// Mappings whose field or encoding is unknown are left out (the loader reported them).
std::vector<CustomConvention> customConventions(const std::vector<config::DeadLetterConventionConfig>& configured);

} // namespace sluice::dlq
