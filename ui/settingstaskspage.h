#pragma once

#include "llm/taskspec.h"
#include "settingspage.h"

#include <QList>

class QLabel;
class QListWidget;
class QPlainTextEdit;
class QPushButton;

namespace herder::ui {

class SettingsField;

/// The Tasks tab: the list of enrichment tasks and, for the selected one, its model, fallback
/// model, prompt, labels, max_tokens and temperature. Edits are kept per task as typed, so an
/// unfinished task stays marked in the list while another one is shown.
class SettingsTasksPage : public SettingsPage
{
    Q_OBJECT
public:
    explicit SettingsTasksPage(QWidget *parent = nullptr);

    void load(const config::EngineSettings &settings) override;
    void store(config::EngineSettings &settings) const override;
    bool isValid() const override;
    bool showError(const config::ConfigError &error) override;
    void clearErrors() override;

    QListWidget *taskList() const { return m_list; }
    /// Shows the task with this name; false if there is none.
    bool selectTask(const QString &name);
    void addTask();
    void removeCurrentTask();

private:
    /// A task as typed: text for every field, and the spec it started from.
    struct Draft
    {
        llm::TaskSpec base;
        QString name, model, fallback_model, prompt, labels, max_tokens, temperature;
    };
    static Draft draftOf(const llm::TaskSpec &task);
    QString problem(int index) const;
    void showTask(int index);
    void takeEdits();
    void refreshList();

    QList<Draft> m_drafts;
    int m_current = -1;
    bool m_showing = false;
    QListWidget *m_list;
    QPushButton *m_add;
    QPushButton *m_remove;
    QWidget *m_editor;
    SettingsField *m_name;
    SettingsField *m_model;
    SettingsField *m_fallback_model;
    QPlainTextEdit *m_prompt;
    QLabel *m_prompt_message;
    SettingsField *m_labels;
    SettingsField *m_max_tokens;
    SettingsField *m_temperature;
    QLabel *m_page_message;
};

} // namespace herder::ui
