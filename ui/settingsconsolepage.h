#pragma once

#include "settingspage.h"

class QComboBox;

namespace herder::ui {

/// The Console tab: the console's own settings ([ui] language).
class SettingsConsolePage : public SettingsPage
{
    Q_OBJECT
public:
    explicit SettingsConsolePage(QWidget *parent = nullptr);

    void load(const config::EngineSettings &settings) override;
    void store(config::EngineSettings &settings) const override;
    bool isValid() const override { return true; }
    bool showError(const config::ConfigError &) override { return false; }
    void clearErrors() override {}

    QComboBox *languageBox() const { return m_language; }

private:
    QComboBox *m_language;
};

} // namespace herder::ui
