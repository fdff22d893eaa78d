#include "consolesettings.h"

#include "config/settingsschema.h"

#include <QSettings>

namespace herder::ui {

ConsoleSettings ConsoleSettings::readFile(const QString &path)
{
    ConsoleSettings console;
    if (path.isEmpty())
        return console;
    const QSettings ini(path, QSettings::IniFormat);
    const QString key = QStringLiteral("ui/language");
    if (!ini.contains(key))
        return console;
    config::ConfigError ignored;
    const config::EngineSetting *spec = config::engineSetting(u"ui", u"language");
    if (const auto language = spec->check(key, ini.value(key).toString(), &ignored))
        console.language = *language;
    return console;
}

config::SettingsWriter::OtherKeys ConsoleSettings::keys() const
{
    return {{QStringLiteral("ui/language"), language}};
}

} // namespace herder::ui
