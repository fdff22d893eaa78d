#pragma once

#include "config/configerror.h"
#include "config/enginesettings.h"

#include <QWidget>

namespace herder::ui {

/// One tab of the settings dialog: shows part of EngineSettings and writes it back.
class SettingsPage : public QWidget
{
    Q_OBJECT
public:
    using QWidget::QWidget;

    virtual void load(const config::EngineSettings &settings) = 0;
    /// Only called while isValid(); fills in this page's part.
    virtual void store(config::EngineSettings &settings) const = 0;
    /// Every field on the page passes its own check.
    virtual bool isValid() const = 0;
    /// Shows a cross-field problem from SettingsLoader::validate if its key belongs here.
    virtual bool showError(const config::ConfigError &error) = 0;
    virtual void clearErrors() = 0;

signals:
    /// Something was typed or picked: the dialog checks everything again.
    void changed();
};

} // namespace herder::ui
