#include "metrics/threadbusyclock.h"

#include <fcntl.h>
#include <unistd.h>

#include <cstdlib>
#include <ctime>

namespace herder::metrics {

namespace {

/// This thread's /proc schedstat, opened once per thread: "<on-cpu ns> <run-queue wait ns> ..".
struct SchedStat
{
    int fd = ::open("/proc/thread-self/schedstat", O_RDONLY | O_CLOEXEC);
    ~SchedStat()
    {
        if (fd >= 0)
            ::close(fd);
    }
    SchedStat() = default;
    SchedStat(const SchedStat &) = delete;
    SchedStat &operator=(const SchedStat &) = delete;
};

std::chrono::nanoseconds cpuTime()
{
    timespec ts{};
    if (clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts) != 0)
        return {};
    return std::chrono::seconds(ts.tv_sec) + std::chrono::nanoseconds(ts.tv_nsec);
}

} // namespace

std::chrono::nanoseconds ThreadBusyClock::now()
{
    thread_local const SchedStat stat;
    char text[96];
    const ssize_t n = stat.fd >= 0 ? ::pread(stat.fd, text, sizeof text - 1, 0) : -1;
    if (n <= 0)
        return cpuTime();
    text[n] = '\0';
    char *end = nullptr;
    const long long on_cpu_ns = std::strtoll(text, &end, 10);
    const long long waiting_ns = std::strtoll(end, nullptr, 10);
    return std::chrono::nanoseconds(on_cpu_ns + waiting_ns);
}

} // namespace herder::metrics
