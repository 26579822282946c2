// SPDX-License-Identifier: Apache-2.0
#pragma once

// Turns a key or value into everything the record view shows (the chosen decoder's text,
// pretty JSON, a JSON tree for folding, a hex dump), each bounded so a 20 MB value never
// becomes 60 MB of widgets. Plain work without widgets: the record view runs it on a
// worker thread.

#include "decode/bytes.h"
#include "decode/decoder_registry.h"

#include <QString>
#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace sluice::ui {

struct FormatLimits {
    std::size_t maxTextChars = 200'000; // text and pretty JSON shown in the editor (B9: layout cost)
    std::size_t maxHexBytes = 16 * 1024; // bytes in the hex dump
    std::size_t maxTreeNodes = 5'000; // JSON tree rows
    // Lines of pretty JSON: a text pane keeps a layout object per line (~260 bytes), so the
    // line count, not only the characters, bounds its memory (B9).
    std::size_t maxJsonLines = 5'000;
};

// One row of the folding JSON tree, in document order; `depth` 0 is the root.
struct JsonTreeNode {
    int depth = 0;
    QString key; // member name or "[i]"; empty for the root
    QString value; // scalar text, or "{n}" / "[n]" for containers
};

// Which decoder makes the text of the Value and Key panes.
struct PayloadDecoding {
    std::shared_ptr<const decode::DecoderRegistry> registry; // null: the built-ins
    std::string decoderId; // empty: Auto, the registry's best fit for these bytes
};

struct FormattedPayload {
    bool isNull = false;
    std::size_t size = 0; // bytes of the whole payload
    bool isPartial = false; // formatted from a bounded preview, the full one follows
    std::optional<int> schemaId; // schema-registry framed
    bool isUtf8 = false;
    QString text; // the UTF-8 text (up to maxTextChars), else empty
    bool isTextCut = false;
    bool isJson = false;
    QString prettyJson; // up to maxTextChars
    bool isJsonCut = false;
    QString jsonError; // why it is not JSON (when it is UTF-8 text)
    std::vector<JsonTreeNode> tree;
    bool isTreeCut = false;
    QString hex; // dump of the first maxHexBytes
    QString decoderId; // the decoder that made `decoded` (under Auto, the one picked)
    QString decoded; // its text, at most maxTextChars and maxJsonLines lines
    bool isDecodedCut = false;
    QString decodeError; // the chosen decoder cannot read these bytes (then `decoded` is empty)
};

// `isPartial`: the bytes are only the first part of the payload (whose size is fullSize).
// A cut preview is decoded as far as it goes: when the chosen decoder needs the whole value
// (JSON), `decoded` holds the preview's text or hex until the full formatting follows.
FormattedPayload formatPayload(const std::optional<decode::ByteView>& bytes, std::size_t fullSize, bool isPartial,
    const FormatLimits& limits = {}, const PayloadDecoding& decoding = {});

} // namespace sluice::ui
