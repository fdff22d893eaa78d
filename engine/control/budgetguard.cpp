#include "control/budgetguard.h"

#include <QDateTime>

namespace herder::control {

void BudgetGuard::Window::roll(qint64 now_ms)
{
    const qint64 current = now_ms / length_ms;
    if (current != index) {
        index = current;
        spent_usd = 0;
    }
}

BudgetGuard::BudgetGuard(double hourly_usd, double daily_usd)
    : m_hourly_cap_usd(qMax(0.0, hourly_usd)), m_daily_cap_usd(qMax(0.0, daily_usd))
{
}

void BudgetGuard::setCaps(double hourly_usd, double daily_usd)
{
    m_hourly_cap_usd = qMax(0.0, hourly_usd);
    m_daily_cap_usd = qMax(0.0, daily_usd);
}

void BudgetGuard::spend(double cost_usd, qint64 now_ms)
{
    m_hour.roll(now_ms);
    m_day.roll(now_ms);
    m_hour.spent_usd += cost_usd;
    m_day.spent_usd += cost_usd;
}

bool BudgetGuard::exhausted(qint64 now_ms)
{
    m_hour.roll(now_ms);
    m_day.roll(now_ms);
    return m_hour.reached(m_hourly_cap_usd) || m_day.reached(m_daily_cap_usd);
}

QString BudgetGuard::reason(qint64 now_ms)
{
    if (!exhausted(now_ms))
        return {};
    const bool daily = m_day.reached(m_daily_cap_usd);
    const Window &w = daily ? m_day : m_hour;
    const QString until =
        QDateTime::fromMSecsSinceEpoch((w.index + 1) * w.length_ms, Qt::UTC)
            .toString(daily ? QStringLiteral("yyyy-MM-dd HH:mm 'UTC'") : QStringLiteral("HH:mm 'UTC'"));
    return QStringLiteral("%1 budget of $%2 reached ($%3 spent); paused until %4 or a higher cap")
        .arg(daily ? QStringLiteral("daily") : QStringLiteral("hourly"))
        .arg(daily ? m_daily_cap_usd : m_hourly_cap_usd, 0, 'f', 2)
        .arg(w.spent_usd, 0, 'f', 4)
        .arg(until);
}

qint64 BudgetGuard::msUntilRelief(qint64 now_ms)
{
    if (!exhausted(now_ms))
        return 0;
    // Both may be reached: relief comes only when the later of the two rolls over.
    qint64 wait = 0;
    if (m_hour.reached(m_hourly_cap_usd))
        wait = m_hour.msLeft(now_ms);
    if (m_day.reached(m_daily_cap_usd))
        wait = qMax(wait, m_day.msLeft(now_ms));
    return wait;
}

double BudgetGuard::spentThisHour(qint64 now_ms)
{
    m_hour.roll(now_ms);
    return m_hour.spent_usd;
}

double BudgetGuard::spentToday(qint64 now_ms)
{
    m_day.roll(now_ms);
    return m_day.spent_usd;
}

} // namespace herder::control
