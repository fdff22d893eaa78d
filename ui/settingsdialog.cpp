#include "settingsdialog.h"

#include "config/settingsloader.h"
#include "config/settingswriter.h"
#include "keychainstore.h"
#include "consolesettings.h"
#include "settingsbudgetpage.h"
#include "settingsconsolepage.h"
#include "settingskafkapage.h"
#include "settingslimitspage.h"
#include "settingsllmpage.h"
#include "settingspricespage.h"
#include "settingstaskspage.h"
#include "settingstopicspage.h"

#include <QDialogButtonBox>
#include <QDir>
#include <QFileInfo>
#include <QLabel>
#include <QPushButton>
#include <QScrollArea>
#include <QSettings>
#include <QTabBar>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QVBoxLayout>

#include <variant>

namespace herder::ui {

namespace {
const QColor kProblemColour(0xc6, 0x28, 0x28);
}

SettingsDialog::SettingsDialog(const QString &ini_path, QWidget *parent)
    : QDialog(parent), m_ini_path(ini_path), m_tabs(new QTabWidget(this)),
      m_llm(new SettingsLlmPage), m_console(new SettingsConsolePage), m_problem(new QLabel(this)), m_status(new QLabel(this)),
      m_buttons(new QDialogButtonBox(QDialogButtonBox::Save | QDialogButtonBox::Cancel, this)),
      m_keychain(new KeychainStore(this))
{
    setObjectName(QStringLiteral("SettingsDialog"));
    setWindowTitle(tr("Settings"));
    resize(780, 640);

    const QList<std::pair<SettingsPage *, QString>> pages{
        {new SettingsKafkaPage, tr("Kafka")},
        {new SettingsTopicsPage, tr("Topics")},
        {m_llm, tr("LLM")},
        {new SettingsTasksPage, tr("Tasks")},
        {new SettingsPricesPage, tr("Models && prices")},
        {new SettingsLimitsPage, tr("Limits")},
        {new SettingsBudgetPage, tr("Budget")},
        {m_console, tr("Console")}};
    for (const auto &[page, title] : pages) {
        auto *scroll = new QScrollArea;
        scroll->setWidgetResizable(true);
        scroll->setFrameShape(QFrame::NoFrame);
        scroll->setWidget(page);
        m_tabs->addTab(scroll, title);
        m_pages << page;
        connect(page, &SettingsPage::changed, this, &SettingsDialog::revalidate);
    }

    auto *help = new QLabel(
        tr("Saving writes %1, which herder-engine reads too. Comments in that file are not "
           "kept. The API key is never written to it: it goes to the system keychain.")
            .arg(QDir::toNativeSeparators(m_ini_path)),
        this);
    help->setWordWrap(true);
    help->setObjectName(QStringLiteral("settings/help"));
    for (QLabel *label : {m_problem, m_status})
        label->setWordWrap(true);
    m_problem->setObjectName(QStringLiteral("settings/problem"));
    m_problem->setStyleSheet(QStringLiteral("color: #c62828;"));
    m_problem->hide();
    m_status->setObjectName(QStringLiteral("settings/status"));
    m_status->hide();

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_tabs, 1);
    layout->addWidget(m_problem);
    layout->addWidget(m_status);
    layout->addWidget(help);
    layout->addWidget(m_buttons);
    // Named here rather than by Qt so they follow the console's language even where Qt's
    // own translations (qt6-translations-l10n) are not installed.
    m_buttons->button(QDialogButtonBox::Save)->setText(tr("Save"));
    m_buttons->button(QDialogButtonBox::Cancel)->setText(tr("Cancel"));
    connect(m_buttons, &QDialogButtonBox::accepted, this, &SettingsDialog::save);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &SettingsDialog::reject);

    loadFile();
    watchKeychain();
}

void SettingsDialog::loadFile()
{
    m_loading = true;
    m_loaded = config::EngineSettings();
    if (!QFileInfo::exists(m_ini_path)) {
        showStatus(
            tr("%1 does not exist yet: Save creates it.").arg(QDir::toNativeSeparators(m_ini_path)),
            false);
    } else {
        QSettings ini(m_ini_path, QSettings::IniFormat);
        // What could be read is shown; the rest keeps its default until the user saves.
        if (const auto error = config::SettingsLoader::apply(ini, m_loaded))
            showStatus(tr("The file has a problem the engine would refuse: %1. The fields show "
                          "what could be read; Save replaces the file.")
                           .arg(error->toString()),
                       true);
    }
    for (SettingsPage *page : std::as_const(m_pages))
        page->load(m_loaded);
    m_console->load(ConsoleSettings::readFile(m_ini_path));
    m_loading = false;
    revalidate();
}

void SettingsDialog::watchKeychain()
{
    m_llm->setKeyStatus(SettingsLlmPage::KeyStatus::Checking);
    connect(m_keychain, &KeychainStore::apiKeyRead, this, [this](const QString &api_key) {
        m_llm->setKeyStatus(api_key.isEmpty() ? SettingsLlmPage::KeyStatus::NotStored
                                              : SettingsLlmPage::KeyStatus::Stored);
    });
    connect(m_keychain, &KeychainStore::unavailable, this, [this](const QString &reason) {
        m_llm->setKeyStatus(SettingsLlmPage::KeyStatus::NoKeychain, reason);
        if (m_storing_key)
            finishSaving(tr("no keychain available (%1)").arg(reason));
    });
    connect(m_keychain, &KeychainStore::failed, this, [this](const QString &message) {
        if (m_storing_key)
            finishSaving(message);
        else
            m_llm->setKeyStatus(SettingsLlmPage::KeyStatus::Refused, message);
    });
    connect(m_keychain, &KeychainStore::apiKeyWritten, this, [this] {
        if (m_storing_key)
            finishSaving(QString());
    });
    m_keychain->readApiKey();
}

QString SettingsDialog::enteredApiKey() const
{
    return m_llm->enteredApiKey();
}

bool SettingsDialog::canSave() const
{
    return m_buttons->button(QDialogButtonBox::Save)->isEnabled();
}

config::EngineSettings SettingsDialog::collect() const
{
    // Starts from what was loaded so settings without a field here ([ops], [engine]) survive.
    config::EngineSettings settings = m_loaded;
    for (SettingsPage *page : m_pages)
        page->store(settings);
    settings.api_key.clear();
    return settings;
}

void SettingsDialog::revalidate()
{
    if (m_loading)
        return;
    bool fields_valid = true;
    for (int i = 0; i < m_pages.size(); ++i) {
        m_pages.at(i)->clearErrors();
        const bool valid = m_pages.at(i)->isValid();
        m_tabs->tabBar()->setTabTextColor(i, valid ? QColor() : kProblemColour);
        fields_valid = fields_valid && valid;
    }
    // Rules between fields (four distinct topics, retry cap above base) only make sense once
    // every field parses; they come from the loader itself, as herder-engine would apply them.
    QString unplaced;
    bool cross_valid = true;
    if (fields_valid) {
        if (const auto error = config::SettingsLoader::validate(collect())) {
            cross_valid = false;
            unplaced = error->toString();
            for (int i = 0; i < m_pages.size(); ++i)
                if (m_pages.at(i)->showError(*error)) {
                    m_tabs->tabBar()->setTabTextColor(i, kProblemColour);
                    unplaced.clear();
                    break;
                }
        }
    }
    m_problem->setText(unplaced);
    m_problem->setVisible(!unplaced.isEmpty());
    m_buttons->button(QDialogButtonBox::Save)
        ->setEnabled(fields_valid && cross_valid && !m_storing_key);
}

void SettingsDialog::save()
{
    if (!canSave())
        return;
    const config::EngineSettings settings = collect();
    const ConsoleSettings console = m_console->console();
    // A scratch copy is read back as herder-engine will read it first, so a file the engine
    // would refuse never replaces one it accepts.
    const QTemporaryDir scratch;
    const QString scratch_path = scratch.filePath(QStringLiteral("check.ini"));
    std::optional<config::ConfigError> error;
    if (!scratch.isValid())
        error = config::ConfigError{scratch_path, scratch.errorString()};
    if (!error)
        error = config::SettingsWriter::writeFile(settings, scratch_path, console.keys());
    if (!error) {
        const auto loaded = config::SettingsLoader::loadFile(scratch_path);
        if (const auto *e = std::get_if<config::ConfigError>(&loaded))
            error = *e;
    }
    if (!error)
        error = config::SettingsWriter::writeFile(settings, m_ini_path, console.keys());
    if (error) {
        showStatus(tr("Not saved: %1").arg(error->toString()), true);
        return;
    }
    m_saved = settings;
    m_file_saved = true;
    const QString api_key = m_llm->enteredApiKey();
    if (api_key.isEmpty() || m_keychain->state() != KeychainStore::State::Available) {
        accept();
        return;
    }
    m_storing_key = true;
    m_buttons->setEnabled(false);
    showStatus(tr("Storing the API key in the system keychain…"), false);
    m_keychain->writeApiKey(api_key);
}

void SettingsDialog::finishSaving(const QString &key_problem)
{
    m_storing_key = false;
    m_buttons->setEnabled(true);
    revalidate();
    if (key_problem.isEmpty()) {
        accept();
        return;
    }
    // The file is saved already; closing still reports Accepted so the window reloads it.
    showStatus(tr("Settings saved to %1, but the API key was not stored: %2")
                   .arg(QDir::toNativeSeparators(m_ini_path), key_problem),
               true);
}

void SettingsDialog::reject()
{
    if (m_file_saved)
        done(QDialog::Accepted);
    else
        QDialog::reject();
}

void SettingsDialog::showStatus(const QString &text, bool problem)
{
    m_status->setText(text);
    m_status->setStyleSheet(problem ? QStringLiteral("color: #c62828;") : QString());
    m_status->setVisible(!text.isEmpty());
}

} // namespace herder::ui
