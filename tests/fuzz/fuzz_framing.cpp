// SPDX-License-Identifier: Apache-2.0
// Fuzz target: the byte-level readers. Schema-registry framing and the Protobuf index
// list, automatic decoding with a small output bound, the JSON reader and pretty printer,
// and a JSON Lines line (which must survive export and re-import unchanged).
#include "decode/decoder_registry.h"
#include "decode/framing.h"
#include "decode/json_pretty.h"
#include "decode/jsonl.h"

#include <cstdint>
#include <cstdlib>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    using namespace sluice::decode;
    const ByteView bytes(data, size);

    if (const auto frame = detectSchemaRegistryFrame(bytes)) {
        if (frame->schemaId < 1 || frame->payload.size() + kSchemaRegistryHeaderSize != size
            || frame->payload.data() != data + kSchemaRegistryHeaderSize)
            std::abort();
        if (const auto indexes = readProtobufMessageIndexes(frame->payload)) {
            if (indexes->byteLength > frame->payload.size() || indexes->indexes.empty())
                std::abort();
        }
    }

    static const DecoderRegistry registry = DecoderRegistry::withBuiltins();
    DecodeOptions options;
    options.maxOutputBytes = 512;
    if (auto decoded = registry.decodeAuto(bytes, options)) {
        if (decoded->text.size() > options.maxOutputBytes)
            std::abort();
    }

    const std::string_view text = asChars(bytes);
    json::PrettyOptions pretty;
    pretty.maxOutputBytes = 1024;
    const auto printed = json::prettyPrint(text, pretty);
    if (printed && !printed->isTruncated && !json::isValid(text))
        std::abort();

    if (auto record = parseJsonLine(text)) {
        std::vector<HeaderView> headers;
        const std::string line = toJsonLine(record->view(headers));
        auto again = parseJsonLine(line);
        if (!again || !(*again == *record))
            std::abort();
        if (toJsonLine(again->view(headers)) != line)
            std::abort();
    }
    return 0;
}
