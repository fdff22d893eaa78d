// The settings dialog on a copy of resources/herder.ini, offscreen: fields are checked as the
// user types (red frame, a message naming what is allowed, Save disabled), Save writes what
// SettingsLoader reads back, and without a keychain the API key goes nowhere but the screen.

#include "config/settingsloader.h"
#include "consolesettings.h"
#include "keychainstore.h"
#include "settingsdialog.h"
#include "settingsfield.h"
#include "settingskafkapage.h"
#include "settingsllmpage.h"
#include "settingstable.h"
#include "settingstaskspage.h"

#include <QApplication>
#include <QComboBox>
#include <QDirIterator>
#include <QFile>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPlainTextEdit>
#include <QSignalSpy>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

#include <memory>
#include <variant>

using namespace Qt::StringLiterals;
using herder::config::EngineSettings;
using herder::config::SettingsLoader;
using herder::ui::ConsoleSettings;
using herder::ui::KeychainStore;
using herder::ui::SettingsDialog;
using herder::ui::SettingsField;
using herder::ui::SettingsKafkaPage;
using herder::ui::SettingsLlmPage;
using herder::ui::SettingsTable;
using herder::ui::SettingsTasksPage;

namespace {

const QByteArray kSecret = "sk-test-never-on-disk-5309";

/// Every file under dir whose bytes contain needle.
QStringList filesContaining(const QString &dir, const QByteArray &needle)
{
    QStringList found;
    QDirIterator it(dir, QDir::Files | QDir::Hidden, QDirIterator::Subdirectories);
    while (it.hasNext()) {
        QFile file(it.next());
        if (file.open(QIODevice::ReadOnly) && file.readAll().contains(needle))
            found << file.fileName();
    }
    return found;
}

int rowOf(QTableWidget *table, const QString &name)
{
    for (int row = 0; row < table->rowCount(); ++row)
        if (table->item(row, 0)->text() == name)
            return row;
    return -1;
}

} // namespace

class TestSettingsDialog : public QObject
{
    Q_OBJECT

public:
    explicit TestSettingsDialog(QString home) : m_home(std::move(home)) {}

private slots:
    void init();

    void showsTheFile();
    void invalidConcurrency_data();
    void invalidConcurrency();
    void crossFieldRules();
    void saslNeedsCredentials();
    void propertyTableRejectsReservedNames();
    void badPriceDisablesSave();
    void newTaskMustBeComplete();
    void saveWritesWhatWasTyped();
    void execReturnsAcceptedAfterSaving();
    void noKeychainMeansEnvironment();
    void apiKeyFromEnvironment();
    void missingFileIsCreated();
    void brokenFileIsShown();

private:
    QString iniPath() const { return m_dir->filePath(u"herder.ini"_s); }
    static SettingsField *field(const SettingsDialog &dialog, const QString &key);
    static void type(SettingsField *field, const QString &text);
    EngineSettings reload() const;

    QString m_home;
    std::unique_ptr<QTemporaryDir> m_dir;
};

SettingsField *TestSettingsDialog::field(const SettingsDialog &dialog, const QString &key)
{
    auto *f = dialog.findChild<SettingsField *>(key);
    if (!f)
        qFatal("no field %s", qPrintable(key));
    return f;
}

void TestSettingsDialog::type(SettingsField *field, const QString &text)
{
    field->editor()->clear();
    QTest::keyClicks(field->editor(), text);
}

EngineSettings TestSettingsDialog::reload() const
{
    const auto loaded = SettingsLoader::loadFile(iniPath());
    if (const auto *e = std::get_if<herder::config::ConfigError>(&loaded))
        qFatal("reload failed: %s", qPrintable(e->toString()));
    return std::get<EngineSettings>(loaded);
}

void TestSettingsDialog::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    const QString shipped = QFINDTESTDATA("../resources/herder.ini");
    QVERIFY(!shipped.isEmpty());
    QVERIFY(QFile::copy(shipped, iniPath()));
    QFile::setPermissions(iniPath(), QFile::ReadOwner | QFile::WriteOwner);
}

void TestSettingsDialog::showsTheFile()
{
    SettingsDialog dialog(iniPath());
    QCOMPARE(field(dialog, u"kafka/bootstrap.servers"_s)->text(), u"127.0.0.1:9092"_s);
    QCOMPARE(field(dialog, u"limits/concurrency"_s)->text(), u"32"_s);
    QCOMPARE(field(dialog, u"llm/timeout_s"_s)->text(), u"30"_s);
    QCOMPARE(field(dialog, u"topics/dlq"_s)->text(), u"ai-events-dlq"_s);
    auto *tasks = dialog.findChild<SettingsTasksPage *>();
    QCOMPARE(tasks->taskList()->count(), 2);
    QCOMPARE(field(dialog, u"task/model"_s)->text(), u"deepseek-v3.2"_s);
    QVERIFY(dialog.canSave());
    QCOMPARE(dialog.windowTitle(), u"Settings"_s);
    const auto *help = dialog.findChild<QLabel *>(u"settings/help"_s);
    QVERIFY(help->text().contains(u"Comments in that file are not kept"_s));
}

void TestSettingsDialog::invalidConcurrency_data()
{
    QTest::addColumn<QString>("text");
    QTest::newRow("letters") << u"abc"_s;
    QTest::newRow("zero") << u"0"_s;
    QTest::newRow("too many") << u"5000"_s;
    QTest::newRow("empty") << QString();
    QTest::newRow("fraction") << u"2.5"_s;
}

void TestSettingsDialog::invalidConcurrency()
{
    QFETCH(QString, text);
    SettingsDialog dialog(iniPath());
    dialog.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));
    SettingsField *concurrency = field(dialog, u"limits/concurrency"_s);

    type(concurrency, text);
    QVERIFY(!concurrency->isValid());
    QVERIFY2(concurrency->message().contains(u"whole number from 1 to 4096"_s),
             qPrintable(concurrency->message()));
    const auto *message = dialog.findChild<QLabel *>(u"limits/concurrency/message"_s);
    QCOMPARE(message->text(), concurrency->message());
    QVERIFY(!message->isHidden());
    QVERIFY(concurrency->editor()->styleSheet().contains(u"border"_s)); // the red frame
    QVERIFY(!dialog.canSave());

    type(concurrency, u"64"_s);
    QVERIFY(concurrency->isValid());
    QVERIFY(message->isHidden());
    QVERIFY(concurrency->editor()->styleSheet().isEmpty());
    QVERIFY(dialog.canSave());
}

void TestSettingsDialog::crossFieldRules()
{
    SettingsDialog dialog(iniPath());
    SettingsField *cap = field(dialog, u"limits/retry_cap_ms"_s);
    type(cap, u"100"_s); // below retry_base_ms=200: SettingsLoader::validate says no
    QVERIFY(!dialog.canSave());
    QVERIFY2(cap->message().contains(u"limits/retry_base_ms"_s), qPrintable(cap->message()));
    type(cap, u"60000"_s);
    QVERIFY(dialog.canSave());
    QVERIFY(cap->message().isEmpty());

    type(field(dialog, u"topics/dlq"_s), u"ai-events"_s); // same as the source
    QVERIFY(!dialog.canSave());
    type(field(dialog, u"topics/dlq"_s), u"ai-events-dlq"_s);
    QVERIFY(dialog.canSave());
}

void TestSettingsDialog::saslNeedsCredentials()
{
    SettingsDialog dialog(iniPath());
    auto *protocol = dialog.findChild<QComboBox *>(u"kafka/security.protocol"_s);
    auto *mechanism = dialog.findChild<QComboBox *>(u"kafka/sasl.mechanism"_s);
    protocol->setCurrentIndex(protocol->findData(u"sasl_ssl"_s));
    mechanism->setCurrentText(u"PLAIN"_s);
    SettingsField *user = field(dialog, u"kafka/sasl.username"_s);
    QVERIFY(!user->isValid());
    QVERIFY(user->message().contains(u"PLAIN"_s));
    QVERIFY(!dialog.canSave());
    type(user, u"alice"_s);
    type(field(dialog, u"kafka/sasl.password"_s), u"pw"_s);
    QVERIFY(dialog.canSave());
    protocol->setCurrentIndex(protocol->findData(u"plaintext"_s));
    QVERIFY(!user->isEnabled());
}

void TestSettingsDialog::propertyTableRejectsReservedNames()
{
    SettingsDialog dialog(iniPath());
    SettingsTable *consumer =
        dialog.findChild<SettingsKafkaPage *>()->propertyTable(u"kafka.consumer"_s);
    consumer->addRow({u"group.id"_s, u"x"_s});
    QVERIFY(!consumer->isValid());
    QVERIFY2(consumer->message().contains(u"Consumer group"_s), qPrintable(consumer->message()));
    QVERIFY(!dialog.canSave());
    const int row = rowOf(consumer->table(), u"group.id"_s);
    consumer->table()->item(row, 0)->setText(u"fetch.min.bytes"_s);
    QVERIFY(consumer->isValid());
    QVERIFY(dialog.canSave());
    // A default of the engine cannot be renamed away.
    const int reset = rowOf(consumer->table(), u"auto.offset.reset"_s);
    QVERIFY(!(consumer->table()->item(reset, 0)->flags() & Qt::ItemIsEditable));
}

void TestSettingsDialog::badPriceDisablesSave()
{
    SettingsDialog dialog(iniPath());
    auto *prices = dialog.findChild<SettingsTable *>(u"pricing"_s);
    const int row = rowOf(prices->table(), u"gpt-4.1"_s);
    QVERIFY(row >= 0);
    prices->table()->item(row, 2)->setText(u"-1"_s);
    QVERIFY(!dialog.canSave());
    QVERIFY2(prices->message().contains(u"number from 0 to 10000"_s),
             qPrintable(prices->message()));
    prices->table()->item(row, 2)->setText(u"9.5"_s);
    QVERIFY(dialog.canSave());
}

void TestSettingsDialog::newTaskMustBeComplete()
{
    SettingsDialog dialog(iniPath());
    auto *tasks = dialog.findChild<SettingsTasksPage *>();
    tasks->addTask();
    QCOMPARE(tasks->taskList()->count(), 3);
    QVERIFY(!dialog.canSave()); // no prompt, no labels yet
    type(field(dialog, u"task/name"_s), u"urgency"_s);
    dialog.findChild<QPlainTextEdit *>(u"task/prompt"_s)->setPlainText(u"How urgent is it?"_s);
    type(field(dialog, u"task/categories"_s), u"low, high"_s);
    QVERIFY(dialog.canSave());
    type(field(dialog, u"task/name"_s), u"intent"_s); // taken
    QVERIFY(!dialog.canSave());
    type(field(dialog, u"task/name"_s), u"urgency"_s);
    dialog.save();
    QCOMPARE(dialog.result(), int(QDialog::Accepted));
    const EngineSettings s = reload();
    QCOMPARE(s.tasks.size(), 3);
    QCOMPARE(s.tasks.at(2).name, u"urgency"_s);
    QCOMPARE(s.tasks.at(2).labels, (QStringList{u"low"_s, u"high"_s}));
    QCOMPARE(s.tasks.at(2).model, u"deepseek-v3.2"_s);
}

void TestSettingsDialog::saveWritesWhatWasTyped()
{
    SettingsDialog dialog(iniPath());
    type(field(dialog, u"kafka/bootstrap.servers"_s), u"k1.example.com:9093,k2.example.com:9093"_s);
    auto *protocol = dialog.findChild<QComboBox *>(u"kafka/security.protocol"_s);
    protocol->setCurrentIndex(protocol->findData(u"sasl_ssl"_s));
    dialog.findChild<QComboBox *>(u"kafka/sasl.mechanism"_s)->setCurrentText(u"SCRAM-SHA-512"_s);
    type(field(dialog, u"kafka/sasl.username"_s), u"herder"_s);
    type(field(dialog, u"kafka/sasl.password"_s), u"p=ss,word"_s);
    type(field(dialog, u"kafka/ssl.ca.location"_s), u"/etc/ssl/ca.pem"_s);
    SettingsTable *producer =
        dialog.findChild<SettingsKafkaPage *>()->propertyTable(u"kafka.producer"_s);
    producer->table()->item(rowOf(producer->table(), u"linger.ms"_s), 1)->setText(u"20"_s);

    auto *tasks = dialog.findChild<SettingsTasksPage *>();
    QVERIFY(tasks->selectTask(u"intent"_s));
    type(field(dialog, u"task/model"_s), u"gpt-4o-mini"_s);
    type(field(dialog, u"task/fallback_model"_s), u"gpt-4.1"_s);

    auto *prices = dialog.findChild<SettingsTable *>(u"pricing"_s);
    prices->table()->item(rowOf(prices->table(), u"deepseek-v3.2"_s), 1)->setText(u"0.28"_s);
    type(field(dialog, u"limits/concurrency"_s), u"48"_s);
    type(field(dialog, u"budget/daily_usd"_s), u"12.5"_s);
    auto *language = dialog.findChild<QComboBox *>(u"ui/language"_s);
    language->setCurrentIndex(language->findData(u"vi"_s));
    dialog.findChild<SettingsLlmPage *>()->apiKeyEditor()->setText(QString::fromLatin1(kSecret));

    QVERIFY(dialog.canSave());
    dialog.save();
    QCOMPARE(dialog.result(), int(QDialog::Accepted));

    const EngineSettings s = reload();
    QCOMPARE(s.bootstrapServers(), "k1.example.com:9093,k2.example.com:9093"_ba);
    QCOMPARE(EngineSettings::property(s.kafka_common, "security.protocol"), "sasl_ssl"_ba);
    QCOMPARE(EngineSettings::property(s.kafka_common, "sasl.mechanism"), "SCRAM-SHA-512"_ba);
    QCOMPARE(EngineSettings::property(s.kafka_common, "sasl.username"), "herder"_ba);
    QCOMPARE(EngineSettings::property(s.kafka_common, "sasl.password"), "p=ss,word"_ba);
    QCOMPARE(EngineSettings::property(s.kafka_common, "ssl.ca.location"), "/etc/ssl/ca.pem"_ba);
    QCOMPARE(EngineSettings::property(s.kafka_producer, "linger.ms"), "20"_ba);
    QCOMPARE(EngineSettings::property(s.kafka_producer, "acks"), "all"_ba);
    QCOMPARE(s.tasks.at(1).name, u"intent"_s);
    QCOMPARE(s.tasks.at(1).model, u"gpt-4o-mini"_s);
    QCOMPARE(s.tasks.at(1).fallback_model, u"gpt-4.1"_s);
    QCOMPARE(s.tasks.at(0).model, u"deepseek-v3.2"_s);
    QCOMPARE(s.pricing.price(u"deepseek-v3.2"_s)->input_usd_per_mtok, 0.28);
    QCOMPARE(s.concurrency, 48);
    QCOMPARE(s.budget_daily_usd, 12.5);
    QCOMPARE(ConsoleSettings::readFile(iniPath()).language, u"vi"_s);
    QCOMPARE(dialog.savedSettings().concurrency, 48);

    QFile file(iniPath());
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QByteArray bytes = file.readAll();
    QVERIFY(!bytes.contains(kSecret));
    QVERIFY(!bytes.contains("api_key="));
    // The file now holds a SASL password: the rewrite keeps it private as it was (init()).
    QVERIFY(!(QFile::permissions(iniPath()) & (QFile::ReadOther | QFile::ReadGroup)));
}

void TestSettingsDialog::execReturnsAcceptedAfterSaving()
{
    SettingsDialog dialog(iniPath());
    type(field(dialog, u"limits/concurrency"_s), u"16"_s);
    QTimer::singleShot(0, &dialog, &SettingsDialog::save);
    QCOMPARE(dialog.exec(), int(QDialog::Accepted));
    QCOMPARE(reload().concurrency, 16);

    SettingsDialog cancelled(iniPath());
    type(field(cancelled, u"limits/concurrency"_s), u"8"_s);
    QTimer::singleShot(0, &cancelled, &SettingsDialog::reject);
    QCOMPARE(cancelled.exec(), int(QDialog::Rejected));
    QCOMPARE(reload().concurrency, 16);
}

void TestSettingsDialog::noKeychainMeansEnvironment()
{
    SettingsDialog dialog(iniPath());
    auto *page = dialog.findChild<SettingsLlmPage *>();
    QLabel *status = page->keyStatusLabel();
    QTRY_COMPARE(status->text(), u"No keychain available: set HERDER_API_KEY instead"_s);
    QCOMPARE(dialog.keychain()->state(), KeychainStore::State::Unavailable);
    QVERIFY(!page->apiKeyEditor()->isEnabled());

    type(field(dialog, u"llm/api_key_env"_s), u"MY_LLM_KEY"_s);
    QCOMPARE(status->text(), u"No keychain available: set MY_LLM_KEY instead"_s);

    // Even a key forced into the disabled box is not taken, stored or written anywhere.
    page->apiKeyEditor()->setText(QString::fromLatin1(kSecret));
    QVERIFY(dialog.enteredApiKey().isEmpty());
    dialog.save();
    QCOMPARE(dialog.result(), int(QDialog::Accepted));
    QCOMPARE(reload().api_key_env, u"MY_LLM_KEY"_s);
    QCOMPARE(filesContaining(m_dir->path(), kSecret), QStringList());
    QCOMPARE(filesContaining(m_home, kSecret), QStringList());
}

void TestSettingsDialog::apiKeyFromEnvironment()
{
    EngineSettings s;
    s.api_key_env = u"HERDER_TEST_KEY_VAR"_s;
    qputenv("HERDER_TEST_KEY_VAR", " sk-from-env \n");
    QCOMPARE(KeychainStore::apiKeyFromEnvironment(s), u"sk-from-env"_s);

    KeychainStore store;
    QSignalSpy resolved(&store, &KeychainStore::apiKeyResolved);
    store.resolveApiKey(s);
    QTRY_COMPARE(resolved.size(), 1);
    QCOMPARE(resolved.at(0).at(0).toString(), u"sk-from-env"_s);
    QCOMPARE(resolved.at(0).at(1).value<KeychainStore::Source>(),
             KeychainStore::Source::Environment);
    QCOMPARE(store.state(), KeychainStore::State::Unavailable);
    QVERIFY(!store.unavailableReason().isEmpty());

    qunsetenv("HERDER_TEST_KEY_VAR");
    store.resolveApiKey(s);
    QTRY_COMPARE(resolved.size(), 2);
    QCOMPARE(resolved.at(1).at(1).value<KeychainStore::Source>(), KeychainStore::Source::Missing);
}

void TestSettingsDialog::missingFileIsCreated()
{
    const QString path = m_dir->filePath(u"new/herder.ini"_s);
    QVERIFY(QDir().mkpath(m_dir->filePath(u"new"_s)));
    SettingsDialog dialog(path);
    QVERIFY(dialog.findChild<QLabel *>(u"settings/status"_s)->text().contains(u"does not exist"_s));
    QVERIFY(dialog.canSave());
    dialog.save();
    QCOMPARE(dialog.result(), int(QDialog::Accepted));
    QVERIFY(std::holds_alternative<EngineSettings>(SettingsLoader::loadFile(path)));
}

void TestSettingsDialog::brokenFileIsShown()
{
    QFile file(iniPath());
    QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
    file.write("[kafka]\nbootstrap.servers=b:9092\n[limits]\nconcurrency=abc\n");
    file.close();
    SettingsDialog dialog(iniPath());
    const QString status = dialog.findChild<QLabel *>(u"settings/status"_s)->text();
    QVERIFY2(status.contains(u"limits/concurrency"_s), qPrintable(status));
    QCOMPARE(field(dialog, u"kafka/bootstrap.servers"_s)->text(), u"b:9092"_s);
    QVERIFY(dialog.canSave());
    dialog.save();
    QCOMPARE(reload().bootstrapServers(), "b:9092"_ba);
}

int main(int argc, char **argv)
{
    // The test owns its whole environment: a home of its own (so "nothing on disk" can be
    // checked everywhere the console could write) and no D-Bus session, hence no keychain,
    // even on a desktop that has one.
    QTemporaryDir home;
    if (!home.isValid())
        qFatal("no temporary directory");
    qputenv("HOME", home.path().toLocal8Bit());
    qputenv("XDG_CONFIG_HOME", (home.path() + u"/.config"_s).toLocal8Bit());
    qputenv("XDG_DATA_HOME", (home.path() + u"/.local/share"_s).toLocal8Bit());
    qputenv("XDG_CACHE_HOME", (home.path() + u"/.cache"_s).toLocal8Bit());
    qputenv("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/herder-test-bus");
    qunsetenv("HERDER_API_KEY");
    QApplication app(argc, argv);
    QTEST_SET_MAIN_SOURCE_PATH
    TestSettingsDialog test(home.path());
    return QTest::qExec(&test, argc, argv);
}

#include "tst_settingsdialog.moc"
