// SPDX-License-Identifier: Apache-2.0
// Workspace files on disk: reading with a size limit, saving atomically, the real environment.
#include "config/workspace_io.h"

#include "config/atomic_file.h"
#include "support/logging.h"
#include "support/redaction.h"

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace sluice::config {
namespace {

// Workspaces are hand-written lists of clusters; anything this big is the wrong file.
constexpr std::uintmax_t kMaxWorkspaceBytes = 4u * 1024 * 1024;

Error fileError(ErrorKind kind, const std::string& path, std::string_view what, std::string_view expected)
{
    return Error { kind, path + ": " + std::string(what) + "; " + std::string(expected), {} };
}

// Secret properties hold references; a literal here would be written to disk in clear.
Status checkNoLiteralSecrets(const Workspace& workspace, const std::string& path)
{
    for (const ClusterConfig& cluster : workspace.clusters) {
        for (const auto& [key, value] : cluster.properties) {
            if (redaction::isSecretKey(key) && !parseSecretRef(value)) {
                return fileError(ErrorKind::Configuration, path,
                    "not saved: property " + key + " of cluster " + cluster.name + " holds a literal secret",
                    "expected a reference such as ${env:NAME} or ${keychain:ACCOUNT}");
            }
        }
    }
    return Ok {};
}

} // namespace

EnvLookup systemEnv()
{
    return [](const std::string& name) -> std::optional<std::string> {
        if (const char* value = std::getenv(name.c_str()))
            return std::string(value);
        return std::nullopt;
    };
}

Result<Workspace> loadWorkspace(const std::string& path, const EnvLookup& env)
{
    namespace fs = std::filesystem;
    std::error_code error;
    const fs::file_status status = fs::status(path, error);
    if (!fs::exists(status))
        return fileError(ErrorKind::NotFound, path, "the workspace file does not exist",
            "expected the path of a workspace .yaml file (see docs/workspace.md)");
    if (fs::is_directory(status))
        return fileError(ErrorKind::Configuration, path, "is a folder", "expected the path of a workspace .yaml file");
    if (const std::uintmax_t size = fs::file_size(path, error); !error && size > kMaxWorkspaceBytes)
        return fileError(ErrorKind::Configuration, path, "the file is " + std::to_string(size / 1024) + " KiB",
            "expected a workspace file under 4 MiB");
    std::ifstream in(path, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    if (!in || in.bad())
        return fileError(ErrorKind::Configuration, path, "the file could not be read",
            "expected a readable file (check its permissions)");

    Result<Workspace> workspace = parseWorkspace(text.str(), path, env);
    if (!workspace) {
        logging::config()->warn("workspace rejected file={} problems={} first={}", path,
            std::count(workspace.error().detail.begin(), workspace.error().detail.end(), '\n') + 1,
            workspace.error().message);
        return workspace;
    }
    workspace->filePath = path;
    logging::config()->info("workspace loaded file={} name={} clusters={} connect={} schemaRegistries={} flink={}",
        path, workspace->name, workspace->clusters.size(), workspace->connectClusters.size(),
        workspace->schemaRegistries.size(), workspace->flinkClusters.size());
    return workspace;
}

Status saveWorkspace(const Workspace& workspace, const std::string& path)
{
    if (Status clean = checkNoLiteralSecrets(workspace, path); !clean)
        return clean;
    const std::string text = serializeWorkspace(workspace);
    // Never write a file that would not load again. References stay unresolved, and no
    // ordinary value can need the environment: the writer escapes every "${".
    const Result<Workspace> reread = parseWorkspace(text, path, [](const std::string&) { return std::nullopt; });
    if (!reread) {
        return Error { ErrorKind::Configuration,
            "Couldn't save the workspace to " + path + ": it would not load again (" + reread.error().message + ")",
            reread.error().detail };
    }
    if (Status written = writeFileAtomically(path, text); !written)
        return written;
    logging::config()->info("workspace saved file={} clusters={}", path, workspace.clusters.size());
    return Ok {};
}

} // namespace sluice::config
