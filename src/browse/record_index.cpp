// SPDX-License-Identifier: Apache-2.0
#include "browse/record_index.h"

#include "browse/spool_record.h"
#include "decode/framing.h"

#include <algorithm>
#include <cstring>
#include <limits>
#include <mutex>

namespace sluice::browse {
namespace {

constexpr std::uint16_t kUnknownSchemaSlot = 0xFFFF; // framed, but the slot table is full
constexpr std::size_t kHeaderReadGuess = 512; // header bytes read along with key and value

std::optional<std::int32_t> frameId(const std::optional<decode::ByteView>& bytes)
{
    if (!bytes)
        return std::nullopt;
    if (auto frame = decode::detectSchemaRegistryFrame(*bytes))
        return frame->schemaId;
    return std::nullopt;
}

} // namespace

RecordIndex::RecordIndex(Options options, std::unique_ptr<Spool> spool)
    : m_topic(std::move(options.topic))
    , m_maxRows(options.maxRows)
    , m_spool(std::move(spool))
{
}

Result<std::shared_ptr<RecordIndex>> RecordIndex::create(Options options)
{
    auto spool = Spool::create(options.spool);
    if (!spool)
        return spool.error();
    std::shared_ptr<RecordIndex> index(new RecordIndex(std::move(options), std::move(*spool)));
    if (auto started = index->startChunk(0); !started)
        return started.error();
    return index;
}

Status RecordIndex::startChunk(std::uint64_t spoolPosition)
{
    auto chunk = std::make_unique<Chunk>();
    // Default-initialised, not zeroed: pages are touched (made resident) as rows fill them.
    chunk->entries = std::make_unique_for_overwrite<IndexEntry[]>(kChunkRows);
    chunk->firstRow = m_appendedEnd;
    chunk->spoolBase = spoolPosition;
    std::unique_lock lock(m_mutex);
    m_chunks.push_back(std::move(chunk));
    return Ok {};
}

std::uint16_t RecordIndex::schemaSlotFor(std::optional<std::int32_t> keyId, std::optional<std::int32_t> valueId)
{
    if (!keyId && !valueId)
        return 0;
    const std::pair<std::int32_t, std::int32_t> ids { keyId.value_or(0), valueId.value_or(0) };
    if (auto it = m_slotOf.find(ids); it != m_slotOf.end())
        return it->second;
    if (m_slotOf.size() + 1 >= kUnknownSchemaSlot)
        return kUnknownSchemaSlot;
    const auto slot = static_cast<std::uint16_t>(m_slotOf.size() + 1);
    {
        std::unique_lock lock(m_mutex);
        m_schemaSlots.push_back(ids);
    }
    m_slotOf.emplace(ids, slot);
    return slot;
}

Status RecordIndex::append(const decode::RecordView& record)
{
    if (record.partition < 0 || record.partition > kMaxIndexedPartition)
        return Error { ErrorKind::Configuration,
            "Partition " + std::to_string(record.partition) + " of topic " + m_topic
                + " is beyond what the message browser can index (0.." + std::to_string(kMaxIndexedPartition) + ").",
            {} };
    const std::size_t keySize = record.key ? record.key->size() : 0;
    const std::size_t valueSize = record.value ? record.value->size() : 0;
    const std::size_t headerBytes = headerBlockSize(record.headers);
    const std::uint64_t total = std::uint64_t { keySize } + valueSize + headerBytes;

    auto position = m_spool->beginRecord(total);
    if (!position)
        return position.error();
    Chunk* chunk = m_chunks.back().get();
    if (chunk->used == kChunkRows || *position - chunk->spoolBase > std::numeric_limits<std::uint32_t>::max()) {
        if (auto started = startChunk(*position); !started)
            return started;
        chunk = m_chunks.back().get();
    }

    if (std::uint8_t* out = m_spool->reserve(total)) {
        if (keySize > 0)
            std::memcpy(out, record.key->data(), keySize);
        if (valueSize > 0)
            std::memcpy(out + keySize, record.value->data(), valueSize);
        encodeHeaderBlock(record.headers, out + keySize + valueSize);
    } else {
        if (record.key)
            if (auto ok = m_spool->append(*record.key); !ok)
                return ok;
        if (record.value)
            if (auto ok = m_spool->append(*record.value); !ok)
                return ok;
        if (headerBytes > 0) {
            m_scratchBlock.resize(headerBytes);
            encodeHeaderBlock(record.headers, m_scratchBlock.data());
            if (auto ok = m_spool->append(m_scratchBlock); !ok)
                return ok;
        }
    }

    const auto keyId = frameId(record.key);
    const auto valueId = frameId(record.value);
    IndexEntry& entry = chunk->entries[chunk->used];
    entry.offset = record.offset;
    entry.timestampMs = record.timestamp.ms;
    entry.spoolDelta = static_cast<std::uint32_t>(*position - chunk->spoolBase);
    entry.keySize = static_cast<std::uint32_t>(keySize);
    entry.valueSize = static_cast<std::uint32_t>(valueSize);
    entry.keyHash = record.key ? keyHash32(*record.key) : 0;
    entry.partition = static_cast<std::uint16_t>(record.partition);
    entry.headerCount = static_cast<std::uint16_t>(std::min<std::size_t>(record.headers.size(), 0xFFFF));
    entry.schemaSlot = schemaSlotFor(keyId, valueId);
    entry.flags = static_cast<std::uint8_t>((record.key ? 0 : kNullKey) | (record.value ? 0 : kNullValue)
        | (keyId ? kKeyFramed : 0) | (valueId ? kValueFramed : 0)
        | (static_cast<unsigned>(record.timestamp.type) << kTimestampTypeShift));
    entry.reserved = 0;
    ++chunk->used;

    const auto partition = static_cast<std::size_t>(record.partition);
    if (partition >= m_sinceCheckpoint.size()) {
        m_sinceCheckpoint.resize(partition + 1, 0);
        m_lastRow.resize(partition + 1, 0);
    }
    if (m_sinceCheckpoint[partition] == 0)
        m_pendingCheckpoints.push_back({ entry.partition, Checkpoint { record.offset, m_appendedEnd } });
    if (++m_sinceCheckpoint[partition] == kCheckpointEvery)
        m_sinceCheckpoint[partition] = 0;
    m_lastRow[partition] = m_appendedEnd + 1;
    ++m_appendedEnd;
    return Ok {};
}

Result<RowRange> RecordIndex::publish()
{
    if (auto flushed = m_spool->flush(); !flushed)
        return flushed.error();
    std::uint64_t spoolDropPosition = 0;
    RowRange visible;
    {
        std::unique_lock lock(m_mutex);
        m_published = m_appendedEnd;
        if (m_maxRows > 0 && m_published - m_first > m_maxRows)
            m_first = m_published - m_maxRows;
        if (m_partitions.size() < m_lastRow.size())
            m_partitions.resize(m_lastRow.size());
        for (std::size_t p = 0; p < m_lastRow.size(); ++p) {
            if (m_lastRow[p] > 0) {
                m_partitions[p].lastRow = m_lastRow[p] - 1;
                m_partitions[p].hasRows = true;
            }
        }
        for (const auto& [partition, checkpoint] : m_pendingCheckpoints)
            m_partitions[partition].checkpoints.push_back(checkpoint);
        m_pendingCheckpoints.clear();

        if (m_first > 0) {
            // Free chunks whose rows were all dropped (the writer's chunk always stays).
            while (m_chunks.size() > 1 && m_chunks[1]->firstRow <= m_first)
                m_chunks.pop_front();
            for (auto& rows : m_partitions) {
                while (rows.checkpoints.size() > 1 && rows.checkpoints[1].row <= m_first)
                    rows.checkpoints.pop_front();
                if (rows.hasRows && rows.lastRow < m_first) {
                    rows.checkpoints.clear();
                    rows.hasRows = false;
                }
            }
            if (m_first < m_published) {
                const Chunk* chunk = chunkOf(m_first);
                spoolDropPosition = chunk->spoolBase + chunk->entries[m_first - chunk->firstRow].spoolDelta;
            }
        }
        visible = { m_first, m_published };
    }
    if (spoolDropPosition > 0)
        m_spool->dropBefore(spoolDropPosition);
    return visible;
}

RowRange RecordIndex::rows() const
{
    std::shared_lock lock(m_mutex);
    return { m_first, m_published };
}

const RecordIndex::Chunk* RecordIndex::chunkOf(std::uint64_t row) const
{
    auto it = std::upper_bound(m_chunks.begin(), m_chunks.end(), row,
        [](std::uint64_t r, const std::unique_ptr<Chunk>& c) { return r < c->firstRow; });
    return it == m_chunks.begin() ? nullptr : std::prev(it)->get();
}

std::optional<IndexEntry> RecordIndex::entry(std::uint64_t row) const
{
    std::shared_lock lock(m_mutex);
    if (row < m_first || row >= m_published)
        return std::nullopt;
    const Chunk* chunk = chunkOf(row);
    return chunk->entries[row - chunk->firstRow];
}

std::size_t RecordIndex::copyEntries(std::uint64_t firstRow, std::size_t count, std::vector<IndexEntry>& out) const
{
    std::shared_lock lock(m_mutex);
    std::uint64_t row = std::max(firstRow, m_first);
    const std::uint64_t end = std::min<std::uint64_t>(m_published, firstRow + count);
    const std::size_t before = out.size();
    while (row < end) {
        const Chunk* chunk = chunkOf(row);
        const std::uint64_t chunkEnd = std::min<std::uint64_t>(end, chunk->firstRow + kChunkRows);
        const IndexEntry* begin = &chunk->entries[row - chunk->firstRow];
        out.insert(out.end(), begin, begin + (chunkEnd - row));
        row = chunkEnd;
    }
    return out.size() - before;
}

SchemaIds RecordIndex::schemaIds(const IndexEntry& entry) const
{
    SchemaIds ids;
    if (entry.schemaSlot == 0 || entry.schemaSlot == kUnknownSchemaSlot)
        return ids;
    std::shared_lock lock(m_mutex);
    if (entry.schemaSlot > m_schemaSlots.size())
        return ids;
    const auto& [keyId, valueId] = m_schemaSlots[entry.schemaSlot - 1];
    if (entry.isKeyFramed())
        ids.key = keyId;
    if (entry.isValueFramed())
        ids.value = valueId;
    return ids;
}

std::optional<RecordIndex::Located> RecordIndex::locate(std::uint64_t row) const
{
    std::shared_lock lock(m_mutex);
    if (row < m_first || row >= m_published)
        return std::nullopt;
    const Chunk* chunk = chunkOf(row);
    const IndexEntry& entry = chunk->entries[row - chunk->firstRow];
    return Located { entry, chunk->spoolBase + entry.spoolDelta };
}

Result<decode::Record> RecordIndex::fetch(std::uint64_t row) const
{
    const auto located = locate(row);
    if (!located)
        return Error { ErrorKind::NotFound,
            "Row " + std::to_string(row) + " is not in the message browser of topic " + m_topic
                + " (dropped from the bounded view, or not scanned yet).",
            {} };
    const IndexEntry& entry = located->entry;
    const std::size_t payload = std::size_t { entry.keySize } + entry.valueSize;
    decode::Bytes buffer(payload + (entry.headerCount > 0 ? kHeaderBlockPrefix + kHeaderReadGuess : 0));
    auto got = m_spool->read(located->spoolPosition, buffer);
    if (!got)
        return got.error();
    std::size_t total = payload;
    if (entry.headerCount > 0) {
        if (*got < payload + kHeaderBlockPrefix)
            return Error { ErrorKind::Bug, "The spool lost the headers of row " + std::to_string(row) + ".", {} };
        total = payload + storedHeaderBlockSize(buffer.data() + payload);
        if (total > *got) {
            const std::size_t have = *got;
            buffer.resize(total);
            auto more = m_spool->read(located->spoolPosition + have, std::span(buffer).subspan(have));
            if (!more)
                return more.error();
            got = have + *more;
        }
    }
    if (*got < total)
        return Error { ErrorKind::Bug, "The spool holds fewer bytes than row " + std::to_string(row) + " needs.", {} };
    auto record = decodeSpoolRecord(std::span(buffer).first(total), entry);
    if (record)
        record->topic = m_topic;
    return record;
}

Result<RecordPreview> RecordIndex::preview(std::uint64_t row, std::size_t maxBytes) const
{
    const auto located = locate(row);
    if (!located)
        return Error { ErrorKind::NotFound,
            "Row " + std::to_string(row) + " is not in the message browser of topic " + m_topic + ".", {} };
    const IndexEntry& entry = located->entry;
    RecordPreview out;
    const auto readPart
        = [&](std::uint64_t position, std::uint32_t size, std::optional<decode::Bytes>& bytes, bool& isCut) -> Status {
        const std::size_t want = std::min<std::size_t>(size, maxBytes);
        bytes.emplace(want);
        isCut = want < size;
        if (want == 0)
            return Ok {};
        auto got = m_spool->read(position, *bytes);
        if (!got)
            return got.error();
        bytes->resize(*got);
        return Ok {};
    };
    if (!entry.hasNullKey()) {
        if (Status s = readPart(located->spoolPosition, entry.keySize, out.key, out.isKeyCut); !s)
            return s.error();
    }
    if (!entry.hasNullValue()) {
        if (Status s = readPart(located->spoolPosition + entry.keySize, entry.valueSize, out.value, out.isValueCut); !s)
            return s.error();
    }
    return out;
}

std::optional<std::uint64_t> RecordIndex::findRow(std::int32_t partition, std::int64_t offset, Match match) const
{
    std::shared_lock lock(m_mutex);
    if (partition < 0 || static_cast<std::size_t>(partition) >= m_partitions.size())
        return std::nullopt;
    const PartitionRows& rows = m_partitions[static_cast<std::size_t>(partition)];
    if (!rows.hasRows)
        return std::nullopt;
    std::uint64_t row = m_first;
    auto it = std::upper_bound(rows.checkpoints.begin(), rows.checkpoints.end(), offset,
        [](std::int64_t o, const Checkpoint& c) { return o < c.offset; });
    if (it != rows.checkpoints.begin())
        row = std::max(row, std::prev(it)->row);
    const std::uint64_t end = std::min(m_published, rows.lastRow + 1);
    while (row < end) {
        const Chunk* chunk = chunkOf(row);
        const std::uint64_t chunkEnd = std::min<std::uint64_t>(end, chunk->firstRow + kChunkRows);
        for (; row < chunkEnd; ++row) {
            const IndexEntry& e = chunk->entries[row - chunk->firstRow];
            if (e.partition != partition || e.offset < offset)
                continue;
            if (e.offset == offset || match == Match::AtOrAfter)
                return row;
            return std::nullopt;
        }
    }
    return std::nullopt;
}

Result<decode::Bytes> RecordIndex::readKey(const Located& located) const
{
    decode::Bytes key(located.entry.keySize);
    auto got = m_spool->read(located.spoolPosition, key);
    if (!got)
        return got.error();
    if (*got != key.size())
        return Error { ErrorKind::Bug, "The spool holds a shorter key than the index says.", {} };
    return key;
}

std::optional<std::uint64_t> RecordIndex::findSameKey(std::uint64_t row, bool forward) const
{
    const auto origin = locate(row);
    if (!origin)
        return std::nullopt;
    const IndexEntry& target = origin->entry;
    decode::Bytes key;
    if (!target.hasNullKey()) {
        auto read = readKey(*origin);
        if (!read)
            return std::nullopt;
        key = std::move(*read);
    }
    std::uint64_t cursor = row;
    for (;;) {
        // Find the next candidate by hash under the lock, confirm its bytes without it.
        std::optional<Located> candidate;
        {
            std::shared_lock lock(m_mutex);
            if (cursor < m_first)
                cursor = m_first;
            while (!candidate) {
                if (forward ? cursor + 1 >= m_published : cursor <= m_first)
                    return std::nullopt;
                cursor = forward ? cursor + 1 : cursor - 1;
                const Chunk* chunk = chunkOf(cursor);
                const IndexEntry& e = chunk->entries[cursor - chunk->firstRow];
                if (e.keyHash == target.keyHash && e.keySize == target.keySize && e.hasNullKey() == target.hasNullKey())
                    candidate = Located { e, chunk->spoolBase + e.spoolDelta };
            }
        }
        if (target.hasNullKey())
            return cursor;
        auto other = readKey(*candidate);
        if (other && *other == key)
            return cursor;
    }
}

IndexMemory RecordIndex::memory() const
{
    IndexMemory memory;
    std::shared_lock lock(m_mutex);
    memory.rows = m_published - m_first;
    memory.entryBytes = m_chunks.size() * std::uint64_t { kChunkRows } * sizeof(IndexEntry);
    for (const auto& rows : m_partitions)
        memory.lookupBytes += rows.checkpoints.size() * sizeof(Checkpoint) + sizeof(PartitionRows);
    memory.lookupBytes += m_schemaSlots.capacity() * sizeof(m_schemaSlots[0]) * 2; // table + writer map, roughly
    memory.bufferBytes = m_spool->writeBufferBytes();
    memory.spoolBytesOnDisk = m_spool->bytesOnDisk();
    return memory;
}

} // namespace sluice::browse
