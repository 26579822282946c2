// SPDX-License-Identifier: Apache-2.0
#pragma once

// Background work that must not take the CPU from the GUI thread on a busy machine (a scan
// at broker speed keeps every core busy): lowerCurrentThreadPriority() lowers the calling
// thread's scheduling priority, and threads it starts afterwards (librdkafka's among them)
// inherit it. The work still gets every cycle the GUI thread does not want.
//
// The one platform seam: Linux uses the thread's nice value; elsewhere it does nothing yet.

namespace sluice::support {

inline constexpr int kBackgroundNiceIncrement = 5;

// Returns false when the platform refused or does not support it (not an error worth
// reporting: the work just runs at normal priority).
bool lowerCurrentThreadPriority(int niceIncrement = kBackgroundNiceIncrement);

} // namespace sluice::support
