#include "config/limits.h"

namespace herder::config {
namespace {

// Each field beside the setting it stands for: its name, both as member pointers, and the
// schema's entry for the setting.
template <typename F> void eachField(F &&f)
{
    f(u"concurrency", &Limits::concurrency, &EngineSettings::concurrency,
      settingAt("limits", "concurrency"));
    f(u"rate_per_s", &Limits::rate_per_s, &EngineSettings::rate_per_s,
      settingAt("limits", "rate_per_s"));
    f(u"mode", &Limits::mode, &EngineSettings::mode, settingAt("limits", "mode"));
    f(u"batch_size", &Limits::batch_size, &EngineSettings::batch_size,
      settingAt("limits", "batch_size"));
    f(u"budget_hourly_usd", &Limits::budget_hourly_usd, &EngineSettings::budget_hourly_usd,
      settingAt("budget", "hourly_usd"));
    f(u"budget_daily_usd", &Limits::budget_daily_usd, &EngineSettings::budget_daily_usd,
      settingAt("budget", "daily_usd"));
}

template <typename T, typename R> void clampField(std::optional<T> &field, const R &range)
{
    if (field)
        field = range.clamp(*field);
}

} // namespace

QStringList Limits::names()
{
    QStringList names;
    eachField([&](QStringView name, auto, auto, const EngineSetting &) { names << name.toString(); });
    return names;
}

const EngineSetting *Limits::setting(QStringView name)
{
    const EngineSetting *found = nullptr;
    eachField([&](QStringView n, auto, auto, const EngineSetting &spec) {
        if (n == name)
            found = &spec;
    });
    return found;
}

std::optional<ConfigError> Limits::set(QStringView name, const QString &key, const QString &text)
{
    std::optional<ConfigError> error =
        ConfigError{key, QStringLiteral("is not one of %1").arg(names().join(u", "))};
    eachField([&](QStringView n, auto field, auto setting, const EngineSetting &spec) {
        if (n != name)
            return;
        EngineSettings scratch;
        error = spec.read(scratch, key, text);
        if (!error)
            this->*field = scratch.*setting;
    });
    return error;
}

Limits Limits::of(const EngineSettings &s)
{
    Limits l;
    eachField([&](QStringView, auto field, auto setting, const EngineSetting &) { l.*field = s.*setting; });
    return l;
}

bool Limits::isEmpty() const
{
    bool empty = true;
    eachField([&](QStringView, auto field, auto, const EngineSetting &) { empty = empty && !(this->*field); });
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
    eachField([&](QStringView, auto field, auto, const EngineSetting &) {
        if (newer.*field)
            this->*field = newer.*field;
    });
}

void Limits::applyTo(EngineSettings &s) const
{
    eachField([&](QStringView, auto field, auto setting, const EngineSetting &) {
        if (this->*field)
            s.*setting = *(this->*field);
    });
}

} // namespace herder::config
