// SPDX-License-Identifier: Apache-2.0
#pragma once

// The set of payload decoders, looked up by id or chosen by fitness. Build it once (at
// start-up, or when a schema registry is configured) and share it read-only: const
// member functions are safe to call from several threads.

#include "decode/payload_decoder.h"

#include <memory>
#include <string_view>
#include <vector>

namespace sluice::decode {

class DecoderRegistry {
public:
    DecoderRegistry() = default;

    // hex, utf8, json and sr-framed (builtin_decoders.h).
    static DecoderRegistry withBuiltins();

    // Adds a decoder; one with the same id is replaced.
    void add(std::shared_ptr<const PayloadDecoder> decoder);

    const PayloadDecoder* find(std::string_view id) const;
    std::vector<const PayloadDecoder*> decoders() const;

    // The decoder with the highest fitness (the first added wins a tie); nullptr when
    // none fits (never with the built-ins: hex fits everything).
    const PayloadDecoder* bestFor(const PayloadContext& context) const;

    // With decoder `id`; NotFound when there is no such decoder.
    Result<DecodedPayload> decode(std::string_view id, ByteView bytes, const DecodeOptions& options = {}) const;
    // With bestFor(); the schema-registry frame, if any, is reported in the result.
    Result<DecodedPayload> decodeAuto(ByteView bytes, const DecodeOptions& options = {}) const;

    static PayloadContext contextFor(ByteView bytes);

private:
    std::vector<std::shared_ptr<const PayloadDecoder>> m_decoders;
};

} // namespace sluice::decode
