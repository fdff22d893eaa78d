#include "config/settingsloader.h"

#include "config/limits.h"
#include "config/valueparser.h"

#include <QFileInfo>
#include <QSslCertificate>
#include <QSettings>

namespace herder::config {
namespace {

// QSettings splits comma-separated values into lists; the INI's text is what we want back.
QString text(const QSettings &ini, const QString &key, const QString &separator = QStringLiteral(", "))
{
    const QVariant v = ini.value(key);
    if (v.metaType().id() == QMetaType::QStringList)
        return v.toStringList().join(separator);
    return v.toString();
}

QStringList list(const QSettings &ini, const QString &key)
{
    QStringList items;
    for (const QString &item : text(ini, key, QStringLiteral(",")).split(u','))
        if (!item.trimmed().isEmpty())
            items << item.trimmed();
    return items;
}

/// The keys a section accepts, for the "unknown key" message.
QString knownKeys(const QString &group)
{
    if (group == u"topics")
        return QStringLiteral("source, output, retry, dlq");
    if (group == u"llm")
        return QStringLiteral("base_url, timeout_s, api_key_env, ca_file, tasks");
    if (group.startsWith(u"task."))
        return QStringLiteral("model, prompt, categories (or labels), max_tokens, temperature, "
                              "score_key, prompt_version, fallback_model");
    if (group == u"decode")
        return QStringLiteral("text_pointer, id_pointer, max_text_chars, max_payload_bytes");
    if (group == u"limits")
        return QStringLiteral("concurrency, adaptive, rate_per_s, mode, batch_size, "
                              "combined_model, max_attempts, in_process_retries, max_inflight_messages, "
                              "retry_base_ms, retry_cap_ms, circuit_cooldown_s, drain_timeout_s, "
                              "transaction_interval_ms, transaction_max_messages");
    if (group == u"cache")
        return QStringLiteral("max_entries, ttl_s");
    if (group == u"budget")
        return QStringLiteral("hourly_usd, daily_usd");
    if (group == u"ops")
        return QStringLiteral("listen, token");
    if (group == u"engine")
        return QStringLiteral("instance");
    if (group == u"ui")
        return QStringLiteral("language");
    return {};
}

std::optional<ConfigError> unknownKey(const QString &group, const QString &key)
{
    return ConfigError{group + u'/' + key,
                       QStringLiteral("unknown key (known: %1)").arg(knownKeys(group))};
}

class Reader
{
public:
    Reader(QSettings &ini, EngineSettings &s) : m_ini(ini), m_s(s), m_parse(&m_error) {}

    std::optional<ConfigError> run()
    {
        const QStringList groups = m_ini.childGroups();
        for (const QString &group : groups) {
            m_ini.beginGroup(group);
            const bool ok = readGroup(group);
            m_ini.endGroup();
            if (!ok)
                return m_error;
        }
        if (!m_ini.childKeys().isEmpty())
            return ConfigError{m_ini.childKeys().constFirst(),
                               QStringLiteral("keys must stand in a section such as [kafka]")};
        return std::nullopt;
    }

private:
    QString key(const QString &k) const { return m_ini.group() + u'/' + k; }

    bool fail(std::optional<ConfigError> e)
    {
        m_error = *e;
        return false;
    }

    template <typename T, typename F> bool set(T &field, F &&parsed)
    {
        if (!parsed)
            return false;
        field = *parsed;
        return true;
    }

    bool readGroup(const QString &group)
    {
        if (group == u"kafka" || group == u"kafka.consumer" || group == u"kafka.producer")
            return readKafka(group);
        if (group == u"topics")
            return readTopics();
        if (group == u"llm")
            return readLlm();
        if (group.startsWith(u"task."))
            return readTask(group.mid(5));
        if (group == u"decode")
            return readDecode();
        if (group == u"limits")
            return readLimits();
        if (group == u"cache")
            return readCache();
        if (group == u"pricing")
            return readPricing();
        if (group == u"budget")
            return readBudget();
        if (group == u"ops")
            return readOps();
        if (group == u"engine")
            return readEngine();
        if (group == u"ui")
            return readUi();
        return fail(ConfigError{QStringLiteral("[%1]").arg(group),
                                QStringLiteral("unknown section (known: kafka, kafka.consumer, "
                                               "kafka.producer, topics, llm, task.<name>, decode, "
                                               "limits, cache, pricing, budget, ops, engine, "
                                               "ui)")});
    }

    bool readKafka(const QString &group)
    {
        KafkaProperties &props = group == u"kafka"            ? m_s.kafka_common
                                 : group == u"kafka.consumer" ? m_s.kafka_consumer
                                                              : m_s.kafka_producer;
        for (const QString &k : m_ini.childKeys()) {
            if (group == u"kafka" && k == u"group") {
                if (!set(m_s.group, m_parse.nonEmpty(key(k), text(m_ini, k))))
                    return false;
            } else if (group == u"kafka" && k == u"connect_timeout_s") {
                const auto s = m_parse.integer(key(k), text(m_ini, k), 1, 3600);
                if (!s)
                    return false;
                m_s.connect_timeout_ms = *s * 1000;
            } else if (k == u"group.id") {
                return fail(ConfigError{key(k), QStringLiteral("set the group with kafka/group")});
            } else {
                EngineSettings::setProperty(props, k.toUtf8(),
                                            text(m_ini, k, QStringLiteral(",")).toUtf8());
            }
        }
        return true;
    }

    bool readTopics()
    {
        for (const QString &k : m_ini.childKeys()) {
            QString *field = k == u"source"   ? &m_s.source_topic
                             : k == u"output" ? &m_s.output_topic
                             : k == u"retry"  ? &m_s.retry_topic
                             : k == u"dlq"    ? &m_s.dlq_topic
                                              : nullptr;
            if (!field)
                return fail(unknownKey(m_ini.group(), k));
            if (!set(*field, m_parse.topic(key(k), text(m_ini, k))))
                return false;
        }
        return true;
    }

    bool readLlm()
    {
        for (const QString &k : m_ini.childKeys()) {
            const QString v = text(m_ini, k);
            if (k == u"base_url") {
                if (!set(m_s.base_url, m_parse.httpUrl(key(k), v)))
                    return false;
            } else if (k == u"timeout_s") {
                const auto s = m_parse.number(key(k), v, 0.1, 600);
                if (!s)
                    return false;
                m_s.timeout_ms = int(*s * 1000);
            } else if (k == u"api_key_env") {
                if (!set(m_s.api_key_env, m_parse.nonEmpty(key(k), v)))
                    return false;
            } else if (k == u"api_key") {
                return fail(ConfigError{key(k), QStringLiteral("the API key never goes in the INI: "
                                                               "set the environment variable "
                                                               "named by llm/api_key_env")});
            } else if (k == u"ca_file") {
                if (!v.isEmpty() && QSslCertificate::fromPath(v, QSsl::Pem).isEmpty())
                    return fail(ConfigError{key(k), QStringLiteral("'%1' holds no PEM certificate "
                                                                   "(or cannot be read)")
                                                        .arg(v)});
                m_s.ca_file = v;
            } else if (k == u"tasks") {
                if (!selectTasks(key(k), list(m_ini, k)))
                    return false;
            } else {
                return fail(unknownKey(m_ini.group(), k));
            }
        }
        return true;
    }

    bool selectTasks(const QString &k, const QStringList &names)
    {
        if (names.isEmpty())
            return fail(ConfigError{k, QStringLiteral("name at least one task")});
        QList<llm::TaskSpec> tasks;
        for (const QString &name : names) {
            llm::TaskSpec *existing = findTask(name);
            if (existing)
                tasks << *existing;
            else {
                llm::TaskSpec custom;
                custom.name = name;
                custom.score_key = QStringLiteral("confidence");
                tasks << custom;
            }
        }
        m_s.tasks = tasks;
        return true;
    }

    llm::TaskSpec *findTask(const QString &name)
    {
        for (llm::TaskSpec &t : m_s.tasks)
            if (t.name == name)
                return &t;
        return nullptr;
    }

    bool readTask(const QString &name)
    {
        llm::TaskSpec *task = findTask(name);
        // A built-in left out of llm/tasks keeps its section (the shipped INI has both): the
        // section is still checked, but the task stays off.
        llm::TaskSpec unselected;
        if (!task) {
            if (name == u"sentiment")
                unselected = llm::TaskSpec::builtInSentiment();
            else if (name == u"intent")
                unselected = llm::TaskSpec::builtInIntent();
            else
                return fail(ConfigError{
                    QStringLiteral("[task.%1]").arg(name),
                    QStringLiteral("task '%1' is not listed in llm/tasks").arg(name)});
            task = &unselected;
        }
        for (const QString &k : m_ini.childKeys()) {
            const QString v = text(m_ini, k);
            if (k == u"model") {
                if (!set(task->model, m_parse.nonEmpty(key(k), v)))
                    return false;
            } else if (k == u"fallback_model") {
                task->fallback_model = v.trimmed();
            } else if (k == u"prompt") {
                if (!set(task->prompt, m_parse.nonEmpty(key(k), v)))
                    return false;
            } else if (k == u"max_tokens") {
                if (!set(task->max_tokens, m_parse.integer(key(k), v, 1, 32768)))
                    return false;
            } else if (k == u"temperature") {
                if (!set(task->temperature, m_parse.number(key(k), v, 0, 2)))
                    return false;
            } else if (k == u"categories" || k == u"labels") {
                const QStringList labels = list(m_ini, k);
                if (labels.size() < 2)
                    return fail(ConfigError{key(k), QStringLiteral("name at least two labels")});
                task->labels = labels;
            } else if (k == u"score_key") {
                if (v != u"score" && v != u"confidence")
                    return fail(ConfigError{
                        key(k), QStringLiteral("'%1' is not one of score, confidence").arg(v)});
                task->score_key = v;
            } else if (k == u"prompt_version") {
                if (!set(task->prompt_version, m_parse.integer(key(k), v, 1, 1000000)))
                    return false;
            } else {
                return fail(unknownKey(m_ini.group(), k));
            }
        }
        return true;
    }

    bool readDecode()
    {
        pipeline::DecodeSettings &d = m_s.decode;
        for (const QString &k : m_ini.childKeys()) {
            const QString v = text(m_ini, k);
            bool ok = true;
            if (k == u"text_pointer" || k == u"id_pointer") {
                if (!v.isEmpty() && !v.startsWith(u'/'))
                    return fail(ConfigError{
                        key(k), QStringLiteral("'%1' is not a JSON pointer such as /text").arg(v)});
                (k == u"text_pointer" ? d.text_pointer : d.id_pointer) = v;
            } else if (k == u"max_text_chars") {
                ok = set(d.max_text_chars, m_parse.integer(key(k), v, 1, 1000000));
            } else if (k == u"max_payload_bytes") {
                ok = set(d.max_payload_bytes, m_parse.integer(key(k), v, 64, 100 * 1024 * 1024));
            } else {
                return fail(unknownKey(m_ini.group(), k));
            }
            if (!ok)
                return false;
        }
        return true;
    }

    bool readLimits()
    {
        for (const QString &k : m_ini.childKeys()) {
            const QString v = text(m_ini, k);
            const QString kk = key(k);
            bool ok = true;
            if (k == u"concurrency")
                ok = set(m_s.concurrency, m_parse.integer(kk, v, Limits::kConcurrency.min, Limits::kConcurrency.max));
            else if (k == u"adaptive")
                ok = set(m_s.adaptive, m_parse.adaptive(kk, v));
            else if (k == u"rate_per_s")
                ok = set(m_s.rate_per_s, m_parse.number(kk, v, Limits::kRate_per_s.min, Limits::kRate_per_s.max));
            else if (k == u"mode")
                ok = set(m_s.mode, m_parse.mode(kk, v));
            else if (k == u"batch_size")
                ok = set(m_s.batch_size, m_parse.integer(kk, v, Limits::kBatchSize.min, Limits::kBatchSize.max));
            else if (k == u"combined_model")
                ok = set(m_s.combined_model, m_parse.nonEmpty(kk, v));
            else if (k == u"max_attempts")
                ok = set(m_s.max_attempts, m_parse.integer(kk, v, 1, 100));
            else if (k == u"in_process_retries")
                ok = set(m_s.in_process_retries, m_parse.integer(kk, v, 0, 20));
            else if (k == u"max_inflight_messages")
                ok = set(m_s.max_inflight_messages, m_parse.integer(kk, v, 1, 1000000));
            else if (k == u"retry_base_ms")
                ok = set(m_s.retry_base_ms, m_parse.integer(kk, v, 1, 3600000));
            else if (k == u"retry_cap_ms")
                ok = set(m_s.retry_cap_ms, m_parse.integer(kk, v, 1, 86400000));
            else if (k == u"circuit_cooldown_s")
                ok = secondsToMs(m_s.circuit_cooldown_ms, kk, v);
            else if (k == u"drain_timeout_s")
                ok = secondsToMs(m_s.drain_timeout_ms, kk, v);
            else if (k == u"transaction_interval_ms")
                ok = set(m_s.transaction_interval_ms, m_parse.integer(kk, v, 10, 60000));
            else if (k == u"transaction_max_messages")
                ok = set(m_s.transaction_max_messages, m_parse.integer(kk, v, 1, 1000000));
            else
                return fail(unknownKey(m_ini.group(), k));
            if (!ok)
                return false;
        }
        return true;
    }

    bool readCache()
    {
        for (const QString &k : m_ini.childKeys()) {
            const QString v = text(m_ini, k);
            bool ok = true;
            if (k == u"max_entries")
                ok = set(m_s.cache_max_entries, m_parse.integer(key(k), v, 0, 100000000));
            else if (k == u"ttl_s")
                ok = secondsToMs(m_s.cache_ttl_ms, key(k), v);
            else
                return fail(unknownKey(m_ini.group(), k));
            if (!ok)
                return false;
        }
        return true;
    }

    bool secondsToMs(int &field_ms, const QString &k, const QString &v)
    {
        const auto s = m_parse.number(k, v, 0, 86400);
        if (!s)
            return false;
        field_ms = int(*s * 1000);
        return true;
    }

    bool readPricing()
    {
        for (const QString &k : m_ini.childKeys()) {
            const QStringList parts = list(m_ini, k);
            if (parts.size() != 2)
                return fail(ConfigError{key(k), QStringLiteral("give input and output USD per "
                                                               "million tokens, e.g. 0.28, 0.42")});
            const auto in = m_parse.number(key(k), parts[0], 0, 10000);
            const auto out = in ? m_parse.number(key(k), parts[1], 0, 10000) : std::nullopt;
            if (!out)
                return false;
            m_s.pricing.set(k, llm::ModelPrice{*in, *out});
        }
        return true;
    }

    bool readBudget()
    {
        for (const QString &k : m_ini.childKeys()) {
            double *field = k == u"hourly_usd" ? &m_s.budget_hourly_usd
                            : k == u"daily_usd" ? &m_s.budget_daily_usd
                                                : nullptr;
            if (!field)
                return fail(unknownKey(m_ini.group(), k));
            if (!set(*field, m_parse.number(key(k), text(m_ini, k), Limits::kBudget_usd.min,
                                     Limits::kBudget_usd.max)))
                return false;
        }
        return true;
    }

    bool readOps()
    {
        for (const QString &k : m_ini.childKeys()) {
            if (k == u"listen")
                m_s.ops_listen = text(m_ini, k).trimmed();
            else if (k == u"token")
                m_s.ops_token = text(m_ini, k).trimmed();
            else
                return fail(unknownKey(m_ini.group(), k));
        }
        return true;
    }

    bool readEngine()
    {
        for (const QString &k : m_ini.childKeys()) {
            if (k != u"instance")
                return fail(unknownKey(m_ini.group(), k));
            m_s.instance = text(m_ini, k).trimmed();
        }
        return true;
    }

    bool readUi()
    {
        for (const QString &k : m_ini.childKeys()) {
            if (k != u"language")
                return fail(unknownKey(m_ini.group(), k));
            const QString raw = text(m_ini, k);
            const QString v = raw.trimmed().toLower();
            if (v != u"system" && v != u"en" && v != u"vi")
                return fail(ConfigError{
                    key(k), QStringLiteral("'%1' is not one of system, en, vi").arg(raw)});
            m_s.ui_language = v;
        }
        return true;
    }

    QSettings &m_ini;
    EngineSettings &m_s;
    ConfigError m_error;
    ValueParser m_parse;
};

} // namespace

std::variant<EngineSettings, ConfigError> SettingsLoader::loadFile(const QString &path)
{
    EngineSettings settings;
    if (path.isEmpty())
        return settings;
    const QFileInfo info(path);
    if (!info.isFile() || !info.isReadable())
        return ConfigError{QStringLiteral("--config"),
                           QStringLiteral("cannot read '%1'").arg(path)};
    QSettings ini(path, QSettings::IniFormat);
    if (ini.status() != QSettings::NoError)
        return ConfigError{QStringLiteral("--config"),
                           QStringLiteral("'%1' is not a valid INI file").arg(path)};
    if (auto error = apply(ini, settings))
        return *error;
    if (auto error = validate(settings))
        return *error;
    return settings;
}

std::optional<ConfigError> SettingsLoader::apply(QSettings &ini, EngineSettings &settings)
{
    return Reader(ini, settings).run();
}

std::optional<ConfigError> SettingsLoader::validate(const EngineSettings &s)
{
    if (s.bootstrapServers().isEmpty())
        return ConfigError{QStringLiteral("kafka/bootstrap.servers"),
                           QStringLiteral("must name at least one broker (host:port)")};
    const QStringList topics{s.source_topic, s.output_topic, s.retry_topic, s.dlq_topic};
    if (QSet<QString>(topics.begin(), topics.end()).size() != topics.size())
        return ConfigError{QStringLiteral("topics"),
                           QStringLiteral("source, output, retry and dlq must be four different "
                                          "topics")};
    for (const llm::TaskSpec &t : s.tasks) {
        const QString section = QStringLiteral("task.") + t.name;
        if (t.model.isEmpty())
            return ConfigError{section + QStringLiteral("/model"), QStringLiteral("is not set")};
        if (t.prompt.isEmpty())
            return ConfigError{section + QStringLiteral("/prompt"), QStringLiteral("is not set")};
        if (t.labels.size() < 2)
            return ConfigError{section + QStringLiteral("/categories"),
                               QStringLiteral("name at least two labels")};
    }
    if (s.retry_cap_ms < s.retry_base_ms)
        return ConfigError{QStringLiteral("limits/retry_cap_ms"),
                           QStringLiteral("must not be below limits/retry_base_ms")};
    if (s.in_process_retries >= s.max_attempts)
        return ConfigError{QStringLiteral("limits/in_process_retries"),
                           QStringLiteral("must be below limits/max_attempts")};
    return std::nullopt;
}

} // namespace herder::config
