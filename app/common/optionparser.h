#pragma once

#include "config/settingsschema.h"

#include <QCommandLineParser>
#include <QList>
#include <QString>
#include <QStringList>

#include <optional>

namespace herder::app {

/// The command-line conventions every Herder executable shares, around one QCommandLineParser:
/// -h/--help and -v/--version answered on stdout (exit code 0), the program's exit codes listed
/// at the end of --help, and every mistake one line on stderr that names the flag
/// ("herder-engine: --rate: '-5' is not a number from 0 to 1000000"), exit code 2.
class OptionParser
{
public:
    /// One line of the "Exit codes:" block under --help.
    struct ExitCode
    {
        int code;
        const char *meaning;
    };
    /// How the program ends instead of running: --help or --version answered, or a mistake
    /// already printed.
    struct Exit
    {
        int code;
    };
    static constexpr int kUsageExitCode = 2;

    OptionParser(const QString &program, const QString &description,
                 const QList<ExitCode> &exit_codes);

    /// An option that takes a value; names in Latin-1, the description in UTF-8.
    static QCommandLineOption valueOption(const char *name, const char *description,
                                          const char *value_name);
    /// "--name", the option's long name, as messages name it.
    static QString flag(const QCommandLineOption &option);

    void addOptions(const QList<QCommandLineOption> &options);
    /// Empty when the program should go on; an Exit when --help or --version was answered or
    /// the arguments are wrong (unknown option, missing value, an argument that is no option).
    std::optional<Exit> parse(const QStringList &arguments);
    QString helpText() const;

    bool isSet(const QCommandLineOption &option) const { return m_parser.isSet(option); }
    QString value(const QCommandLineOption &option) const { return m_parser.value(option); }

    /// Reads a set option into target; false, with the error kept for failed(), when its value
    /// is no number in [min, max]. An option not given leaves target as it is.
    bool readInt(const QCommandLineOption &option, int min, int max, int &target);
    bool readNumber(const QCommandLineOption &option, double min, double max, double &target);
    /// The same with a range that has min and max (config::Limits::Range).
    template <typename Range>
    bool readInt(const QCommandLineOption &option, const Range &range, int &target)
    {
        return readInt(option, range.min, range.max, target);
    }
    template <typename Range>
    bool readNumber(const QCommandLineOption &option, const Range &range, double &target)
    {
        return readNumber(option, range.min, range.max, target);
    }

    /// An option standing for one key of the settings schema, described by it.
    static QCommandLineOption settingOption(const char *name, const config::EngineSetting &setting,
                                            const char *value_name);
    /// Reads a set option into its setting with the schema's check; false, with the error kept
    /// for failed() and naming the flag, when the value is not acceptable.
    bool readSetting(const QCommandLineOption &option, const config::EngineSetting &setting,
                     config::EngineSettings &settings);

    /// Prints "<program>: <message>" on stderr; Exit{2}.
    Exit fail(const QString &message);
    /// Keeps `message` for failed(); false, for a read of the caller's own.
    bool reject(const QString &message)
    {
        m_error = message;
        return false;
    }
    /// Prints the error of the read that returned false.
    Exit failed() { return fail(m_error); }
    /// The last error kept or printed, without the program's name.
    QString errorText() const { return m_error; }

private:
    std::optional<Exit> usageError(const QString &message);

    QString m_program;
    QList<ExitCode> m_exitCodes;
    QCommandLineParser m_parser;
    QCommandLineOption m_help;
    QCommandLineOption m_version;
    QString m_error;
};

} // namespace herder::app
