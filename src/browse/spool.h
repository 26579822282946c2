// SPDX-License-Identifier: Apache-2.0
#pragma once

// An append-only byte store on disk for record payloads, so millions of records stay
// browsable while only their index lives in memory. Bytes have a logical position that
// only grows; they live in segment files (unlinked right after creation, so nothing is left
// behind after a crash) that can be dropped from the front when a bounded view no longer
// needs them.
//
// Threads: one writer (append, flush, dropBefore) and any number of readers (read).
// Bytes become readable once flush() returned; the caller publishes positions to readers
// only after that (RecordIndex::publish does). A record never spans two segments.

#include "decode/bytes.h"
#include "support/result.h"

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <filesystem>
#include <memory>
#include <shared_mutex>
#include <span>
#include <vector>

namespace sluice::browse {

class Spool {
public:
    struct Options {
        std::filesystem::path directory; // empty: the system's temporary folder
        std::uint64_t segmentBytes = 256ULL << 20; // a record larger than this gets a segment of its own
        std::size_t writeBufferBytes = 1U << 20; // appends are gathered into writes of this size
    };

    static Result<std::unique_ptr<Spool>> create(const Options& options);
    ~Spool();
    Spool(const Spool&) = delete;
    Spool& operator=(const Spool&) = delete;

    // Writer. beginRecord() reserves `size` bytes in one segment and returns their logical
    // position; the record's bytes then follow through append() calls (exactly `size` bytes
    // in total).
    Result<std::uint64_t> beginRecord(std::uint64_t size);
    // Room for `size` bytes in the write buffer, or nullptr when the bytes are too big for
    // it (then use append()). Valid until the next writer call; counts as appended.
    std::uint8_t* reserve(std::size_t size);
    Status append(decode::ByteView bytes);
    Status flush();
    // Drops every segment that lies entirely before `position`.
    void dropBefore(std::uint64_t position);

    // Reader, any thread. Copies up to out.size() bytes from `position`, stopping early at
    // the end of the segment that holds it. NotFound when the position was dropped.
    Result<std::size_t> read(std::uint64_t position, std::span<std::uint8_t> out) const;

    std::uint64_t bytesWritten() const; // logical end (writer's view)
    std::uint64_t bytesOnDisk() const; // bytes in segments not yet dropped
    std::size_t writeBufferBytes() const { return m_buffer.size(); }
    const std::filesystem::path& directory() const { return m_directory; }

private:
    struct Segment {
        std::uint64_t base = 0; // logical position of its first byte
        std::uint64_t size = 0; // bytes written (writer) / reserved
        int fd = -1;
    };
    explicit Spool(const Options& options, std::filesystem::path directory);
    Status openSegment();
    Status writeAll(int fd, const std::uint8_t* data, std::size_t size);

    Options m_options;
    std::filesystem::path m_directory;
    mutable std::shared_mutex m_mutex; // guards m_segments' structure (readers use base and fd)
    std::deque<Segment> m_segments;
    std::atomic<std::uint64_t> m_onDisk { 0 };
    // Writer only.
    std::vector<std::uint8_t> m_buffer;
    std::size_t m_buffered = 0;
    std::uint64_t m_end = 0; // logical end including buffered bytes
};

} // namespace sluice::browse
