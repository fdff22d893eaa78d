#include "control/threadcpuclock.h"

#include <ctime>

namespace herder::control {

std::chrono::nanoseconds ThreadCpuClock::now()
{
    timespec ts{};
    // Per-thread CPU time: the engine's other threads (librdkafka, QtNetwork) do not count.
    if (clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts) != 0)
        return {};
    return std::chrono::seconds(ts.tv_sec) + std::chrono::nanoseconds(ts.tv_nsec);
}

} // namespace herder::control
