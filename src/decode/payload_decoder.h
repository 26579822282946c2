// SPDX-License-Identifier: Apache-2.0
#pragma once

// The decoder seam: anything that turns payload bytes into text for the record view.
// Built-ins are raw/hex, UTF-8 and JSON; Avro and Protobuf through a schema registry
// plug in here later (they will see the schema-registry frame in PayloadContext).

#include "decode/bytes.h"
#include "decode/framing.h"
#include "support/result.h"

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace sluice::decode {

struct DecodeOptions {
    std::size_t maxOutputBytes = 1024 * 1024; // a preview bound: output stops here
};

// What a decoder is given: the bytes and, when present, their schema-registry frame.
struct PayloadContext {
    ByteView bytes;
    std::optional<SchemaRegistryFrame> frame; // detectSchemaRegistryFrame(bytes)
};

struct DecodedPayload {
    std::string decoderId;              // the decoder that produced `text`
    std::string text;                   // UTF-8 for display
    bool isTruncated = false;           // stopped at DecodeOptions::maxOutputBytes
    std::optional<std::int32_t> schemaId; // set when the bytes carry a schema-registry frame
};

// Contract: decoders are immutable after construction, so one instance may be used from
// several scanning threads at once. They read only within the bytes they are given.
class PayloadDecoder {
public:
    virtual ~PayloadDecoder() = default;

    virtual std::string_view id() const = 0;          // stable, e.g. "json"
    virtual std::string_view displayName() const = 0; // e.g. "JSON"

    // How well the decoder suits these bytes: 0 = cannot decode them; higher is better.
    // Used to pick a decoder automatically; must not cost more than a linear pass.
    virtual int fitness(const PayloadContext& context) const = 0;

    virtual Result<DecodedPayload> decode(const PayloadContext& context, const DecodeOptions& options) const = 0;
};

} // namespace sluice::decode
