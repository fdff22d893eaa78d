#pragma once

#include "config/settingsschema.h"
#include "optionparser.h"

#include <QCommandLineOption>
#include <QList>

#include <initializer_list>

namespace herder::app {

/// Flags that stand for keys of the settings schema (--concurrency for limits/concurrency):
/// described, checked and stored by the schema, as the INI, the ops API and the console do. The
/// flag --bootstrap-servers, a librdkafka property rather than a schema key, comes along.
class SettingFlags
{
public:
    struct Flag
    {
        const char *name;
        const char *value_name;
        const config::EngineSetting *setting;
        /// Instead of the schema's documentation, where the program reads the key its own way.
        const char *description = nullptr;
    };

    explicit SettingFlags(std::initializer_list<Flag> flags);

    /// --bootstrap-servers first, then the flags in the order given.
    QList<QCommandLineOption> options() const;
    const QCommandLineOption &bootstrap() const { return m_bootstrap; }
    /// The option of the flag `name`; the flag must be one of this set.
    const QCommandLineOption &option(const char *name) const;
    /// Stores every flag given into `settings`; false, with the error kept for
    /// OptionParser::failed(), at the first value the schema refuses.
    bool read(OptionParser &parser, config::EngineSettings &settings) const;

private:
    QList<Flag> m_flags;
    QCommandLineOption m_bootstrap;
    QList<QCommandLineOption> m_options;
};

} // namespace herder::app
