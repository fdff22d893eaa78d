#pragma once

#include "config/enginesettings.h"

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
    // The ranges the INI, the command line and the ops API accept.
    static constexpr Range<int> kConcurrency{1, 4096};
    static constexpr Range<double> kRate_per_s{0, 1e6}; ///< 0: unlimited
    static constexpr Range<int> kBatchSize{1, 256};
    static constexpr Range<double> kBudget_usd{0, 1e9}; ///< 0: no cap

    std::optional<int> concurrency = {};
    std::optional<double> rate_per_s = {};
    std::optional<ProcessingMode> mode = {};
    std::optional<int> batch_size = {};
    std::optional<double> budget_hourly_usd = {};
    std::optional<double> budget_daily_usd = {};

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
