#pragma once

#include "settingspage.h"

namespace herder::ui {

class SettingsTable;

/// The Models & prices tab: model -> input and output USD per million tokens. The shipped
/// prices can be changed but not removed; only prices that differ from them reach the INI.
class SettingsPricesPage : public SettingsPage
{
    Q_OBJECT
public:
    explicit SettingsPricesPage(QWidget *parent = nullptr);

    void load(const config::EngineSettings &settings) override;
    void store(config::EngineSettings &settings) const override;
    bool isValid() const override;
    bool showError(const config::ConfigError &error) override;
    void clearErrors() override {}

    SettingsTable *table() const { return m_table; }

private:
    SettingsTable *m_table;
};

} // namespace herder::ui
