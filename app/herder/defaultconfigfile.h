#pragma once

#include <QString>

namespace herder::app {

/// The console's configuration file when none is named: a copy of the built-in
/// :/herder/herder.ini, made on first start so the settings dialog has a file to edit.
class DefaultConfigFile
{
public:
    /// Creates `path` (and its folder) from the built-in configuration unless it exists.
    /// False with *error when it cannot.
    static bool ensureExists(const QString &path, QString *error);
};

} // namespace herder::app
