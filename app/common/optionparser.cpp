#include "optionparser.h"

#include "config/valueparser.h"

#include <cstdio>

namespace herder::app {

OptionParser::OptionParser(const QString &program, const QString &description,
                           const QList<ExitCode> &exit_codes)
    : m_program(program),
      m_exitCodes(exit_codes),
      m_help({QStringLiteral("h"), QStringLiteral("help")}, QStringLiteral("Show this help.")),
      m_version({QStringLiteral("v"), QStringLiteral("version")},
                QStringLiteral("Show the version."))
{
    m_parser.setApplicationDescription(description);
    m_parser.addOptions({m_help, m_version});
}

QCommandLineOption OptionParser::valueOption(const char *name, const char *description,
                                             const char *value_name)
{
    return QCommandLineOption(QString::fromLatin1(name), QString::fromUtf8(description),
                              QString::fromLatin1(value_name));
}

QString OptionParser::flag(const QCommandLineOption &option)
{
    return QStringLiteral("--") + option.names().constLast();
}

void OptionParser::addOptions(const QList<QCommandLineOption> &options)
{
    m_parser.addOptions(options);
}

std::optional<OptionParser::Exit> OptionParser::parse(const QStringList &arguments)
{
    if (!m_parser.parse(arguments))
        return usageError(m_parser.errorText());
    if (m_parser.isSet(m_help)) {
        std::fputs(qPrintable(helpText()), stdout);
        return Exit{0};
    }
    if (m_parser.isSet(m_version)) {
        std::printf("%s %s\n", qPrintable(m_program), HERDER_VERSION);
        return Exit{0};
    }
    if (!m_parser.positionalArguments().isEmpty())
        return usageError(QStringLiteral("unexpected argument '%1'")
                              .arg(m_parser.positionalArguments().constFirst()));
    return std::nullopt;
}

QString OptionParser::helpText() const
{
    // Qt takes the name from the application object, which the console parses before making.
    QString text = m_parser.helpText().replace(QStringLiteral("<executable_name>"), m_program);
    if (m_exitCodes.isEmpty())
        return text;
    text += QStringLiteral("\nExit codes:\n");
    for (const ExitCode &e : m_exitCodes)
        text += QStringLiteral("  %1  %2\n").arg(e.code).arg(QString::fromUtf8(e.meaning));
    return text;
}

bool OptionParser::readInt(const QCommandLineOption &option, int min, int max, int &target)
{
    if (!isSet(option))
        return true;
    config::ConfigError error;
    const auto v = config::ValueParser(&error).integer(flag(option), value(option), min, max);
    if (!v) {
        m_error = error.toString();
        return false;
    }
    target = *v;
    return true;
}

bool OptionParser::readNumber(const QCommandLineOption &option, double min, double max,
                              double &target)
{
    if (!isSet(option))
        return true;
    config::ConfigError error;
    const auto v = config::ValueParser(&error).number(flag(option), value(option), min, max);
    if (!v) {
        m_error = error.toString();
        return false;
    }
    target = *v;
    return true;
}

QCommandLineOption OptionParser::settingOption(const char *name,
                                               const config::EngineSetting &setting,
                                               const char *value_name)
{
    return QCommandLineOption(QString::fromLatin1(name), setting.describe(),
                              QString::fromLatin1(value_name));
}

bool OptionParser::readSetting(const QCommandLineOption &option,
                               const config::EngineSetting &setting,
                               config::EngineSettings &settings)
{
    if (!isSet(option))
        return true;
    if (const auto error = setting.read(settings, flag(option), value(option))) {
        m_error = error->toString();
        return false;
    }
    return true;
}

OptionParser::Exit OptionParser::fail(const QString &message)
{
    m_error = message;
    std::fprintf(stderr, "%s: %s\n", qPrintable(m_program), qPrintable(message));
    return Exit{kUsageExitCode};
}

std::optional<OptionParser::Exit> OptionParser::usageError(const QString &message)
{
    const Exit exit = fail(QStringLiteral("usage: ") + message);
    std::fprintf(stderr, "Try '%s --help' for more information.\n", qPrintable(m_program));
    return exit;
}

} // namespace herder::app
