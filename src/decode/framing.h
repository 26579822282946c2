// SPDX-License-Identifier: Apache-2.0
#pragma once

// Schema-registry wire format (Confluent-compatible): byte 0 is the magic 0x00, bytes 1–4
// the schema id (big-endian), then the serialized payload. Avro and JSON Schema payloads
// start right there; Protobuf first writes a varint list of message indexes, which cannot
// be told apart from payload bytes without knowing the schema's type. So detection only
// says "framed, schema id N" and leaves the payload to a decoder that knows the schema.

#include "decode/bytes.h"

#include <cstddef>
#include <cstdint>
#include <optional>
#include <vector>

namespace sluice::decode {

inline constexpr std::uint8_t kSchemaRegistryMagic = 0x00;
inline constexpr std::size_t kSchemaRegistryHeaderSize = 5;

struct SchemaRegistryFrame {
    std::int32_t schemaId = 0; // always >= 1 (registries hand out positive ids)
    ByteView payload;          // everything after the 5-byte header, possibly empty
};

// The frame, when `bytes` looks framed: at least 5 bytes, magic 0x00, and a schema id in
// 1..2^31-1. Schema id 0 and negative ids are never issued, and refusing them keeps
// common binary keys (a big-endian 0 or small integer) from passing as framed.
// Reads only within `bytes`.
std::optional<SchemaRegistryFrame> detectSchemaRegistryFrame(ByteView bytes);

// The Protobuf message-index list at the start of a framed payload, for a decoder that
// already knows the schema is Protobuf: a zigzag varint count, then that many zigzag
// varint indexes; a single 0x00 byte is the shorthand for [0].
struct ProtobufMessageIndexes {
    std::vector<std::int32_t> indexes;
    std::size_t byteLength = 0; // bytes the list occupies at the start of the payload
};

inline constexpr std::size_t kMaxProtobufMessageIndexes = 64;

// nullopt when the list is truncated, malformed, longer than kMaxProtobufMessageIndexes
// entries, or holds a negative or out-of-range index.
std::optional<ProtobufMessageIndexes> readProtobufMessageIndexes(ByteView payload);

} // namespace sluice::decode
