#pragma once

#include "settingsformpage.h"

class QLabel;
class QLineEdit;

namespace herder::ui {

/// The LLM tab: provider URL, timeout, and the API key, which goes to the system keychain and
/// never into the INI. The status under the key says where the console gets it from.
class SettingsLlmPage : public SettingsFormPage
{
    Q_OBJECT
public:
    enum class KeyStatus { Checking = 1, Stored, NotStored, NoKeychain, Refused };

    explicit SettingsLlmPage(QWidget *parent = nullptr);

    /// The key typed on this page; empty means "keep the stored one".
    QString enteredApiKey() const;
    QLineEdit *apiKeyEditor() const { return m_api_key; }
    QLabel *keyStatusLabel() const { return m_key_status; }
    /// detail: the keychain's reason, shown as a tooltip.
    void setKeyStatus(KeyStatus status, const QString &detail = {});

private:
    void showKeyStatus();

    QLineEdit *m_api_key;
    QLabel *m_key_status;
    KeyStatus m_status = KeyStatus::Checking;
    QString m_detail;
};

} // namespace herder::ui
