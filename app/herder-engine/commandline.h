#pragma once

#include "config/enginesettings.h"
#include "ops/listenaddress.h"
#include "optionparser.h"

#include <QStringList>

#include <optional>
#include <variant>

namespace herder::app {

/// What herder-engine was asked to do.
struct Invocation
{
    config::EngineSettings settings;
    bool demo = false;
    double demo_rate_per_s = 200;
    double duration_s = 0; ///< 0: until stopped
    QString report_path;   ///< empty: stdout
    bool quiet = false;
    bool exit_when_idle = false; ///< stop once the backlog is done (drain runs, benchmarks)
    std::optional<ops::ListenAddress> ops_listen; ///< the ops API, when asked for
};

/// Parses herder-engine's command line: the INI file first, then flags that override it.
/// --help and --version are answered here (exit 0); anything wrong is printed here, naming the
/// flag or key (exit 2).
class CommandLine
{
public:
    static std::variant<Invocation, OptionParser::Exit> parse(const QStringList &arguments);
};

} // namespace herder::app
