// LanguageLoader: the [ui] language setting (or the system locale) picks the translation that
// qt_add_translations embedded under :/i18n, and the console's strings follow it.

#include "languageloader.h"
#include "settingsdialog.h"

#include <QApplication>
#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using herder::ui::LanguageLoader;
using herder::ui::SettingsDialog;

class TestLanguage : public QObject
{
    Q_OBJECT

private slots:
    void resolve_data();
    void resolve();
    void translationsAreEmbedded();
    void vietnameseTranslatesTheDialog();
    void englishAfterVietnamese();
    void everyStringIsTranslated();
};

void TestLanguage::resolve_data()
{
    QTest::addColumn<QString>("setting");
    QTest::addColumn<QLocale>("system");
    QTest::addColumn<QString>("language");
    const QLocale vi(QLocale::Vietnamese, QLocale::Vietnam);
    const QLocale en(QLocale::English, QLocale::UnitedStates);
    const QLocale de(QLocale::German, QLocale::Germany);
    QTest::newRow("vi") << u"vi"_s << en << u"vi"_s;
    QTest::newRow("en") << u"en"_s << vi << u"en"_s;
    QTest::newRow("system vi") << u"system"_s << vi << u"vi"_s;
    QTest::newRow("system en") << u"system"_s << en << u"en"_s;
    QTest::newRow("system other") << u"system"_s << de << u"en"_s;
    QTest::newRow("upper case") << u"VI"_s << en << u"vi"_s;
}

void TestLanguage::resolve()
{
    QFETCH(QString, setting);
    QFETCH(QLocale, system);
    QFETCH(QString, language);
    QCOMPARE(LanguageLoader::resolve(setting, system), language);
}

void TestLanguage::translationsAreEmbedded()
{
    QVERIFY(QFile::exists(u":/i18n/herder_vi.qm"_s));
    QVERIFY(QFile::exists(u":/i18n/herder_en.qm"_s));
}

void TestLanguage::vietnameseTranslatesTheDialog()
{
    LanguageLoader loader;
    QCOMPARE(loader.apply(u"vi"_s), u"vi"_s);
    QCOMPARE(loader.language(), u"vi"_s);
    QCOMPARE(QCoreApplication::translate("herder::ui::SettingsDialog", "Settings"), u"Cài đặt"_s);

    QTemporaryDir dir;
    SettingsDialog dialog(dir.filePath(u"herder.ini"_s));
    QCOMPARE(dialog.windowTitle(), u"Cài đặt"_s);
}

void TestLanguage::englishAfterVietnamese()
{
    LanguageLoader loader;
    loader.apply(u"vi"_s);
    QCOMPARE(loader.apply(u"en"_s), u"en"_s);
    QCOMPARE(QCoreApplication::translate("herder::ui::SettingsDialog", "Settings"), u"Settings"_s);
    loader.apply(u"vi"_s);
    // Destroying the loader takes its translators out again.
    {
        LanguageLoader scoped;
        scoped.apply(u"vi"_s);
    }
    QCOMPARE(QCoreApplication::translate("herder::ui::SettingsDialog", "Settings"), u"Cài đặt"_s);
}

void TestLanguage::everyStringIsTranslated()
{
    // The .ts file next to the sources: an unfinished or empty Vietnamese translation is a
    // string the operator would see in English.
    const QString ts = QFINDTESTDATA("../resources/translations/herder_vi.ts");
    QVERIFY(!ts.isEmpty());
    QFile file(ts);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QByteArray text = file.readAll();
    QVERIFY(text.contains("<translation>Cài đặt</translation>"));
    QCOMPARE(text.count("type=\"unfinished\""), 0);
}

int main(int argc, char **argv)
{
    QApplication app(argc, argv);
    QTEST_SET_MAIN_SOURCE_PATH
    TestLanguage test;
    return QTest::qExec(&test, argc, argv);
}

#include "tst_language.moc"
