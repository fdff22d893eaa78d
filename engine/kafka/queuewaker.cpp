#include "kafka/queuewaker.h"

#include <fcntl.h>
#include <unistd.h>

namespace herder::kafka {

QueueWaker::QueueWaker(rd_kafka_queue_t *queue, QObject *parent) : QObject(parent), m_queue(queue)
{
    if (pipe2(m_fds, O_NONBLOCK | O_CLOEXEC) != 0)
        qFatal("QueueWaker: pipe2 failed");
    m_notifier = std::make_unique<QSocketNotifier>(m_fds[0], QSocketNotifier::Read);
    connect(m_notifier.get(), &QSocketNotifier::activated, this, [this] {
        drainPipe();
        emit ready();
    });
    rd_kafka_queue_io_event_enable(m_queue, m_fds[1], "1", 1);
}

QueueWaker::~QueueWaker()
{
    rd_kafka_queue_io_event_enable(m_queue, -1, nullptr, 0);
    m_notifier.reset();
    ::close(m_fds[0]);
    ::close(m_fds[1]);
}

void QueueWaker::drainPipe()
{
    char buffer[256];
    while (::read(m_fds[0], buffer, sizeof buffer) > 0) {
    }
}

} // namespace herder::kafka
