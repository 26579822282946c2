// SPDX-License-Identifier: Apache-2.0
#include "browse/payload_text.h"

#include "common/format.h"
#include "decode/framing.h"
#include "decode/utf8.h"

#include <QDateTime>
#include <QTimeZone>

namespace sluice::ui {

namespace {

constexpr char kHexDigits[] = "0123456789abcdef";

QString hexRun(decode::ByteView bytes, std::size_t maxBytes)
{
    QString out;
    const std::size_t n = std::min(bytes.size(), maxBytes);
    out.reserve(static_cast<qsizetype>(n * 2));
    for (std::size_t i = 0; i < n; ++i) {
        out += QLatin1Char(kHexDigits[bytes[i] >> 4]);
        out += QLatin1Char(kHexDigits[bytes[i] & 0x0F]);
    }
    return out;
}

bool hasControlCharacters(decode::ByteView bytes)
{
    for (std::uint8_t b : bytes) {
        if ((b < 0x20 && b != '\t' && b != '\n' && b != '\r') || b == 0x7F)
            return true;
    }
    return false;
}

// Valid UTF-8 except possibly for a sequence cut at the end by a bounded read.
bool isUtf8Prefix(decode::ByteView bytes, bool isCut)
{
    if (decode::utf8::isValid(bytes))
        return true;
    if (!isCut)
        return false;
    for (std::size_t trim = 1; trim <= 3 && trim < bytes.size(); ++trim) {
        if (decode::utf8::isValid(bytes.first(bytes.size() - trim)))
            return true;
    }
    return false;
}

} // namespace

QString previewText(const std::optional<decode::ByteView>& bytes, bool isCut, int maxChars)
{
    if (!bytes)
        return QStringLiteral("(null)");
    if (bytes->empty())
        return QStringLiteral("(empty)");
    QString text;
    if (const auto frame = decode::detectSchemaRegistryFrame(*bytes)) {
        text = QStringLiteral("[schema %1] 0x").arg(frame->schemaId)
            + hexRun(frame->payload, static_cast<std::size_t>(maxChars / 2));
        isCut = isCut || frame->payload.size() > static_cast<std::size_t>(maxChars / 2);
    } else if (isUtf8Prefix(*bytes, isCut) && !hasControlCharacters(*bytes)) {
        const decode::ByteView head = bytes->first(std::min<std::size_t>(bytes->size(), maxChars * 4U));
        text = QString::fromUtf8(reinterpret_cast<const char*>(head.data()), static_cast<qsizetype>(head.size()));
        for (QChar& c : text) {
            if (c == QLatin1Char('\n') || c == QLatin1Char('\r') || c == QLatin1Char('\t'))
                c = QLatin1Char(' ');
        }
        if (text.endsWith(QChar::ReplacementCharacter))
            text.chop(1);
    } else {
        text = QStringLiteral("0x") + hexRun(*bytes, static_cast<std::size_t>(maxChars / 2));
        isCut = isCut || bytes->size() > static_cast<std::size_t>(maxChars / 2);
    }
    if (text.size() > maxChars) {
        text.truncate(maxChars);
        isCut = true;
    }
    if (isCut)
        text += QChar(0x2026);
    return text;
}

QString hexDump(decode::ByteView bytes, std::size_t maxBytes)
{
    const std::size_t n = std::min(bytes.size(), maxBytes);
    QString out;
    out.reserve(static_cast<qsizetype>((n / 16 + 1) * 78));
    for (std::size_t line = 0; line < n; line += 16) {
        out += QStringLiteral("%1  ").arg(line, 8, 16, QLatin1Char('0'));
        QString ascii;
        for (std::size_t i = 0; i < 16; ++i) {
            if (line + i < n) {
                const std::uint8_t b = bytes[line + i];
                out += QLatin1Char(kHexDigits[b >> 4]);
                out += QLatin1Char(kHexDigits[b & 0x0F]);
                out += QLatin1Char(' ');
                ascii += (b >= 0x20 && b < 0x7F) ? QLatin1Char(static_cast<char>(b)) : QLatin1Char('.');
            } else {
                out += QStringLiteral("   ");
            }
            if (i == 7)
                out += QLatin1Char(' ');
        }
        out += QStringLiteral(" |") + ascii + QStringLiteral("|\n");
    }
    if (n < bytes.size())
        out += QStringLiteral("\u2026 %1 more bytes not shown\n").arg(bytes.size() - n);
    return out;
}

QString headerValueText(const std::optional<decode::ByteView>& bytes, bool* isHex)
{
    if (isHex)
        *isHex = false;
    if (!bytes)
        return QStringLiteral("(null)");
    if (decode::utf8::isValid(*bytes) && !hasControlCharacters(*bytes))
        return QString::fromUtf8(reinterpret_cast<const char*>(bytes->data()), static_cast<qsizetype>(bytes->size()));
    if (isHex)
        *isHex = true;
    QString out = QStringLiteral("0x");
    out += hexRun(*bytes, bytes->size());
    return out;
}

QString formatTimestampUtc(std::int64_t epochMs)
{
    if (epochMs < 0)
        return unknownText();
    return QDateTime::fromMSecsSinceEpoch(epochMs, QTimeZone::utc()).toString(QStringLiteral("yyyy-MM-dd HH:mm:ss.zzz"))
        + QStringLiteral(" UTC");
}

QString formatTimestampLocal(std::int64_t epochMs)
{
    if (epochMs < 0)
        return unknownText();
    const QDateTime local = QDateTime::fromMSecsSinceEpoch(epochMs, QTimeZone::systemTimeZone());
    return local.toString(QStringLiteral("yyyy-MM-dd HH:mm:ss.zzz ")) + local.timeZoneAbbreviation();
}

QString formatBytes(std::uint64_t bytes)
{
    const double b = static_cast<double>(bytes);
    if (bytes < 1000)
        return QStringLiteral("%1 B").arg(bytes);
    if (bytes < 1000 * 1000)
        return QStringLiteral("%1 kB").arg(b / 1e3, 0, 'f', 1);
    if (bytes < 1000ULL * 1000 * 1000)
        return QStringLiteral("%1 MB").arg(b / 1e6, 0, 'f', 1);
    return QStringLiteral("%1 GB").arg(b / 1e9, 0, 'f', 2);
}

} // namespace sluice::ui
