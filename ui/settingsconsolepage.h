#pragma once

#include "consolesettings.h"
#include "settingspage.h"

class QComboBox;

namespace herder::ui {

/// The Console tab: the console's own settings ([ui] language), which are not EngineSettings:
/// the dialog loads and stores them with load(ConsoleSettings) and console().
class SettingsConsolePage : public SettingsPage
{
    Q_OBJECT
public:
    explicit SettingsConsolePage(QWidget *parent = nullptr);

    void load(const config::EngineSettings &) override {}
    void store(config::EngineSettings &) const override {}
    void load(const ConsoleSettings &console);
    ConsoleSettings console() const;
    bool isValid() const override { return true; }
    bool showError(const config::ConfigError &) override { return false; }
    void clearErrors() override {}

    QComboBox *languageBox() const { return m_language; }

private:
    QComboBox *m_language;
};

} // namespace herder::ui
