#include "config/limits.h"

namespace herder::config {
namespace {

// Each field beside the setting it stands for; `f` gets both as member pointers.
template <typename F> void eachField(F &&f)
{
    f(&Limits::concurrency, &EngineSettings::concurrency);
    f(&Limits::rate_per_s, &EngineSettings::rate_per_s);
    f(&Limits::mode, &EngineSettings::mode);
    f(&Limits::batch_size, &EngineSettings::batch_size);
    f(&Limits::budget_hourly_usd, &EngineSettings::budget_hourly_usd);
    f(&Limits::budget_daily_usd, &EngineSettings::budget_daily_usd);
}

template <typename T, typename R> void clampField(std::optional<T> &field, const R &range)
{
    if (field)
        field = range.clamp(*field);
}

} // namespace

Limits Limits::of(const EngineSettings &s)
{
    Limits l;
    eachField([&](auto field, auto setting) { l.*field = s.*setting; });
    return l;
}

bool Limits::isEmpty() const
{
    bool empty = true;
    eachField([&](auto field, auto) { empty = empty && !(this->*field); });
    return empty;
}

Limits Limits::clamped() const
{
    Limits l = *this;
    clampField(l.concurrency, kConcurrency);
    clampField(l.rate_per_s, kRate_per_s);
    clampField(l.batch_size, kBatchSize);
    clampField(l.budget_hourly_usd, kBudget_usd);
    clampField(l.budget_daily_usd, kBudget_usd);
    return l;
}

void Limits::merge(const Limits &newer)
{
    eachField([&](auto field, auto) {
        if (newer.*field)
            this->*field = newer.*field;
    });
}

void Limits::applyTo(EngineSettings &s) const
{
    eachField([&](auto field, auto setting) {
        if (this->*field)
            s.*setting = *(this->*field);
    });
}

} // namespace herder::config
