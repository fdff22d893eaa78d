#include "config/valueparser.h"

#include <QLocale>
#include <QRegularExpression>

#include <cmath>

namespace herder::config {

template <typename T>
std::optional<T> ValueParser::fail(const QString &key, const QString &message)
{
    *m_error = ConfigError{key, message};
    return std::nullopt;
}

std::optional<int> ValueParser::integer(const QString &key, const QString &text, int min, int max)
{
    bool ok = false;
    const int value = text.trimmed().toInt(&ok);
    if (!ok || value < min || value > max)
        return fail<int>(key, QStringLiteral("'%1' is not a whole number from %2 to %3")
                                  .arg(text)
                                  .arg(min)
                                  .arg(max));
    return value;
}

std::optional<double> ValueParser::number(const QString &key, const QString &text, double min,
                                          double max)
{
    bool ok = false;
    const double value = text.trimmed().toDouble(&ok);
    if (!ok || !(value >= min && value <= max))
        return fail<double>(key, QStringLiteral("'%1' is not a number from %2 to %3")
                                     .arg(text, bound(min), bound(max)));
    return value;
}

QString ValueParser::bound(double value)
{
    if (value == std::floor(value) && std::abs(value) < 1e15)
        return QString::number(qint64(value));
    return QString::number(value, 'g', QLocale::FloatingPointShortest);
}

std::optional<bool> ValueParser::boolean(const QString &key, const QString &text)
{
    const QString t = text.trimmed().toLower();
    if (t == u"true" || t == u"1" || t == u"yes" || t == u"on")
        return true;
    if (t == u"false" || t == u"0" || t == u"no" || t == u"off")
        return false;
    return fail<bool>(key, QStringLiteral("'%1' is not one of true, false").arg(text));
}

std::optional<QUrl> ValueParser::httpUrl(const QString &key, const QString &text)
{
    QUrl url(text.trimmed(), QUrl::StrictMode);
    if (!url.isValid() || (url.scheme() != u"http" && url.scheme() != u"https") ||
        url.host().isEmpty())
        return fail<QUrl>(key,
                          QStringLiteral("'%1' is not an http:// or https:// URL with a host")
                              .arg(text));
    return url;
}

std::optional<QString> ValueParser::topic(const QString &key, const QString &text)
{
    // Kafka's own rule for topic names.
    static const QRegularExpression valid(QStringLiteral("^[A-Za-z0-9._-]{1,249}$"));
    const QString name = text.trimmed();
    if (!valid.match(name).hasMatch() || name == u"." || name == u"..")
        return fail<QString>(
            key, QStringLiteral("'%1' is not a valid topic name (letters, digits, '.', '_', '-')")
                     .arg(text));
    return name;
}

std::optional<ProcessingMode> ValueParser::mode(const QString &key, const QString &text)
{
    if (const auto mode = modeFromName(text))
        return mode;
    return fail<ProcessingMode>(
        key, QStringLiteral("'%1' is not one of per-task, combined, batch").arg(text));
}

std::optional<AdaptiveMode> ValueParser::adaptive(const QString &key, const QString &text)
{
    const QString t = text.trimmed().toLower();
    if (t == u"auto")
        return AdaptiveMode::Auto;
    if (t == u"on")
        return AdaptiveMode::On;
    if (t == u"off")
        return AdaptiveMode::Off;
    return fail<AdaptiveMode>(key, QStringLiteral("'%1' is not one of auto, on, off").arg(text));
}

std::optional<QString> ValueParser::nonEmpty(const QString &key, const QString &text)
{
    if (text.trimmed().isEmpty())
        return fail<QString>(key, QStringLiteral("must not be empty"));
    return text.trimmed();
}

} // namespace herder::config
