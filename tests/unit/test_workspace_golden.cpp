// SPDX-License-Identifier: Apache-2.0
// Golden workspace files under tests/data/workspaces/, read with loadWorkspace(): every
// valid/*.yaml loads (and survives save + load), every invalid/NAME.yaml is refused with
// exactly the problems in invalid/NAME.errors. See tests/data/workspaces/README.md.
#include "config/workspace_io.h"

#include <QTemporaryDir>
#include <QTest>
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

using namespace sluice;
using namespace sluice::config;
namespace fs = std::filesystem;

namespace {

EnvLookup goldenEnv()
{
    static const std::map<std::string, std::string> vars { { "GOLDEN_HOST", "kafka.golden" },
        { "GOLDEN_USER", "golden-user" }, { "GOLDEN_CERTS", "/certs" } };
    return [](const std::string& name) -> std::optional<std::string> {
        const auto it = vars.find(name);
        return it == vars.end() ? std::nullopt : std::optional<std::string>(it->second);
    };
}

fs::path goldenDir()
{
    return fs::path(qgetenv("SLUICE_TEST_DATA").toStdString()) / "workspaces";
}

std::vector<fs::path> yamlFiles(const fs::path& folder)
{
    std::vector<fs::path> files;
    for (const auto& entry : fs::directory_iterator(folder)) {
        if (entry.path().extension() == ".yaml")
            files.push_back(entry.path());
    }
    std::sort(files.begin(), files.end());
    return files;
}

std::string readText(const fs::path& path)
{
    std::ifstream in(path, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    std::string out = text.str();
    while (!out.empty() && out.back() == '\n')
        out.pop_back();
    return out;
}

void replaceAll(std::string& text, const std::string& from, const std::string& to)
{
    for (std::size_t at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size()))
        text.replace(at, from.size(), to);
}

Workspace withoutLocations(Workspace workspace)
{
    workspace.filePath.clear();
    for (auto& c : workspace.clusters)
        c.location = {};
    for (auto& c : workspace.connectClusters)
        c.location = {};
    for (auto& r : workspace.schemaRegistries)
        r.location = {};
    for (auto& f : workspace.flinkClusters)
        f.location = {};
    for (auto& d : workspace.deadLetterConventions) {
        d.location = {};
        for (auto& m : d.headers)
            m.location = {};
    }
    return workspace;
}

void addFileRows(const char* folder)
{
    QTest::addColumn<QString>("path");
    QVERIFY2(!qgetenv("SLUICE_TEST_DATA").isEmpty(), "SLUICE_TEST_DATA is not set; run this test through ctest");
    const std::vector<fs::path> files = yamlFiles(goldenDir() / folder);
    QVERIFY2(files.size() >= 3, "expected golden files; is SLUICE_TEST_DATA right?");
    for (const fs::path& file : files)
        QTest::newRow(file.filename().string().c_str()) << QString::fromStdString(file.string());
}

} // namespace

class TestWorkspaceGolden : public QObject {
    Q_OBJECT
private slots:
    void validFilesLoad_data() { addFileRows("valid"); }

    void validFilesLoad()
    {
        QFETCH(QString, path);
        const Result<Workspace> loaded = loadWorkspace(path.toStdString(), goldenEnv());
        QVERIFY2(loaded, loaded ? "" : loaded.error().detail.c_str());
        QCOMPARE(loaded->filePath, path.toStdString());

        QTemporaryDir dir;
        const std::string copy = dir.filePath(QStringLiteral("copy.yaml")).toStdString();
        const Status saved = saveWorkspace(*loaded, copy);
        QVERIFY2(saved, saved ? "" : saved.error().message.c_str());
        const Result<Workspace> reloaded = loadWorkspace(copy, goldenEnv());
        QVERIFY2(reloaded, reloaded ? "" : reloaded.error().detail.c_str());
        QCOMPARE(withoutLocations(*reloaded), withoutLocations(*loaded));
    }

    void invalidFilesReportExactProblems_data() { addFileRows("invalid"); }

    void invalidFilesReportExactProblems()
    {
        QFETCH(QString, path);
        const fs::path file = path.toStdString();
        const fs::path errorsFile = fs::path(file).replace_extension(".errors");
        QVERIFY2(fs::exists(errorsFile), ("missing " + errorsFile.string()).c_str());

        const Result<Workspace> loaded = loadWorkspace(file.string(), goldenEnv());
        QVERIFY(!loaded);
        QVERIFY(loaded.error().kind == ErrorKind::Configuration);
        std::string detail = loaded.error().detail;
        replaceAll(detail, file.string() + ":", file.filename().string() + ":");
        const std::string expected = readText(errorsFile);
        if (detail != expected)
            qWarning("actual problems:\n%s", detail.c_str());
        QCOMPARE(detail, expected);
        QVERIFY(loaded.error().message.starts_with(file.string() + ":"));
    }
};

QTEST_APPLESS_MAIN(TestWorkspaceGolden)
#include "test_workspace_golden.moc"
