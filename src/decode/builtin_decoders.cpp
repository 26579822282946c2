// SPDX-License-Identifier: Apache-2.0
#include "decode/builtin_decoders.h"

#include "decode/json_pretty.h"
#include "decode/utf8.h"

#include <algorithm>
#include <array>

namespace sluice::decode {

namespace {

constexpr std::size_t kHexBytesPerLine = 16;

DecodedPayload payloadFrom(std::string_view decoderId, const PayloadContext& context)
{
    DecodedPayload out;
    out.decoderId = std::string(decoderId);
    if (context.frame)
        out.schemaId = context.frame->schemaId;
    return out;
}

bool hasControlCharacters(ByteView bytes)
{
    return std::any_of(bytes.begin(), bytes.end(), [](std::uint8_t b) {
        return (b < 0x20 && b != '\t' && b != '\n' && b != '\r') || b == 0x7F;
    });
}

// The first byte offset that is not valid UTF-8, or npos.
std::size_t firstInvalidUtf8(ByteView bytes)
{
    std::size_t pos = 0;
    while (pos < bytes.size()) {
        const utf8::CodePoint cp = utf8::decodeAt(bytes, pos);
        if (!cp.valid)
            return pos;
        pos += cp.length;
    }
    return std::string_view::npos;
}

} // namespace

std::string hexDump(ByteView bytes, std::size_t maxOutputBytes, bool* isTruncated)
{
    static constexpr std::string_view kHex = "0123456789abcdef";
    std::string out;
    if (isTruncated)
        *isTruncated = false;
    for (std::size_t line = 0; line < bytes.size(); line += kHexBytesPerLine) {
        if (out.size() >= maxOutputBytes) {
            if (isTruncated)
                *isTruncated = true;
            break;
        }
        for (int shift = 28; shift >= 0; shift -= 4)
            out.push_back(kHex[(line >> static_cast<unsigned>(shift)) & 0xFU]);
        out.append("  ");
        const std::size_t end = std::min(bytes.size(), line + kHexBytesPerLine);
        for (std::size_t i = line; i < line + kHexBytesPerLine; ++i) {
            if (i < end) {
                out.push_back(kHex[bytes[i] >> 4U]);
                out.push_back(kHex[bytes[i] & 0xFU]);
                out.push_back(' ');
            } else {
                out.append("   ");
            }
            if (i - line == 7)
                out.push_back(' ');
        }
        out.append(" |");
        for (std::size_t i = line; i < end; ++i)
            out.push_back(bytes[i] >= 0x20 && bytes[i] < 0x7F ? static_cast<char>(bytes[i]) : '.');
        out.append("|\n");
    }
    if (out.size() > maxOutputBytes) {
        out.resize(maxOutputBytes);
        if (isTruncated)
            *isTruncated = true;
    }
    return out;
}

int HexDecoder::fitness(const PayloadContext&) const
{
    return kFitnessHex;
}

Result<DecodedPayload> HexDecoder::decode(const PayloadContext& context, const DecodeOptions& options) const
{
    DecodedPayload out = payloadFrom(id(), context);
    out.text = hexDump(context.bytes, options.maxOutputBytes, &out.isTruncated);
    return out;
}

int Utf8Decoder::fitness(const PayloadContext& context) const
{
    if (context.frame || !utf8::isValid(context.bytes) || hasControlCharacters(context.bytes))
        return 0;
    return kFitnessText;
}

Result<DecodedPayload> Utf8Decoder::decode(const PayloadContext& context, const DecodeOptions& options) const
{
    const std::size_t invalid = firstInvalidUtf8(context.bytes);
    if (invalid != std::string_view::npos)
        return Error{ErrorKind::Configuration,
                     "Not valid UTF-8 at byte " + std::to_string(invalid) + "; try the hex view",
                     "byte " + std::to_string(invalid)};
    DecodedPayload out = payloadFrom(id(), context);
    std::string_view text = asChars(context.bytes);
    if (text.size() > options.maxOutputBytes) {
        std::size_t cut = options.maxOutputBytes;
        while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0U) == 0x80U)
            --cut;
        text = text.substr(0, cut);
        out.isTruncated = true;
    }
    out.text.assign(text);
    return out;
}

int JsonDecoder::fitness(const PayloadContext& context) const
{
    const std::string_view text = asChars(context.bytes);
    if (!json::isValid(text))
        return 0;
    const auto start = text.find_first_not_of(" \t\r\n");
    const char first = start == std::string_view::npos ? ' ' : text[start];
    return (first == '{' || first == '[') ? kFitnessJson : kFitnessJsonScalar;
}

Result<DecodedPayload> JsonDecoder::decode(const PayloadContext& context, const DecodeOptions& options) const
{
    json::PrettyOptions pretty;
    pretty.maxOutputBytes = options.maxOutputBytes;
    auto printed = json::prettyPrint(asChars(context.bytes), pretty);
    if (!printed)
        return printed.error();
    DecodedPayload out = payloadFrom(id(), context);
    out.text = std::move(printed->text);
    out.isTruncated = printed->isTruncated;
    return out;
}

int SchemaRegistryFramedDecoder::fitness(const PayloadContext& context) const
{
    return context.frame ? kFitnessFramed : 0;
}

std::string describeFrame(const SchemaRegistryFrame& frame)
{
    return "schema-registry framed: magic 0x00, schema id " + std::to_string(frame.schemaId);
}

Result<DecodedPayload> SchemaRegistryFramedDecoder::decode(
    const PayloadContext& context, const DecodeOptions& options) const
{
    if (!context.frame)
        return Error{ErrorKind::Configuration,
                     "Not schema-registry framed (no magic byte 0x00 and schema id at the start); try another decoder",
                     {}};
    DecodedPayload out = payloadFrom(id(), context);
    out.text = describeFrame(*context.frame) + '\n';
    // The inner payload has no frame of its own: the plain built-ins, best fit first.
    const PayloadContext inner{context.frame->payload, std::nullopt};
    if (inner.bytes.empty()) {
        out.text += "(no payload after the header)";
        return out;
    }
    static const JsonDecoder kJson;
    static const Utf8Decoder kText;
    static const HexDecoder kHex;
    const std::array<const PayloadDecoder*, 3> candidates{&kJson, &kText, &kHex};
    const PayloadDecoder* innerDecoder = &kHex;
    int best = 0;
    for (const PayloadDecoder* candidate : candidates) {
        const int fitness = candidate->fitness(inner);
        if (fitness > best) {
            innerDecoder = candidate;
            best = fitness;
        }
    }
    DecodeOptions innerOptions = options;
    innerOptions.maxOutputBytes =
        options.maxOutputBytes > out.text.size() ? options.maxOutputBytes - out.text.size() : 0;
    auto decoded = innerDecoder->decode(inner, innerOptions);
    if (!decoded)
        return decoded.error();
    out.text += decoded->text;
    out.isTruncated = decoded->isTruncated;
    return out;
}

} // namespace sluice::decode
