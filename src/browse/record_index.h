// SPDX-License-Identifier: Apache-2.0
#pragma once

// The message browser's rows: a compact index in memory (40 bytes per record, see
// index_entry.h) and the payloads in a spool on disk, so 10 M records stay browsable in
// bounded memory and any row's record can be read back byte-exact.
//
// Rows are numbered from 0 in the order they were appended and keep their number for the
// life of the index. In bounded mode (Options::maxRows) the oldest rows are dropped so at
// most maxRows remain; the visible window is then [rows().first, rows().end).
//
// Threads: one writer thread (append, publish) and any number of readers. Appended rows
// are invisible until publish(); readers only ever see rows in the published window, and
// everything a reader gets for such a row is complete. A row dropped by bounded mode after a
// reader saw the window yields nullopt / ErrorKind::NotFound, never stale data. Reader calls
// take a shared lock for a short, bounded time and never do I/O under it; publish() takes
// it exclusively, briefly.

#include "browse/index_entry.h"
#include "browse/spool.h"
#include "decode/record.h"
#include "support/result.h"

#include <cstddef>
#include <cstdint>
#include <deque>
#include <map>
#include <memory>
#include <optional>
#include <shared_mutex>
#include <string>
#include <utility>
#include <vector>

namespace sluice::browse {

struct RowRange {
    std::uint64_t first = 0; // first row still held
    std::uint64_t end = 0; // one past the last published row
    std::uint64_t size() const { return end - first; }
    bool contains(std::uint64_t row) const { return row >= first && row < end; }
    friend bool operator==(const RowRange&, const RowRange&) = default;
};

struct SchemaIds {
    std::optional<std::int32_t> key; // set when the key is schema-registry framed
    std::optional<std::int32_t> value; // set when the value is
};

// The first bytes of a row's key and value, for table cells and the record view's quick
// first look; null stays null (nullopt), distinct from empty.
struct RecordPreview {
    std::optional<decode::Bytes> key;
    std::optional<decode::Bytes> value;
    bool isKeyCut = false; // the key is longer than the preview holds
    bool isValueCut = false;
};

struct IndexMemory {
    std::uint64_t rows = 0; // rows held
    std::uint64_t entryBytes = 0; // index chunks allocated (40 bytes × capacity)
    std::uint64_t lookupBytes = 0; // offset checkpoints and the schema slot table
    std::uint64_t bufferBytes = 0; // the spool's write buffer
    std::uint64_t spoolBytesOnDisk = 0;
    // Resident bytes per held row, buffers included (the figure B2 measures).
    double bytesPerRow() const
    {
        return rows == 0 ? 0.0
                         : static_cast<double>(entryBytes + lookupBytes + bufferBytes) / static_cast<double>(rows);
    }
};

class RecordIndex {
public:
    static constexpr std::uint32_t kChunkRows = 16384; // 640 KiB of entries per chunk
    static constexpr std::uint32_t kCheckpointEvery = 64; // rows of one partition between checkpoints

    struct Options {
        std::string topic;
        std::uint64_t maxRows = 0; // 0: keep every row; otherwise keep the newest maxRows
        Spool::Options spool;
    };

    static Result<std::shared_ptr<RecordIndex>> create(Options options);
    RecordIndex(const RecordIndex&) = delete;
    RecordIndex& operator=(const RecordIndex&) = delete;

    // ---- Writer (one thread). ----
    // Copies the record's payload to the spool and indexes it; visible after publish().
    // Fails on spool I/O errors (disk full) and on partitions above kMaxIndexedPartition.
    Status append(const decode::RecordView& record);
    // Makes every appended row readable, then drops the oldest rows beyond maxRows.
    // Returns the visible window.
    Result<RowRange> publish();
    std::uint64_t appendedRows() const { return m_appendedEnd; } // writer's view, published or not

    // ---- Readers (any thread). ----
    RowRange rows() const;
    std::uint64_t droppedRows() const { return rows().first; }
    std::optional<IndexEntry> entry(std::uint64_t row) const;
    // Appends entries of rows [firstRow, firstRow + count) ∩ rows() to `out`; returns how many.
    std::size_t copyEntries(std::uint64_t firstRow, std::size_t count, std::vector<IndexEntry>& out) const;
    SchemaIds schemaIds(const IndexEntry& entry) const;
    // The record of `row`, byte-exact, read from the spool (blocking file read: call it
    // off the GUI thread for large values).
    Result<decode::Record> fetch(std::uint64_t row) const;
    // At most `maxBytes` of the key and of the value of `row` (two short reads, whatever
    // the record's size: safe for table cells on the GUI thread).
    Result<RecordPreview> preview(std::uint64_t row, std::size_t maxBytes) const;

    enum class Match { Exact, AtOrAfter };
    // The row holding (partition, offset); with AtOrAfter the first held row of that
    // partition at or after `offset`. Cost: a binary search plus a short forward scan.
    std::optional<std::uint64_t> findRow(std::int32_t partition, std::int64_t offset, Match match = Match::Exact) const;
    // The nearest row after (forward) or before `row` whose key equals this row's key,
    // null keys matching null keys. Scans the index (tens of ms per 10 M rows) and reads
    // candidate keys from the spool: call it off the GUI thread.
    std::optional<std::uint64_t> findSameKey(std::uint64_t row, bool forward) const;

    IndexMemory memory() const;
    const std::string& topic() const { return m_topic; }

private:
    struct Chunk {
        std::unique_ptr<IndexEntry[]> entries;
        std::uint64_t firstRow = 0;
        std::uint64_t spoolBase = 0;
        std::uint32_t used = 0; // writer only
    };
    struct Checkpoint {
        std::int64_t offset = 0;
        std::uint64_t row = 0;
    };
    struct PartitionRows {
        std::deque<Checkpoint> checkpoints; // every kCheckpointEvery-th row of the partition
        std::uint64_t lastRow = 0;
        bool hasRows = false;
    };
    struct Located {
        IndexEntry entry;
        std::uint64_t spoolPosition = 0;
    };

    RecordIndex(Options options, std::unique_ptr<Spool> spool);
    const Chunk* chunkOf(std::uint64_t row) const; // caller holds m_mutex (shared)
    std::optional<Located> locate(std::uint64_t row) const;
    Result<decode::Bytes> readKey(const Located& located) const;
    std::uint16_t schemaSlotFor(std::optional<std::int32_t> keyId, std::optional<std::int32_t> valueId);
    Status startChunk(std::uint64_t spoolPosition);

    const std::string m_topic;
    const std::uint64_t m_maxRows;
    std::unique_ptr<Spool> m_spool;

    mutable std::shared_mutex m_mutex; // guards everything below up to the writer-only part
    std::deque<std::unique_ptr<Chunk>> m_chunks;
    std::vector<PartitionRows> m_partitions; // by partition id
    std::vector<std::pair<std::int32_t, std::int32_t>> m_schemaSlots; // slot - 1 → (key id, value id); 0 = none
    std::uint64_t m_first = 0;
    std::uint64_t m_published = 0;

    // Writer only.
    std::uint64_t m_appendedEnd = 0;
    std::vector<std::uint32_t> m_sinceCheckpoint; // by partition
    std::vector<std::uint64_t> m_lastRow; // by partition, +1 (0: none)
    std::vector<std::pair<std::uint16_t, Checkpoint>> m_pendingCheckpoints;
    std::map<std::pair<std::int32_t, std::int32_t>, std::uint16_t> m_slotOf;
    decode::Bytes m_scratchBlock;
};

} // namespace sluice::browse
