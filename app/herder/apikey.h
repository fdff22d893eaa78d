#pragma once

#include "config/enginesettings.h"

namespace herder::app {

/// Where the console's API key comes from. For now: the environment variable named by
/// llm/api_key_env. This is the seam where the system keychain plugs in (keychain first,
/// then the environment when no keychain service answers); the key is never written to disk.
class ApiKey
{
public:
    /// The key for these settings; empty when none is configured.
    static QString lookUp(const config::EngineSettings &settings);
};

} // namespace herder::app
