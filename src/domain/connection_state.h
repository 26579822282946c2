// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <string_view>

namespace sluice::domain {

// How reachable a cluster is, as shown by its indicator in the sidebar.
enum class ConnectionState {
    Connecting,  // no answer yet since the session started
    Connected,   // the last refresh fully succeeded
    Degraded,    // the cluster answered but some brokers or requests failed
    Unreachable, // the last refresh could not reach any broker
};

constexpr std::string_view nameOf(ConnectionState state)
{
    switch (state) {
    case ConnectionState::Connecting: return "connecting";
    case ConnectionState::Connected: return "connected";
    case ConnectionState::Degraded: return "degraded";
    case ConnectionState::Unreachable: return "unreachable";
    }
    return "unknown";
}

} // namespace sluice::domain
