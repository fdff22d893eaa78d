#pragma once

#include "config/settingswriter.h"

#include <QString>

namespace herder::ui {

/// What the console keeps in the INI it shares with herder-engine besides EngineSettings: the
/// [ui] section, whose keys the engine's loader checks (config/settingsschema.h) but keeps none.
struct ConsoleSettings
{
    QString language = QStringLiteral("system"); ///< system, en or vi

    /// From the file at path; a missing file, key or bad value leaves the default (the engine's
    /// loader has refused a bad value before the console gets here).
    static ConsoleSettings readFile(const QString &path);
    /// The keys for SettingsWriter::writeFile.
    config::SettingsWriter::OtherKeys keys() const;
};

} // namespace herder::ui
