// SPDX-License-Identifier: Apache-2.0
#include "support/thread_priority.h"

#ifdef __linux__
#include <cerrno>
#include <sys/resource.h>
#include <unistd.h>
#endif

namespace sluice::support {

bool lowerCurrentThreadPriority(int niceIncrement)
{
#ifdef __linux__
    // On Linux the nice value belongs to the thread (the kernel's task), not the process.
    const auto tid = static_cast<id_t>(gettid());
    errno = 0;
    const int current = getpriority(PRIO_PROCESS, tid);
    if (current == -1 && errno != 0)
        return false;
    return setpriority(PRIO_PROCESS, tid, current + niceIncrement) == 0;
#else
    (void)niceIncrement;
    return false;
#endif
}

} // namespace sluice::support
