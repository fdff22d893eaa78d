#pragma once

#include <QList>

namespace herder::pipeline {

struct Work;

/// Gathers messages for batch requests: a batch goes out when batch_size messages are waiting,
/// or when the oldest has waited linger_ms (a quiet stream must not stall for company). It
/// keeps no clock and no timer of its own: the caller passes the time and arms its timer for
/// dueAt_ms(), which keeps the class testable without an event loop.
class BatchCollector
{
public:
    BatchCollector(int batch_size, int linger_ms);

    void setBatchSize(int batch_size);
    int batchSize() const { return m_batch_size; }
    int lingerMs() const { return m_linger_ms; }

    /// Adds a message; true when a full batch is now waiting (take() it).
    bool add(Work *w, qint64 now_ms);
    /// Forgets a message (revoked or stopping); false when it was not waiting here.
    bool remove(Work *w);
    bool contains(Work *w) const { return m_waiting.contains(w); }

    /// True when a full batch is waiting.
    bool isFull() const { return m_waiting.size() >= m_batch_size; }
    /// When the oldest waiting message has lingered enough; -1 when nothing waits.
    qint64 dueAt_ms() const;
    /// Up to batch_size of the oldest waiting messages, in arrival order.
    QList<Work *> take();
    int size() const { return int(m_waiting.size()); }
    bool isEmpty() const { return m_waiting.isEmpty(); }

private:
    int m_batch_size;
    int m_linger_ms;
    QList<Work *> m_waiting;
    QList<qint64> m_arrived_ms; ///< parallel to m_waiting
};

} // namespace herder::pipeline
