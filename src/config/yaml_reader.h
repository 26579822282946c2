// SPDX-License-Identifier: Apache-2.0
#pragma once

// Internal to config/: validating access to yaml-cpp nodes for the workspace parser. Every
// reader reports its own problems to Diagnostics and returns nullopt for absent or invalid
// values, so the parser can keep going and report everything wrong in one pass.
// Never include this outside src/config/*.cpp: it pulls in yaml-cpp.

#include "config/workspace.h"
#include "config/workspace_io.h"
#include "support/error.h"

#include <chrono>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>
#include <yaml-cpp/yaml.h>

namespace sluice::config {

// Problems found in one file, each "FILE:LINE:COLUMN: what is wrong; what is expected".
class Diagnostics {
public:
    explicit Diagnostics(std::string fileName)
        : m_fileName(std::move(fileName))
    {
    }

    void add(const YAML::Mark& mark, std::string_view what, std::string_view expected);
    bool isEmpty() const { return m_problems.empty(); }
    std::size_t count() const { return m_problems.size(); }
    // Configuration error: message is the first problem in file order, detail all of them.
    Error toError() const;

private:
    struct Problem {
        int line;
        int column;
        std::string text;
    };
    std::string m_fileName;
    std::vector<Problem> m_problems;
};

SourceLocation toLocation(const YAML::Mark& mark);
std::string quoted(std::string_view text); // 'text'

// The known key closest to `unknown` when it is plausibly a typo, else empty.
std::string_view nearestKey(std::string_view unknown, std::span<const std::string_view> known);

// Refreshing faster than this floods brokers and REST endpoints with requests.
inline constexpr std::chrono::milliseconds kMinRefreshInterval { 100 };

struct ReaderContext {
    Diagnostics& diagnostics;
    const EnvLookup& env;
};

// Optional extra advice for an unknown key in one particular mapping (e.g. "password"
// directly under a cluster belongs under security.sasl). Empty when there is none.
using KeyHint = std::string (*)(std::string_view unknownKey);

// One YAML mapping with a fixed set of allowed keys. Unknown and duplicate keys are
// reported on construction; a node that is not a mapping is reported and reads as empty.
class MapReader {
public:
    struct Field {
        std::string key;
        YAML::Node value;
        YAML::Mark keyMark;
        YAML::Mark valueMark; // the key's mark when the value is empty (yaml-cpp points past it)
    };

    MapReader(const YAML::Node& node, std::string path, std::span<const std::string_view> knownKeys,
        ReaderContext& context, KeyHint hint = nullptr);

    bool isMap() const { return m_isMap; }
    const YAML::Mark& mark() const { return m_mark; }
    const std::string& path() const { return m_path; }
    std::string pathOf(std::string_view key) const;
    // The field, or nullptr when absent or written with an empty (null) value.
    const Field* find(std::string_view key) const;
    // The field even when its value is empty (null); nullptr only when absent.
    const Field* findAny(std::string_view key) const;
    // Reports a required value that is missing: "<path> has no '<key>'" at the mapping, or
    // "<path.key> is empty" at the key. Nothing when wasSuggested(key).
    void reportMissing(std::string_view key, std::string_view expected) const;
    // Present with a non-empty value (a mapping or list counts as a value).
    bool hasValue(std::string_view key) const;
    // True when an unknown key here was reported as a likely typo of `key`; a "missing
    // key" report would then only repeat the same mistake.
    bool wasSuggested(std::string_view key) const;
    const std::vector<Field>& fields() const { return m_fields; }
    ReaderContext& context() const { return m_context; }

    // Scalar text with ${env:NAME} expanded.
    std::optional<std::string> text(std::string_view key) const;
    // As text(), but an absent or empty value is reported: "<path> has no '<key>'; expected <example>"
    // (unless wasSuggested(key)).
    std::optional<std::string> requiredText(std::string_view key, std::string_view example) const;
    // A secret field: must be ${env:NAME} or ${keychain:ACCOUNT}; literals are refused.
    SecretRef secret(std::string_view key) const;
    std::optional<bool> boolean(std::string_view key) const;
    std::optional<std::chrono::milliseconds> duration(std::string_view key) const;
    // A duration used as a refresh interval: at least kMinRefreshInterval.
    std::optional<std::chrono::milliseconds> refreshInterval(std::string_view key) const;
    std::optional<int> integer(std::string_view key) const;

    // Checks a scalar value and expands it; shared with list items.
    static std::optional<std::string> expandScalar(
        const YAML::Node& value, const YAML::Mark& mark, const std::string& path, ReaderContext& context);

private:
    const Field* scalarField(std::string_view key) const;

    YAML::Mark m_mark;
    std::string m_path;
    ReaderContext& m_context;
    std::vector<Field> m_fields;
    std::vector<std::string_view> m_suggested;
    bool m_isMap = false;
};

// "http://…" or "https://…" with a host part (scheme case-insensitive).
bool isHttpUrl(std::string_view url);

// "a mapping", "a list", "text" — for type mismatch messages.
std::string_view describeNodeType(const YAML::Node& node);

} // namespace sluice::config
