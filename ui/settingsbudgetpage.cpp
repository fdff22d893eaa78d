#include "settingsbudgetpage.h"

#include "config/settingsschema.h"

#include <QFormLayout>
#include <QLabel>

namespace herder::ui {


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
    addSetting(form, tr("Per hour (USD):"), config::settingAt("budget", "hourly_usd"), tr("0 means no cap"));
    addSetting(form, tr("Per day (USD):"), config::settingAt("budget", "daily_usd"), tr("0 means no cap"));
}

} // namespace herder::ui
