#pragma once

#include "config/enginesettings.h"
#include "config/settingsschema.h"

#include <optional>

namespace herder::config {

/// The knobs an operator turns on a running engine: each field is optional, and only the
/// fields set change anything. One value carries them from the console's toolbar, the settings
/// dialog or the ops API to Engine::applyLimits(); what the engine runs with comes back in its
/// snapshots, never from a copy kept along the way.
struct Limits
{
    template <typename T> struct Range
    {
        T min;
        T max;
        constexpr T clamp(T v) const { return v < min ? min : v > max ? max : v; }
        constexpr bool contains(T v) const { return v >= min && v <= max; }
    };
    // The ranges the INI, the command line and the ops API accept: the schema's.
    static constexpr Range<int> kConcurrency{int(settingAt("limits", "concurrency").min),
                                             int(settingAt("limits", "concurrency").max)};
    static constexpr Range<double> kRate_per_s{settingAt("limits", "rate_per_s").min,
                                               settingAt("limits", "rate_per_s").max};
    static constexpr Range<int> kBatchSize{int(settingAt("limits", "batch_size").min),
                                           int(settingAt("limits", "batch_size").max)};
    static constexpr Range<double> kBudget_usd{settingAt("budget", "hourly_usd").min,
                                               settingAt("budget", "hourly_usd").max};

    std::optional<int> concurrency = {};
    std::optional<double> rate_per_s = {};
    std::optional<ProcessingMode> mode = {};
    std::optional<int> batch_size = {};
    std::optional<double> budget_hourly_usd = {};
    std::optional<double> budget_daily_usd = {};

    /// The fields' names (as the ops API and the snapshot spell them), in order.
    static QStringList names();
    /// The schema entry behind the field `name`, or nullptr.
    static const EngineSetting *setting(QStringView name);
    /// Checks `text` with the schema and sets the field `name` to it; the error names `key`.
    std::optional<ConfigError> set(QStringView name, const QString &key, const QString &text);

    /// Every field, as `settings` has them.
    static Limits of(const EngineSettings &settings);

    bool isEmpty() const;
    /// Each field set brought into its range.
    Limits clamped() const;
    /// The fields set in `newer` replace these.
    void merge(const Limits &newer);
    /// Writes the fields set into `settings`.
    void applyTo(EngineSettings &settings) const;

    bool operator==(const Limits &) const = default;
};

} // namespace herder::config
