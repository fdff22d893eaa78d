#include "settingsfield.h"

#include <QLabel>
#include <QLineEdit>
#include <QVBoxLayout>

namespace herder::ui {

namespace {
// A frame colour rather than a palette change: styles differ in what they do with palettes.
const QString kInvalidFrame = QStringLiteral("QLineEdit { border: 2px solid #c62828; }");
const QString kMessageStyle = QStringLiteral("color: #c62828;");
} // namespace

SettingsField::SettingsField(const QString &key, Check check, QWidget *parent)
    : QWidget(parent), m_editor(new QLineEdit(this)), m_message_label(new QLabel(this)),
      m_check(std::move(check))
{
    setObjectName(key);
    m_editor->setObjectName(key + QStringLiteral("/edit"));
    m_message_label->setObjectName(key + QStringLiteral("/message"));
    m_message_label->setStyleSheet(kMessageStyle);
    m_message_label->setWordWrap(true);
    m_message_label->hide();
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(2);
    layout->addWidget(m_editor);
    layout->addWidget(m_message_label);
    setFocusProxy(m_editor);
    connect(m_editor, &QLineEdit::textChanged, this, [this] {
        m_cross_field_message.clear();
        recheck();
        emit edited();
    });
}

QString SettingsField::text() const
{
    return m_editor->text();
}

void SettingsField::setText(const QString &text)
{
    m_editor->setText(text);
    recheck();
}

QString SettingsField::message() const
{
    return m_message.isEmpty() ? m_cross_field_message : m_message;
}

void SettingsField::recheck()
{
    m_message = m_check ? m_check(m_editor->text()) : QString();
    showState();
}

void SettingsField::setCrossFieldMessage(const QString &message)
{
    if (message == m_cross_field_message)
        return;
    m_cross_field_message = message;
    showState();
}

void SettingsField::showState()
{
    const QString shown = message();
    m_editor->setStyleSheet(shown.isEmpty() ? QString() : kInvalidFrame);
    m_editor->setToolTip(shown);
    m_message_label->setText(shown);
    m_message_label->setVisible(!shown.isEmpty());
}

} // namespace herder::ui
