#include "settingflags.h"

#include "config/valueparser.h"

namespace herder::app {

SettingFlags::SettingFlags(std::initializer_list<Flag> flags)
    : m_flags(flags),
      m_bootstrap(OptionParser::valueOption("bootstrap-servers", "Kafka brokers (host:port,...).",
                                            "LIST"))
{
    for (const Flag &f : m_flags)
        m_options << (f.description
                          ? OptionParser::valueOption(f.name, f.description, f.value_name)
                          : OptionParser::settingOption(f.name, *f.setting, f.value_name));
}

QList<QCommandLineOption> SettingFlags::options() const
{
    return QList<QCommandLineOption>{m_bootstrap} + m_options;
}

const QCommandLineOption &SettingFlags::option(const char *name) const
{
    for (qsizetype i = 0; i < m_flags.size(); ++i)
        if (qstrcmp(m_flags.at(i).name, name) == 0)
            return m_options.at(i);
    Q_ASSERT_X(false, "SettingFlags::option", name);
    return m_bootstrap;
}

bool SettingFlags::read(OptionParser &p, config::EngineSettings &s) const
{
    if (p.isSet(m_bootstrap)) {
        config::ConfigError error;
        const auto servers =
            config::ValueParser(&error).nonEmpty(OptionParser::flag(m_bootstrap), p.value(m_bootstrap));
        if (!servers)
            return p.reject(error.toString());
        config::EngineSettings::setProperty(s.kafka_common, "bootstrap.servers", servers->toUtf8());
    }
    for (qsizetype i = 0; i < m_flags.size(); ++i)
        if (!p.readSetting(m_options.at(i), *m_flags.at(i).setting, s))
            return false;
    return true;
}

} // namespace herder::app
