// SPDX-License-Identifier: Apache-2.0
#pragma once

// Which dead-letter convention a topic follows, and decoding its records accordingly.
// Evidence, strongest first: a custom convention configured for the topic's name pattern;
// the headers seen in a sample of its records; its name (orders.DLT, payments-dlq …).

#include "dlq/dead_letter_info.h"
#include "dlq/header_decoding.h"

#include <optional>
#include <span>
#include <string>
#include <vector>

namespace sluice::dlq {

// A workspace-declared convention: these header mappings for topics matching any pattern.
struct CustomConvention {
    std::string name;                       // shown in the UI, e.g. "billing x-original-*"
    std::vector<std::string> topicPatterns; // globs, e.g. "billing.*.dead"
    std::vector<HeaderMapping> mappings;
    friend bool operator==(const CustomConvention&, const CustomConvention&) = default;
};

enum class Evidence { None, TopicName, HeaderSample, Configured };

constexpr std::string_view nameOf(Evidence evidence)
{
    switch (evidence) {
    case Evidence::None: return "none";
    case Evidence::TopicName: return "topic-name";
    case Evidence::HeaderSample: return "headers";
    case Evidence::Configured: return "configured";
    }
    return "none";
}

struct TopicClassification {
    bool isDeadLetterTopic = false;
    Convention convention = Convention::None; // None: a dead-letter name, convention unknown yet
    std::string conventionName;               // the custom convention's name, else nameOf(convention)
    Evidence evidence = Evidence::None;
    std::optional<std::string> sourceTopic;   // from the name: "orders.DLT" → "orders"
};

class DeadLetterConventions {
public:
    explicit DeadLetterConventions(std::vector<CustomConvention> custom = {});

    // The first custom convention whose pattern matches `topic`, in declaration order.
    const CustomConvention* customFor(std::string_view topic) const;

    // From the topic name (and configuration) only: suffixes/prefixes .DLT, -dlt (Spring),
    // .dlq, -dlq, _dlq, dlq-, dlq., dlq_, .deadletter, -dead-letter … (case-insensitive).
    TopicClassification classifyByName(std::string_view topic) const;

    // With the headers of some of its records: the convention most records carry wins;
    // without any, the name decides.
    TopicClassification classify(std::string_view topic, std::span<const Headers> sample) const;

    // The convention one record's headers show (Connect or Spring prefixes), else None.
    static Convention conventionOfHeaders(Headers headers);

    // Decodes one record of `topic`: with its custom convention when configured, else by
    // the prefixes of its headers. An empty DeadLetterInfo (convention None) otherwise.
    DeadLetterInfo decode(std::string_view topic, Headers headers) const;

private:
    std::vector<CustomConvention> m_custom;
};

} // namespace sluice::dlq
