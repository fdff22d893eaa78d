#pragma once

#include "settingsformpage.h"

class QComboBox;

namespace herder::ui {

/// The Limits tab: concurrency, rate, attempts and retries, back-pressure and timeouts.
class SettingsLimitsPage : public SettingsFormPage
{
    Q_OBJECT
public:
    explicit SettingsLimitsPage(QWidget *parent = nullptr);

    void load(const config::EngineSettings &settings) override;
    void store(config::EngineSettings &settings) const override;

private:
    QComboBox *m_mode;
};

} // namespace herder::ui
