// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "config/workspace.h"
#include "support/result.h"

#include <functional>
#include <string>
#include <string_view>

namespace sluice::config {

// Looks up an environment variable; tests inject their own. Returns nullopt when unset.
using EnvLookup = std::function<std::optional<std::string>(const std::string& name)>;
EnvLookup systemEnv();

// Parse a workspace from YAML text. `fileName` is only used in messages.
// Errors are ErrorKind::Configuration; message reads "FILE:LINE:COLUMN: what is wrong;
// what is expected", and detail lists every problem found (one per line) when there are
// several. `${env:VAR}` in ordinary string values is expanded with `env` (an unset variable
// is an error naming it); secret fields keep the reference unresolved.
Result<Workspace> parseWorkspace(std::string_view yamlText, const std::string& fileName,
                                 const EnvLookup& env = systemEnv());

// Read and parse a file; filePath is recorded in the result.
Result<Workspace> loadWorkspace(const std::string& path, const EnvLookup& env = systemEnv());

// YAML text that parseWorkspace() reads back into an equal Workspace (secrets stay references).
std::string serializeWorkspace(const Workspace& workspace);

// Write atomically (temporary file + rename) so a crash never leaves half a workspace.
Status saveWorkspace(const Workspace& workspace, const std::string& path);

} // namespace sluice::config
