#include "settingsconsolepage.h"

#include <QComboBox>
#include <QFormLayout>
#include <QLabel>

#include <algorithm>

namespace herder::ui {

SettingsConsolePage::SettingsConsolePage(QWidget *parent)
    : SettingsPage(parent), m_language(new QComboBox(this))
{
    m_language->setObjectName(QStringLiteral("ui/language"));
    m_language->addItem(tr("System"), QStringLiteral("system"));
    // Each language is named in itself, so it can be found whatever the console shows now.
    m_language->addItem(QStringLiteral("English"), QStringLiteral("en"));
    m_language->addItem(QStringLiteral("Tiếng Việt"), QStringLiteral("vi"));
    auto *note = new QLabel(tr("The language changes the next time the console starts. System "
                               "follows the desktop's language: Vietnamese, else English."),
                            this);
    note->setWordWrap(true);
    auto *form = new QFormLayout(this);
    form->addRow(tr("Language:"), m_language);
    form->addRow(note);
    connect(m_language, &QComboBox::currentIndexChanged, this, &SettingsPage::changed);
}

void SettingsConsolePage::load(const ConsoleSettings &console)
{
    m_language->setCurrentIndex(std::max(0, m_language->findData(console.language)));
}

ConsoleSettings SettingsConsolePage::console() const
{
    ConsoleSettings console;
    console.language = m_language->currentData().toString();
    return console;
}

} // namespace herder::ui
