#pragma once

#include <QString>
#include <QWidget>

#include <functional>

class QLabel;
class QLineEdit;

namespace herder::ui {

/// One line of text in the settings dialog with the rule it must satisfy. It checks itself as
/// the user types; when the text breaks the rule the box gets a red frame and the message
/// under it says what is allowed.
class SettingsField : public QWidget
{
    Q_OBJECT
public:
    /// Returns an empty string when the text is acceptable, else what is allowed.
    using Check = std::function<QString(const QString &text)>;

    /// key is the INI key ("limits/concurrency"); it also names the widget for tests.
    SettingsField(const QString &key, Check check, QWidget *parent = nullptr);

    QString key() const { return objectName(); }
    QLineEdit *editor() const { return m_editor; }
    QString text() const;
    void setText(const QString &text);
    bool isValid() const { return m_message.isEmpty() && m_cross_field_message.isEmpty(); }
    /// The message shown under the box, empty when the text is acceptable.
    QString message() const;

    /// Runs the check again (after a field it depends on changed).
    void recheck();
    /// A problem that involves other fields too (from SettingsLoader::validate); cleared with
    /// an empty string.
    void setCrossFieldMessage(const QString &message);

signals:
    void edited();

private:
    void showState();

    QLineEdit *m_editor;
    QLabel *m_message_label;
    Check m_check;
    QString m_message;
    QString m_cross_field_message;
};

} // namespace herder::ui
