#pragma once

#include "config/enginesettings.h"
#include "llm/promptbuilder.h"
#include "pipeline/batchcollector.h"

#include <QList>
#include <QObject>
#include <QTimer>

#include <functional>

namespace herder::pipeline {

struct Work;

/// Decides the shape of the calls for one round of a message, by processing mode:
/// - per-task: one single-task call per task still lacking an answer;
/// - combined: one call for all of them;
/// - batch: the message waits in a BatchCollector and goes out with others in one call, or
///   alone (combined shape) when it is `solo`, half done after a mode switch, or nobody else
///   came within the linger time.
/// The calls themselves go to the `send` callback; mode and batch size change live.
/// Engine-thread only.
class RequestPlanner : public QObject
{
    Q_OBJECT
public:
    using Send = std::function<void(llm::PromptKind kind, QList<Work *> works, QList<int> tasks)>;

    RequestPlanner(int task_count, config::ProcessingMode mode, int batch_size, int linger_ms,
                   Send send, QObject *parent = nullptr);

    /// Calls that go out after the switch take the new shape. Messages gathered for a batch go
    /// out at once: no more company is coming for them.
    void setMode(config::ProcessingMode mode);
    /// Full batches under the new size go out at once.
    void setBatchSize(int batch_size);
    config::ProcessingMode mode() const { return m_mode; }
    int batchSize() const { return m_batches.batchSize(); }

    /// Plans the calls of \a w's round and adds them to w->calls_pending.
    void plan(Work *w);
    /// Forgets a message waiting for a batch (revoked, stopping); false when none waited.
    bool drop(Work *w);
    /// Sends the full batches waiting; with \a everything, a partial one too.
    void flush(bool everything);
    int waiting() const { return m_batches.size(); }

private:
    int m_task_count;
    config::ProcessingMode m_mode;
    BatchCollector m_batches;
    Send m_send;
    QTimer m_linger_timer{this};
};

} // namespace herder::pipeline
