// SPDX-License-Identifier: Apache-2.0
#pragma once

// The decoders every build has: hex dump (always works), UTF-8 text (valid UTF-8 only),
// JSON (validated, pretty printed) and schema-registry framing (the frame named, the inner
// payload shown as JSON, text or hex).

#include "decode/payload_decoder.h"

namespace sluice::decode {

// Fitness levels of the built-ins, so later decoders can rank themselves against them.
inline constexpr int kFitnessHex = 1;
inline constexpr int kFitnessJsonScalar = 5;       // valid JSON but not an object or array
inline constexpr int kFitnessText = 10;
// Framed bytes without a schema-aware decoder; an Avro or Protobuf decoder that can fetch
// the schema should rank above this (and above kFitnessJson) for the frames it reads.
inline constexpr int kFitnessFramed = 15;
inline constexpr int kFitnessJson = 20;

// "00000000  7b 22 61 22 3a 31 7d                              |{"a":1}|" — 16 bytes a line.
class HexDecoder final : public PayloadDecoder {
public:
    std::string_view id() const override { return "hex"; }
    std::string_view displayName() const override { return "Hex"; }
    int fitness(const PayloadContext& context) const override;
    Result<DecodedPayload> decode(const PayloadContext& context, const DecodeOptions& options) const override;
};

// Chosen automatically only for text: valid UTF-8 without a schema-registry frame and
// without control characters other than tab, CR and LF (binary is better seen as hex).
class Utf8Decoder final : public PayloadDecoder {
public:
    std::string_view id() const override { return "utf8"; }
    std::string_view displayName() const override { return "UTF-8 text"; }
    int fitness(const PayloadContext& context) const override;
    // Fails (ErrorKind::Configuration) at the first byte that is not valid UTF-8.
    Result<DecodedPayload> decode(const PayloadContext& context, const DecodeOptions& options) const override;
};

class JsonDecoder final : public PayloadDecoder {
public:
    std::string_view id() const override { return "json"; }
    std::string_view displayName() const override { return "JSON"; }
    int fitness(const PayloadContext& context) const override;
    Result<DecodedPayload> decode(const PayloadContext& context, const DecodeOptions& options) const override;
};

// Framed bytes (see framing.h) without their schema: a first line naming the frame,
// "schema-registry framed: magic 0x00, schema id 42", then the payload after the 5-byte
// header as pretty JSON, UTF-8 text or hex, whichever of those fits it best. It cannot
// decode Avro or Protobuf; those payloads come out as hex until such a decoder is added.
class SchemaRegistryFramedDecoder final : public PayloadDecoder {
public:
    std::string_view id() const override { return "sr-framed"; }
    std::string_view displayName() const override { return "Schema-registry framing"; }
    int fitness(const PayloadContext& context) const override; // kFitnessFramed when framed, else 0
    // Fails (ErrorKind::Configuration) when the bytes are not framed.
    Result<DecodedPayload> decode(const PayloadContext& context, const DecodeOptions& options) const override;
};

// The first line SchemaRegistryFramedDecoder writes, without its line break.
std::string describeFrame(const SchemaRegistryFrame& frame);

// The hex dump on its own, for callers that want it without a decoder.
std::string hexDump(ByteView bytes, std::size_t maxOutputBytes, bool* isTruncated = nullptr);

} // namespace sluice::decode
