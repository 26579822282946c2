// SPDX-License-Identifier: Apache-2.0
#include "dlq/configured_conventions.h"

namespace sluice::dlq {

std::vector<CustomConvention> customConventions(const std::vector<config::DeadLetterConventionConfig>& configured)
{
    std::vector<CustomConvention> out;
    for (const config::DeadLetterConventionConfig& c : configured) {
        CustomConvention convention;
        convention.name = c.name;
        convention.topicPatterns = c.topics;
        for (const config::DeadLetterHeaderMapping& m : c.headers) {
            const auto field = deadLetterFieldFromName(m.field);
            const auto encoding = headerEncodingFromName(m.encoding);
            if (field && encoding)
                convention.mappings.push_back({ m.header, *field, *encoding });
        }
        out.push_back(std::move(convention));
    }
    return out;
}

} // namespace sluice::dlq
