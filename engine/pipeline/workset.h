#pragma once

#include "metrics/enginesnapshot.h"
#include "pipeline/work.h"

#include <QList>
#include <QObject>
#include <QSet>
#include <QTimer>

#include <functional>
#include <map>

namespace herder::pipeline {

/// The messages in flight, which it owns, and those of them held until their retry's
/// not-before time. Cancelling takes a message out of whatever it waits in (the held queue,
/// a batch being collected) and hands back the ones nothing else will ever end.
/// Engine-thread only.
class WorkSet : public QObject
{
    Q_OBJECT
public:
    /// \a due runs for each held message once its time has come; \a unplan takes a message
    /// out of the batch it is being collected into.
    WorkSet(std::function<void(Work *)> due, std::function<void(Work *)> unplan,
            QObject *parent = nullptr);
    ~WorkSet() override;

    /// Takes ownership of \a w.
    void insert(Work *w);
    /// Deletes \a w.
    void erase(Work *w);
    int size() const { return int(m_works.size()); }
    bool isEmpty() const { return m_works.isEmpty(); }
    /// The most messages in flight at once since start.
    int peak() const { return m_peak; }
    QList<Work *> values() const { return m_works.values(); }

    /// Keeps \a w back until its not_before_ms.
    void hold(Work *w);
    int heldCount() const { return int(m_held.size()); }

    /// Marks the messages \a which selects cancelled and returns those idle in the engine
    /// (held, or collected for a batch), taken out of where they waited: the caller ends them.
    /// The others end when their call or write comes back.
    QList<Work *> cancel(const std::function<bool(const Work &)> &which);

    /// Its share of the engine snapshot: messages in flight, their peak, held retries.
    void fill(metrics::EngineSnapshot &s) const;
private:
    void releaseDue();

    std::function<void(Work *)> m_due;
    std::function<void(Work *)> m_unplan;
    QSet<Work *> m_works;
    std::multimap<qint64, Work *> m_held;
    QTimer m_held_timer{this};
    int m_peak = 0;
};

} // namespace herder::pipeline
