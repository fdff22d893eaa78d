#include "languageloader.h"

#include <QLocale>
#include <QCoreApplication>
#include <QLibraryInfo>
#include <QTranslator>

namespace herder::ui {

LanguageLoader::LanguageLoader(QObject *parent)
    : QObject(parent), m_app(new QTranslator(this)), m_qt(new QTranslator(this))
{
}

LanguageLoader::~LanguageLoader()
{
    uninstall();
}

QString LanguageLoader::resolve(const QString &setting, const QLocale &system)
{
    const QString wanted = setting.trimmed().toLower();
    if (wanted == u"vi" || wanted == u"en")
        return wanted;
    return system.language() == QLocale::Vietnamese ? QStringLiteral("vi") : QStringLiteral("en");
}

QString LanguageLoader::apply(const QString &setting)
{
    uninstall();
    m_language = resolve(setting);
    // qt_add_translations embeds the .qm files under :/i18n. English has one too, for plurals.
    m_app_loaded = m_app->load(QStringLiteral("herder_") + m_language, QStringLiteral(":/i18n"));
    if (m_app_loaded)
        QCoreApplication::installTranslator(m_app);
    else
        qWarning("herder: no translation :/i18n/herder_%s.qm", qPrintable(m_language));

    const QString qt_name = QStringLiteral("qtbase_") + m_language;
    m_qt_loaded = m_qt->load(qt_name, QLibraryInfo::path(QLibraryInfo::TranslationsPath)) ||
                  m_qt->load(qt_name, QStringLiteral("/usr/share/qt6/translations"));
    if (m_qt_loaded)
        QCoreApplication::installTranslator(m_qt);
    return m_language;
}

void LanguageLoader::uninstall()
{
    if (m_app_loaded)
        QCoreApplication::removeTranslator(m_app);
    if (m_qt_loaded)
        QCoreApplication::removeTranslator(m_qt);
    m_app_loaded = false;
    m_qt_loaded = false;
}

} // namespace herder::ui
