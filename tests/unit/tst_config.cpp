// SettingsLoader on the shipped resources/herder.ini and on bad INI files: every bad value is an
// error naming its key and what is allowed.

#include "config/settingsloader.h"

#include <QFile>
#include <QTemporaryDir>
#include <QTest>

#include <memory>
#include <variant>

using namespace Qt::StringLiterals;
using herder::config::AdaptiveMode;
using herder::config::ConfigError;
using herder::config::EngineSettings;
using herder::config::KafkaProperties;
using herder::config::ProcessingMode;
using herder::config::SettingsLoader;

namespace {

using Loaded = std::variant<EngineSettings, ConfigError>;

QString describe(const Loaded &loaded)
{
    if (const auto *e = std::get_if<ConfigError>(&loaded))
        return e->toString();
    return u"<loaded without error>"_s;
}

KafkaProperties props(std::initializer_list<std::pair<QByteArray, QByteArray>> list)
{
    return KafkaProperties(list);
}

} // namespace

class TestConfig : public QObject
{
    Q_OBJECT

private slots:
    void init();

    void shippedIniLoads();
    void emptyPathGivesDefaults();
    void badIni_data();
    void badIni();
    void missingFile();
    void passThroughKeepsCommaSeparatedValues();
    void customTaskDefinedFully();
    void tasksListDecidesWhatRuns();
    void pricingAndBudget();
    void cacheAndAdaptive();
    void overridesThenValidate();

private:
    /// Writes `ini` into the temporary directory and loads it.
    Loaded load(const QByteArray &ini);
    EngineSettings loadOk(const QByteArray &ini);

    std::unique_ptr<QTemporaryDir> m_dir;
};

void TestConfig::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY2(m_dir->isValid(), qPrintable(m_dir->errorString()));
}

Loaded TestConfig::load(const QByteArray &ini)
{
    const QString path = m_dir->filePath(u"test.ini"_s);
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate))
        qFatal("cannot write %s", qPrintable(path));
    file.write(ini);
    file.close();
    return SettingsLoader::loadFile(path);
}

EngineSettings TestConfig::loadOk(const QByteArray &ini)
{
    const Loaded loaded = load(ini);
    if (!std::holds_alternative<EngineSettings>(loaded)) {
        qWarning("unexpected error: %s", qPrintable(describe(loaded)));
        return {};
    }
    return std::get<EngineSettings>(loaded);
}

void TestConfig::shippedIniLoads()
{
    const QString path = QFINDTESTDATA("../resources/herder.ini");
    QVERIFY2(!path.isEmpty(), "resources/herder.ini not found next to the test sources");
    const Loaded loaded = SettingsLoader::loadFile(path);
    QVERIFY2(std::holds_alternative<EngineSettings>(loaded), qPrintable(describe(loaded)));
    const EngineSettings s = std::get<EngineSettings>(loaded);

    QCOMPARE(s.kafka_common, props({{"bootstrap.servers", "127.0.0.1:9092"}}));
    QCOMPARE(s.bootstrapServers(), "127.0.0.1:9092"_ba);
    QCOMPARE(s.group, u"ai-stream-processor"_s);
    QCOMPARE(s.connect_timeout_ms, 10000);
    QCOMPARE(s.kafka_consumer, props({{"auto.offset.reset", "earliest"}}));
    QCOMPARE(s.kafka_producer.size(), 5);
    QCOMPARE(EngineSettings::property(s.kafka_producer, "acks"), "all"_ba);
    QCOMPARE(EngineSettings::property(s.kafka_producer, "enable.idempotence"), "true"_ba);
    QCOMPARE(EngineSettings::property(s.kafka_producer, "compression.type"), "lz4"_ba);
    QCOMPARE(EngineSettings::property(s.kafka_producer, "linger.ms"), "5"_ba);
    QCOMPARE(EngineSettings::property(s.kafka_producer, "batch.size"), "131072"_ba);

    QCOMPARE(s.source_topic, u"ai-events"_s);
    QCOMPARE(s.output_topic, u"ai-events-enriched"_s);
    QCOMPARE(s.retry_topic, u"ai-events-retry"_s);
    QCOMPARE(s.dlq_topic, u"ai-events-dlq"_s);

    QCOMPARE(s.base_url, QUrl(u"https://api.holysheep.ai/v1"_s));
    QCOMPARE(s.timeout_ms, 30000);
    QCOMPARE(s.api_key_env, u"HERDER_API_KEY"_s);
    QVERIFY(s.api_key.isEmpty());

    QCOMPARE(s.tasks.size(), 2);
    const auto &sentiment = s.tasks.at(0);
    QCOMPARE(sentiment.name, u"sentiment"_s);
    QCOMPARE(sentiment.model, u"deepseek-v3.2"_s);
    QCOMPARE(sentiment.max_tokens, 60);
    QCOMPARE(sentiment.temperature, 0.3);
    QCOMPARE(sentiment.labels, (QStringList{u"positive"_s, u"negative"_s, u"neutral"_s}));
    QCOMPARE(sentiment.score_key, u"score"_s);
    QVERIFY(!sentiment.prompt.isEmpty());
    const auto &intent = s.tasks.at(1);
    QCOMPARE(intent.name, u"intent"_s);
    QCOMPARE(intent.model, u"gemini-2.5-flash"_s);
    QCOMPARE(intent.max_tokens, 50);
    QCOMPARE(intent.temperature, 0.1);
    QCOMPARE(intent.labels,
             (QStringList{u"mua_hang"_s, u"ho_tro"_s, u"phan_hoi"_s, u"khac"_s}));
    QCOMPARE(intent.score_key, u"confidence"_s);
    QVERIFY(!intent.prompt.isEmpty());

    QCOMPARE(s.decode.text_pointer, u"/text"_s);
    QCOMPARE(s.decode.id_pointer, u"/id"_s);
    QCOMPARE(s.decode.max_text_chars, 1000);
    QCOMPARE(s.decode.max_payload_bytes, 262144);

    QCOMPARE(s.concurrency, 32);
    QCOMPARE(s.rate_per_s, 0.0);
    QCOMPARE(s.mode, ProcessingMode::PerTask);
    QCOMPARE(s.batch_size, 8);
    QCOMPARE(s.max_attempts, 5);
    QCOMPARE(s.in_process_retries, 2);
    QCOMPARE(s.max_inflight_messages, 2000);
    QCOMPARE(s.retry_base_ms, 200);
    QCOMPARE(s.retry_cap_ms, 60000);
    QCOMPARE(s.circuit_cooldown_ms, 15000);
    QCOMPARE(s.drain_timeout_ms, 20000);
    QCOMPARE(s.transaction_interval_ms, 100);
    QCOMPARE(s.transaction_max_messages, 1000);
    QVERIFY(!s.transactional());
    QCOMPARE(s.adaptive, AdaptiveMode::Auto);
    QCOMPARE(s.cache_max_entries, 100000);
    QCOMPARE(s.cache_ttl_ms, 3600 * 1000);

    QCOMPARE(s.budget_hourly_usd, 0.0);
    QCOMPARE(s.budget_daily_usd, 0.0);
    QVERIFY(s.ops_listen.isEmpty());
    QVERIFY(!s.simulated);
}

void TestConfig::emptyPathGivesDefaults()
{
    const Loaded loaded = SettingsLoader::loadFile(QString());
    QVERIFY2(std::holds_alternative<EngineSettings>(loaded), qPrintable(describe(loaded)));
    QCOMPARE(std::get<EngineSettings>(loaded).concurrency, 32);

    // A file that changes values really is read (the shipped file equals the defaults).
    const EngineSettings s = loadOk("[limits]\nconcurrency=7\nrate_per_s=12.5\nmode=batch\n"
                                    "circuit_cooldown_s=1.5\n[llm]\ntimeout_s=2.5\n");
    QCOMPARE(s.concurrency, 7);
    QCOMPARE(s.rate_per_s, 12.5);
    QCOMPARE(s.mode, ProcessingMode::Batch);
    QCOMPARE(s.circuit_cooldown_ms, 1500);
    QCOMPARE(s.timeout_ms, 2500);
}

void TestConfig::badIni_data()
{
    QTest::addColumn<QByteArray>("ini");
    QTest::addColumn<QString>("key");
    QTest::addColumn<QStringList>("says"); // each must appear in the message

    QTest::newRow("concurrency=abc")
        << "[limits]\nconcurrency=abc\n"_ba << u"limits/concurrency"_s
        << QStringList{u"'abc'"_s, u"whole number from 1 to 4096"_s};
    QTest::newRow("concurrency=0")
        << "[limits]\nconcurrency=0\n"_ba << u"limits/concurrency"_s
        << QStringList{u"'0'"_s, u"whole number from 1 to 4096"_s};
    QTest::newRow("rate_per_s=-1")
        << "[limits]\nrate_per_s=-1\n"_ba << u"limits/rate_per_s"_s
        << QStringList{u"'-1'"_s, u"is not a number from 0 to"_s};
    QTest::newRow("mode=turbo")
        << "[limits]\nmode=turbo\n"_ba << u"limits/mode"_s
        << QStringList{u"'turbo'"_s, u"per-task, combined, batch"_s};
    QTest::newRow("adaptive=maybe")
        << "[limits]\nadaptive=maybe\n"_ba << u"limits/adaptive"_s
        << QStringList{u"'maybe'"_s, u"auto, on, off"_s};
    QTest::newRow("cache max_entries=-1")
        << "[cache]\nmax_entries=-1\n"_ba << u"cache/max_entries"_s << QStringList{u"'-1'"_s};
    QTest::newRow("cache ttl_s=x")
        << "[cache]\nttl_s=x\n"_ba << u"cache/ttl_s"_s << QStringList{u"'x'"_s};
    QTest::newRow("cache size")
        << "[cache]\nsize=1\n"_ba << u"cache/size"_s
        << QStringList{u"unknown key"_s, u"max_entries, ttl_s"_s};
    QTest::newRow("base_url=ftp")
        << "[llm]\nbase_url=ftp://x\n"_ba << u"llm/base_url"_s
        << QStringList{u"'ftp://x'"_s, u"http:// or https:// URL with a host"_s};
    QTest::newRow("base_url=not a url")
        << "[llm]\nbase_url=not a url\n"_ba << u"llm/base_url"_s
        << QStringList{u"'not a url'"_s, u"http:// or https:// URL with a host"_s};
    QTest::newRow("timeout_s=0")
        << "[llm]\ntimeout_s=0\n"_ba << u"llm/timeout_s"_s
        << QStringList{u"'0'"_s, u"number from 0.1 to 600"_s};
    QTest::newRow("unknown section")
        << "[limts]\nconcurrency=4\n"_ba << u"[limts]"_s
        << QStringList{u"unknown section"_s, u"limits"_s, u"kafka.producer"_s, u"task.<name>"_s};
    QTest::newRow("unknown key in limits")
        << "[limits]\nconcurency=4\n"_ba << u"limits/concurency"_s
        << QStringList{u"unknown key"_s, u"concurrency"_s, u"rate_per_s"_s,
                       u"in_process_retries"_s};
    QTest::newRow("unknown key in topics")
        << "[topics]\nsauce=x\n"_ba << u"topics/sauce"_s
        << QStringList{u"unknown key"_s, u"source, output, retry, dlq"_s};
    QTest::newRow("unknown key in a task")
        << "[task.intent]\nmodle=m\n"_ba << u"task.intent/modle"_s
        << QStringList{u"unknown key"_s, u"model, prompt, categories"_s, u"fallback_model"_s};
    QTest::newRow("api_key in llm")
        << "[llm]\napi_key=sk-secret-in-ini\n"_ba << u"llm/api_key"_s
        << QStringList{u"never goes in the INI"_s, u"llm/api_key_env"_s};
    QTest::newRow("invalid topic name")
        << "[topics]\nsource=bad topic!\n"_ba << u"topics/source"_s
        << QStringList{u"'bad topic!'"_s, u"not a valid topic name (letters, digits"_s};
    QTest::newRow("two equal topics")
        << "[topics]\noutput=ai-events\n"_ba << u"topics"_s
        << QStringList{u"source, output, retry and dlq must be four different topics"_s};
    QTest::newRow("categories with one label")
        << "[task.intent]\ncategories=mua_hang\n"_ba << u"task.intent/categories"_s
        << QStringList{u"name at least two labels"_s};
    QTest::newRow("listed task without model")
        << "[llm]\ntasks=sentiment, topic\n"_ba << u"task.topic/model"_s
        << QStringList{u"is not set"_s};
    QTest::newRow("listed task without prompt")
        << "[llm]\ntasks=topic\n[task.topic]\nmodel=m1\ncategories=a, b\n"_ba
        << u"task.topic/prompt"_s << QStringList{u"is not set"_s};
    QTest::newRow("listed task without categories")
        << "[llm]\ntasks=topic\n[task.topic]\nmodel=m1\nprompt=p\n"_ba
        << u"task.topic/categories"_s << QStringList{u"name at least two labels"_s};
    QTest::newRow("task section not listed")
        << "[task.topic]\nmodel=m1\n"_ba << u"[task.topic]"_s
        << QStringList{u"not listed in llm/tasks"_s};
    QTest::newRow("empty task list")
        << "[llm]\ntasks=\n"_ba << u"llm/tasks"_s << QStringList{u"at least one task"_s};
    QTest::newRow("bad score_key")
        << "[task.intent]\nscore_key=certainty\n"_ba << u"task.intent/score_key"_s
        << QStringList{u"'certainty'"_s, u"score, confidence"_s};
    QTest::newRow("pricing with one number")
        << "[pricing]\ndeepseek-v3.2=0.28\n"_ba << u"pricing/deepseek-v3.2"_s
        << QStringList{u"input and output USD per million tokens"_s};
    QTest::newRow("pricing not a number")
        << "[pricing]\ndeepseek-v3.2=0.28, cheap\n"_ba << u"pricing/deepseek-v3.2"_s
        << QStringList{u"'cheap'"_s, u"number from 0 to 10000"_s};
    QTest::newRow("group.id in kafka.consumer")
        << "[kafka.consumer]\ngroup.id=g1\n"_ba << u"kafka.consumer/group.id"_s
        << QStringList{u"kafka/group"_s};
    QTest::newRow("empty bootstrap.servers")
        << "[kafka]\nbootstrap.servers=\n"_ba << u"kafka/bootstrap.servers"_s
        << QStringList{u"at least one broker (host:port)"_s};
    QTest::newRow("connect_timeout_s=0")
        << "[kafka]\nconnect_timeout_s=0\n"_ba << u"kafka/connect_timeout_s"_s
        << QStringList{u"whole number from 1 to 3600"_s};
    QTest::newRow("keys outside a section")
        << "concurrency=4\n[limits]\nmode=batch\n"_ba << u"concurrency"_s
        << QStringList{u"must stand in a section such as [kafka]"_s};
    QTest::newRow("decode pointer without slash")
        << "[decode]\ntext_pointer=text\n"_ba << u"decode/text_pointer"_s
        << QStringList{u"'text'"_s, u"JSON pointer such as /text"_s};
    QTest::newRow("retries not below attempts")
        << "[limits]\nmax_attempts=3\nin_process_retries=3\n"_ba << u"limits/in_process_retries"_s
        << QStringList{u"must be below limits/max_attempts"_s};
    QTest::newRow("retry cap below base")
        << "[limits]\nretry_base_ms=500\nretry_cap_ms=100\n"_ba << u"limits/retry_cap_ms"_s
        << QStringList{u"must not be below limits/retry_base_ms"_s};
}

void TestConfig::badIni()
{
    QFETCH(QByteArray, ini);
    QFETCH(QString, key);
    QFETCH(QStringList, says);

    const Loaded loaded = load(ini);
    QVERIFY2(std::holds_alternative<ConfigError>(loaded), "the bad INI loaded without error");
    const ConfigError error = std::get<ConfigError>(loaded);
    QCOMPARE(error.key, key);
    for (const QString &part : says)
        QVERIFY2(error.message.contains(part),
                 qPrintable(u"message '%1' lacks '%2'"_s.arg(error.message, part)));
    QCOMPARE(error.toString(), key + u": "_s + error.message);
    // A secret put where it does not belong is never echoed back.
    QVERIFY(!error.toString().contains(u"sk-secret-in-ini"_s));
}

void TestConfig::missingFile()
{
    const QString path = m_dir->filePath(u"does-not-exist.ini"_s);
    const Loaded loaded = SettingsLoader::loadFile(path);
    QVERIFY(std::holds_alternative<ConfigError>(loaded));
    const ConfigError error = std::get<ConfigError>(loaded);
    QCOMPARE(error.key, u"--config"_s);
    QCOMPARE(error.message, u"cannot read '%1'"_s.arg(path));

    // A directory is not a readable file either.
    const Loaded dir = SettingsLoader::loadFile(m_dir->path());
    QVERIFY(std::holds_alternative<ConfigError>(dir));
    QCOMPARE(std::get<ConfigError>(dir).key, u"--config"_s);
}

void TestConfig::passThroughKeepsCommaSeparatedValues()
{
    const EngineSettings s = loadOk("[kafka]\nbootstrap.servers=a:1,b:2\nclient.id=herder-7\n"
                                    "[kafka.consumer]\nauto.offset.reset=latest\n"
                                    "fetch.wait.max.ms=50\n"
                                    "[kafka.producer]\nacks=1\ndebug=broker,topic,msg\n");
    QCOMPARE(s.bootstrapServers(), "a:1,b:2"_ba);
    QCOMPARE(EngineSettings::property(s.kafka_common, "client.id"), "herder-7"_ba);
    QCOMPARE(s.kafka_common.size(), 2);
    QCOMPARE(EngineSettings::property(s.kafka_consumer, "auto.offset.reset"), "latest"_ba);
    QCOMPARE(EngineSettings::property(s.kafka_consumer, "fetch.wait.max.ms"), "50"_ba);
    QCOMPARE(s.kafka_consumer.size(), 2);
    QCOMPARE(EngineSettings::property(s.kafka_producer, "acks"), "1"_ba);
    QCOMPARE(EngineSettings::property(s.kafka_producer, "debug"), "broker,topic,msg"_ba);
    QCOMPARE(EngineSettings::property(s.kafka_producer, "compression.type"), "lz4"_ba);
    QCOMPARE(s.kafka_producer.size(), 6);
}

void TestConfig::customTaskDefinedFully()
{
    const EngineSettings s =
        loadOk("[llm]\ntasks=sentiment, topic\n"
               "[task.topic]\nmodel=qwen3-32b\nprompt=Name the topic of the text.\n"
               "categories=billing, shipping, product\nmax_tokens=40\ntemperature=0.2\n"
               "score_key=score\nprompt_version=3\n");
    QCOMPARE(s.tasks.size(), 2);
    QCOMPARE(s.tasks.at(0).name, u"sentiment"_s);
    QCOMPARE(s.tasks.at(0).model, u"deepseek-v3.2"_s);
    const auto &topic = s.tasks.at(1);
    QCOMPARE(topic.name, u"topic"_s);
    QCOMPARE(topic.model, u"qwen3-32b"_s);
    QCOMPARE(topic.prompt, u"Name the topic of the text."_s);
    QCOMPARE(topic.labels, (QStringList{u"billing"_s, u"shipping"_s, u"product"_s}));
    QCOMPARE(topic.max_tokens, 40);
    QCOMPARE(topic.temperature, 0.2);
    QCOMPARE(topic.score_key, u"score"_s);
    QCOMPARE(topic.prompt_version, 3);

    // A custom task takes "confidence" unless told otherwise; the built-in can be retuned.
    const EngineSettings t = loadOk("[llm]\ntasks=topic, intent\n"
                                    "[task.topic]\nmodel=m\nprompt=p\nlabels=x, y\n"
                                    "[task.intent]\nmodel=other-model\n");
    QCOMPARE(t.tasks.size(), 2);
    QCOMPARE(t.tasks.at(0).name, u"topic"_s);
    QCOMPARE(t.tasks.at(0).score_key, u"confidence"_s);
    QCOMPARE(t.tasks.at(0).labels, (QStringList{u"x"_s, u"y"_s}));
    QCOMPARE(t.tasks.at(1).name, u"intent"_s);
    QCOMPARE(t.tasks.at(1).model, u"other-model"_s);
    QCOMPARE(t.tasks.at(1).labels.size(), 4);
}

void TestConfig::tasksListDecidesWhatRuns()
{
    // The shipped file has sections for both built-ins; choosing one in llm/tasks runs only it.
    const EngineSettings s = loadOk("[llm]\ntasks=intent\n"
                                    "[task.sentiment]\nmodel=deepseek-v3.2\nmax_tokens=60\n"
                                    "[task.intent]\nmodel=gemini-2.5-flash\n");
    QCOMPARE(s.tasks.size(), 1);
    QCOMPARE(s.tasks.at(0).name, u"intent"_s);

    // The section of a task that is switched off is still checked.
    const Loaded bad = load("[llm]\ntasks=intent\n[task.sentiment]\nmax_tokens=0\n");
    QVERIFY(std::holds_alternative<ConfigError>(bad));
    QCOMPARE(std::get<ConfigError>(bad).key, u"task.sentiment/max_tokens"_s);
}

void TestConfig::pricingAndBudget()
{
    const EngineSettings s = loadOk("[pricing]\nmy-model=1.5, 4\n[budget]\nhourly_usd=2.5\n"
                                    "daily_usd=40\n[ops]\nlisten=127.0.0.1:9900\n"
                                    "[engine]\ninstance=worker-a\n");
    const auto price = s.pricing.price(u"my-model"_s);
    QVERIFY(price.has_value());
    QCOMPARE(price->input_usd_per_mtok, 1.5);
    QCOMPARE(price->output_usd_per_mtok, 4.0);
    QCOMPARE(s.budget_hourly_usd, 2.5);
    QCOMPARE(s.budget_daily_usd, 40.0);
    QCOMPARE(s.ops_listen, u"127.0.0.1:9900"_s);
    QCOMPARE(s.instance, u"worker-a"_s);
}

void TestConfig::cacheAndAdaptive()
{
    EngineSettings s = loadOk("[cache]\nmax_entries=0\nttl_s=90\n[limits]\nadaptive=ON\n");
    QCOMPARE(s.cache_max_entries, 0);
    QCOMPARE(s.cache_ttl_ms, 90000);
    QCOMPARE(s.adaptive, AdaptiveMode::On);
    QVERIFY(s.adaptiveConcurrency());
    s.adaptive = AdaptiveMode::Off;
    s.mode = ProcessingMode::Batch;
    QVERIFY(!s.adaptiveConcurrency());
    // Auto: on in batch mode only.
    s.adaptive = AdaptiveMode::Auto;
    QVERIFY(s.adaptiveConcurrency());
    s.mode = ProcessingMode::Combined;
    QVERIFY(!s.adaptiveConcurrency());
    QCOMPARE(loadOk("[limits]\nadaptive=off\n").adaptive, AdaptiveMode::Off);
}

void TestConfig::overridesThenValidate()
{
    EngineSettings s = loadOk("[limits]\nmax_attempts=4\nin_process_retries=1\n");
    QCOMPARE(s.max_attempts, 4);
    QCOMPARE(s.in_process_retries, 1);
    QVERIFY(!SettingsLoader::validate(s).has_value());

    // As the command line does: overrides on top of the file, then the cross-field checks.
    s.in_process_retries = 4;
    auto error = SettingsLoader::validate(s);
    QVERIFY(error.has_value());
    QCOMPARE(error->key, u"limits/in_process_retries"_s);
    QCOMPARE(error->message, u"must be below limits/max_attempts"_s);

    s.in_process_retries = 3;
    QVERIFY(!SettingsLoader::validate(s).has_value());

    s.dlq_topic = s.source_topic;
    error = SettingsLoader::validate(s);
    QVERIFY(error.has_value());
    QCOMPARE(error->key, u"topics"_s);

    s.dlq_topic = u"ai-events-dlq"_s;
    EngineSettings::setProperty(s.kafka_common, "bootstrap.servers", QByteArray());
    error = SettingsLoader::validate(s);
    QVERIFY(error.has_value());
    QCOMPARE(error->key, u"kafka/bootstrap.servers"_s);
}

QTEST_GUILESS_MAIN(TestConfig)
#include "tst_config.moc"
