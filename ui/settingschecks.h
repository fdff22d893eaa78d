#pragma once

#include "settingsfield.h"

#include <QCoreApplication>

namespace herder::ui {

/// The rules of the settings dialog's fields. Each asks config::ValueParser (the loader's own
/// parser) whether the text is acceptable, and says in the console's language what is allowed.
class SettingsChecks
{
    Q_DECLARE_TR_FUNCTIONS(herder::ui::SettingsChecks)
public:
    static SettingsField::Check integer(int min, int max);
    static SettingsField::Check number(double min, double max);
    static SettingsField::Check topic();
    static SettingsField::Check httpUrl();
    static SettingsField::Check nonEmpty();
    /// A readable file holding at least one PEM certificate.
    static SettingsField::Check pemCertificates();
    /// Letters, digits, '.', '_', '-': what survives as an INI key or a list item.
    static SettingsField::Check name();
    /// Comma-separated, at least two.
    static SettingsField::Check labels();
    static SettingsField::Check jsonPointer();
    static SettingsField::Check optional(const SettingsField::Check &check);

    static bool isName(const QString &text);
    static QStringList splitLabels(const QString &text);
};

} // namespace herder::ui
