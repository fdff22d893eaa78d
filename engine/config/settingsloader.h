#pragma once

#include "config/configerror.h"
#include "config/enginesettings.h"

#include <optional>
#include <variant>

class QSettings;

namespace herder::config {

/// Reads the INI file both executables share into EngineSettings. Every bad value is an error
/// naming its key and what is allowed; nothing falls back to a default silently.
class SettingsLoader
{
public:
    static std::variant<EngineSettings, ConfigError> loadFile(const QString &path);
    static std::optional<ConfigError> apply(QSettings &ini, EngineSettings &settings);
    /// Cross-field checks, also run after command-line overrides.
    static std::optional<ConfigError> validate(const EngineSettings &settings);
};

} // namespace herder::config
