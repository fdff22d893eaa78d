#include "settingsllmpage.h"

#include "config/settingsschema.h"

#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>

namespace herder::ui {


SettingsLlmPage::SettingsLlmPage(QWidget *parent)
    : SettingsFormPage({QStringLiteral("llm")}, parent), m_api_key(new QLineEdit(this)),
      m_key_status(new QLabel(this))
{
    QFormLayout *provider = addSection(tr("Provider (OpenAI-compatible)"));
    addSetting(provider, tr("Base URL:"), config::settingAt("llm", "base_url"), tr("https://host/v1 (requests go to /chat/completions)"));
    addSetting(provider, tr("Timeout per request (s):"), config::settingAt("llm", "timeout_s"));
    addSetting(provider, tr("CA certificates (file):"), config::settingAt("llm", "ca_file"), tr("Empty: the system's certificates. Verification is always on."));

    QFormLayout *key = addSection(tr("API key"));
    SettingsField *env = addSetting(key, tr("Environment variable:"), config::settingAt("llm", "api_key_env"), tr("Read by herder-engine, and by the console when there is no keychain"));
    connect(env, &SettingsField::edited, this, &SettingsLlmPage::showKeyStatus);

    m_api_key->setObjectName(QStringLiteral("llm/api_key"));
    m_api_key->setEchoMode(QLineEdit::Password);
    m_api_key->setEnabled(false);
    key->addRow(tr("API key:"), m_api_key);
    m_key_status->setObjectName(QStringLiteral("llm/api_key/status"));
    m_key_status->setWordWrap(true);
    key->addRow(QString(), m_key_status);
    connect(m_api_key, &QLineEdit::textChanged, this, &SettingsPage::changed);
    showKeyStatus();
}

QString SettingsLlmPage::enteredApiKey() const
{
    return m_api_key->isEnabled() ? m_api_key->text().trimmed() : QString();
}

void SettingsLlmPage::setKeyStatus(KeyStatus status, const QString &detail)
{
    m_status = status;
    m_detail = detail;
    showKeyStatus();
}

void SettingsLlmPage::showKeyStatus()
{
    const QString variable = field(QStringLiteral("llm/api_key_env"))->text().trimmed();
    QString text;
    switch (m_status) {
    case KeyStatus::Checking:
        text = tr("Checking the system keychain…");
        break;
    case KeyStatus::Stored:
        text = tr("Stored in the system keychain");
        m_api_key->setPlaceholderText(tr("Leave empty to keep the stored key"));
        break;
    case KeyStatus::NotStored:
        text = tr("No key stored yet: the key you enter is stored in the system keychain");
        m_api_key->setPlaceholderText(QString());
        break;
    case KeyStatus::NoKeychain:
        text = tr("No keychain available: set %1 instead").arg(variable);
        m_api_key->setPlaceholderText(tr("Not available without a keychain"));
        break;
    case KeyStatus::Refused:
        text = tr("The system keychain refused access: %1").arg(m_detail);
        break;
    }
    // Without a keychain the key has nowhere safe to go, so it cannot be typed at all.
    m_api_key->setEnabled(m_status == KeyStatus::Stored || m_status == KeyStatus::NotStored);
    if (!m_api_key->isEnabled())
        m_api_key->clear();
    m_key_status->setText(text);
    m_key_status->setToolTip(m_status == KeyStatus::NoKeychain ? m_detail : QString());
}

} // namespace herder::ui
