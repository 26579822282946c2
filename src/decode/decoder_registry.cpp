// SPDX-License-Identifier: Apache-2.0
#include "decode/decoder_registry.h"

#include "decode/builtin_decoders.h"

namespace sluice::decode {

DecoderRegistry DecoderRegistry::withBuiltins()
{
    DecoderRegistry registry;
    registry.add(std::make_shared<HexDecoder>());
    registry.add(std::make_shared<Utf8Decoder>());
    registry.add(std::make_shared<JsonDecoder>());
    registry.add(std::make_shared<SchemaRegistryFramedDecoder>());
    return registry;
}

void DecoderRegistry::add(std::shared_ptr<const PayloadDecoder> decoder)
{
    if (!decoder)
        return;
    for (auto& existing : m_decoders) {
        if (existing->id() == decoder->id()) {
            existing = std::move(decoder);
            return;
        }
    }
    m_decoders.push_back(std::move(decoder));
}

const PayloadDecoder* DecoderRegistry::find(std::string_view id) const
{
    for (const auto& decoder : m_decoders) {
        if (decoder->id() == id)
            return decoder.get();
    }
    return nullptr;
}

std::vector<const PayloadDecoder*> DecoderRegistry::decoders() const
{
    std::vector<const PayloadDecoder*> out;
    out.reserve(m_decoders.size());
    for (const auto& decoder : m_decoders)
        out.push_back(decoder.get());
    return out;
}

PayloadContext DecoderRegistry::contextFor(ByteView bytes)
{
    return PayloadContext{bytes, detectSchemaRegistryFrame(bytes)};
}

const PayloadDecoder* DecoderRegistry::bestFor(const PayloadContext& context) const
{
    const PayloadDecoder* best = nullptr;
    int bestFitness = 0;
    for (const auto& decoder : m_decoders) {
        const int fitness = decoder->fitness(context);
        if (fitness > bestFitness) {
            best = decoder.get();
            bestFitness = fitness;
        }
    }
    return best;
}

Result<DecodedPayload> DecoderRegistry::decode(std::string_view id, ByteView bytes, const DecodeOptions& options) const
{
    const PayloadDecoder* decoder = find(id);
    if (!decoder)
        return Error{ErrorKind::NotFound, "No decoder named \"" + std::string(id) + "\"", {}};
    return decoder->decode(contextFor(bytes), options);
}

Result<DecodedPayload> DecoderRegistry::decodeAuto(ByteView bytes, const DecodeOptions& options) const
{
    const PayloadContext context = contextFor(bytes);
    const PayloadDecoder* decoder = bestFor(context);
    if (!decoder)
        return Error{ErrorKind::NotFound, "No decoder can show these bytes", {}};
    return decoder->decode(context, options);
}

} // namespace sluice::decode
