#pragma once

#include <QString>

namespace herder::config {

/// A configuration problem, always naming the key ("limits/concurrency", "--rate").
struct ConfigError
{
    QString key;
    QString message;
    QString toString() const { return key + QStringLiteral(": ") + message; }
};

} // namespace herder::config
