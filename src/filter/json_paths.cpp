// SPDX-License-Identifier: Apache-2.0
#include "filter/json_paths.h"

namespace sluice::filter {

namespace {

constexpr std::uint32_t kNoChild = 0; // the root is never anyone's child

} // namespace

JsonPathSet::JsonPathSet()
    : m_nodes(1)
{
}

std::uint32_t JsonPathSet::add(const std::vector<JsonPathStep>& path)
{
    std::uint32_t node = 0;
    for (const JsonPathStep& step : path) {
        std::uint32_t next = step.isIndex ? child(node, step.index) : child(node, step.member);
        if (next == kNoChild) {
            next = static_cast<std::uint32_t>(m_nodes.size());
            if (step.isIndex)
                m_nodes[node].elements.emplace_back(step.index, next);
            else
                m_nodes[node].members.emplace_back(step.member, next);
            m_nodes.emplace_back();
        }
        node = next;
    }
    if (m_nodes[node].slot < 0)
        m_nodes[node].slot = static_cast<std::int32_t>(m_slotCount++);
    return static_cast<std::uint32_t>(m_nodes[node].slot);
}

std::uint32_t JsonPathSet::child(std::uint32_t node, std::string_view member) const
{
    for (const auto& [name, index] : m_nodes[node].members) {
        if (name == member)
            return index;
    }
    return kNoChild;
}

std::uint32_t JsonPathSet::child(std::uint32_t node, std::uint32_t position) const
{
    for (const auto& [at, index] : m_nodes[node].elements) {
        if (at == position)
            return index;
    }
    return kNoChild;
}

void JsonPathSet::clearBelow(std::uint32_t node, std::vector<JsonSlot>& slots, JsonScratch& scratch) const
{
    // The trie is at most kMaxJsonPathSteps deep, so recursion stays shallow.
    const TrieNode& n = m_nodes[node];
    if (n.slot >= 0)
        slots[static_cast<std::size_t>(n.slot)] = {};
    scratch.seen[node] = 0;
    for (const auto& member : n.members)
        clearBelow(member.second, slots, scratch);
    for (const auto& element : n.elements)
        clearBelow(element.second, slots, scratch);
}

bool JsonPathSet::visit(decode::json::Reader& reader, std::uint32_t node, std::vector<JsonSlot>& slots,
                        JsonScratch& scratch) const
{
    using decode::json::JsonType;
    using Step = decode::json::Reader::Step;
    const TrieNode& n = m_nodes[node];
    const auto type = reader.peekType();
    if (!type)
        return false;
    const std::size_t start = reader.position();
    if (*type == JsonType::Object && !n.members.empty()) {
        if (!reader.beginObject())
            return false;
        bool first = true;
        std::string_view key;
        bool escapes = false;
        while (true) {
            const Step step = reader.nextMember(first, key, escapes);
            if (step == Step::Error)
                return false;
            if (step == Step::End)
                break;
            if (escapes) {
                decode::json::decodeString(key, scratch.key);
                key = scratch.key;
            }
            const std::uint32_t next = child(node, key);
            if (next == kNoChild) {
                if (!reader.skipValue())
                    return false;
                continue;
            }
            if (scratch.seen[next])
                clearBelow(next, slots, scratch); // a duplicate name: the last one wins
            scratch.seen[next] = 1;
            if (!visit(reader, next, slots, scratch))
                return false;
        }
    } else if (*type == JsonType::Array && !n.elements.empty()) {
        if (!reader.beginArray())
            return false;
        bool first = true;
        std::uint32_t index = 0;
        while (true) {
            const Step step = reader.nextElement(first);
            if (step == Step::Error)
                return false;
            if (step == Step::End)
                break;
            const std::uint32_t next = child(node, index);
            if (index < UINT32_MAX)
                ++index;
            if (next == kNoChild) {
                if (!reader.skipValue())
                    return false;
                continue;
            }
            if (!visit(reader, next, slots, scratch))
                return false;
        }
    } else if (*type == JsonType::String && n.slot >= 0) {
        JsonSlot& slot = slots[static_cast<std::size_t>(n.slot)];
        std::string_view content;
        bool escapes = false;
        if (!reader.readStringRaw(content, escapes))
            return false;
        slot = {true, JsonType::String, content, escapes};
        return true;
    } else if (!reader.skipValue()) {
        return false;
    }
    if (n.slot >= 0)
        slots[static_cast<std::size_t>(n.slot)] = {true, *type, reader.text().substr(start, reader.position() - start), false};
    return true;
}

void JsonPathSet::extract(std::string_view text, std::vector<JsonSlot>& slots, JsonScratch& scratch) const
{
    slots.assign(m_slotCount, JsonSlot{});
    if (m_slotCount == 0)
        return;
    scratch.seen.assign(m_nodes.size(), 0);
    decode::json::Reader reader(text);
    if (!visit(reader, 0, slots, scratch) || !reader.atEnd())
        slots.assign(m_slotCount, JsonSlot{});
}

} // namespace sluice::filter
