#include "apikey.h"

namespace herder::app {

QString ApiKey::lookUp(const config::EngineSettings &settings)
{
    if (settings.api_key_env.isEmpty())
        return {};
    return qEnvironmentVariable(qPrintable(settings.api_key_env));
}

} // namespace herder::app
