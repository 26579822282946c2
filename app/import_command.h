// SPDX-License-Identifier: Apache-2.0
#pragma once

// `sluice import …`: validate a JSON Lines export (dry run, the default) or produce its
// records into a topic (--execute), headless. The work is done by src/importing.

class QCoreApplication;

namespace sluice::app {

// Returns the process exit code: 0 done, 1 failed or refused, 2 bad command line, 3 the
// import stopped before the end or some records failed.
int runImport(QCoreApplication& app);

} // namespace sluice::app
