#include "settingschecks.h"

#include "config/valueparser.h"

#include <QRegularExpression>
#include <QSslCertificate>

namespace herder::ui {

namespace {

// The key only matters to the parser's own message, which the dialog replaces with its own.
const QString kKey = QStringLiteral("field");

QString shown(double value)
{
    return QString::number(value, 'g', 12);
}

} // namespace

SettingsField::Check SettingsChecks::pemCertificates()
{
    return [](const QString &text) {
        if (!QSslCertificate::fromPath(text, QSsl::Pem).isEmpty())
            return QString();
        return tr("'%1' is not a readable file of PEM certificates.").arg(text);
    };
}

SettingsField::Check SettingsChecks::integer(int min, int max)
{
    return [min, max](const QString &text) {
        config::ConfigError error;
        if (config::ValueParser(&error).integer(kKey, text, min, max))
            return QString();
        return tr("'%1' is not allowed: enter a whole number from %2 to %3.")
            .arg(text)
            .arg(min)
            .arg(max);
    };
}

SettingsField::Check SettingsChecks::number(double min, double max)
{
    return [min, max](const QString &text) {
        config::ConfigError error;
        if (config::ValueParser(&error).number(kKey, text, min, max))
            return QString();
        return tr("'%1' is not allowed: enter a number from %2 to %3 (with a '.' for decimals).")
            .arg(text, shown(min), shown(max));
    };
}

SettingsField::Check SettingsChecks::topic()
{
    return [](const QString &text) {
        config::ConfigError error;
        if (config::ValueParser(&error).topic(kKey, text))
            return QString();
        return tr("'%1' is not a topic name: use 1 to 249 letters, digits, '.', '_' or '-'.")
            .arg(text);
    };
}

SettingsField::Check SettingsChecks::httpUrl()
{
    return [](const QString &text) {
        config::ConfigError error;
        if (config::ValueParser(&error).httpUrl(kKey, text))
            return QString();
        return tr("'%1' is not allowed: enter an http:// or https:// URL with a host.").arg(text);
    };
}

SettingsField::Check SettingsChecks::nonEmpty()
{
    return [](const QString &text) {
        config::ConfigError error;
        if (config::ValueParser(&error).nonEmpty(kKey, text))
            return QString();
        return tr("Required: this must not be empty.");
    };
}

SettingsField::Check SettingsChecks::name()
{
    return [](const QString &text) {
        if (isName(text))
            return QString();
        return tr("'%1' is not allowed: use letters, digits, '.', '_' or '-' only.").arg(text);
    };
}

SettingsField::Check SettingsChecks::labels()
{
    return [](const QString &text) {
        if (splitLabels(text).size() >= 2)
            return QString();
        return tr("Name at least two labels, separated by commas.");
    };
}

SettingsField::Check SettingsChecks::jsonPointer()
{
    return [](const QString &text) {
        if (text.isEmpty() || text.startsWith(u'/'))
            return QString();
        return tr("'%1' is not a JSON pointer: it starts with '/', such as /text.").arg(text);
    };
}

SettingsField::Check SettingsChecks::optional(const SettingsField::Check &check)
{
    return
        [check](const QString &text) { return text.trimmed().isEmpty() ? QString() : check(text); };
}

bool SettingsChecks::isName(const QString &text)
{
    static const QRegularExpression plain(QStringLiteral("^[A-Za-z0-9._-]+$"));
    return plain.match(text).hasMatch();
}

QStringList SettingsChecks::splitLabels(const QString &text)
{
    QStringList labels;
    for (const QString &label : text.split(u','))
        if (!label.trimmed().isEmpty())
            labels << label.trimmed();
    return labels;
}

} // namespace herder::ui
