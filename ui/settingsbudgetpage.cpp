#include "settingsbudgetpage.h"

#include "config/limits.h"
#include "settingschecks.h"

#include <QFormLayout>
#include <QLabel>

namespace herder::ui {

using config::EngineSettings;

SettingsBudgetPage::SettingsBudgetPage(QWidget *parent)
    : SettingsFormPage({QStringLiteral("budget")}, parent)
{
    QFormLayout *form = addSection(QString());
    auto *note = new QLabel(tr("Reaching a cap pauses consumption until the hour or day rolls "
                               "over or you raise the cap; nothing goes to the dead-letter "
                               "queue for it. 0 means no cap."),
                            this);
    note->setWordWrap(true);
    form->addRow(note);
    addField(
        form, tr("Per hour (USD):"), QStringLiteral("budget/hourly_usd"),
        SettingsChecks::number(config::Limits::kBudget_usd.min, config::Limits::kBudget_usd.max),
        [](const EngineSettings &s) { return number(s.budget_hourly_usd); },
        [](EngineSettings &s, const QString &v) { s.budget_hourly_usd = v.toDouble(); },
        tr("0 means no cap"));
    addField(
        form, tr("Per day (USD):"), QStringLiteral("budget/daily_usd"),
        SettingsChecks::number(config::Limits::kBudget_usd.min, config::Limits::kBudget_usd.max),
        [](const EngineSettings &s) { return number(s.budget_daily_usd); },
        [](EngineSettings &s, const QString &v) { s.budget_daily_usd = v.toDouble(); },
        tr("0 means no cap"));
}

} // namespace herder::ui
