// SPDX-License-Identifier: Apache-2.0
#pragma once

// `sluice replay …`, `sluice audit …` and `sluice reset-offsets …` (app/reset_command.*):
// the headless entries for runbooks and tests.
// Only the command line lives here; the work is done by src/replay and src/audit.

namespace sluice::app {

// argv[1] is "replay", "audit" or "reset-offsets". Returns the process exit code.
int runHeadlessCommand(int argc, char* argv[]);
bool isHeadlessCommand(int argc, char* argv[]);

} // namespace sluice::app
