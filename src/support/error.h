// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <string>
#include <string_view>

namespace sluice {

// What the user can do about a failure decides how it is shown (see STYLE.md §4).
enum class ErrorKind { Transient, Configuration, Authorization, NotFound, Fatal, Bug };

// A failure as a value. `message` is for people (what failed, where, what to try next);
// `detail` holds codes and raw broker text for the "Details" section and the log.
struct Error {
    ErrorKind kind = ErrorKind::Bug;
    std::string message;
    std::string detail;
};

constexpr std::string_view nameOf(ErrorKind kind)
{
    switch (kind) {
    case ErrorKind::Transient: return "transient";
    case ErrorKind::Configuration: return "configuration";
    case ErrorKind::Authorization: return "authorization";
    case ErrorKind::NotFound: return "not-found";
    case ErrorKind::Fatal: return "fatal";
    case ErrorKind::Bug: return "bug";
    }
    return "unknown";
}

} // namespace sluice
