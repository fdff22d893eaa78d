#pragma once

#include "settingsformpage.h"

namespace herder::ui {

/// The Budget tab: cost caps per hour and per day; reaching one pauses consumption.
class SettingsBudgetPage : public SettingsFormPage
{
    Q_OBJECT
public:
    explicit SettingsBudgetPage(QWidget *parent = nullptr);
};

} // namespace herder::ui
