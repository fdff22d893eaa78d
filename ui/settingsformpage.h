#pragma once

#include "settingsfield.h"
#include "config/settingsschema.h"
#include "settingspage.h"

#include <QList>

#include <functional>

class QFormLayout;
class QLabel;
class QVBoxLayout;

namespace herder::ui {

/// A settings tab made of checked fields, each tied to one INI key and one EngineSettings
/// member; subclasses add their fields (and any extra widgets) in their constructor.
class SettingsFormPage : public SettingsPage
{
    Q_OBJECT
public:
    using Read = std::function<QString(const config::EngineSettings &)>;
    using Write = std::function<void(config::EngineSettings &, const QString &)>;

    /// sections are the INI sections this page owns ("limits"), for cross-field errors.
    SettingsFormPage(const QStringList &sections, QWidget *parent = nullptr);

    void load(const config::EngineSettings &settings) override;
    void store(config::EngineSettings &settings) const override;
    bool isValid() const override;
    bool showError(const config::ConfigError &error) override;
    void clearErrors() override;

    SettingsField *field(const QString &key) const;

protected:
    /// A titled group of rows; an empty title gives a plain form.
    QFormLayout *addSection(const QString &title);
    SettingsField *addField(QFormLayout *form, const QString &label, const QString &key,
                            SettingsField::Check check, Read read, Write write,
                            const QString &help = {});
    /// A field for one key of the settings schema: its check, and how it reads and writes the
    /// value, come from there; the label and the help are the console's (translated).
    SettingsField *addSetting(QFormLayout *form, const QString &label,
                              const config::EngineSetting &setting, const QString &help = {});
    QVBoxLayout *pageLayout() const { return m_layout; }
    /// Seconds as the INI writes them (30, 1.5).
    static QString seconds(int ms);
    static QString number(double value);

private:
    struct Binding
    {
        SettingsField *field;
        Read read;
        Write write;
    };
    QStringList m_sections;
    QVBoxLayout *m_layout;
    QLabel *m_page_message;
    QList<Binding> m_bindings;
};

} // namespace herder::ui
