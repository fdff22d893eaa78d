#pragma once

#include <chrono>

namespace herder::metrics {

/// How long the calling thread has been busy so far: running, or runnable and waiting for a
/// CPU (Linux schedstat; the thread's CPU time alone where that is missing). Two readings on
/// one thread bound how long an event posted to it in between can have waited for it: adaptive
/// concurrency uses them to tell replies queued behind a saturated engine thread from a
/// provider that slowed down. About a microsecond a reading.
class ThreadBusyClock
{
public:
    static std::chrono::nanoseconds now();
};

} // namespace herder::metrics
