#include "pipeline/workset.h"

#include <QDateTime>

namespace herder::pipeline {

WorkSet::WorkSet(std::function<void(Work *)> due, std::function<void(Work *)> unplan,
                 QObject *parent)
    : QObject(parent), m_due(std::move(due)), m_unplan(std::move(unplan))
{
    m_held_timer.setSingleShot(true);
    connect(&m_held_timer, &QTimer::timeout, this, &WorkSet::releaseDue);
}

WorkSet::~WorkSet()
{
    qDeleteAll(m_works);
}

void WorkSet::insert(Work *w)
{
    m_works.insert(w);
    m_peak = std::max(m_peak, int(m_works.size()));
}

void WorkSet::erase(Work *w)
{
    m_works.remove(w);
    delete w;
}

void WorkSet::hold(Work *w)
{
    w->stage = Work::Stage::Held;
    m_held.emplace(w->not_before_ms, w);
    const qint64 wait = qMax<qint64>(0, m_held.begin()->first - QDateTime::currentMSecsSinceEpoch());
    if (!m_held_timer.isActive() || m_held_timer.remainingTime() > wait)
        m_held_timer.start(int(qMin<qint64>(wait, 3600 * 1000)));
}

void WorkSet::releaseDue()
{
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    while (!m_held.empty() && m_held.begin()->first <= now) {
        Work *w = m_held.begin()->second;
        m_held.erase(m_held.begin());
        m_due(w);
    }
    if (!m_held.empty())
        m_held_timer.start(int(qMax<qint64>(1, m_held.begin()->first - now)));
}

QList<Work *> WorkSet::cancel(const std::function<bool(const Work &)> &which)
{
    QList<Work *> idle;
    for (Work *w : std::as_const(m_works)) {
        if (!which(*w))
            continue;
        w->cancelled = true;
        if (w->stage == Work::Stage::Held) {
            const auto [first, last] = m_held.equal_range(w->not_before_ms);
            for (auto it = first; it != last; ++it)
                if (it->second == w) {
                    m_held.erase(it);
                    break;
                }
            idle.append(w);
        } else if (w->stage == Work::Stage::Collecting) {
            m_unplan(w);
            idle.append(w);
        }
    }
    return idle;
}

void WorkSet::fill(metrics::EngineSnapshot &s) const
{
    s.inflight_messages = size();
    s.inflight_messages_peak = m_peak;
    s.held_retries = heldCount();
}

} // namespace herder::pipeline
