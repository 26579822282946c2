// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "support/result.h"

#include <string>
#include <string_view>

namespace sluice::config {

// Replaces the file at `path` with `content` so that readers see either the old or the new
// file, never half of one: write a temporary file in the same folder, flush it to disk,
// rename it over the target. A symlink is followed (its target is replaced); an existing
// file keeps its permissions. The temporary file is removed on failure.
Status writeFileAtomically(const std::string& path, std::string_view content);

} // namespace sluice::config
