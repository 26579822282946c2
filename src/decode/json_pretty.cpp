// SPDX-License-Identifier: Apache-2.0
#include "decode/json_pretty.h"

#include <vector>

namespace sluice::decode::json {

namespace {

class PrettyPrinter {
public:
    PrettyPrinter(std::string_view text, const PrettyOptions& options)
        : m_reader(text, options.maxDepth), m_options(options)
    {
    }

    Result<PrettyJson> run()
    {
        if (!value())
            return failure();
        if (m_out.isTruncated)
            return std::move(m_out);
        if (!m_reader.atEnd())
            return Error{ErrorKind::Configuration, "Not valid JSON: text continues after the value",
                         "byte " + std::to_string(m_reader.position())};
        return std::move(m_out);
    }

private:
    // Iterative walk: one entry per open container in `isObject` and `isFirst`.
    bool value()
    {
        std::vector<bool> isObject;
        std::vector<bool> isFirst;
        bool expectValue = true;
        while (true) {
            if (full())
                return true;
            if (expectValue) {
                const auto type = m_reader.peekType();
                if (!type)
                    return false;
                if (*type == JsonType::Object || *type == JsonType::Array) {
                    const bool object = *type == JsonType::Object;
                    if (!(object ? m_reader.beginObject() : m_reader.beginArray()))
                        return false;
                    m_out.text.push_back(object ? '{' : '[');
                    isObject.push_back(object);
                    isFirst.push_back(true);
                    expectValue = false;
                    continue;
                }
                if (!scalar(*type))
                    return false;
                expectValue = false;
                continue;
            }
            if (isObject.empty())
                return true;
            bool first = isFirst.back();
            const bool wasFirst = first;
            if (isObject.back()) {
                std::string_view key;
                bool escapes = false;
                const auto step = m_reader.nextMember(first, key, escapes);
                if (step == Reader::Step::Error)
                    return false;
                if (step == Reader::Step::End) {
                    close('}', wasFirst, isObject.size() - 1);
                    isObject.pop_back();
                    isFirst.pop_back();
                    continue;
                }
                separator(wasFirst, isObject.size());
                put("\"");
                put(key);
                put("\": ");
            } else {
                const auto step = m_reader.nextElement(first);
                if (step == Reader::Step::Error)
                    return false;
                if (step == Reader::Step::End) {
                    close(']', wasFirst, isObject.size() - 1);
                    isObject.pop_back();
                    isFirst.pop_back();
                    continue;
                }
                separator(wasFirst, isObject.size());
            }
            isFirst.back() = false;
            expectValue = true;
        }
    }

    bool scalar(JsonType type)
    {
        std::string_view token;
        bool flag = false;
        switch (type) {
        case JsonType::String:
            if (!m_reader.readStringRaw(token, flag))
                return false;
            put("\"");
            put(token);
            put("\"");
            return true;
        case JsonType::Number:
            if (!m_reader.readNumber(token))
                return false;
            put(token);
            return true;
        case JsonType::Bool:
            if (!m_reader.readBool(flag))
                return false;
            m_out.text.append(flag ? "true" : "false");
            return true;
        case JsonType::Null:
            if (!m_reader.readNull())
                return false;
            m_out.text.append("null");
            return true;
        default: return false;
        }
    }

    void separator(bool first, std::size_t depth)
    {
        if (!first)
            m_out.text.push_back(',');
        newline(depth);
    }

    void close(char bracket, bool wasEmpty, std::size_t depth)
    {
        if (!wasEmpty)
            newline(depth);
        m_out.text.push_back(bracket);
    }

    void newline(std::size_t depth)
    {
        m_out.text.push_back('\n');
        m_out.text.append(depth * static_cast<std::size_t>(m_options.indent > 0 ? m_options.indent : 0), ' ');
    }

    // Appends at most a few bytes past the bound; full() trims back to it.
    void put(std::string_view text)
    {
        const std::size_t limit = m_options.maxOutputBytes + 4;
        if (m_out.text.size() >= limit)
            return;
        m_out.text.append(text.substr(0, limit - m_out.text.size()));
    }

    bool full()
    {
        if (m_out.text.size() < m_options.maxOutputBytes)
            return false;
        m_out.text.resize(m_options.maxOutputBytes);
        // Never cut a UTF-8 sequence in half.
        while (!m_out.text.empty() && (static_cast<unsigned char>(m_out.text.back()) & 0xC0U) == 0x80U)
            m_out.text.pop_back();
        if (!m_out.text.empty() && static_cast<unsigned char>(m_out.text.back()) >= 0xC0U)
            m_out.text.pop_back();
        m_out.isTruncated = true;
        return true;
    }

    Error failure() const
    {
        return Error{ErrorKind::Configuration,
                     "Not valid JSON at byte " + std::to_string(m_reader.failurePosition()) + ": expected "
                         + std::string(m_reader.failure()),
                     "byte " + std::to_string(m_reader.failurePosition())};
    }

    Reader m_reader;
    PrettyOptions m_options;
    PrettyJson m_out;
};

} // namespace

Result<PrettyJson> prettyPrint(std::string_view text, const PrettyOptions& options)
{
    return PrettyPrinter(text, options).run();
}

} // namespace sluice::decode::json
