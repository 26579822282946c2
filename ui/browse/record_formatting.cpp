// SPDX-License-Identifier: Apache-2.0
#include "browse/record_formatting.h"

#include "browse/payload_text.h"
#include "decode/framing.h"
#include "decode/json_pretty.h"
#include "decode/json_reader.h"
#include "decode/utf8.h"

#include <QObject>
#include <string>

namespace sluice::ui {

namespace {

QString fromUtf8(std::string_view text)
{
    return QString::fromUtf8(text.data(), static_cast<qsizetype>(text.size()));
}

class TreeBuilder {
public:
    TreeBuilder(std::string_view text, std::size_t maxNodes, std::vector<JsonTreeNode>& out)
        : m_reader(text)
        , m_maxNodes(maxNodes)
        , m_out(out)
    {
    }
    bool isCut() const { return m_isCut; }
    void build() { walk(0, {}); }

private:
    // Recursion depth is bounded by the reader's maxDepth (256).
    void walk(int depth, const QString& key)
    {
        if (m_reader.hasFailed())
            return;
        if (m_out.size() >= m_maxNodes) {
            m_isCut = true;
            m_reader.skipValue();
            return;
        }
        const auto type = m_reader.peekType();
        if (!type)
            return;
        const std::size_t at = m_out.size();
        m_out.push_back({ depth, key, {} });
        switch (*type) {
        case decode::json::JsonType::Object: {
            if (!m_reader.beginObject())
                return;
            bool first = true;
            std::string_view rawKey;
            bool hasEscapes = false;
            int count = 0;
            std::string decoded;
            while (m_reader.nextMember(first, rawKey, hasEscapes) == decode::json::Reader::Step::Item) {
                if (hasEscapes)
                    decode::json::decodeString(rawKey, decoded);
                walk(depth + 1, hasEscapes ? fromUtf8(decoded) : fromUtf8(rawKey));
                ++count;
            }
            m_out[at].value = QStringLiteral("{%1}").arg(count);
            return;
        }
        case decode::json::JsonType::Array: {
            if (!m_reader.beginArray())
                return;
            bool first = true;
            int count = 0;
            while (m_reader.nextElement(first) == decode::json::Reader::Step::Item)
                walk(depth + 1, QStringLiteral("[%1]").arg(count++));
            m_out[at].value = QStringLiteral("[%1]").arg(count);
            return;
        }
        case decode::json::JsonType::String: {
            std::string s;
            if (m_reader.readString(s))
                m_out[at].value = QLatin1Char('"') + fromUtf8(s) + QLatin1Char('"');
            return;
        }
        case decode::json::JsonType::Number: {
            std::string_view token;
            if (m_reader.readNumber(token))
                m_out[at].value = fromUtf8(token);
            return;
        }
        case decode::json::JsonType::Bool: {
            bool b = false;
            if (m_reader.readBool(b))
                m_out[at].value = b ? QStringLiteral("true") : QStringLiteral("false");
            return;
        }
        case decode::json::JsonType::Null:
            m_reader.readNull();
            m_out[at].value = QStringLiteral("null");
            return;
        }
    }

    decode::json::Reader m_reader;
    std::size_t m_maxNodes;
    std::vector<JsonTreeNode>& m_out;
    bool m_isCut = false;
};

// Keeps the first maxLines lines of `text`; true when it had more.
bool keepLines(QString& text, std::size_t maxLines)
{
    qsizetype cut = -1;
    for (std::size_t lines = 0; lines < maxLines; ++lines) {
        cut = text.indexOf(QLatin1Char('\n'), cut + 1);
        if (cut < 0)
            return false;
    }
    if (cut < 0 || cut == text.size() - 1)
        return false;
    text.truncate(cut);
    return true;
}

// The Value/Key pane text through the decoder registry. `isCut`: only a preview of the bytes.
void decodeInto(FormattedPayload& out, decode::ByteView bytes, bool isCut, const FormatLimits& limits,
    const PayloadDecoding& decoding)
{
    static const decode::DecoderRegistry kBuiltins = decode::DecoderRegistry::withBuiltins();
    const decode::DecoderRegistry& registry = decoding.registry ? *decoding.registry : kBuiltins;
    const decode::PayloadContext context = decode::DecoderRegistry::contextFor(bytes);
    const decode::PayloadDecoder* decoder
        = decoding.decoderId.empty() ? registry.bestFor(context) : registry.find(decoding.decoderId);
    if (!decoder) {
        out.decodeError = decoding.decoderId.empty()
            ? QObject::tr("No decoder can show these bytes")
            : QObject::tr("There is no decoder \"%1\" in this build; choose another")
                  .arg(QString::fromStdString(decoding.decoderId));
        return;
    }
    decode::DecodeOptions options;
    options.maxOutputBytes = limits.maxTextChars;
    auto decoded = decoder->decode(context, options);
    if (!decoded && isCut) {
        // The chosen decoder needs the whole value (JSON does): show the preview as best
        // it reads; the full formatting replaces it.
        decoder = registry.bestFor(context);
        if (decoder)
            decoded = decoder->decode(context, options);
    }
    if (!decoder || !decoded) {
        out.decoderId = QString::fromStdString(decoding.decoderId);
        out.decodeError = decoded ? QString() : QString::fromStdString(decoded.error().message);
        return;
    }
    out.decoderId = QString::fromStdString(decoded->decoderId);
    out.decoded = fromUtf8(decoded->text);
    out.isDecodedCut = decoded->isTruncated || isCut;
    if (static_cast<std::size_t>(out.decoded.size()) > limits.maxTextChars) {
        out.decoded.truncate(static_cast<qsizetype>(limits.maxTextChars));
        out.isDecodedCut = true;
    }
    if (keepLines(out.decoded, limits.maxJsonLines))
        out.isDecodedCut = true;
}

} // namespace

FormattedPayload formatPayload(
    const std::optional<decode::ByteView>& bytes, std::size_t fullSize, bool isPartial, const FormatLimits& limits,
    const PayloadDecoding& decoding)
{
    FormattedPayload out;
    out.isPartial = isPartial;
    if (!bytes) {
        out.isNull = true;
        return out;
    }
    out.size = fullSize;
    if (const auto frame = decode::detectSchemaRegistryFrame(*bytes))
        out.schemaId = frame->schemaId;
    out.hex = hexDump(*bytes, limits.maxHexBytes);
    if (isPartial && bytes->size() < fullSize)
        out.hex += QStringLiteral("\u2026 loading the rest (%1 in all)\n").arg(formatBytes(fullSize));

    // A bounded preview may end inside a UTF-8 sequence; trim up to 3 bytes for the check.
    decode::ByteView textBytes = *bytes;
    bool isUtf8 = decode::utf8::isValid(textBytes);
    for (std::size_t trim = 1; !isUtf8 && isPartial && trim <= 3 && trim < bytes->size(); ++trim) {
        if (decode::utf8::isValid(bytes->first(bytes->size() - trim))) {
            textBytes = bytes->first(bytes->size() - trim);
            isUtf8 = true;
        }
    }
    out.isUtf8 = isUtf8;
    const bool isCut = isPartial && bytes->size() < fullSize;
    decodeInto(out, isUtf8 ? textBytes : *bytes, isCut, limits, decoding);
    if (!isUtf8)
        return out;
    const std::string_view text = decode::asChars(textBytes);
    out.text = fromUtf8(text.substr(0, limits.maxTextChars));
    out.isTextCut = text.size() > limits.maxTextChars || (isPartial && bytes->size() < fullSize);
    if (isPartial && bytes->size() < fullSize)
        return out; // JSON needs the whole value: it comes with the full formatting

    decode::json::PrettyOptions pretty;
    pretty.maxOutputBytes = limits.maxTextChars;
    auto printed = decode::json::prettyPrint(text, pretty);
    if (!printed) {
        out.jsonError = QString::fromStdString(printed.error().message);
        return out;
    }
    out.isJson = true;
    out.prettyJson = fromUtf8(printed->text);
    out.isJsonCut = printed->isTruncated;
    if (keepLines(out.prettyJson, limits.maxJsonLines)) // more lines than the limit
        out.isJsonCut = true;
    TreeBuilder builder(text, limits.maxTreeNodes, out.tree);
    builder.build();
    out.isTreeCut = builder.isCut();
    return out;
}

} // namespace sluice::ui
