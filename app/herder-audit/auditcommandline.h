#pragma once

#include "config/enginesettings.h"
#include "optionparser.h"

#include <QStringList>

#include <variant>

namespace herder::app {

/// What herder-audit was asked to audit.
struct AuditInvocation
{
    config::EngineSettings settings; ///< Kafka properties and the four topic names
    QByteArray isolation = "read_committed";
    bool use_retry = false;
    bool json = false;
};

/// Parses herder-audit's command line: the INI file (optional) first, then flags that override
/// it. --help and --version exit 0 here; anything wrong is printed here, naming the flag or key
/// (exit 2).
class AuditCommandLine
{
public:
    static std::variant<AuditInvocation, OptionParser::Exit> parse(const QStringList &arguments);
};

} // namespace herder::app
