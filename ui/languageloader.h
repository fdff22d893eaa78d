#pragma once

#include <QLocale>
#include <QObject>
#include <QString>

class QTranslator;

namespace herder::ui {

/// Installs the console's translation ([ui] language: system, en or vi) and Qt's own for the
/// same language when the system has it (qtbase_vi.qm from qt6-translations-l10n).
class LanguageLoader : public QObject
{
    Q_OBJECT
public:
    explicit LanguageLoader(QObject *parent = nullptr);
    ~LanguageLoader() override;

    /// "vi" or "en" for a setting; "system" (or anything unknown) follows the locale given.
    static QString resolve(const QString &setting, const QLocale &system = QLocale::system());

    /// Replaces the translators this loader installed; returns the language now in use.
    QString apply(const QString &setting);
    QString language() const { return m_language; }
    /// Whether Qt's own strings (standard buttons, dialogs) are translated too.
    bool hasQtTranslation() const { return m_qt_loaded; }

private:
    void uninstall();

    QTranslator *m_app;
    QTranslator *m_qt;
    QString m_language = QStringLiteral("en");
    bool m_app_loaded = false;
    bool m_qt_loaded = false;
};

} // namespace herder::ui
