#include "pipeline/requestplanner.h"

#include "pipeline/work.h"

#include <QDateTime>

#include <numeric>

namespace herder::pipeline {

namespace {

qint64 nowMs()
{
    return QDateTime::currentMSecsSinceEpoch();
}

} // namespace

RequestPlanner::RequestPlanner(int task_count, config::ProcessingMode mode, int batch_size,
                               int linger_ms, Send send, QObject *parent)
    : QObject(parent),
      m_task_count(task_count),
      m_mode(mode),
      m_batches(batch_size, linger_ms),
      m_send(std::move(send))
{
    m_linger_timer.setSingleShot(true);
    connect(&m_linger_timer, &QTimer::timeout, this, [this] { flush(true); });
}

void RequestPlanner::setMode(config::ProcessingMode mode)
{
    m_mode = mode;
    flush(true);
}

void RequestPlanner::setBatchSize(int batch_size)
{
    m_batches.setBatchSize(batch_size);
    flush(false);
}

void RequestPlanner::plan(Work *w)
{
    QList<int> pending;
    for (int i = 0; i < int(w->results.size()); ++i)
        if (!w->results[i].done)
            pending.append(i);
    const bool all = pending.size() == m_task_count;
    using config::ProcessingMode;
    if (m_mode == ProcessingMode::Batch && all && !w->solo) {
        ++w->calls_pending;
        w->stage = Work::Stage::Collecting;
        if (m_batches.add(w, nowMs()))
            flush(false);
        else if (!m_linger_timer.isActive())
            m_linger_timer.start(m_batches.lingerMs());
    } else if (m_mode == ProcessingMode::PerTask || (pending.size() == 1 && !all)) {
        // A message a mode switch caught half done asks only for what it still lacks.
        w->calls_pending += int(pending.size());
        for (int i : pending)
            m_send(llm::PromptKind::Single, {w}, {i});
    } else {
        ++w->calls_pending;
        m_send(llm::PromptKind::Combined, {w}, pending);
    }
}

bool RequestPlanner::drop(Work *w)
{
    if (!m_batches.remove(w))
        return false;
    --w->calls_pending;
    if (m_batches.isEmpty())
        m_linger_timer.stop();
    return true;
}

void RequestPlanner::flush(bool everything)
{
    while (m_batches.isFull() || (everything && !m_batches.isEmpty())) {
        const QList<Work *> works = m_batches.take();
        for (Work *w : works)
            w->stage = Work::Stage::Calling;
        QList<int> every(m_task_count);
        std::iota(every.begin(), every.end(), 0);
        // A batch of one would pay for ids and an array for nothing.
        m_send(works.size() == 1 ? llm::PromptKind::Combined : llm::PromptKind::Batch, works,
               every);
    }
    if (m_batches.isEmpty())
        m_linger_timer.stop();
    else if (!m_linger_timer.isActive())
        m_linger_timer.start(int(qMax<qint64>(0, m_batches.dueAt_ms() - nowMs())));
}

} // namespace herder::pipeline
