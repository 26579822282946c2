// SPDX-License-Identifier: Apache-2.0
#include "config/env_expansion.h"

namespace sluice::config {

std::variant<std::string, ExpansionProblem> expandReferences(std::string_view text, const EnvLookup& env)
{
    std::string out;
    out.reserve(text.size());
    std::size_t i = 0;
    while (i < text.size()) {
        if (text.substr(i, 3) == "$${") {
            out += "${";
            i += 3;
            continue;
        }
        if (text.substr(i, 2) != "${") {
            out += text[i++];
            continue;
        }
        const std::size_t close = text.find('}', i);
        const std::string_view reference
            = close == std::string_view::npos ? text.substr(i) : text.substr(i, close - i + 1);
        const std::optional<SecretRef> ref = parseSecretRef(reference);
        if (!ref)
            return ExpansionProblem { ExpansionProblem::Kind::Malformed, {}, std::string(reference) };
        if (ref->source == SecretRef::Source::Keychain)
            return ExpansionProblem { ExpansionProblem::Kind::KeychainReference, ref->name, std::string(reference) };
        const std::optional<std::string> value = env ? env(ref->name) : std::nullopt;
        if (!value)
            return ExpansionProblem { ExpansionProblem::Kind::UnsetVariable, ref->name, std::string(reference) };
        out += *value;
        i = close + 1;
    }
    return out;
}

std::string escapeReferences(std::string_view text)
{
    std::string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text.substr(i, 2) == "${")
            out += '$';
        out += text[i];
    }
    return out;
}

} // namespace sluice::config
