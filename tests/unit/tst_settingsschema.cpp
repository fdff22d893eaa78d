// config/settingsschema.h: the one list of the INI's keys, their types, ranges and meaning, and
// resources/herder.ini, which documents every one of them with its real default and range.

#include "config/limits.h"
#include "config/settingsschema.h"
#include "config/settingswriter.h"
#include "control/adaptiveconcurrency.h"

#include <QFile>
#include <QRegularExpression>
#include <QSettings>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using herder::config::ConfigError;
using herder::config::EngineSetting;
using herder::config::EngineSettings;
using herder::config::kEngineSettings;
using herder::config::kTaskSettings;
using herder::config::Limits;
using herder::config::SettingType;
using herder::config::SettingsWriter;
using herder::config::TaskSetting;
using herder::llm::TaskSpec;

namespace {

/// One `key=value` line of the shipped INI (or `;key=value`, an optional key shown unset) and
/// the comment block right above it, joined into one line.
struct IniLine
{
    QString value;
    bool commented_out = false;
    QString comment;
};

/// section -> key -> line, read as text: QSettings would drop the comments.
QHash<QString, QHash<QString, IniLine>> shippedIni(QString *all_comments)
{
    QFile file(u":/herder/herder.ini"_s);
    if (!file.open(QIODevice::ReadOnly))
        qFatal("the shipped herder.ini is not in the resources");
    static const QRegularExpression assignment(u"^;?\\s*([A-Za-z0-9_.]+)=(.*)$"_s);
    QHash<QString, QHash<QString, IniLine>> ini;
    QString section;
    QStringList block;
    for (const QString &raw : QString::fromUtf8(file.readAll()).split(u'\n')) {
        const QString line = raw.trimmed();
        if (line.startsWith(u'[')) {
            section = line.mid(1, line.size() - 2);
            block.clear();
            continue;
        }
        const auto m = assignment.match(line);
        if (m.hasMatch() && !section.isEmpty()) {
            ini[section][m.captured(1)] = {m.captured(2).trimmed(), line.startsWith(u';'),
                                           block.join(u' ')};
            block.clear();
        } else if (line.startsWith(u';')) {
            block << line.mid(1).trimmed();
            *all_comments += line.mid(1).trimmed() + u' ';
        } else {
            block.clear();
        }
    }
    return ini;
}

QString qs(std::string_view text)
{
    return QString::fromUtf8(text.data(), qsizetype(text.size()));
}

bool hasField(const EngineSetting &s)
{
    return !std::holds_alternative<std::monostate>(s.field);
}

} // namespace

class TestSettingsSchema : public QObject
{
    Q_OBJECT

private slots:
    void shippedIniDocumentsEveryKey();
    void shippedIniDocumentsEveryTaskKey();
    void adaptiveDocumentationMatchesTheController();
    void everyKeyReadsBackWhatItWrites();
    void outOfRangeNamesTheKeyAndTheRange();
    void limitsShareTheSchemasRanges();
    void knownKeysComeFromTheSchema();
    void writerChecksTheConsolesKeys();
};

void TestSettingsSchema::shippedIniDocumentsEveryKey()
{
    QString comments;
    const auto ini = shippedIni(&comments);
    for (const EngineSetting &s : kEngineSettings) {
        const QString name = s.name();
        QVERIFY2(ini.value(qs(s.section)).contains(qs(s.key)),
                 qPrintable(name + u" is not in herder.ini; document it as:\n; "_s + s.describe()));
        const IniLine line = ini.value(qs(s.section)).value(qs(s.key));
        // An optional key may stand commented out (unset); any other shows its default.
        QVERIFY2(!line.commented_out || s.optional, qPrintable(name + u" is commented out"_s));
        if (!line.commented_out)
            QVERIFY2(line.value == s.defaultText(),
                     qPrintable(u"%1=%2 in herder.ini, but the default is %3"_s.arg(
                         name, line.value, s.defaultText())));
        QVERIFY2(line.comment.contains(s.describe()),
                 qPrintable(u"the comment above %1 in herder.ini is\n  %2\nbut should say\n  %3"_s
                                .arg(name, line.comment, s.describe())));
    }
}

void TestSettingsSchema::shippedIniDocumentsEveryTaskKey()
{
    QString comments;
    const auto ini = shippedIni(&comments);
    for (const TaskSetting &s : kTaskSettings) {
        const QString doc = qs(s.key) + u": "_s + s.describe();
        QVERIFY2(comments.contains(doc), qPrintable(u"herder.ini does not document " + doc));
    }
    // The built-in tasks' sections show their real defaults.
    for (const TaskSpec &task : {TaskSpec::builtInSentiment(), TaskSpec::builtInIntent()}) {
        const auto section = ini.value(u"task."_s + task.name);
        QVERIFY2(!section.isEmpty(), qPrintable(task.name));
        for (auto it = section.begin(); it != section.end(); ++it) {
            const TaskSetting *s = herder::config::taskSetting(it.key());
            QVERIFY2(s, qPrintable(it.key()));
            QCOMPARE(it->value, s->text(task));
        }
    }
}

void TestSettingsSchema::adaptiveDocumentationMatchesTheController()
{
    // The drift that made this test: the INI said a 429 multiplies the limit by 0.7 while the
    // controller used 0.85.
    const herder::control::AdaptiveConcurrency::Tuning tuning;
    const QString doc = qs(herder::config::settingAt("limits", "adaptive").doc);
    QVERIFY2(doc.contains(u"x"_s + QString::number(tuning.decrease_factor)), qPrintable(doc));
    QVERIFY2(doc.contains(u"from "_s + QString::number(tuning.initial)), qPrintable(doc));
    QVERIFY2(doc.contains(u"median latency doubles"_s) && tuning.latency_factor == 2.0,
             qPrintable(doc));
}

void TestSettingsSchema::everyKeyReadsBackWhatItWrites()
{
    int checked = 0;
    for (const EngineSetting &s : kEngineSettings) {
        if (!hasField(s))
            continue;
        const EngineSettings defaults;
        const QString text = s.text(defaults);
        if (text.isEmpty() && s.optional)
            continue;
        EngineSettings back;
        s.reset(back);
        // Through a different owner, so a read that stores nothing cannot pass.
        EngineSettings other;
        const auto error = s.read(other, s.name(), text);
        QVERIFY2(!error, qPrintable(s.name() + u": "_s + (error ? error->toString() : QString())));
        QCOMPARE(s.text(other), text);
        ++checked;
    }
    QVERIFY(checked >= 30);

    // Seconds are held as milliseconds, and a value changes its field.
    EngineSettings e;
    QCOMPARE(herder::config::settingAt("limits", "drain_timeout_s").read(e, u"k"_s, u"2.5"_s),
             std::nullopt);
    QCOMPARE(e.drain_timeout_ms, 2500);
    QCOMPARE(herder::config::settingAt("kafka", "connect_timeout_s").read(e, u"k"_s, u"7"_s),
             std::nullopt);
    QCOMPARE(e.connect_timeout_ms, 7000);
    QCOMPARE(herder::config::settingAt("limits", "mode").read(e, u"k"_s, u" Batch "_s),
             std::nullopt);
    QCOMPARE(e.mode, herder::config::ProcessingMode::Batch);
    QCOMPARE(herder::config::settingAt("decode", "max_text_chars").read(e, u"k"_s, u"12"_s),
             std::nullopt);
    QCOMPARE(e.decode.max_text_chars, 12);
    herder::config::settingAt("decode", "max_text_chars").reset(e);
    QCOMPARE(e.decode.max_text_chars, EngineSettings().decode.max_text_chars);

    TaskSpec task;
    const TaskSetting &labels = kTaskSettings[2];
    QCOMPARE(qs(labels.key), u"categories"_s);
    QCOMPARE(labels.read(task, u"k"_s, u"a, b ,c"_s), std::nullopt);
    QCOMPARE(task.labels, QStringList({u"a"_s, u"b"_s, u"c"_s}));
    QCOMPARE(labels.read(task, u"task.x/categories"_s, u"a"_s)->toString(),
             u"task.x/categories: name at least two labels"_s);
}

void TestSettingsSchema::outOfRangeNamesTheKeyAndTheRange()
{
    for (const EngineSetting &s : kEngineSettings) {
        if (s.type != SettingType::Integer && s.type != SettingType::Number)
            continue;
        EngineSettings e;
        const QString above = QString::number(s.max + 1, 'f', 0);
        const auto error = s.read(e, s.name(), above);
        QVERIFY2(error, qPrintable(s.name() + u" accepts "_s + above));
        QCOMPARE(error->key, s.name());
        QVERIFY2(error->message.endsWith(s.accepts().section(u' ', 0, 2)),
                 qPrintable(error->message + u" / "_s + s.accepts()));
        QVERIFY(s.read(e, s.name(), QString::number(s.min - 1, 'f', 0)).has_value());
        QVERIFY(!s.read(e, s.name(), QString::number(s.min, 'g', 10)).has_value());
    }
    EngineSettings e;
    const auto bad = herder::config::settingAt("limits", "adaptive").read(e, u"x"_s, u"maybe"_s);
    QCOMPARE(bad->toString(), u"x: 'maybe' is not one of auto, on, off"_s);
    QCOMPARE(herder::config::settingAt("limits", "concurrency").describe(),
             u"The most LLM calls in flight at once. (1 to 4096 calls)"_s);
}

void TestSettingsSchema::limitsShareTheSchemasRanges()
{
    const EngineSetting &c = herder::config::settingAt("limits", "concurrency");
    QCOMPARE(Limits::kConcurrency.min, int(c.min));
    QCOMPARE(Limits::kConcurrency.max, int(c.max));
    QCOMPARE(Limits::kBatchSize.max, int(herder::config::settingAt("limits", "batch_size").max));
    QCOMPARE(Limits::kRate_per_s.max, herder::config::settingAt("limits", "rate_per_s").max);
    QCOMPARE(Limits::names(), QStringList({u"concurrency"_s, u"rate_per_s"_s, u"mode"_s,
                                           u"batch_size"_s, u"budget_hourly_usd"_s,
                                           u"budget_daily_usd"_s}));
    QCOMPARE(Limits::setting(u"budget_daily_usd"), &herder::config::settingAt("budget", "daily_usd"));
    Limits l;
    QCOMPARE(l.set(u"batch_size", u"batch_size"_s, u"17"_s), std::nullopt);
    QCOMPARE(l.batch_size, 17);
    QVERIFY(!l.concurrency);
    QVERIFY(l.set(u"batch_size", u"batch_size"_s, u"300"_s).has_value());
    QCOMPARE(l.batch_size, 17);
    QVERIFY(l.set(u"colour", u"colour"_s, u"1"_s).has_value());
}

void TestSettingsSchema::knownKeysComeFromTheSchema()
{
    QCOMPARE(herder::config::knownKeys(u"cache"), u"max_entries, ttl_s"_s);
    QCOMPARE(herder::config::knownKeys(u"ui"), u"language"_s);
    QCOMPARE(herder::config::knownKeys(u"task.intent"),
             u"model, prompt, categories (or labels), max_tokens, temperature, score_key, "
             "prompt_version, fallback_model"_s);
    QCOMPARE(herder::config::knownKeys(u"nonsense"), QString());
    QCOMPARE(herder::config::engineSetting(u"limits", u"concurrency"),
             &herder::config::settingAt("limits", "concurrency"));
    QCOMPARE(herder::config::engineSetting(u"limits", u"colour"), nullptr);
    QCOMPARE(herder::config::taskSetting(u"labels"), herder::config::taskSetting(u"categories"));
}

void TestSettingsSchema::writerChecksTheConsolesKeys()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(u"h.ini"_s);
    const EngineSettings s;
    const auto engines = SettingsWriter::writeFile(s, path, {{u"limits/concurrency"_s, u"3"_s}});
    QVERIFY(engines.has_value());
    QCOMPARE(engines->key, u"limits/concurrency"_s);
    const auto unknown = SettingsWriter::writeFile(s, path, {{u"ui/theme"_s, u"dark"_s}});
    QVERIFY(unknown.has_value());
    const auto bad = SettingsWriter::writeFile(s, path, {{u"ui/language"_s, u"fr"_s}});
    QCOMPARE(bad->toString(), u"ui/language: 'fr' is not one of system, en, vi"_s);
    QVERIFY(!QFile::exists(path));
    QCOMPARE(SettingsWriter::writeFile(s, path, {{u"ui/language"_s, u" VI"_s}}), std::nullopt);
    QCOMPARE(QSettings(path, QSettings::IniFormat).value(u"ui/language"_s).toString(), u"vi"_s);
}

QTEST_GUILESS_MAIN(TestSettingsSchema)
#include "tst_settingsschema.moc"
