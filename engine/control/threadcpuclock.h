#pragma once

#include <chrono>

namespace herder::control {

/// The CPU time the calling thread has used so far. Two readings on one thread, divided by the
/// wall time between them, say how busy that thread was: adaptive concurrency uses it to tell
/// replies that waited in a saturated engine thread from a provider that slowed down.
class ThreadCpuClock
{
public:
    static std::chrono::nanoseconds now();
};

} // namespace herder::control
