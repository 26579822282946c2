// SPDX-License-Identifier: Apache-2.0
#include "config/yaml_reader.h"

#include "config/env_expansion.h"
#include "support/redaction.h"

#include <algorithm>
#include <cctype>

namespace sluice::config {
namespace {

// Lower case without separators, so "bootstrap_servers" and "Bootstrap-Servers" compare
// equal to "bootstrapServers".
std::string normalizeKey(std::string_view key)
{
    std::string out;
    for (const char c : key) {
        if (c != '_' && c != '-' && c != '.' && c != ' ')
            out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
    return out;
}

// Edits (insert, delete, replace, swap two neighbours) that turn a into b.
std::size_t editDistance(std::string_view a, std::string_view b)
{
    std::vector<std::vector<std::size_t>> d(a.size() + 1, std::vector<std::size_t>(b.size() + 1));
    for (std::size_t i = 0; i <= a.size(); ++i)
        d[i][0] = i;
    for (std::size_t j = 0; j <= b.size(); ++j)
        d[0][j] = j;
    for (std::size_t i = 1; i <= a.size(); ++i) {
        for (std::size_t j = 1; j <= b.size(); ++j) {
            const std::size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
            d[i][j] = std::min({ d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost });
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                d[i][j] = std::min(d[i][j], d[i - 2][j - 2] + 1);
        }
    }
    return d[a.size()][b.size()];
}

std::string joinKeys(std::span<const std::string_view> keys)
{
    std::string out;
    for (const std::string_view key : keys) {
        if (!out.empty())
            out += ", ";
        out += key;
    }
    return out;
}

std::string where(const std::string& path)
{
    return path.empty() ? std::string("at the top level") : "in " + path;
}

} // namespace

void Diagnostics::add(const YAML::Mark& mark, std::string_view what, std::string_view expected)
{
    const SourceLocation at = toLocation(mark);
    std::string text = m_fileName + ":" + std::to_string(at.line) + ":" + std::to_string(at.column) + ": ";
    text += what;
    text += "; ";
    text += expected;
    m_problems.push_back(Problem { at.line, at.column, std::move(text) });
}

Error Diagnostics::toError() const
{
    std::vector<Problem> sorted = m_problems;
    std::stable_sort(sorted.begin(), sorted.end(),
        [](const Problem& a, const Problem& b) { return a.line != b.line ? a.line < b.line : a.column < b.column; });
    Error error { ErrorKind::Configuration, {}, {} };
    for (const Problem& problem : sorted) {
        if (error.message.empty())
            error.message = problem.text;
        else
            error.detail += '\n';
        error.detail += problem.text;
    }
    return error;
}

SourceLocation toLocation(const YAML::Mark& mark)
{
    return SourceLocation { std::max(mark.line, 0) + 1, std::max(mark.column, 0) + 1 };
}

std::string quoted(std::string_view text)
{
    return "'" + std::string(text) + "'";
}

std::string_view nearestKey(std::string_view unknown, std::span<const std::string_view> known)
{
    const std::string wanted = normalizeKey(unknown);
    std::string_view best;
    // One slip in a short key, two in a medium one, three in a long one.
    std::size_t bestDistance = (wanted.size() <= 4 ? 1 : wanted.size() <= 10 ? 2 : 3) + 1;
    for (const std::string_view candidate : known) {
        const std::string normal = normalizeKey(candidate);
        std::size_t distance = editDistance(wanted, normal);
        if (wanted.size() >= 4 && normal.starts_with(wanted))
            distance = std::min<std::size_t>(distance, 1); // an abbreviation: "bootstrap"
        if (distance < bestDistance) {
            best = candidate;
            bestDistance = distance;
        }
    }
    return best;
}

bool isHttpUrl(std::string_view url)
{
    std::string scheme;
    for (const char c : url.substr(0, std::min<std::size_t>(url.size(), 8)))
        scheme += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    std::size_t hostStart = 0;
    if (scheme.starts_with("http://"))
        hostStart = 7;
    else if (scheme.starts_with("https://"))
        hostStart = 8;
    else
        return false;
    const std::string_view rest = url.substr(hostStart);
    return !rest.empty() && rest.front() != '/'
        && std::none_of(rest.begin(), rest.end(), [](unsigned char c) { return std::isspace(c); });
}

std::string_view describeNodeType(const YAML::Node& node)
{
    switch (node.Type()) {
    case YAML::NodeType::Map:
        return "a mapping";
    case YAML::NodeType::Sequence:
        return "a list";
    case YAML::NodeType::Scalar:
        return "text";
    case YAML::NodeType::Null:
    case YAML::NodeType::Undefined:
        return "empty";
    }
    return "empty";
}

MapReader::MapReader(const YAML::Node& node, std::string path, std::span<const std::string_view> knownKeys,
    ReaderContext& context, KeyHint hint)
    : m_mark(node.Mark())
    , m_path(std::move(path))
    , m_context(context)
{
    if (!node.IsMap()) {
        const std::string name = m_path.empty() ? std::string("the workspace") : m_path;
        m_context.diagnostics.add(m_mark, name + " is " + std::string(describeNodeType(node)),
            "expected a mapping of keys such as "
                + joinKeys(knownKeys.first(std::min<std::size_t>(3, knownKeys.size()))));
        return;
    }
    m_isMap = true;
    for (auto it = node.begin(); it != node.end(); ++it) {
        const YAML::Node keyNode = it->first; // copies: it-> yields a temporary
        if (!keyNode.IsScalar()) {
            m_context.diagnostics.add(keyNode.Mark(),
                "a key " + where(m_path) + " is " + std::string(describeNodeType(keyNode)),
                "expected a plain name such as " + quoted(knownKeys.empty() ? "name" : knownKeys.front()));
            continue;
        }
        const std::string key = keyNode.Scalar();
        const auto previous
            = std::find_if(m_fields.begin(), m_fields.end(), [&](const Field& f) { return f.key == key; });
        if (previous != m_fields.end()) {
            m_context.diagnostics.add(keyNode.Mark(),
                "duplicate key " + quoted(key) + " " + where(m_path) + " (first at line "
                    + std::to_string(toLocation(previous->keyMark).line) + ")",
                "expected each key once");
            continue;
        }
        if (std::find(knownKeys.begin(), knownKeys.end(), key) == knownKeys.end()) {
            const std::string_view suggestion = nearestKey(key, knownKeys);
            std::string advice = hint ? hint(key) : std::string();
            if (advice.empty() && !suggestion.empty()) {
                advice = "did you mean " + quoted(suggestion) + "?";
                m_suggested.push_back(suggestion);
            }
            if (advice.empty())
                advice = "expected one of: " + joinKeys(knownKeys);
            m_context.diagnostics.add(keyNode.Mark(), "unknown key " + quoted(key) + " " + where(m_path), advice);
            continue;
        }
        const YAML::Node value = it->second;
        const YAML::Mark valueMark = value.IsNull() ? keyNode.Mark() : value.Mark();
        m_fields.push_back(Field { key, value, keyNode.Mark(), valueMark });
    }
}

std::string MapReader::pathOf(std::string_view key) const
{
    return m_path.empty() ? std::string(key) : m_path + "." + std::string(key);
}

const MapReader::Field* MapReader::findAny(std::string_view key) const
{
    const auto it = std::find_if(m_fields.begin(), m_fields.end(), [&](const Field& f) { return f.key == key; });
    return it == m_fields.end() ? nullptr : &*it;
}

const MapReader::Field* MapReader::find(std::string_view key) const
{
    const Field* field = findAny(key);
    return field && !field->value.IsNull() ? field : nullptr;
}

void MapReader::reportMissing(std::string_view key, std::string_view expected) const
{
    if (const Field* field = findAny(key)) {
        m_context.diagnostics.add(field->valueMark, pathOf(key) + " is empty", expected);
    } else if (!wasSuggested(key)) {
        const std::string owner = m_path.empty() ? std::string("the workspace") : m_path;
        m_context.diagnostics.add(m_mark, owner + " has no " + quoted(key), expected);
    }
}

bool MapReader::wasSuggested(std::string_view key) const
{
    return std::find(m_suggested.begin(), m_suggested.end(), key) != m_suggested.end();
}

bool MapReader::hasValue(std::string_view key) const
{
    const Field* field = find(key);
    return field && !(field->value.IsScalar() && field->value.Scalar().empty());
}

const MapReader::Field* MapReader::scalarField(std::string_view key) const
{
    const Field* field = find(key);
    if (!field)
        return nullptr;
    if (!field->value.IsScalar()) {
        m_context.diagnostics.add(field->valueMark, pathOf(key) + " is " + std::string(describeNodeType(field->value)),
            "expected a single value");
        return nullptr;
    }
    return field;
}

std::optional<std::string> MapReader::expandScalar(
    const YAML::Node& value, const YAML::Mark& mark, const std::string& path, ReaderContext& context)
{
    if (!value.IsScalar()) {
        context.diagnostics.add(mark, path + " is " + std::string(describeNodeType(value)), "expected a single value");
        return std::nullopt;
    }
    auto expanded = expandReferences(value.Scalar(), context.env);
    if (auto* text = std::get_if<std::string>(&expanded))
        return std::move(*text);
    const ExpansionProblem& problem = std::get<ExpansionProblem>(expanded);
    switch (problem.kind) {
    case ExpansionProblem::Kind::UnsetVariable:
        context.diagnostics.add(mark, "environment variable " + problem.name + " is not set (used in " + path + ")",
            "expected it to be set before Sluice starts, or write $${ for a literal '${'");
        break;
    case ExpansionProblem::Kind::KeychainReference:
        context.diagnostics.add(mark,
            path + " uses " + problem.reference + ", but keychain references are only read in secret fields",
            "expected plain text or ${env:NAME} here");
        break;
    case ExpansionProblem::Kind::Malformed:
        context.diagnostics.add(mark, path + " has an unfinished or unknown reference " + quoted(problem.reference),
            "expected ${env:NAME}, or $${ for a literal '${'");
        break;
    }
    return std::nullopt;
}

std::optional<std::string> MapReader::text(std::string_view key) const
{
    const Field* field = find(key);
    if (!field)
        return std::nullopt;
    return expandScalar(field->value, field->valueMark, pathOf(key), m_context);
}

std::optional<std::string> MapReader::requiredText(std::string_view key, std::string_view example) const
{
    const Field* field = find(key);
    std::optional<std::string> value
        = field ? expandScalar(field->value, field->valueMark, pathOf(key), m_context) : std::nullopt;
    if (value && !value->empty())
        return value;
    if (!field || value) // otherwise a bad value was reported already
        reportMissing(key, "expected " + std::string(example));
    return std::nullopt;
}

SecretRef MapReader::secret(std::string_view key) const
{
    const Field* field = scalarField(key);
    if (!field || field->value.Scalar().empty())
        return {};
    const std::string& text = field->value.Scalar();
    if (auto ref = parseSecretRef(text))
        return *ref;
    if (text.find("${") == std::string::npos) {
        redaction::registerSecret(text); // never let the literal reach a log line
        m_context.diagnostics.add(field->valueMark,
            pathOf(key) + " is written as plain text, and secrets are never stored in the workspace",
            "expected a reference: ${env:NAME} (environment variable) or ${keychain:ACCOUNT} (OS keychain)");
    } else {
        m_context.diagnostics.add(field->valueMark, pathOf(key) + " is not a valid secret reference",
            "expected exactly ${env:NAME} (NAME: letters, digits, '_') or ${keychain:ACCOUNT}");
    }
    return {};
}

std::optional<bool> MapReader::boolean(std::string_view key) const
{
    const Field* field = scalarField(key);
    if (!field)
        return std::nullopt;
    bool value = false;
    if (YAML::convert<bool>::decode(field->value, value))
        return value;
    m_context.diagnostics.add(field->valueMark,
        pathOf(key) + " " + quoted(field->value.Scalar()) + " is not a yes/no value", "expected true or false");
    return std::nullopt;
}

std::optional<std::chrono::milliseconds> MapReader::duration(std::string_view key) const
{
    const Field* field = scalarField(key);
    if (!field)
        return std::nullopt;
    if (auto value = parseDuration(field->value.Scalar()))
        return value;
    m_context.diagnostics.add(field->valueMark,
        pathOf(key) + " " + quoted(field->value.Scalar()) + " is not a duration",
        "expected a whole number with a unit: 500ms, 5s, 2m, 1h (no unit: milliseconds)");
    return std::nullopt;
}

std::optional<std::chrono::milliseconds> MapReader::refreshInterval(std::string_view key) const
{
    const std::optional<std::chrono::milliseconds> interval = duration(key);
    if (!interval || *interval >= kMinRefreshInterval)
        return interval;
    m_context.diagnostics.add(find(key)->valueMark, pathOf(key) + " is shorter than 100ms",
        "expected at least 100ms, so brokers are not flooded with requests");
    return std::nullopt;
}

std::optional<int> MapReader::integer(std::string_view key) const
{
    const Field* field = scalarField(key);
    if (!field)
        return std::nullopt;
    int value = 0;
    if (YAML::convert<int>::decode(field->value, value))
        return value;
    m_context.diagnostics.add(field->valueMark,
        pathOf(key) + " " + quoted(field->value.Scalar()) + " is not a whole number", "expected a number such as 1");
    return std::nullopt;
}

} // namespace sluice::config
