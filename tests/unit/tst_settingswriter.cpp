// SettingsWriter: what it writes, SettingsLoader reads back field for field; the API key never
// reaches the file; settings the INI cannot express are errors that leave the old file alone.

#include "config/settingsloader.h"
#include "config/settingsschema.h"
#include "config/settingswriter.h"

#include <QFile>
#include <QSettings>
#include <QTemporaryDir>
#include <QTest>

#include <algorithm>
#include <memory>
#include <variant>

using namespace Qt::StringLiterals;
using herder::config::ConfigError;
using herder::config::EngineSetting;
using herder::config::EngineSettings;
using herder::config::engineSetting;
using herder::config::KafkaProperties;
using herder::config::ProcessingMode;
using herder::config::SettingsLoader;
using herder::config::SettingsWriter;
using herder::llm::ModelPrice;
using herder::llm::PricingTable;
using herder::llm::TaskSpec;

#if QT_POINTER_SIZE == 8
// A new EngineSettings field must reach the INI too. When this fires, teach SettingsWriter,
// differences() and everythingChanged() about the field, then update the size.
static_assert(sizeof(EngineSettings) == 584, "EngineSettings changed: check SettingsWriter");
#endif

namespace {

// librdkafka does not care about property order, and the loader keeps its defaults first.
KafkaProperties sorted(KafkaProperties props)
{
    std::sort(props.begin(), props.end());
    return props;
}

QStringList taskDifferences(const TaskSpec &a, const TaskSpec &b)
{
    QStringList d;
    const QString t = u"task."_s + a.name + u'/';
    if (a.name != b.name)
        d << t + u"name"_s;
    if (a.model != b.model)
        d << t + u"model"_s;
    if (a.fallback_model != b.fallback_model)
        d << t + u"fallback_model"_s;
    if (a.prompt != b.prompt)
        d << t + u"prompt"_s;
    if (a.labels != b.labels)
        d << t + u"labels"_s;
    if (a.score_key != b.score_key)
        d << t + u"score_key"_s;
    if (a.max_tokens != b.max_tokens)
        d << t + u"max_tokens"_s;
    if (a.temperature != b.temperature)
        d << t + u"temperature"_s;
    if (a.prompt_version != b.prompt_version)
        d << t + u"prompt_version"_s;
    return d;
}

bool samePrices(const PricingTable &a, const PricingTable &b)
{
    if (a.models() != b.models())
        return false;
    for (const QString &model : a.models()) {
        const ModelPrice pa = *a.price(model);
        const ModelPrice pb = *b.price(model);
        if (pa.input_usd_per_mtok != pb.input_usd_per_mtok ||
            pa.output_usd_per_mtok != pb.output_usd_per_mtok)
            return false;
    }
    return true;
}

/// The names of the fields that differ; api_key and simulated never go to the file.
QStringList differences(const EngineSettings &a, const EngineSettings &b)
{
    QStringList d;
#define HERDER_CHECK(field)                                                                        \
    if (!(a.field == b.field))                                                                     \
        d << u"" #field ""_s;
    HERDER_CHECK(group)
    HERDER_CHECK(connect_timeout_ms)
    HERDER_CHECK(source_topic)
    HERDER_CHECK(output_topic)
    HERDER_CHECK(retry_topic)
    HERDER_CHECK(dlq_topic)
    HERDER_CHECK(base_url)
    HERDER_CHECK(timeout_ms)
    HERDER_CHECK(api_key_env)
    HERDER_CHECK(ca_file)
    HERDER_CHECK(decode.text_pointer)
    HERDER_CHECK(decode.id_pointer)
    HERDER_CHECK(decode.max_text_chars)
    HERDER_CHECK(decode.max_payload_bytes)
    HERDER_CHECK(concurrency)
    HERDER_CHECK(adaptive)
    HERDER_CHECK(cache_max_entries)
    HERDER_CHECK(cache_ttl_ms)
    HERDER_CHECK(rate_per_s)
    HERDER_CHECK(mode)
    HERDER_CHECK(batch_size)
    HERDER_CHECK(combined_model)
    HERDER_CHECK(max_attempts)
    HERDER_CHECK(retry_window_ms)
    HERDER_CHECK(in_process_retries)
    HERDER_CHECK(max_inflight_messages)
    HERDER_CHECK(retry_base_ms)
    HERDER_CHECK(retry_cap_ms)
    HERDER_CHECK(circuit_cooldown_ms)
    HERDER_CHECK(drain_timeout_ms)
    HERDER_CHECK(transaction_interval_ms)
    HERDER_CHECK(transaction_max_messages)
    HERDER_CHECK(budget_hourly_usd)
    HERDER_CHECK(budget_daily_usd)
    HERDER_CHECK(ops_listen)
    HERDER_CHECK(ops_token)
    HERDER_CHECK(instance)
#undef HERDER_CHECK
    if (sorted(a.kafka_common) != sorted(b.kafka_common))
        d << u"kafka_common"_s;
    if (sorted(a.kafka_consumer) != sorted(b.kafka_consumer))
        d << u"kafka_consumer"_s;
    if (sorted(a.kafka_producer) != sorted(b.kafka_producer))
        d << u"kafka_producer"_s;
    if (a.tasks.size() != b.tasks.size())
        d << u"tasks"_s;
    else
        for (qsizetype i = 0; i < a.tasks.size(); ++i)
            d << taskDifferences(a.tasks.at(i), b.tasks.at(i));
    if (!samePrices(a.pricing, b.pricing))
        d << u"pricing"_s;
    return d;
}

QString describe(const std::variant<EngineSettings, ConfigError> &loaded)
{
    if (const auto *e = std::get_if<ConfigError>(&loaded))
        return e->toString();
    return u"<loaded>"_s;
}

/// Settings where every field differs from its default.
EngineSettings everythingChanged()
{
    EngineSettings s;
    s.kafka_common = {{"bootstrap.servers", "b1.example.com:9093,b2.example.com:9093"},
                      {"security.protocol", "sasl_ssl"},
                      {"sasl.mechanism", "SCRAM-SHA-512"},
                      {"sasl.username", "herder"},
                      {"sasl.password", "p=ss,w;rd#1"},
                      {"ssl.ca.location", "/etc/ssl/certs/ca bundle.pem"},
                      {"client.id", "herder-test"}};
    s.kafka_consumer = {{"auto.offset.reset", "latest"}, {"fetch.max.bytes", "1048576"}};
    s.kafka_producer = {
        {"acks", "1"},       {"enable.idempotence", "false"}, {"compression.type", "zstd"},
        {"linger.ms", "20"}, {"batch.size", "65536"},         {"transactional.id", "herder-tx-1"}};
    s.group = u"my-group"_s;
    s.connect_timeout_ms = 42000;
    s.source_topic = u"in"_s;
    s.output_topic = u"out"_s;
    s.retry_topic = u"again"_s;
    s.dlq_topic = u"dead.letters"_s;
    s.base_url = QUrl(u"http://127.0.0.1:8080/v1"_s);
    s.timeout_ms = 1234;
    s.api_key_env = u"MY_KEY"_s;
    s.ca_file = u"/etc/ssl/certs/ca-certificates.crt"_s; // any readable PEM file

    TaskSpec sentiment = TaskSpec::builtInSentiment();
    sentiment.model = u"gpt-4o-mini"_s;
    sentiment.fallback_model = u"gpt-4.1"_s;
    sentiment.max_tokens = 80;
    sentiment.temperature = 0.25;
    TaskSpec topic;
    topic.name = u"topic"_s;
    topic.model = u"claude-sonnet-4.5"_s;
    topic.prompt = u"Phân loại chủ đề của văn bản, \"ngắn gọn\"; a=b, c=d.\nLine two # not a "
                   "comment"_s;
    topic.labels = {u"billing"_s, u"shipping"_s, u"other"_s};
    topic.score_key = u"score"_s;
    topic.max_tokens = 30;
    topic.temperature = 1.5;
    topic.prompt_version = 3;
    s.tasks = {topic, sentiment}; // intent left out on purpose

    s.pricing.set(u"deepseek-v3.2"_s, ModelPrice{0.28, 0.42});
    s.pricing.set(u"my-local-model"_s, ModelPrice{0, 0.001});
    s.pricing.set(u"llama3:8b"_s, ModelPrice{0.05, 0.1});
    s.decode.text_pointer = u"/payload/body"_s;
    s.decode.id_pointer = QString();
    s.decode.max_text_chars = 500;
    s.decode.max_payload_bytes = 4096;

    s.concurrency = 7;
    s.adaptive = herder::config::AdaptiveMode::Off;
    s.cache_max_entries = 500;
    s.cache_ttl_ms = 120000;
    s.rate_per_s = 12.5;
    s.mode = ProcessingMode::Batch;
    s.batch_size = 16;
    s.combined_model = u"gpt-4.1"_s;
    s.max_attempts = 9;
    s.retry_window_ms = 120000;
    s.in_process_retries = 3;
    s.max_inflight_messages = 123;
    s.retry_base_ms = 150;
    s.retry_cap_ms = 90000;
    s.circuit_cooldown_ms = 1001;
    s.drain_timeout_ms = 2500;
    s.transaction_interval_ms = 250;
    s.transaction_max_messages = 400;
    s.budget_hourly_usd = 1.75;
    s.budget_daily_usd = 20;
    s.ops_listen = u"127.0.0.1:9464"_s;
    s.ops_token = u"t0ken=="_s;
    s.instance = u"herder-a"_s;
    return s;
}

} // namespace

class TestSettingsWriter : public QObject
{
    Q_OBJECT

private slots:
    void init();

    void defaultsRoundTrip();
    void shippedIniRoundTrips();
    void everyFieldRoundTrips();
    void passThroughValues_data();
    void passThroughValues();
    void secondsSurviveTruncation_data();
    void secondsSurviveTruncation();
    void apiKeyNeverWritten();
    void inexpressibleSettingsLeaveTheFileAlone_data();
    void inexpressibleSettingsLeaveTheFileAlone();
    void unwritablePathIsAnError();
    void uiLanguage_data();
    void uiLanguage();

private:
    QString path() const { return m_dir->filePath(u"herder.ini"_s); }
    /// Writes s, loads it back and returns what the loader made of it.
    EngineSettings roundTrip(const EngineSettings &s);
    QByteArray fileBytes() const;

    std::unique_ptr<QTemporaryDir> m_dir;
};

void TestSettingsWriter::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY2(m_dir->isValid(), qPrintable(m_dir->errorString()));
}

EngineSettings TestSettingsWriter::roundTrip(const EngineSettings &s)
{
    const auto error = SettingsWriter::writeFile(s, path());
    if (error) {
        qWarning("write failed: %s", qPrintable(error->toString()));
        return {};
    }
    const auto loaded = SettingsLoader::loadFile(path());
    if (!std::holds_alternative<EngineSettings>(loaded)) {
        qWarning("load failed: %s\n%s", qPrintable(describe(loaded)), fileBytes().constData());
        return {};
    }
    return std::get<EngineSettings>(loaded);
}

QByteArray TestSettingsWriter::fileBytes() const
{
    QFile file(path());
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

void TestSettingsWriter::defaultsRoundTrip()
{
    const EngineSettings s;
    QCOMPARE(differences(roundTrip(s), s), QStringList());
    // Built-in prompts and prices stay out of the file.
    QVERIFY(!fileBytes().contains("prompt="));
    QVERIFY(!fileBytes().contains("[pricing]\n") || !fileBytes().contains("gpt-4.1="));
}

void TestSettingsWriter::shippedIniRoundTrips()
{
    const QString shipped = QFINDTESTDATA("../resources/herder.ini");
    QVERIFY(!shipped.isEmpty());
    const auto loaded = SettingsLoader::loadFile(shipped);
    QVERIFY2(std::holds_alternative<EngineSettings>(loaded), qPrintable(describe(loaded)));
    const EngineSettings s = std::get<EngineSettings>(loaded);
    QCOMPARE(differences(roundTrip(s), s), QStringList());
}

void TestSettingsWriter::everyFieldRoundTrips()
{
    const EngineSettings s = everythingChanged();
    // Guard the fixture itself: every field outside the tasks differs from its default (37
    // scalars, three property lists, pricing), so a writer that skips one cannot pass.
    QStringList changed = differences(s, EngineSettings());
    changed.removeIf([](const QString &field) { return field.startsWith(u"task."); });
    QCOMPARE(changed.size(), 41);

    const EngineSettings back = roundTrip(s);
    QCOMPARE(differences(back, s), QStringList());
    QCOMPARE(back.tasks.at(0).name, u"topic"_s);
    QCOMPARE(back.tasks.at(1).name, u"sentiment"_s);
    QCOMPARE(back.pricing.price(u"deepseek-v3.2"_s)->input_usd_per_mtok, 0.28);
    QCOMPARE(back.pricing.price(u"my-local-model"_s)->output_usd_per_mtok, 0.001);
    // The file lists only the prices that differ from the shipped table.
    QVERIFY(!fileBytes().contains("gpt-4.1="));
    QVERIFY(fileBytes().contains("deepseek-v3.2=0.28, 0.42"));
}

void TestSettingsWriter::passThroughValues_data()
{
    QTest::addColumn<QByteArray>("name");
    QTest::addColumn<QByteArray>("value");
    QTest::newRow("sasl.jaas.config")
        << "sasl.jaas.config"_ba
        << "org.apache.kafka.common.security.plain.PlainLoginModule required "
           "username=\"u\" password=\"p=a,s;s\";"_ba;
    QTest::newRow("commas") << "bootstrap.servers"_ba
                            << "a:9092,b:9092, c:9092"_ba;
    QTest::newRow("equals") << "sasl.oauthbearer.config"_ba
                            << "principal=admin scope=a=b"_ba;
    QTest::newRow("hash and semicolon") << "client.id"_ba
                                        << "#one;two"_ba;
    QTest::newRow("backslashes") << "ssl.key.location"_ba
                                 << "C:\\keys\\client.pem"_ba;
    QTest::newRow("at sign") << "sasl.username"_ba
                             << "@variant"_ba;
    QTest::newRow("spaces") << "ssl.ca.location"_ba
                            << " /with spaces/ca.pem "_ba;
    QTest::newRow("unicode") << "client.rack"_ba
                             << "Hà Nội"_ba;
    QTest::newRow("empty") << "ssl.endpoint.identification.algorithm"_ba << QByteArray();
}

void TestSettingsWriter::passThroughValues()
{
    QFETCH(QByteArray, name);
    QFETCH(QByteArray, value);
    for (int section = 0; section < 3; ++section) {
        EngineSettings s;
        KafkaProperties &props = section == 0   ? s.kafka_common
                                 : section == 1 ? s.kafka_consumer
                                                : s.kafka_producer;
        EngineSettings::setProperty(props, name, value);
        if (name != "bootstrap.servers")
            EngineSettings::setProperty(props, "bootstrap.servers", "127.0.0.1:9092");
        const EngineSettings back = roundTrip(s);
        QCOMPARE(differences(back, s), QStringList());
        const KafkaProperties &back_props = section == 0   ? back.kafka_common
                                            : section == 1 ? back.kafka_consumer
                                                           : back.kafka_producer;
        QCOMPARE(EngineSettings::property(back_props, name), value);
    }
}

void TestSettingsWriter::secondsSurviveTruncation_data()
{
    QTest::addColumn<int>("ms");
    for (int ms : {100, 1234, 1001, 999, 2500, 30000, 599999, 600000})
        QTest::newRow(qPrintable(QString::number(ms))) << ms;
}

void TestSettingsWriter::secondsSurviveTruncation()
{
    QFETCH(int, ms);
    EngineSettings s;
    s.timeout_ms = ms;
    s.circuit_cooldown_ms = ms;
    s.drain_timeout_ms = ms;
    s.retry_window_ms = std::max(ms, 1000); // its range starts at 1 s
    const EngineSettings back = roundTrip(s);
    QCOMPARE(back.timeout_ms, ms);
    QCOMPARE(back.circuit_cooldown_ms, ms);
    QCOMPARE(back.drain_timeout_ms, ms);
    QCOMPARE(back.retry_window_ms, std::max(ms, 1000));
}

void TestSettingsWriter::apiKeyNeverWritten()
{
    EngineSettings s = everythingChanged();
    s.api_key = u"sk-very-secret-4711"_s;
    const EngineSettings back = roundTrip(s);
    QVERIFY(back.api_key.isEmpty());
    const QByteArray bytes = fileBytes();
    QVERIFY(!bytes.isEmpty());
    QVERIFY(!bytes.contains("sk-very-secret-4711"));
    QVERIFY(!bytes.contains("api_key="));
    QVERIFY(bytes.contains("api_key_env=MY_KEY"));
}

void TestSettingsWriter::inexpressibleSettingsLeaveTheFileAlone_data()
{
    QTest::addColumn<int>("which");
    QTest::addColumn<QString>("key");
    QTest::newRow("group.id") << 0 << u"kafka.consumer/group.id"_s;
    QTest::newRow("property name") << 1 << u"kafka/bad/name"_s;
    QTest::newRow("group as property") << 2 << u"kafka/group"_s;
    QTest::newRow("model with slash") << 3 << u"pricing/openai/gpt-x"_s;
    QTest::newRow("label with comma") << 4 << u"task.sentiment/categories"_s;
    QTest::newRow("task name") << 5 << u"llm/tasks"_s;
    QTest::newRow("task twice") << 6 << u"llm/tasks"_s;
}

void TestSettingsWriter::inexpressibleSettingsLeaveTheFileAlone()
{
    QFETCH(int, which);
    QFETCH(QString, key);
    QVERIFY(!SettingsWriter::writeFile(EngineSettings(), path()));
    const QByteArray before = fileBytes();

    EngineSettings s;
    switch (which) {
    case 0:
        s.kafka_consumer.append(std::pair(QByteArray("group.id"), QByteArray("g")));
        break;
    case 1:
        s.kafka_common.append(std::pair(QByteArray("bad/name"), QByteArray("x")));
        break;
    case 2:
        s.kafka_common.append(std::pair(QByteArray("group"), QByteArray("x")));
        break;
    case 3:
        s.pricing.set(u"openai/gpt-x"_s, ModelPrice{1, 2});
        break;
    case 4:
        s.tasks[0].labels << u"a,b"_s;
        break;
    case 5:
        s.tasks[0].name = u"a/b"_s;
        break;
    case 6:
        s.tasks << s.tasks.at(0);
        break;
    }
    const auto error = SettingsWriter::writeFile(s, path());
    QVERIFY(error);
    QCOMPARE(error->key, key);
    QCOMPARE(fileBytes(), before);
}

void TestSettingsWriter::unwritablePathIsAnError()
{
    const QString missing_dir = m_dir->filePath(u"no/such/dir/herder.ini"_s);
    const auto error = SettingsWriter::writeFile(EngineSettings(), missing_dir);
    QVERIFY(error);
    QCOMPARE(error->key, missing_dir);
    QVERIFY2(error->message.startsWith(u"cannot write"_s), qPrintable(error->message));
}

void TestSettingsWriter::uiLanguage_data()
{
    QTest::addColumn<QByteArray>("ini");
    QTest::addColumn<QString>("language");
    QTest::addColumn<QString>("error");
    QTest::newRow("vi") << "[ui]\nlanguage=vi\n"_ba << u"vi"_s << QString();
    QTest::newRow("EN") << "[ui]\nlanguage=EN\n"_ba << u"en"_s << QString();
    QTest::newRow("absent") << "[topics]\nsource=x\n"_ba << u"system"_s << QString();
    QTest::newRow("bad") << "[ui]\nlanguage=fr\n"_ba << QString()
                         << u"ui/language: 'fr' is not one of system, en, vi"_s;
    QTest::newRow("unknown key") << "[ui]\ntheme=dark\n"_ba << QString()
                                 << u"ui/theme: unknown key (known: language)"_s;
}

void TestSettingsWriter::uiLanguage()
{
    QFETCH(QByteArray, ini);
    QFETCH(QString, language);
    QFETCH(QString, error);
    QFile file(path());
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(ini);
    file.close();
    const auto loaded = SettingsLoader::loadFile(path());
    if (!error.isEmpty()) {
        QCOMPARE(describe(loaded), error);
        return;
    }
    QVERIFY2(std::holds_alternative<EngineSettings>(loaded), qPrintable(describe(loaded)));
    // The engine keeps nothing of [ui]: it checks the key, and the writer carries the
    // console's value through unchanged.
    const EngineSetting *spec = engineSetting(u"ui", u"language");
    const QSettings read(path(), QSettings::IniFormat);
    ConfigError unexpected;
    const auto value = read.contains(u"ui/language"_s)
                           ? spec->check(u"ui/language"_s, read.value(u"ui/language"_s).toString(),
                                         &unexpected)
                           : spec->defaultText();
    QCOMPARE(value, language);
    const SettingsWriter::OtherKeys console{{u"ui/language"_s, *value}};
    QCOMPARE(SettingsWriter::writeFile(std::get<EngineSettings>(loaded), path(), console),
             std::nullopt);
    QCOMPARE(QSettings(path(), QSettings::IniFormat).value(u"ui/language"_s).toString(), language);
}

QTEST_GUILESS_MAIN(TestSettingsWriter)
#include "tst_settingswriter.moc"
