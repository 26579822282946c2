// SPDX-License-Identifier: Apache-2.0
#include "dlq/glob.h"

#include <cstddef>

namespace sluice::dlq {

bool globMatch(std::string_view pattern, std::string_view name)
{
    // Greedy with one resume point: on a mismatch, let the last '*' absorb one more byte.
    std::size_t p = 0;
    std::size_t n = 0;
    std::size_t star = std::string_view::npos;
    std::size_t resume = 0;
    while (n < name.size()) {
        if (p < pattern.size() && (pattern[p] == '?' || (pattern[p] != '*' && pattern[p] == name[n]))) {
            ++p;
            ++n;
        } else if (p < pattern.size() && pattern[p] == '*') {
            star = p++;
            resume = n;
        } else if (star != std::string_view::npos) {
            p = star + 1;
            n = ++resume;
        } else {
            return false;
        }
    }
    while (p < pattern.size() && pattern[p] == '*')
        ++p;
    return p == pattern.size();
}

} // namespace sluice::dlq
