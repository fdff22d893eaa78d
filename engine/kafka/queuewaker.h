#pragma once

#include <librdkafka/rdkafka.h>

#include <QObject>
#include <QSocketNotifier>

#include <memory>

namespace herder::kafka {

/// Turns "this librdkafka queue became non-empty" into a Qt signal on the owning thread:
/// librdkafka writes a byte to a pipe (rd_kafka_queue_io_event_enable), a QSocketNotifier
/// watches it. The event fires only on the empty -> non-empty edge, so each ready() must be
/// answered by draining the queue completely.
class QueueWaker : public QObject
{
    Q_OBJECT
public:
    QueueWaker(rd_kafka_queue_t *queue, QObject *parent = nullptr);
    ~QueueWaker() override;

signals:
    void ready();

private:
    void drainPipe();

    rd_kafka_queue_t *m_queue;
    int m_fds[2] = {-1, -1};
    std::unique_ptr<QSocketNotifier> m_notifier;
};

} // namespace herder::kafka
