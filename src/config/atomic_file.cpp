// SPDX-License-Identifier: Apache-2.0
#include "config/atomic_file.h"

#include <atomic>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <random>
#include <system_error>

#ifndef _WIN32
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#endif

namespace sluice::config {
namespace {

namespace fs = std::filesystem;

Error saveError(const fs::path& path, const std::string& reason)
{
    return Error { ErrorKind::Configuration,
        "Couldn't save the workspace to " + path.string() + ": " + reason
            + ". Check that the folder exists and is writable.",
        {} };
}

// A name next to the target that no other writer will pick: ".<name>.<random>.tmp".
fs::path temporaryPath(const fs::path& target)
{
    static std::atomic<unsigned> counter { 0 };
    std::random_device random;
    const std::string suffix = std::to_string(random()) + "-" + std::to_string(counter++);
    return target.parent_path() / ("." + target.filename().string() + "." + suffix + ".tmp");
}

#ifndef _WIN32

Status writeAndSync(int fd, std::string_view content)
{
    while (!content.empty()) {
        const ssize_t written = ::write(fd, content.data(), content.size());
        if (written < 0 && errno == EINTR)
            continue;
        if (written < 0)
            return Error { ErrorKind::Configuration, std::strerror(errno), {} };
        content.remove_prefix(static_cast<std::size_t>(written));
    }
    if (::fsync(fd) != 0)
        return Error { ErrorKind::Configuration, std::strerror(errno), {} };
    return Ok {};
}

Status replace(const fs::path& target, std::string_view content)
{
    fs::path temporary;
    int fd = -1;
    for (int attempt = 0; attempt < 16 && fd < 0; ++attempt) {
        temporary = temporaryPath(target);
        fd = ::open(temporary.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666); // umask applies
        if (fd < 0 && errno != EEXIST)
            return saveError(target, std::strerror(errno));
    }
    if (fd < 0)
        return saveError(target, "no free temporary file name");
    struct stat existing { };
    if (::stat(target.c_str(), &existing) == 0)
        ::fchmod(fd, existing.st_mode & 07777);
    Status written = writeAndSync(fd, content);
    if (::close(fd) != 0 && written)
        written = Error { ErrorKind::Configuration, std::strerror(errno), {} };
    if (written && ::rename(temporary.c_str(), target.c_str()) != 0)
        written = Error { ErrorKind::Configuration, std::strerror(errno), {} };
    if (!written) {
        ::unlink(temporary.c_str());
        return saveError(target, written.error().message);
    }
    // Make the rename itself durable.
    const fs::path folder = target.parent_path().empty() ? fs::path(".") : target.parent_path();
    if (const int dirFd = ::open(folder.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC); dirFd >= 0) {
        ::fsync(dirFd);
        ::close(dirFd);
    }
    return Ok {};
}

#else

Status replace(const fs::path& target, std::string_view content)
{
    const fs::path temporary = temporaryPath(target);
    {
        std::ofstream out(temporary, std::ios::binary | std::ios::trunc);
        out.write(content.data(), static_cast<std::streamsize>(content.size()));
        out.flush();
        if (!out) {
            std::error_code ignored;
            fs::remove(temporary, ignored);
            return saveError(target, "writing the temporary file failed");
        }
    }
    std::error_code error;
    fs::rename(temporary, target, error); // replaces an existing file
    if (error) {
        std::error_code ignored;
        fs::remove(temporary, ignored);
        return saveError(target, error.message());
    }
    return Ok {};
}

#endif

} // namespace

Status writeFileAtomically(const std::string& path, std::string_view content)
{
    fs::path target(path);
    std::error_code error;
    if (fs::is_symlink(fs::symlink_status(target, error))) {
        target = fs::canonical(target, error);
        if (error)
            return saveError(path, "the link points nowhere (" + error.message() + ")");
    }
    return replace(target, content);
}

} // namespace sluice::config
