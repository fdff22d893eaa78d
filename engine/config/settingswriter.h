#pragma once

#include "config/configerror.h"
#include "config/enginesettings.h"

#include <QList>
#include <QString>

#include <optional>
#include <utility>

class QSettings;

namespace herder::config {

/// Writes EngineSettings to the INI file both executables share, with exactly the keys
/// SettingsLoader reads, so that loading the written file gives the same settings back. The API
/// key is never written. Comments in an existing file are not kept (QSettings drops them).
class SettingsWriter
{
public:
    /// Keys the engine checks but leaves to other readers (the console's [ui]), as
    /// "section/key" and text: written as they are once the schema accepts them.
    using OtherKeys = QList<std::pair<QString, QString>>;

    /// Replaces the file at path atomically (QSaveFile): a crash or a full disk leaves the old
    /// file whole. Settings that the INI cannot express are an error naming the key, and then
    /// nothing is written.
    static std::optional<ConfigError> writeFile(const EngineSettings &settings,
                                                const QString &path, const OtherKeys &others = {});
    /// Stores every section into ini (which should be empty); writeFile's first step.
    static std::optional<ConfigError> store(const EngineSettings &settings, QSettings &ini,
                                            const OtherKeys &others = {});
};

} // namespace herder::config
