#include "settingstaskspage.h"

#include "settingschecks.h"
#include "settingsfield.h"

#include <QLocale>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QVBoxLayout>

namespace herder::ui {

namespace {
const QString kMessageStyle = QStringLiteral("color: #c62828;");
const QString kInvalidFrame = QStringLiteral("QPlainTextEdit { border: 2px solid #c62828; }");
} // namespace

SettingsTasksPage::SettingsTasksPage(QWidget *parent)
    : SettingsPage(parent), m_list(new QListWidget(this)), m_add(new QPushButton(tr("Add"), this)),
      m_remove(new QPushButton(tr("Remove"), this)), m_editor(new QWidget(this)),
      m_prompt(new QPlainTextEdit(m_editor)), m_prompt_message(new QLabel(m_editor)),
      m_page_message(new QLabel(this))
{
    m_list->setObjectName(QStringLiteral("tasks/list"));
    m_prompt->setObjectName(QStringLiteral("task/prompt"));
    m_prompt->setTabChangesFocus(true);
    for (QLabel *label : {m_prompt_message, m_page_message}) {
        label->setStyleSheet(kMessageStyle);
        label->setWordWrap(true);
        label->hide();
    }
    const auto unique_name = [this](const QString &text) {
        if (const QString problem = SettingsChecks::name()(text.trimmed()); !problem.isEmpty())
            return problem;
        for (int i = 0; i < m_drafts.size(); ++i)
            if (i != m_current && m_drafts.at(i).name == text.trimmed())
                return tr("Another task is already called '%1'.").arg(text.trimmed());
        return QString();
    };
    m_name = new SettingsField(QStringLiteral("task/name"), unique_name, m_editor);
    m_model = new SettingsField(QStringLiteral("task/model"), SettingsChecks::nonEmpty(), m_editor);
    m_fallback_model = new SettingsField(QStringLiteral("task/fallback_model"), {}, m_editor);
    m_fallback_model->editor()->setPlaceholderText(
        tr("Used when the provider does not know the model"));
    m_labels =
        new SettingsField(QStringLiteral("task/categories"), SettingsChecks::labels(), m_editor);
    m_labels->editor()->setPlaceholderText(tr("positive, negative, neutral"));
    m_max_tokens = new SettingsField(QStringLiteral("task/max_tokens"),
                                     SettingsChecks::integer(1, 32768), m_editor);
    m_temperature = new SettingsField(QStringLiteral("task/temperature"),
                                      SettingsChecks::number(0, 2), m_editor);

    auto *form = new QFormLayout(m_editor);
    form->setContentsMargins(0, 0, 0, 0);
    form->addRow(tr("Name:"), m_name);
    form->addRow(tr("Model:"), m_model);
    form->addRow(tr("Fallback model:"), m_fallback_model);
    form->addRow(tr("Prompt:"), m_prompt);
    form->addRow(QString(), m_prompt_message);
    form->addRow(tr("Labels:"), m_labels);
    form->addRow(tr("Max tokens:"), m_max_tokens);
    form->addRow(tr("Temperature:"), m_temperature);
    auto *note = new QLabel(tr("The event text goes only in the user message; the prompt is the "
                               "system instruction. An answer counts only if its label is one "
                               "of the labels."),
                            m_editor);
    note->setWordWrap(true);
    form->addRow(note);

    auto *buttons = new QHBoxLayout;
    buttons->addWidget(m_add);
    buttons->addWidget(m_remove);
    auto *left = new QVBoxLayout;
    left->addWidget(m_list);
    left->addLayout(buttons);
    auto *columns = new QHBoxLayout;
    columns->addLayout(left, 1);
    columns->addWidget(m_editor, 3);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(columns);
    layout->addWidget(m_page_message);

    for (SettingsField *field :
         {m_name, m_model, m_fallback_model, m_labels, m_max_tokens, m_temperature})
        connect(field, &SettingsField::edited, this, &SettingsTasksPage::takeEdits);
    connect(m_prompt, &QPlainTextEdit::textChanged, this, &SettingsTasksPage::takeEdits);
    connect(m_list, &QListWidget::currentRowChanged, this, &SettingsTasksPage::showTask);
    connect(m_add, &QPushButton::clicked, this, &SettingsTasksPage::addTask);
    connect(m_remove, &QPushButton::clicked, this, &SettingsTasksPage::removeCurrentTask);
}

SettingsTasksPage::Draft SettingsTasksPage::draftOf(const llm::TaskSpec &task)
{
    return Draft{task,
                 task.name,
                 task.model,
                 task.fallback_model,
                 task.prompt,
                 task.labels.join(QStringLiteral(", ")),
                 QString::number(task.max_tokens),
                 QString::number(task.temperature, 'g', QLocale::FloatingPointShortest)};
}

void SettingsTasksPage::load(const config::EngineSettings &settings)
{
    m_drafts.clear();
    for (const llm::TaskSpec &task : settings.tasks)
        m_drafts << draftOf(task);
    m_current = -1;
    refreshList();
    m_list->setCurrentRow(m_drafts.isEmpty() ? -1 : 0);
    showTask(m_list->currentRow());
}

void SettingsTasksPage::store(config::EngineSettings &settings) const
{
    settings.tasks.clear();
    for (const Draft &d : m_drafts) {
        llm::TaskSpec task = d.base;
        task.name = d.name.trimmed();
        task.model = d.model.trimmed();
        task.fallback_model = d.fallback_model.trimmed();
        task.prompt = d.prompt.trimmed();
        task.labels = SettingsChecks::splitLabels(d.labels);
        task.max_tokens = d.max_tokens.trimmed().toInt();
        task.temperature = d.temperature.trimmed().toDouble();
        // The version names the prompt in caches: a new prompt or label set is a new version.
        if (task.prompt != d.base.prompt || task.labels != d.base.labels)
            task.prompt_version = d.base.prompt_version + 1;
        settings.tasks << task;
    }
}

QString SettingsTasksPage::problem(int index) const
{
    const Draft &d = m_drafts.at(index);
    if (const QString p = SettingsChecks::name()(d.name.trimmed()); !p.isEmpty())
        return p;
    for (int i = 0; i < index; ++i)
        if (m_drafts.at(i).name.trimmed() == d.name.trimmed())
            return tr("Another task is already called '%1'.").arg(d.name.trimmed());
    const QList<std::pair<SettingsField::Check, QString>> checks{
        {SettingsChecks::nonEmpty(), d.model},
        {SettingsChecks::nonEmpty(), d.prompt},
        {SettingsChecks::labels(), d.labels},
        {SettingsChecks::integer(1, 32768), d.max_tokens},
        {SettingsChecks::number(0, 2), d.temperature}};
    for (const auto &[check, text] : checks)
        if (const QString p = check(text); !p.isEmpty())
            return p;
    return {};
}

bool SettingsTasksPage::isValid() const
{
    if (m_drafts.isEmpty())
        return false;
    for (int i = 0; i < m_drafts.size(); ++i)
        if (!problem(i).isEmpty())
            return false;
    return true;
}

bool SettingsTasksPage::showError(const config::ConfigError &error)
{
    if (!error.key.startsWith(u"task.") && error.key != u"llm/tasks")
        return false;
    m_page_message->setText(error.toString());
    m_page_message->show();
    return true;
}

void SettingsTasksPage::clearErrors()
{
    m_page_message->setText(m_drafts.isEmpty() ? tr("Add at least one task.") : QString());
    m_page_message->setVisible(m_drafts.isEmpty());
}

bool SettingsTasksPage::selectTask(const QString &name)
{
    for (int i = 0; i < m_drafts.size(); ++i)
        if (m_drafts.at(i).name == name) {
            m_list->setCurrentRow(i);
            return true;
        }
    return false;
}

void SettingsTasksPage::addTask()
{
    Draft d = draftOf(llm::TaskSpec());
    d.base.score_key = QStringLiteral("confidence"); // what the loader gives a custom task
    d.base.prompt_version = 0;                       // the first save makes it version 1
    int n = 1;
    const auto taken = [this](const QString &name) {
        for (const Draft &other : m_drafts)
            if (other.name == name)
                return true;
        return false;
    };
    while (taken(QStringLiteral("task%1").arg(n)))
        ++n;
    d.name = QStringLiteral("task%1").arg(n);
    if (!m_drafts.isEmpty())
        d.model = m_drafts.constFirst().model;
    m_drafts << d;
    refreshList();
    m_list->setCurrentRow(int(m_drafts.size()) - 1);
    emit changed();
}

void SettingsTasksPage::removeCurrentTask()
{
    const int row = m_current;
    if (row < 0)
        return;
    m_drafts.removeAt(row);
    m_current = -1;
    refreshList();
    m_list->setCurrentRow(std::min(row, int(m_drafts.size()) - 1));
    showTask(m_list->currentRow());
    emit changed();
}

void SettingsTasksPage::showTask(int index)
{
    m_current = index;
    m_editor->setEnabled(index >= 0);
    m_remove->setEnabled(index >= 0);
    const Draft d = index >= 0 ? m_drafts.at(index) : Draft{};
    m_showing = true;
    m_name->setText(d.name);
    m_model->setText(d.model);
    m_fallback_model->setText(d.fallback_model);
    m_prompt->setPlainText(d.prompt);
    m_labels->setText(d.labels);
    m_max_tokens->setText(d.max_tokens);
    m_temperature->setText(d.temperature);
    m_showing = false;
    takeEdits();
}

void SettingsTasksPage::takeEdits()
{
    if (m_showing)
        return;
    if (m_current >= 0) {
        Draft &d = m_drafts[m_current];
        d.name = m_name->text();
        d.model = m_model->text();
        d.fallback_model = m_fallback_model->text();
        d.prompt = m_prompt->toPlainText();
        d.labels = m_labels->text();
        d.max_tokens = m_max_tokens->text();
        d.temperature = m_temperature->text();
    }
    const QString prompt_problem =
        m_current >= 0 ? SettingsChecks::nonEmpty()(m_prompt->toPlainText()) : QString();
    m_prompt->setStyleSheet(prompt_problem.isEmpty() ? QString() : kInvalidFrame);
    m_prompt_message->setText(prompt_problem);
    m_prompt_message->setVisible(!prompt_problem.isEmpty());
    m_name->recheck();
    refreshList();
    emit changed();
}

void SettingsTasksPage::refreshList()
{
    const QSignalBlocker blocker(m_list);
    while (m_list->count() > m_drafts.size())
        delete m_list->takeItem(m_list->count() - 1);
    for (int i = 0; i < m_drafts.size(); ++i) {
        if (i >= m_list->count())
            m_list->addItem(QString());
        QListWidgetItem *item = m_list->item(i);
        const QString p = problem(i);
        item->setText(p.isEmpty() ? m_drafts.at(i).name.trimmed()
                                  : m_drafts.at(i).name.trimmed() + QStringLiteral(" ⚠"));
        item->setForeground(p.isEmpty() ? QBrush() : QBrush(QColor(0xc6, 0x28, 0x28)));
        item->setToolTip(p);
    }
    if (m_current >= 0 && m_current < m_list->count())
        m_list->setCurrentRow(m_current);
}

} // namespace herder::ui
