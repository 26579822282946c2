// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "config/workspace_io.h"

#include <string>
#include <string_view>
#include <variant>

namespace sluice::config {

// Why a "${...}" in an ordinary workspace value could not be expanded.
struct ExpansionProblem {
    enum class Kind {
        UnsetVariable, // ${env:NAME} with NAME not set; `name` holds NAME
        KeychainReference, // ${keychain:...} outside a secret field; `reference` holds it
        Malformed, // "${" not followed by env:NAME}; `reference` holds the text seen
    };
    Kind kind = Kind::Malformed;
    std::string name;
    std::string reference;
};

// Replaces every "${env:NAME}" in `text` with the variable's value and every "$${" with a
// literal "${". Any other "${" is a problem. Values are inserted verbatim (not rescanned).
std::variant<std::string, ExpansionProblem> expandReferences(std::string_view text, const EnvLookup& env);

// The inverse for writing: "${" becomes "$${", so expandReferences() gives back `text`.
std::string escapeReferences(std::string_view text);

} // namespace sluice::config
