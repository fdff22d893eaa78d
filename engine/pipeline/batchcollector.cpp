#include "pipeline/batchcollector.h"

#include <QtGlobal>

namespace herder::pipeline {

BatchCollector::BatchCollector(int batch_size, int linger_ms)
    : m_batch_size(qMax(1, batch_size)), m_linger_ms(qMax(0, linger_ms))
{
}

void BatchCollector::setBatchSize(int batch_size)
{
    m_batch_size = qMax(1, batch_size);
}

bool BatchCollector::add(Work *w, qint64 now_ms)
{
    m_waiting.append(w);
    m_arrived_ms.append(now_ms);
    return isFull();
}

bool BatchCollector::remove(Work *w)
{
    const qsizetype i = m_waiting.indexOf(w);
    if (i < 0)
        return false;
    m_waiting.removeAt(i);
    m_arrived_ms.removeAt(i);
    return true;
}

qint64 BatchCollector::dueAt_ms() const
{
    return m_arrived_ms.isEmpty() ? -1 : m_arrived_ms.constFirst() + m_linger_ms;
}

QList<Work *> BatchCollector::take()
{
    const qsizetype n = qMin<qsizetype>(m_batch_size, m_waiting.size());
    QList<Work *> batch = m_waiting.first(n);
    m_waiting.remove(0, n);
    m_arrived_ms.remove(0, n);
    return batch;
}

} // namespace herder::pipeline
