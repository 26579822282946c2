// SPDX-License-Identifier: Apache-2.0
#pragma once

// `sluice reset-offsets …`: preview (--dry-run) or apply (--execute) an offset reset of a
// consumer group headless, for runbooks. The work is done by src/reset.

class QCoreApplication;

namespace sluice::app {

// Returns the process exit code: 0 done, 1 failed or refused, 2 bad command line.
int runResetOffsets(QCoreApplication& app);

} // namespace sluice::app
