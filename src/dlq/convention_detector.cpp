// SPDX-License-Identifier: Apache-2.0
#include "dlq/convention_detector.h"

#include "dlq/glob.h"

#include <array>
#include <map>

namespace sluice::dlq {

namespace {

std::string lowerAscii(std::string_view text)
{
    std::string out(text);
    for (char& c : out) {
        if (c >= 'A' && c <= 'Z')
            c = static_cast<char>(c + 32);
    }
    return out;
}

bool hasPrefix(Headers headers, std::string_view prefix)
{
    for (const auto& header : headers) {
        if (header.name.starts_with(prefix))
            return true;
    }
    return false;
}

// Generic dead-letter name markers, matched on the lower-cased name.
constexpr std::array<std::string_view, 10> kSuffixes{".dlq", "-dlq", "_dlq", ".deadletter", "-deadletter",
                                                     "_deadletter", ".dead-letter", "-dead-letter", ".dead-letters",
                                                     "-dead-letters"};
constexpr std::array<std::string_view, 3> kPrefixes{"dlq-", "dlq.", "dlq_"};

} // namespace

DeadLetterConventions::DeadLetterConventions(std::vector<CustomConvention> custom)
    : m_custom(std::move(custom))
{
}

const CustomConvention* DeadLetterConventions::customFor(std::string_view topic) const
{
    for (const CustomConvention& convention : m_custom) {
        for (const std::string& pattern : convention.topicPatterns) {
            if (globMatch(pattern, topic))
                return &convention;
        }
    }
    return nullptr;
}

TopicClassification DeadLetterConventions::classifyByName(std::string_view topic) const
{
    TopicClassification out;
    if (const CustomConvention* custom = customFor(topic)) {
        out.isDeadLetterTopic = true;
        out.convention = Convention::Custom;
        out.conventionName = custom->name;
        out.evidence = Evidence::Configured;
        return out;
    }
    // Spring's defaults: <topic>.DLT (DeadLetterPublishingRecoverer), <topic>-dlt (retry topics).
    for (const std::string_view suffix : {std::string_view(".DLT"), std::string_view("-dlt")}) {
        if (topic.size() > suffix.size() && topic.ends_with(suffix)) {
            out.isDeadLetterTopic = true;
            out.convention = Convention::Spring;
            out.conventionName = std::string(nameOf(Convention::Spring));
            out.evidence = Evidence::TopicName;
            out.sourceTopic = std::string(topic.substr(0, topic.size() - suffix.size()));
            return out;
        }
    }
    const std::string lower = lowerAscii(topic);
    for (const std::string_view suffix : kSuffixes) {
        if (lower.size() > suffix.size() && lower.ends_with(suffix)) {
            out.isDeadLetterTopic = true;
            out.evidence = Evidence::TopicName;
            out.sourceTopic = std::string(topic.substr(0, topic.size() - suffix.size()));
            return out;
        }
    }
    for (const std::string_view prefix : kPrefixes) {
        if (lower.size() > prefix.size() && lower.starts_with(prefix)) {
            out.isDeadLetterTopic = true;
            out.evidence = Evidence::TopicName;
            out.sourceTopic = std::string(topic.substr(prefix.size()));
            return out;
        }
    }
    return out;
}

Convention DeadLetterConventions::conventionOfHeaders(Headers headers)
{
    if (hasPrefix(headers, kConnectHeaderPrefix))
        return Convention::KafkaConnect;
    if (hasPrefix(headers, kSpringHeaderPrefix))
        return Convention::Spring;
    return Convention::None;
}

TopicClassification DeadLetterConventions::classify(std::string_view topic, std::span<const Headers> sample) const
{
    TopicClassification byName = classifyByName(topic);
    if (byName.evidence == Evidence::Configured)
        return byName;
    std::map<Convention, std::size_t> votes;
    for (const Headers& headers : sample) {
        const Convention convention = conventionOfHeaders(headers);
        if (convention != Convention::None)
            ++votes[convention];
    }
    if (votes.empty())
        return byName;
    Convention best = Convention::None;
    std::size_t bestVotes = 0;
    for (const auto& [convention, count] : votes) {
        if (count > bestVotes) {
            best = convention;
            bestVotes = count;
        }
    }
    TopicClassification out = byName;
    out.isDeadLetterTopic = true;
    out.convention = best;
    out.conventionName = std::string(nameOf(best));
    out.evidence = Evidence::HeaderSample;
    return out;
}

DeadLetterInfo DeadLetterConventions::decode(std::string_view topic, Headers headers) const
{
    if (const CustomConvention* custom = customFor(topic))
        return decodeMappedHeaders(headers, custom->mappings, custom->name);
    switch (conventionOfHeaders(headers)) {
    case Convention::KafkaConnect: return decodeConnectHeaders(headers);
    case Convention::Spring: return decodeSpringHeaders(headers);
    default: break;
    }
    DeadLetterInfo none;
    none.conventionName = std::string(nameOf(Convention::None));
    return none;
}

} // namespace sluice::dlq
