// SPDX-License-Identifier: Apache-2.0
// parseWorkspace(): YAML text → validated Workspace, or every problem with file:line:column.
#include "config/cluster_reader.h"
#include "config/workspace_io.h"
#include "config/yaml_reader.h"
#include "dlq/dead_letter_info.h"
#include "dlq/header_decoding.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <optional>
#include <set>
#include <sstream>
#include <yaml-cpp/eventhandler.h>

namespace sluice::config {
namespace {

constexpr int kSupportedVersion = 1;

constexpr std::string_view kTopKeys[]
    = { "version", "name", "refresh", "clusters", "connect", "schemaRegistries", "flink", "lagRules",
        "alerts", "deadLetters" };
constexpr std::string_view kAlertsKeys[] = { "groups" };
constexpr std::string_view kDeadLetterKeys[] = { "name", "topics", "headers" };
constexpr std::string_view kHeaderMappingKeys[] = { "header", "field", "encoding" };
constexpr std::string_view kRefreshKeys[] = { "metadata", "lag" };
constexpr std::string_view kLagRuleKeys[] = { "group", "maxLagRecords", "maxLagSeconds" };
constexpr std::string_view kServiceKeys[] = { "name", "url", "cluster", "auth" };
constexpr std::string_view kFlinkKeys[] = { "name", "url", "auth" };
constexpr std::string_view kAuthKeys[] = { "username", "password", "bearerToken" };

std::string joinNames(const std::vector<ClusterConfig>& clusters)
{
    std::string out;
    std::set<std::string_view> seen;
    for (const ClusterConfig& cluster : clusters) {
        if (cluster.name.empty() || !seen.insert(cluster.name).second)
            continue;
        out += out.empty() ? "" : ", ";
        out += cluster.name;
    }
    return out;
}

// Names must be unique within one list (clusters, connect, ...); the second use is reported.
class NameRegistry {
public:
    NameRegistry(std::string_view kind, Diagnostics& diagnostics)
        : m_kind(kind)
        , m_diagnostics(diagnostics)
    {
    }

    // `item` is the list item that holds `name` (already read and checked).
    void claim(const std::string& name, const YAML::Node& item)
    {
        const YAML::Node nameNode = item["name"];
        if (name.empty() || !nameNode.IsDefined())
            return;
        const auto [it, isNew] = m_firstLine.emplace(name, toLocation(nameNode.Mark()).line);
        if (!isNew)
            m_diagnostics.add(nameNode.Mark(),
                "duplicate " + std::string(m_kind) + " name " + quoted(name) + " (first at line "
                    + std::to_string(it->second) + ")",
                "expected each " + std::string(m_kind) + " to have its own name");
    }

private:
    std::string_view m_kind;
    Diagnostics& m_diagnostics;
    std::map<std::string, int> m_firstLine;
};

class WorkspaceParser {
public:
    explicit WorkspaceParser(ReaderContext& context)
        : m_context(context)
    {
    }

    void parse(const YAML::Node& root, Workspace& workspace)
    {
        const MapReader top(root, "", kTopKeys, m_context);
        if (!top.isMap() || !readVersion(top, workspace))
            return;
        workspace.name = top.text("name").value_or("");
        readRefresh(top, workspace.refresh);
        NameRegistry clusterNames("cluster", m_context.diagnostics);
        forEachItem(top, "clusters", [&](const YAML::Node& item, const std::string& path) {
            ClusterConfig cluster = readCluster(item, path, m_context);
            if (item.IsMap())
                clusterNames.claim(cluster.name, item);
            workspace.clusters.push_back(std::move(cluster));
        });
        readServices(top, "connect", "Connect cluster", workspace, workspace.connectClusters);
        readServices(top, "schemaRegistries", "schema registry", workspace, workspace.schemaRegistries);
        readServices(top, "flink", "Flink cluster", workspace, workspace.flinkClusters);
        forEachItem(top, "lagRules", [&](const YAML::Node& item, const std::string& path) {
            workspace.lagRules.push_back(readLagRule(item, path));
        });
        readAlerts(top, workspace.alerts);
        readDeadLetterConventions(top, workspace.deadLetterConventions);
    }

private:
    // False for a version this parser cannot read: everything else would be noise.
    bool readVersion(const MapReader& top, Workspace& workspace)
    {
        if (!top.find("version")) {
            top.reportMissing("version", "expected 'version: 1' as the first line");
            return true;
        }
        const std::optional<int> version = top.integer("version");
        if (version && *version != kSupportedVersion) {
            m_context.diagnostics.add(top.find("version")->valueMark,
                "workspace version " + std::to_string(*version) + " is not supported by this Sluice",
                "expected version: 1 (a newer Sluice may read this file)");
            return false;
        }
        workspace.version = version.value_or(kSupportedVersion);
        return true;
    }

    void readRefresh(const MapReader& top, RefreshSettings& refresh)
    {
        const MapReader::Field* field = top.find("refresh");
        if (!field)
            return;
        const MapReader map(field->value, "refresh", kRefreshKeys, m_context);
        if (const auto metadata = map.refreshInterval("metadata"))
            refresh.metadata = *metadata;
        if (const auto lag = map.refreshInterval("lag"))
            refresh.lag = *lag;
    }

    void readAlerts(const MapReader& top, AlertsConfig& alerts)
    {
        const MapReader::Field* field = top.find("alerts");
        if (!field)
            return;
        const MapReader map(field->value, "alerts", kAlertsKeys, m_context);
        if (!map.isMap())
            return;
        const MapReader::Field* groups = map.findAny("groups");
        if (!groups)
            return;
        constexpr std::string_view kExpected
            = "expected a list of group-id patterns such as ['billing-*', 'orders-etl'] ('*' any run of "
              "characters, '?' one; [] for pinned groups only)";
        if (!groups->value.IsSequence()) {
            m_context.diagnostics.add(groups->valueMark, map.pathOf("groups") + " is not a list of patterns",
                std::string(kExpected));
            return;
        }
        alerts.groups.clear();
        for (const YAML::Node& pattern : groups->value) {
            if (!pattern.IsScalar() || pattern.Scalar().empty())
                m_context.diagnostics.add(pattern.Mark(), map.pathOf("groups") + " holds an empty or non-text item",
                    std::string(kExpected));
            else
                alerts.groups.push_back(pattern.Scalar());
        }
    }

    LagRule readLagRule(const YAML::Node& item, const std::string& path)
    {
        const MapReader map(item, path, kLagRuleKeys, m_context);
        LagRule rule;
        rule.location = toLocation(map.mark());
        if (!map.isMap())
            return rule;
        rule.group = map.requiredText("group", "a group id or pattern such as 'group: billing-*'").value_or("");
        if (const MapReader::Field* field = map.find("maxLagRecords")) {
            const std::optional<std::int64_t> value = positiveNumber<std::int64_t>(field->value);
            if (value)
                rule.maxLagRecords = value;
            else
                m_context.diagnostics.add(field->valueMark,
                    map.pathOf("maxLagRecords") + " " + quoted(field->value.Scalar()) + " is not a positive whole number",
                    "expected a record count such as 10000");
        }
        if (const MapReader::Field* field = map.find("maxLagSeconds")) {
            const std::optional<double> value = positiveNumber<double>(field->value);
            if (value)
                rule.maxLagSeconds = value;
            else
                m_context.diagnostics.add(field->valueMark,
                    map.pathOf("maxLagSeconds") + " " + quoted(field->value.Scalar()) + " is not a positive number",
                    "expected seconds such as 300 or 2.5");
        }
        if (!map.hasValue("maxLagRecords") && !map.hasValue("maxLagSeconds") && map.find("group")
            && !map.wasSuggested("maxLagRecords") && !map.wasSuggested("maxLagSeconds"))
            m_context.diagnostics.add(map.mark(), path + " sets no budget",
                "expected maxLagRecords, maxLagSeconds or both next to 'group'");
        return rule;
    }

    template <typename Number> static std::optional<Number> positiveNumber(const YAML::Node& node)
    {
        Number value {};
        if (!node.IsScalar() || !YAML::convert<Number>::decode(node, value))
            return std::nullopt;
        if (!(value > Number {}) || !std::isfinite(static_cast<double>(value)))
            return std::nullopt;
        return value;
    }

    void readDeadLetterConventions(const MapReader& top, std::vector<DeadLetterConventionConfig>& out)
    {
        NameRegistry names("dead-letter convention", m_context.diagnostics);
        forEachItem(top, "deadLetters", [&](const YAML::Node& item, const std::string& path) {
            const MapReader map(item, path, kDeadLetterKeys, m_context);
            DeadLetterConventionConfig convention;
            convention.location = toLocation(map.mark());
            if (!map.isMap())
                return;
            convention.name = map.requiredText("name", "a name such as 'name: billing x-original'").value_or("");
            names.claim(convention.name, item);
            const MapReader::Field* topics = map.find("topics");
            if (!topics) {
                map.reportMissing("topics", "expected a list of topic-name patterns such as ['billing.*.dead']");
            } else if (!topics->value.IsSequence() || topics->value.size() == 0) {
                m_context.diagnostics.add(topics->valueMark, map.pathOf("topics") + " is not a list of patterns",
                    "expected a list of topic-name patterns such as ['billing.*.dead']");
            } else {
                for (const YAML::Node& pattern : topics->value) {
                    if (!pattern.IsScalar() || pattern.Scalar().empty())
                        m_context.diagnostics.add(pattern.Mark(),
                            map.pathOf("topics") + " holds an empty or non-text item",
                            "expected topic-name patterns ('*' any run of characters, '?' one)");
                    else
                        convention.topics.push_back(pattern.Scalar());
                }
            }
            const MapReader::Field* headers = map.find("headers");
            if (!headers) {
                map.reportMissing("headers", "expected a list of '- header: NAME' / 'field: FIELD' mappings");
            } else if (!headers->value.IsSequence() || headers->value.size() == 0) {
                m_context.diagnostics.add(headers->valueMark, map.pathOf("headers") + " is not a list of mappings",
                    "expected a list of '- header: NAME' / 'field: FIELD' mappings");
            } else {
                std::size_t index = 0;
                for (const YAML::Node& mappingNode : headers->value)
                    convention.headers.push_back(
                        readHeaderMapping(mappingNode, map.pathOf("headers") + "[" + std::to_string(index++) + "]"));
            }
            out.push_back(std::move(convention));
        });
    }

    DeadLetterHeaderMapping readHeaderMapping(const YAML::Node& node, const std::string& path)
    {
        const MapReader map(node, path, kHeaderMappingKeys, m_context);
        DeadLetterHeaderMapping mapping;
        mapping.location = toLocation(map.mark());
        if (!map.isMap())
            return mapping;
        mapping.header = map.requiredText("header", "the header's name, e.g. 'header: x-original-topic'").value_or("");
        mapping.field = map.requiredText("field", "a dead-letter field such as 'field: original-topic'").value_or("");
        if (!mapping.field.empty() && !dlq::deadLetterFieldFromName(mapping.field))
            m_context.diagnostics.add(map.find("field")->valueMark,
                map.pathOf("field") + " " + quoted(mapping.field) + " is not a dead-letter field",
                "expected one of original-topic, original-partition, original-offset, original-timestamp, "
                "original-consumer-group, connector-name, task-id, stage, class-name, exception-class, "
                "exception-cause-class, exception-message, stack-trace");
        if (const auto encoding = map.text("encoding")) {
            mapping.encoding = *encoding;
            if (!dlq::headerEncodingFromName(*encoding))
                m_context.diagnostics.add(map.find("encoding")->valueMark,
                    map.pathOf("encoding") + " " + quoted(*encoding) + " is not a header encoding",
                    "expected utf8, int32be or int64be");
        }
        return mapping;
    }

    template <typename Visit> void forEachItem(const MapReader& top, std::string_view key, Visit visit)
    {
        const MapReader::Field* field = top.find(key);
        if (!field)
            return;
        if (!field->value.IsSequence()) {
            m_context.diagnostics.add(field->valueMark,
                std::string(key) + " is " + std::string(describeNodeType(field->value)),
                key == "lagRules" ? "expected a list, each item starting with '- group:'"
                                  : "expected a list, each item starting with '- name:'");
            return;
        }
        std::size_t index = 0;
        for (const YAML::Node& item : field->value)
            visit(item, std::string(key) + "[" + std::to_string(index++) + "]");
    }

    HttpAuth readAuth(const MapReader& service)
    {
        HttpAuth auth;
        const MapReader::Field* field = service.find("auth");
        if (!field)
            return auth;
        const MapReader map(field->value, service.pathOf("auth"), kAuthKeys, m_context);
        if (!map.isMap())
            return auth;
        auth.username = map.text("username").value_or("");
        auth.password = map.secret("password");
        auth.bearerToken = map.secret("bearerToken");
        Diagnostics& diagnostics = m_context.diagnostics;
        const bool hasUser = map.hasValue("username");
        const bool hasPassword = map.hasValue("password");
        if (hasPassword && !hasUser)
            diagnostics.add(map.find("password")->keyMark, map.pathOf("password") + " is set without a username",
                "expected username and password together for basic authentication");
        if (hasUser && !hasPassword)
            diagnostics.add(map.find("username")->keyMark, map.pathOf("username") + " is set without a password",
                "expected password: ${env:NAME} or ${keychain:ACCOUNT} next to it");
        if (map.hasValue("bearerToken") && (hasUser || hasPassword))
            diagnostics.add(map.find("bearerToken")->keyMark, map.path() + " has both basic and bearer credentials",
                "expected either username and password, or bearerToken");
        return auth;
    }

    // The `cluster` a service points at must be one of the workspace's clusters.
    std::string readClusterReference(const MapReader& map, const Workspace& workspace)
    {
        std::optional<std::string> name = map.text("cluster");
        if (!name || name->empty() || workspace.cluster(*name))
            return name.value_or("");
        std::vector<std::string_view> known;
        for (const ClusterConfig& cluster : workspace.clusters)
            known.push_back(cluster.name);
        const std::string_view nearest = nearestKey(*name, known);
        std::string expected = "expected the name of a cluster under 'clusters'";
        if (!nearest.empty())
            expected = "did you mean " + quoted(nearest) + "?";
        else if (!known.empty())
            expected = "expected one of: " + joinNames(workspace.clusters);
        m_context.diagnostics.add(map.find("cluster")->valueMark,
            map.pathOf("cluster") + " " + quoted(*name) + " names no cluster in this workspace", expected);
        return *name;
    }

    template <typename Service>
    void readServices(const MapReader& top, std::string_view key, std::string_view kind, const Workspace& workspace,
        std::vector<Service>& services)
    {
        constexpr bool hasCluster = !std::is_same_v<Service, FlinkClusterConfig>;
        NameRegistry names(kind, m_context.diagnostics);
        forEachItem(top, key, [&](const YAML::Node& item, const std::string& path) {
            const std::span<const std::string_view> keys = hasCluster ? std::span<const std::string_view>(kServiceKeys)
                                                                      : std::span<const std::string_view>(kFlinkKeys);
            const MapReader map(item, path, keys, m_context);
            Service service;
            service.location = toLocation(map.mark());
            if (map.isMap()) {
                service.name
                    = map.requiredText("name",
                             "a name such as 'name: " + std::string(kind == "Flink cluster" ? "flink" : "local") + "'")
                          .value_or("");
                names.claim(service.name, item);
                service.url = map.requiredText("url", "an http(s) URL such as http://127.0.0.1:8083").value_or("");
                if (!service.url.empty() && !isHttpUrl(service.url))
                    m_context.diagnostics.add(map.find("url")->valueMark,
                        map.pathOf("url") + " " + quoted(service.url) + " is not an http(s) URL",
                        "expected a URL such as http://127.0.0.1:8083");
                if constexpr (hasCluster)
                    service.cluster = readClusterReference(map, workspace);
                service.auth = readAuth(map);
            }
            services.push_back(std::move(service));
        });
    }

    ReaderContext& m_context;
};

// Counts the documents in a YAML text without building them, stopping at the second one.
// yaml-cpp 0.7's LoadAll() never returns on some malformed input: a stray ',' at the top
// level yields the same empty document over and over. A document that starts where the
// previous one did is therefore reported as a syntax error instead of being parsed again.
class DocumentCounter final : public YAML::EventHandler {
public:
    struct Scan {
        int documents = 0;
        YAML::Mark secondStart; // when documents == 2
        std::optional<YAML::Mark> stuckAt; // the parser made no progress here
    };

    static Scan scan(const std::string& text) // throws YAML::Exception on syntax errors
    {
        std::istringstream input(text);
        YAML::Parser parser(input);
        DocumentCounter counter;
        Scan result;
        while (result.documents < 2 && parser.HandleNextDocument(counter)) {
            if (result.documents == 1 && counter.m_start.pos == counter.m_previousStart.pos) {
                result.stuckAt = counter.m_start;
                return result;
            }
            ++result.documents;
            result.secondStart = counter.m_start;
            counter.m_previousStart = counter.m_start;
        }
        return result;
    }

    void OnDocumentStart(const YAML::Mark& mark) override { m_start = mark; }
    void OnDocumentEnd() override { }
    void OnNull(const YAML::Mark&, YAML::anchor_t) override { }
    void OnAlias(const YAML::Mark&, YAML::anchor_t) override { }
    void OnScalar(const YAML::Mark&, const std::string&, YAML::anchor_t, const std::string&) override { }
    void OnSequenceStart(const YAML::Mark&, const std::string&, YAML::anchor_t, YAML::EmitterStyle::value) override { }
    void OnSequenceEnd() override { }
    void OnMapStart(const YAML::Mark&, const std::string&, YAML::anchor_t, YAML::EmitterStyle::value) override { }
    void OnMapEnd() override { }

private:
    YAML::Mark m_start;
    YAML::Mark m_previousStart;
};

// Advice for a YAML syntax error, from the text of the line it points at.
std::string syntaxAdvice(std::string_view text, int line)
{
    std::size_t start = 0;
    for (int i = 0; i < line && start != std::string_view::npos; ++i) {
        start = text.find('\n', start);
        if (start != std::string_view::npos)
            ++start;
    }
    std::string lineText(
        start == std::string_view::npos ? std::string_view() : text.substr(start, text.find('\n', start) - start));
    const bool hasReference = lineText.find("${") != std::string::npos;
    for (std::size_t at; (at = lineText.find("${")) != std::string::npos;)
        lineText.erase(at, 2);
    if (hasReference && lineText.find_first_of("{[") != std::string::npos)
        return "expected references inside { } or [ ] to be quoted, such as password: \"${env:NAME}\"";
    if (lineText.find('\t') != std::string::npos)
        return "expected spaces for indentation (YAML does not allow tabs)";
    return "expected valid YAML: check indentation, colons and quotes on this line and the one before";
}

} // namespace

Result<Workspace> parseWorkspace(std::string_view yamlText, const std::string& fileName, const EnvLookup& env)
{
    Diagnostics diagnostics(fileName);
    const std::string text(yamlText);
    YAML::Node root;
    DocumentCounter::Scan scan;
    try {
        scan = DocumentCounter::scan(text);
        if (!scan.stuckAt)
            root = YAML::Load(text); // the first document only
    } catch (const YAML::Exception& e) {
        diagnostics.add(e.mark, "the file is not valid YAML (" + e.msg + ")", syntaxAdvice(yamlText, e.mark.line));
        return diagnostics.toError();
    }
    if (scan.stuckAt) {
        const std::size_t at = static_cast<std::size_t>(std::max(scan.stuckAt->pos, 0));
        const std::string found = at < text.size() ? quoted(text.substr(at, 1)) : std::string("the end of the file");
        diagnostics.add(*scan.stuckAt, "the file is not valid YAML (unexpected " + found + ")",
            syntaxAdvice(yamlText, scan.stuckAt->line));
        return diagnostics.toError();
    }
    if (scan.documents == 0 || root.IsNull()) {
        diagnostics.add(YAML::Mark(), "the workspace is empty", "expected at least 'version: 1'");
        return diagnostics.toError();
    }
    if (scan.documents > 1)
        diagnostics.add(scan.secondStart, "the file holds more than one YAML document",
            "expected one workspace per file (remove the '---' separators)");

    Workspace workspace;
    ReaderContext context { diagnostics, env };
    WorkspaceParser parser(context);
    try {
        parser.parse(root, workspace);
    } catch (const YAML::Exception& e) { // not expected: every access is checked first
        diagnostics.add(e.mark, "the workspace could not be read (" + e.msg + ")",
            "expected a workspace as described in docs/workspace.md");
    }
    if (!diagnostics.isEmpty())
        return diagnostics.toError();
    return workspace;
}

} // namespace sluice::config
