#pragma once

#include <QString>
#include <QtGlobal>

namespace herder::control {

/// Caps what the LLM calls cost per clock hour and per UTC day. Reaching a cap is not a fault
/// of any message: the engine pauses consumption and holds its calls until the window rolls
/// over or the operator raises the cap. A cap of 0 is no cap. Engine-thread only; time comes
/// in as epoch milliseconds so tests can walk the clock.
class BudgetGuard
{
public:
    static constexpr qint64 kHourMs = 3600 * 1000;
    static constexpr qint64 kDayMs = 24 * kHourMs;

    BudgetGuard(double hourly_usd = 0, double daily_usd = 0);

    void setCaps(double hourly_usd, double daily_usd);
    double hourlyCap() const { return m_hourly_cap_usd; }
    double dailyCap() const { return m_daily_cap_usd; }

    void spend(double cost_usd, qint64 now_ms);
    /// True while the spending of the current hour or day has reached its cap.
    bool exhausted(qint64 now_ms);
    /// Which cap is reached and what was spent, for the operator; empty while none is.
    QString reason(qint64 now_ms);
    /// How long until the window whose cap is reached rolls over (0 when none is reached).
    qint64 msUntilRelief(qint64 now_ms);

    double spentThisHour(qint64 now_ms);
    double spentToday(qint64 now_ms);

private:
    struct Window
    {
        qint64 length_ms;
        qint64 index = -1;
        double spent_usd = 0;
        void roll(qint64 now_ms);
        bool reached(double cap_usd) const { return cap_usd > 0 && spent_usd >= cap_usd; }
        qint64 msLeft(qint64 now_ms) const { return (index + 1) * length_ms - now_ms; }
    };

    double m_hourly_cap_usd;
    double m_daily_cap_usd;
    Window m_hour{kHourMs};
    Window m_day{kDayMs};
};

} // namespace herder::control
