// SPDX-License-Identifier: Apache-2.0
#pragma once

// The JSON paths one filter uses (value.order.id, value.items[0].sku …), merged into a
// trie so a single pass over the JSON text finds all of them, skipping every subtree no
// path goes into. Nothing else is built: each found value is a slice of the input.

#include "decode/json_reader.h"

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace sluice::filter {

inline constexpr std::size_t kMaxJsonPathSteps = 32;

struct JsonPathStep {
    bool isIndex = false;
    std::string member;     // when !isIndex
    std::uint32_t index = 0; // when isIndex
    friend bool operator==(const JsonPathStep&, const JsonPathStep&) = default;
};

// Where a path led in one record.
struct JsonSlot {
    bool isFound = false;
    decode::json::JsonType type = decode::json::JsonType::Null;
    // String: the text between the quotes, escapes not decoded (see hasEscapes).
    // Number: the number token. Others: the value's JSON text.
    std::string_view raw;
    bool hasEscapes = false;
};

// Per-thread working memory for extraction.
struct JsonScratch {
    std::vector<std::uint8_t> seen; // per trie node: reached in this pass
    std::string key;                // decoded member name when it has escapes
};

class JsonPathSet {
public:
    JsonPathSet();

    // The slot for `path` (the same slot for the same path). Paths are never empty.
    std::uint32_t add(const std::vector<JsonPathStep>& path);
    std::size_t slotCount() const { return m_slotCount; }
    bool isEmpty() const { return m_slotCount == 0; }

    // One pass over `text`. When the whole text is valid JSON, each path's slot holds what
    // it found (isFound=false when the path leads nowhere); otherwise no slot is found.
    // With duplicate member names the last one wins, as in JavaScript.
    // `slots` is resized to slotCount().
    void extract(std::string_view text, std::vector<JsonSlot>& slots, JsonScratch& scratch) const;

private:
    struct TrieNode {
        std::vector<std::pair<std::string, std::uint32_t>> members;
        std::vector<std::pair<std::uint32_t, std::uint32_t>> elements;
        std::int32_t slot = -1;
    };

    bool visit(decode::json::Reader& reader, std::uint32_t node, std::vector<JsonSlot>& slots,
               JsonScratch& scratch) const;
    void clearBelow(std::uint32_t node, std::vector<JsonSlot>& slots, JsonScratch& scratch) const;
    std::uint32_t child(std::uint32_t node, std::string_view member) const;
    std::uint32_t child(std::uint32_t node, std::uint32_t index) const;

    std::vector<TrieNode> m_nodes; // m_nodes[0] is the root (the whole value)
    std::size_t m_slotCount = 0;
};

} // namespace sluice::filter
