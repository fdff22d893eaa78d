#pragma once

#include "config/enginesettings.h"

#include <QDialog>
#include <QList>

class QDialogButtonBox;
class QLabel;
class QTabWidget;

namespace herder::ui {

class KeychainStore;
class SettingsConsolePage;
class SettingsLlmPage;
class SettingsPage;

/// Edits the INI file that herder-engine reads too. Every field is checked as the user types
/// (the loader's own parser and cross-field rules); Save stays disabled while anything is
/// invalid, writes the file with SettingsWriter and the API key to the system keychain. exec()
/// returns Accepted once the file has been saved.
class SettingsDialog : public QDialog
{
    Q_OBJECT
public:
    SettingsDialog(const QString &ini_path, QWidget *parent = nullptr);

    QString iniPath() const { return m_ini_path; }
    /// What was last saved; never holds the API key.
    config::EngineSettings savedSettings() const { return m_saved; }
    /// The API key typed in the dialog, for this session's engine; empty when left unchanged.
    QString enteredApiKey() const;
    bool canSave() const;
    KeychainStore *keychain() const { return m_keychain; }
    QTabWidget *tabs() const { return m_tabs; }

public slots:
    void save();
    void reject() override;

private:
    void loadFile();
    void watchKeychain();
    config::EngineSettings collect() const;
    void revalidate();
    void showStatus(const QString &text, bool problem);
    void finishSaving(const QString &key_problem);

    QString m_ini_path;
    config::EngineSettings m_loaded;
    config::EngineSettings m_saved;
    QList<SettingsPage *> m_pages;
    QTabWidget *m_tabs;
    SettingsLlmPage *m_llm;
    SettingsConsolePage *m_console;
    QLabel *m_problem;
    QLabel *m_status;
    QDialogButtonBox *m_buttons;
    KeychainStore *m_keychain;
    bool m_loading = false;
    bool m_storing_key = false;
    bool m_file_saved = false;
};

} // namespace herder::ui
