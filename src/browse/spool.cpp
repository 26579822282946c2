// SPDX-License-Identifier: Apache-2.0
// POSIX implementation (mkstemp + unlink, write, pread). A Windows port would open the
// segments with FILE_FLAG_DELETE_ON_CLOSE and read with ReadFile(OVERLAPPED); nothing
// outside this file touches the file API.
#include "browse/spool.h"

#include "support/logging.h"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <mutex>
#include <string>
#include <unistd.h>

namespace sluice::browse {
namespace {

Error ioError(const std::string& what, const std::filesystem::path& directory, int err)
{
    const bool full = err == ENOSPC || err == EDQUOT;
    return Error { ErrorKind::Fatal,
        what + " in " + directory.string() + ": " + std::strerror(err) + "."
            + (full ? " Free disk space there or choose another spool folder, then scan again." : ""),
        "errno=" + std::to_string(err) };
}

} // namespace

Spool::Spool(const Options& options, std::filesystem::path directory)
    : m_options(options)
    , m_directory(std::move(directory))
{
    m_options.writeBufferBytes = std::max<std::size_t>(m_options.writeBufferBytes, 4096);
    m_options.segmentBytes = std::max<std::uint64_t>(m_options.segmentBytes, 4096);
    m_buffer.resize(m_options.writeBufferBytes);
}

Spool::~Spool()
{
    for (const auto& segment : m_segments)
        ::close(segment.fd);
}

Result<std::unique_ptr<Spool>> Spool::create(const Options& options)
{
    std::error_code ec;
    std::filesystem::path directory
        = options.directory.empty() ? std::filesystem::temp_directory_path(ec) : options.directory;
    if (ec || directory.empty())
        directory = "/tmp";
    std::unique_ptr<Spool> spool(new Spool(options, directory));
    if (auto opened = spool->openSegment(); !opened)
        return opened.error();
    return spool;
}

Status Spool::openSegment()
{
    std::string name = (m_directory / "sluice-spool-XXXXXX").string();
    const int fd = ::mkstemp(name.data());
    if (fd < 0)
        return ioError("Couldn't create a spool file for record payloads", m_directory, errno);
    ::fcntl(fd, F_SETFD, FD_CLOEXEC);
    ::unlink(name.c_str()); // the open descriptor keeps the file; nothing is left after exit
    std::unique_lock lock(m_mutex);
    m_segments.push_back(Segment { m_end, 0, fd });
    return Ok {};
}

Status Spool::writeAll(int fd, const std::uint8_t* data, std::size_t size)
{
    while (size > 0) {
        const ssize_t written = ::write(fd, data, size);
        if (written < 0) {
            if (errno == EINTR)
                continue;
            return ioError("Couldn't write record payloads to the spool", m_directory, errno);
        }
        data += written;
        size -= static_cast<std::size_t>(written);
        m_segments.back().size += static_cast<std::uint64_t>(written);
        m_onDisk += static_cast<std::uint64_t>(written);
    }
    return Ok {};
}

Result<std::uint64_t> Spool::beginRecord(std::uint64_t size)
{
    const std::uint64_t used = m_end - m_segments.back().base;
    if (used > 0 && used + size > m_options.segmentBytes) {
        if (auto flushed = flush(); !flushed)
            return flushed.error();
        if (auto opened = openSegment(); !opened)
            return opened.error();
    }
    return m_end;
}

std::uint8_t* Spool::reserve(std::size_t size)
{
    if (size > m_buffer.size())
        return nullptr;
    if (m_buffered + size > m_buffer.size()) {
        if (!flush())
            return nullptr;
    }
    std::uint8_t* out = m_buffer.data() + m_buffered;
    m_buffered += size;
    m_end += size;
    return out;
}

Status Spool::append(decode::ByteView bytes)
{
    if (std::uint8_t* out = reserve(bytes.size())) {
        if (!bytes.empty())
            std::memcpy(out, bytes.data(), bytes.size());
        return Ok {};
    }
    if (auto flushed = flush(); !flushed)
        return flushed;
    if (auto written = writeAll(m_segments.back().fd, bytes.data(), bytes.size()); !written)
        return written;
    m_end += bytes.size();
    return Ok {};
}

Status Spool::flush()
{
    if (m_buffered == 0)
        return Ok {};
    auto written = writeAll(m_segments.back().fd, m_buffer.data(), m_buffered);
    m_buffered = 0;
    return written;
}

void Spool::dropBefore(std::uint64_t position)
{
    std::unique_lock lock(m_mutex);
    while (m_segments.size() > 1 && m_segments[1].base <= position) {
        ::close(m_segments.front().fd);
        m_onDisk -= m_segments.front().size;
        m_segments.pop_front();
    }
}

Result<std::size_t> Spool::read(std::uint64_t position, std::span<std::uint8_t> out) const
{
    std::shared_lock lock(m_mutex);
    if (m_segments.empty() || position < m_segments.front().base)
        return Error { ErrorKind::NotFound, "This record was dropped from the bounded view; fetch it from the broker.",
            "spool position " + std::to_string(position) };
    auto it = std::upper_bound(m_segments.begin(), m_segments.end(), position,
        [](std::uint64_t pos, const Segment& s) { return pos < s.base; });
    const Segment& segment = *std::prev(it);
    std::size_t done = 0;
    while (done < out.size()) {
        const ssize_t got = ::pread(
            segment.fd, out.data() + done, out.size() - done, static_cast<off_t>(position - segment.base + done));
        if (got < 0) {
            if (errno == EINTR)
                continue;
            return ioError("Couldn't read a record back from the spool", m_directory, errno);
        }
        if (got == 0)
            break;
        done += static_cast<std::size_t>(got);
    }
    return done;
}

std::uint64_t Spool::bytesWritten() const
{
    return m_end;
}

std::uint64_t Spool::bytesOnDisk() const
{
    return m_onDisk.load(std::memory_order_relaxed);
}

} // namespace sluice::browse
