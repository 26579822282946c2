// SPDX-License-Identifier: Apache-2.0
#pragma once

// `sluice replay …` and `sluice audit …`: the headless entries for runbooks and tests.
// Only the command line lives here; the work is done by src/replay and src/audit.

namespace sluice::app {

// argv[1] is "replay" or "audit". Returns the process exit code.
int runHeadlessCommand(int argc, char* argv[]);
bool isHeadlessCommand(int argc, char* argv[]);

} // namespace sluice::app
