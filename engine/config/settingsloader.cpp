#include "config/settingsloader.h"

#include "config/settingsschema.h"
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

    bool readGroup(const QString &group)
    {
        if (group == u"kafka" || group == u"kafka.consumer" || group == u"kafka.producer")
            return readKafka(group);
        if (group == u"llm")
            return readLlm();
        if (group.startsWith(u"task."))
            return readTask(group.mid(5));
        if (group == u"pricing")
            return readPricing();
        if (!knownKeys(group).isEmpty())
            return readFixed();
        return fail(ConfigError{QStringLiteral("[%1]").arg(group),
                                QStringLiteral("unknown section (known: kafka, kafka.consumer, "
                                               "kafka.producer, topics, llm, task.<name>, decode, "
                                               "limits, cache, pricing, budget, ops, engine, "
                                               "ui)")});
    }

    /// A section whose every key is in the schema.
    bool readFixed()
    {
        for (const QString &k : m_ini.childKeys())
            if (!readKey(k))
                return false;
        return true;
    }

    bool readKey(const QString &k)
    {
        const EngineSetting *spec = engineSetting(m_ini.group(), k);
        if (!spec)
            return fail(unknownKey(m_ini.group(), k));
        if (auto error = spec->read(m_s, key(k), text(m_ini, k)))
            return fail(error);
        return true;
    }

    bool readKafka(const QString &group)
    {
        KafkaProperties &props = group == u"kafka"            ? m_s.kafka_common
                                 : group == u"kafka.consumer" ? m_s.kafka_consumer
                                                              : m_s.kafka_producer;
        for (const QString &k : m_ini.childKeys()) {
            if (group == u"kafka" && engineSetting(group, k)) {
                if (!readKey(k))
                    return false;
            } else if (k == u"group.id") {
                return fail(ConfigError{key(k), QStringLiteral("set the group with kafka/group")});
            } else {
                EngineSettings::setProperty(props, k.toUtf8(),
                                            text(m_ini, k, QStringLiteral(",")).toUtf8());
            }
        }
        return true;
    }

    bool readLlm()
    {
        for (const QString &k : m_ini.childKeys()) {
            if (k == u"api_key")
                return fail(ConfigError{key(k), QStringLiteral("the API key never goes in the INI: "
                                                               "set the environment variable "
                                                               "named by llm/api_key_env")});
            if (!readKey(k))
                return false;
            if (k == u"tasks")
                selectTasks(list(m_ini, k));
        }
        return true;
    }

    /// The schema has checked there is at least one.
    void selectTasks(const QStringList &names)
    {
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
            const TaskSetting *spec = taskSetting(k);
            if (!spec)
                return fail(unknownKey(m_ini.group(), k));
            if (auto error = spec->read(*task, key(k), text(m_ini, k)))
                return fail(error);
        }
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
