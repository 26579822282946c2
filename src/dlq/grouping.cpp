// SPDX-License-Identifier: Apache-2.0
#include "dlq/grouping.h"

#include <algorithm>
#include <array>

namespace sluice::dlq {

namespace {

bool isDigit(char c)
{
    return c >= '0' && c <= '9';
}

bool isHex(char c)
{
    return isDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

bool isWordChar(char c)
{
    return isHex(c) || (c >= 'g' && c <= 'z') || (c >= 'G' && c <= 'Z') || c == '_';
}

// A UUID (8-4-4-4-12 hex digits) at text[pos].
bool isUuidAt(std::string_view text, std::size_t pos)
{
    constexpr std::array<std::size_t, 5> kGroups{8, 4, 4, 4, 12};
    for (std::size_t g = 0; g < kGroups.size(); ++g) {
        for (std::size_t i = 0; i < kGroups[g]; ++i, ++pos) {
            if (pos >= text.size() || !isHex(text[pos]))
                return false;
        }
        if (g + 1 < kGroups.size()) {
            if (pos >= text.size() || text[pos] != '-')
                return false;
            ++pos;
        }
    }
    return pos >= text.size() || !isWordChar(text[pos]);
}

std::size_t hexRunLength(std::string_view text, std::size_t pos)
{
    std::size_t end = pos;
    while (end < text.size() && isHex(text[end]))
        ++end;
    return end - pos;
}

} // namespace

std::string_view nameOf(GroupBy by)
{
    switch (by) {
    case GroupBy::ExceptionClass: return "exception-class";
    case GroupBy::CauseClass: return "cause-class";
    case GroupBy::Stage: return "stage";
    case GroupBy::MessagePattern: return "message-pattern";
    case GroupBy::OriginalTopic: return "original-topic";
    case GroupBy::Connector: return "connector";
    }
    return "unknown";
}

std::string groupKey(const DeadLetterInfo& info, GroupBy by)
{
    switch (by) {
    case GroupBy::ExceptionClass: return info.exceptionClass.value_or("");
    case GroupBy::CauseClass: return info.exceptionCauseClass.value_or(info.exceptionClass.value_or(""));
    case GroupBy::Stage: return info.stage.value_or("");
    case GroupBy::MessagePattern: return info.exceptionMessage ? normaliseMessage(*info.exceptionMessage) : "";
    case GroupBy::OriginalTopic: return info.originalTopic.value_or("");
    case GroupBy::Connector: return info.connectorName.value_or("");
    }
    return {};
}

std::string normaliseMessage(std::string_view message, std::size_t maxBytes)
{
    message = message.substr(0, message.find_first_of("\r\n"));
    std::string out;
    out.reserve(std::min(message.size(), maxBytes) + 8);
    std::size_t pos = 0;
    while (pos < message.size() && out.size() < maxBytes) {
        const char c = message[pos];
        const bool wordStart = pos == 0 || !isWordChar(message[pos - 1]);
        if (wordStart && isHex(c) && isUuidAt(message, pos)) {
            out += "<uuid>";
            pos += 36;
            continue;
        }
        if (wordStart && c == '0' && pos + 2 < message.size() && (message[pos + 1] == 'x' || message[pos + 1] == 'X')
            && isHex(message[pos + 2])) {
            out += "<hex>";
            pos += 2 + hexRunLength(message, pos + 2);
            continue;
        }
        if (wordStart && isHex(c)) {
            const std::size_t run = hexRunLength(message, pos);
            const bool endsWord = pos + run >= message.size() || !isWordChar(message[pos + run]);
            const bool hasDigit = std::any_of(message.begin() + static_cast<std::ptrdiff_t>(pos),
                                              message.begin() + static_cast<std::ptrdiff_t>(pos + run), isDigit);
            if (run >= 16 && endsWord && hasDigit) {
                out += "<hex>";
                pos += run;
                continue;
            }
        }
        if (isDigit(c)) {
            out.push_back('#');
            while (pos < message.size() && (isDigit(message[pos]) || (message[pos] == '.' && pos + 1 < message.size()
                                                                       && isDigit(message[pos + 1]))))
                ++pos;
            continue;
        }
        if ((c == '\'' || c == '"') && wordStart) {
            const std::size_t close = message.find(c, pos + 1);
            if (close != std::string_view::npos && close - pos <= 80) {
                out.push_back(c);
                out += "…";
                out.push_back(c);
                pos = close + 1;
                continue;
            }
        }
        if (c == ' ' || c == '\t') {
            if (!out.empty() && out.back() != ' ')
                out.push_back(' ');
            ++pos;
            continue;
        }
        out.push_back(c);
        ++pos;
    }
    while (!out.empty() && out.back() == ' ')
        out.pop_back();
    if (out.size() > maxBytes) {
        out.resize(maxBytes);
        while (!out.empty() && (static_cast<unsigned char>(out.back()) & 0xC0U) == 0x80U)
            out.pop_back();
        if (!out.empty() && static_cast<unsigned char>(out.back()) >= 0xC0U)
            out.pop_back();
    }
    return out;
}

std::int64_t suggestBucketWidthMs(std::int64_t spanMs, int targetBuckets)
{
    constexpr std::array<std::int64_t, 10> kWidths{1'000,     5'000,      15'000,     60'000,     300'000,
                                                   900'000,   3'600'000,  21'600'000, 86'400'000, 604'800'000};
    const std::int64_t target = std::max(1, targetBuckets);
    for (const std::int64_t width : kWidths) {
        if (spanMs / width <= target)
            return width;
    }
    return kWidths.back();
}

GroupAggregator::GroupAggregator(GroupBy by, std::int64_t bucketWidthMs, bool keepMembers)
    : m_by(by), m_bucketWidthMs(std::max<std::int64_t>(1, bucketWidthMs)), m_keepMembers(keepMembers)
{
}

void GroupAggregator::add(const DeadLetterInfo& info, std::int64_t timestampMs, RecordRef record)
{
    addToGroup(groupKey(info, m_by), timestampMs, record, info.exceptionMessage.value_or(""));
}

void GroupAggregator::addToGroup(const std::string& key, std::int64_t timestampMs, RecordRef record,
                                 std::string_view message)
{
    Group& group = m_groups[key];
    ++group.count;
    ++m_total;
    if (group.count == 1)
        group.sampleMessage = std::string(message.substr(0, 1000));
    if (timestampMs >= 0) {
        group.firstSeenMs = group.firstSeenMs < 0 ? timestampMs : std::min(group.firstSeenMs, timestampMs);
        group.lastSeenMs = std::max(group.lastSeenMs, timestampMs);
        ++group.buckets[timestampMs / m_bucketWidthMs];
    }
    if (m_keepMembers)
        group.members.push_back(record);
}

void GroupAggregator::merge(const GroupAggregator& other)
{
    for (const auto& [key, theirs] : other.m_groups) {
        Group& ours = m_groups[key];
        if (ours.count == 0)
            ours.sampleMessage = theirs.sampleMessage;
        ours.count += theirs.count;
        if (theirs.firstSeenMs >= 0)
            ours.firstSeenMs = ours.firstSeenMs < 0 ? theirs.firstSeenMs : std::min(ours.firstSeenMs, theirs.firstSeenMs);
        ours.lastSeenMs = std::max(ours.lastSeenMs, theirs.lastSeenMs);
        for (const auto& [bucket, count] : theirs.buckets)
            ours.buckets[bucket] += count;
        if (m_keepMembers)
            ours.members.insert(ours.members.end(), theirs.members.begin(), theirs.members.end());
    }
    m_total += other.m_total;
}

std::vector<GroupSummary> GroupAggregator::groups() const
{
    std::vector<GroupSummary> out;
    out.reserve(m_groups.size());
    for (const auto& [key, group] : m_groups) {
        GroupSummary summary;
        summary.key = key;
        summary.count = group.count;
        summary.firstSeenMs = group.firstSeenMs;
        summary.lastSeenMs = group.lastSeenMs;
        summary.sampleMessage = group.sampleMessage;
        summary.histogram.reserve(group.buckets.size());
        for (const auto& [bucket, count] : group.buckets)
            summary.histogram.push_back({bucket * m_bucketWidthMs, count});
        out.push_back(std::move(summary));
    }
    std::stable_sort(out.begin(), out.end(),
                     [](const GroupSummary& a, const GroupSummary& b) { return a.count > b.count; });
    return out;
}

SelectionModel GroupAggregator::selectionFor(std::string_view key, std::string topic) const
{
    SelectionModel selection = SelectionModel::explicitRecords(std::move(topic));
    const auto it = m_groups.find(key);
    if (it == m_groups.end())
        return selection;
    for (const RecordRef& record : it->second.members)
        selection.select(record);
    return selection;
}

} // namespace sluice::dlq
