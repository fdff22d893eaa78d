#pragma once

#include "settingsformpage.h"

namespace herder::ui {

/// The Topics tab: source, output, retry and DLQ topics, and where the text sits in an event.
class SettingsTopicsPage : public SettingsFormPage
{
    Q_OBJECT
public:
    explicit SettingsTopicsPage(QWidget *parent = nullptr);
};

} // namespace herder::ui
