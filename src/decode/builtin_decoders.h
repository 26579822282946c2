// SPDX-License-Identifier: Apache-2.0
#pragma once

// The decoders every build has: hex dump (always works), UTF-8 text (valid UTF-8 only)
// and JSON (validated, pretty printed).

#include "decode/payload_decoder.h"

namespace sluice::decode {

// Fitness levels of the built-ins, so later decoders can rank themselves against them.
inline constexpr int kFitnessHex = 1;
inline constexpr int kFitnessJsonScalar = 5;       // valid JSON but not an object or array
inline constexpr int kFitnessText = 10;
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

// The hex dump on its own, for callers that want it without a decoder.
std::string hexDump(ByteView bytes, std::size_t maxOutputBytes, bool* isTruncated = nullptr);

} // namespace sluice::decode
