#pragma once

#include "config/configerror.h"
#include "config/enginesettings.h"

#include <QString>
#include <QUrl>

#include <optional>

namespace herder::config {

/// Parses one textual setting, from the INI or a command-line flag, into a typed value; on
/// failure fills *error with the key and the allowed range.
class ValueParser
{
public:
    explicit ValueParser(ConfigError *error) : m_error(error) {}

    std::optional<int> integer(const QString &key, const QString &text, int min, int max);
    std::optional<double> number(const QString &key, const QString &text, double min, double max);
    std::optional<bool> boolean(const QString &key, const QString &text);
    std::optional<QUrl> httpUrl(const QString &key, const QString &text);
    std::optional<QString> topic(const QString &key, const QString &text);
    std::optional<ProcessingMode> mode(const QString &key, const QString &text);
    std::optional<AdaptiveMode> adaptive(const QString &key, const QString &text);
    std::optional<QString> nonEmpty(const QString &key, const QString &text);

    /// A range's end for people: whole numbers in full (1000000, not 1e+06), as they would
    /// type them into the INI.
    static QString bound(double value);

private:
    template <typename T> std::optional<T> fail(const QString &key, const QString &message);
    ConfigError *m_error;
};

} // namespace herder::config
