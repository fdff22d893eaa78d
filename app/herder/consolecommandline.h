#pragma once

#include "optionparser.h"

#include <QString>
#include <QStringList>
#include <QUrl>

#include <variant>

namespace herder::app {

/// What the console was asked to do.
struct ConsoleInvocation
{
    QString config_path;          ///< the INI file to read and to edit in the settings dialog
    bool config_is_default = true; ///< no --config: created from the built-in one when absent
    bool demo = false;
    double demo_rate_per_s = 200;
    QUrl attach_url;              ///< --attach: watch a running herder-engine's ops API
    QString ops_token;            ///< --ops-token or $HERDER_OPS_TOKEN; never printed
    QString screenshots_dir;      ///< hidden --screenshots: grab the pages, then quit
    double screenshots_delay_s = 12;
};

/// Parses the console's command line. --help and --version are answered here (exit 0);
/// usage errors are printed here, naming the flag (exit 2).
class ConsoleCommandLine
{
public:
    static std::variant<ConsoleInvocation, OptionParser::Exit> parse(const QStringList &arguments);
    /// $XDG_CONFIG_HOME/herder/herder.ini (~/.config/herder/herder.ini).
    static QString defaultConfigPath();
};

} // namespace herder::app
