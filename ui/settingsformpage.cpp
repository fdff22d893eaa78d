#include "settingsformpage.h"

#include "settingschecks.h"

#include <QFormLayout>
#include <QGroupBox>
#include <QLabel>
#include <QLocale>
#include <QLineEdit>
#include <QVBoxLayout>

namespace herder::ui {

SettingsFormPage::SettingsFormPage(const QStringList &sections, QWidget *parent)
    : SettingsPage(parent), m_sections(sections), m_layout(new QVBoxLayout(this)),
      m_page_message(new QLabel(this))
{
    m_page_message->setStyleSheet(QStringLiteral("color: #c62828;"));
    m_page_message->setWordWrap(true);
    m_page_message->hide();
    m_layout->addWidget(m_page_message);
    m_layout->addStretch(1);
}

QFormLayout *SettingsFormPage::addSection(const QString &title)
{
    auto *form = new QFormLayout;
    form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    // Keep the page message and the stretch last.
    const int at = m_layout->count() - 2;
    if (title.isEmpty()) {
        m_layout->insertLayout(at, form);
    } else {
        auto *box = new QGroupBox(title, this);
        box->setLayout(form);
        m_layout->insertWidget(at, box);
    }
    return form;
}

SettingsField *SettingsFormPage::addField(QFormLayout *form, const QString &label,
                                          const QString &key, SettingsField::Check check, Read read,
                                          Write write, const QString &help)
{
    auto *field = new SettingsField(key, std::move(check), this);
    if (!help.isEmpty()) {
        field->editor()->setPlaceholderText(help);
        field->editor()->setToolTip(help);
    }
    form->addRow(label, field);
    m_bindings.append({field, std::move(read), std::move(write)});
    connect(field, &SettingsField::edited, this, &SettingsPage::changed);
    return field;
}

namespace {

SettingsField::Check checkFor(const config::EngineSetting &setting)
{
    using config::SettingType;
    SettingsField::Check check;
    switch (setting.type) {
    case SettingType::Integer:
    case SettingType::WholeSeconds:
        check = SettingsChecks::integer(int(setting.min), int(setting.max));
        break;
    case SettingType::Number:
    case SettingType::Seconds:
        check = SettingsChecks::number(setting.min, setting.max);
        break;
    case SettingType::NonEmpty:
        check = SettingsChecks::nonEmpty();
        break;
    case SettingType::Topic:
        check = SettingsChecks::topic();
        break;
    case SettingType::HttpUrl:
        check = SettingsChecks::httpUrl();
        break;
    case SettingType::JsonPointer:
        check = SettingsChecks::jsonPointer();
        break;
    case SettingType::PemFile:
        check = SettingsChecks::pemCertificates();
        break;
    case SettingType::List:
        check = SettingsChecks::labels();
        break;
    case SettingType::Text:
    case SettingType::Choice: // a combo box, not a field
        break;
    }
    return setting.optional && check ? SettingsChecks::optional(check) : check;
}

} // namespace

SettingsField *SettingsFormPage::addSetting(QFormLayout *form, const QString &label,
                                            const config::EngineSetting &setting,
                                            const QString &help)
{
    const QString key = setting.name();
    return addField(
        form, label, key, checkFor(setting),
        [&setting](const config::EngineSettings &s) { return setting.text(s); },
        [&setting, key](config::EngineSettings &s, const QString &v) {
            // Only called once the field's check passed, so read() accepts it.
            if (v.isEmpty() && setting.optional)
                setting.reset(s);
            else
                setting.read(s, key, v);
        },
        help);
}

SettingsField *SettingsFormPage::field(const QString &key) const
{
    for (const Binding &b : m_bindings)
        if (b.field->key() == key)
            return b.field;
    return nullptr;
}

void SettingsFormPage::load(const config::EngineSettings &settings)
{
    for (const Binding &b : m_bindings)
        b.field->setText(b.read(settings));
}

void SettingsFormPage::store(config::EngineSettings &settings) const
{
    for (const Binding &b : m_bindings)
        b.write(settings, b.field->text().trimmed());
}

bool SettingsFormPage::isValid() const
{
    for (const Binding &b : m_bindings)
        if (!b.field->isValid())
            return false;
    return true;
}

bool SettingsFormPage::showError(const config::ConfigError &error)
{
    if (SettingsField *f = field(error.key)) {
        f->setCrossFieldMessage(error.message);
        return true;
    }
    const QString section = error.key.section(u'/', 0, 0);
    if (!m_sections.contains(section))
        return false;
    m_page_message->setText(error.toString());
    m_page_message->show();
    return true;
}

void SettingsFormPage::clearErrors()
{
    for (const Binding &b : m_bindings)
        b.field->setCrossFieldMessage(QString());
    m_page_message->clear();
    m_page_message->hide();
}

QString SettingsFormPage::seconds(int ms)
{
    return number(ms / 1000.0);
}

QString SettingsFormPage::number(double value)
{
    return QString::number(value, 'g', QLocale::FloatingPointShortest);
}

} // namespace herder::ui
