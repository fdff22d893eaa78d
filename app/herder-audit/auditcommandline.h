#pragma once

#include "config/configerror.h"
#include "config/enginesettings.h"

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
/// it. --help and --version exit 0 here; anything wrong is a ConfigError naming the flag or key.
class AuditCommandLine
{
public:
    struct Exit
    {
        int code;
    };
    static std::variant<AuditInvocation, config::ConfigError, Exit>
    parse(const QStringList &arguments);
};

} // namespace herder::app
