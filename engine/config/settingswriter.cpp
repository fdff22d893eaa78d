#include "config/settingswriter.h"

#include <QFile>
#include <QRegularExpression>
#include <QSaveFile>
#include <QSet>
#include <QSettings>
#include <QTemporaryDir>

namespace herder::config {
namespace {

using namespace Qt::StringLiterals;

// Read back by the loader on every start; kept above the keys because QSettings drops comments.
constexpr QByteArrayView kHeader =
    "; Herder configuration, read by herder-engine (--config FILE) and written by the console.\n"
    "; Any key under [kafka], [kafka.consumer] and [kafka.producer] is passed to librdkafka.\n"
    "; The API key is never stored here: it comes from the environment variable named by\n"
    "; llm/api_key_env (headless) or the system keychain (console).\n"
    "; The console rewrites this file when it saves: comments added by hand are not kept.\n\n";

class GroupScope
{
public:
    GroupScope(QSettings &ini, const QString &group) : m_ini(ini) { m_ini.beginGroup(group); }
    ~GroupScope() { m_ini.endGroup(); }
    GroupScope(const GroupScope &) = delete;
    GroupScope &operator=(const GroupScope &) = delete;

private:
    QSettings &m_ini;
};

QString number(double value)
{
    return QString::number(value, 'g', QLocale::FloatingPointShortest);
}

// The loader turns seconds into int(seconds * 1000), which truncates: "1.234" can come back as
// 1233 ms, so such values get a sliver more that the truncation removes again.
QString seconds(int ms)
{
    const QString shortest = number(ms / 1000.0);
    if (int(shortest.toDouble() * 1000) == ms)
        return shortest;
    return QString::number((ms + 0.001) / 1000.0, 'f', 6);
}

// QSettings turns '/' in a key into a subsection and ',' in a list into two items, so names
// with those characters would not come back as they went in.
bool isPlainName(const QString &name)
{
    static const QRegularExpression plain(u"^[A-Za-z0-9._-]+$"_s);
    return plain.match(name).hasMatch();
}

std::optional<ConfigError> checkProperties(const QString &group, const KafkaProperties &props)
{
    for (const auto &property : props) {
        const QString name = QString::fromUtf8(property.first);
        const QString key = group + u'/' + name;
        if (!isPlainName(name))
            return ConfigError{key, u"'%1' is not a librdkafka property name"_s.arg(name)};
        if (name == u"group.id")
            return ConfigError{key, u"set the group with kafka/group"_s};
        if (group == u"kafka" && (name == u"group" || name == u"connect_timeout_s"))
            return ConfigError{key, u"is a Herder setting, not a librdkafka property"_s};
    }
    return std::nullopt;
}

std::optional<ConfigError> checkTasks(const QList<llm::TaskSpec> &tasks)
{
    QSet<QString> names;
    for (const llm::TaskSpec &task : tasks) {
        if (!isPlainName(task.name))
            return ConfigError{
                u"llm/tasks"_s,
                u"'%1' is not a task name (letters, digits, '.', '_', '-')"_s.arg(task.name)};
        if (names.contains(task.name))
            return ConfigError{u"llm/tasks"_s, u"task '%1' is listed twice"_s.arg(task.name)};
        names.insert(task.name);
        for (const QString &label : task.labels)
            if (label.contains(u',') || label.trimmed().isEmpty() || label.trimmed() != label)
                return ConfigError{
                    u"task.%1/categories"_s.arg(task.name),
                    u"'%1' is not a label (no commas, no surrounding spaces)"_s.arg(label)};
    }
    return std::nullopt;
}

std::optional<ConfigError> checkExpressible(const EngineSettings &s)
{
    if (auto error = checkProperties(u"kafka"_s, s.kafka_common))
        return error;
    if (auto error = checkProperties(u"kafka.consumer"_s, s.kafka_consumer))
        return error;
    if (auto error = checkProperties(u"kafka.producer"_s, s.kafka_producer))
        return error;
    if (auto error = checkTasks(s.tasks))
        return error;
    for (const QString &model : s.pricing.models())
        if (model.contains(u'/') || model.contains(u'\\') || model.trimmed() != model)
            return ConfigError{u"pricing/"_s + model,
                               u"a model id in [pricing] has no '/' and no surrounding spaces "
                               "(prices match any vendor/ prefix)"_s};
    return std::nullopt;
}

void storeProperties(QSettings &ini, const KafkaProperties &props)
{
    for (const auto &[name, value] : props)
        ini.setValue(QString::fromUtf8(name), QString::fromUtf8(value));
}

/// What the loader starts from for a task of this name, so only differences need writing.
llm::TaskSpec baseline(const QString &name)
{
    if (name == u"sentiment")
        return llm::TaskSpec::builtInSentiment();
    if (name == u"intent")
        return llm::TaskSpec::builtInIntent();
    llm::TaskSpec custom;
    custom.score_key = u"confidence"_s;
    return custom;
}

void storeTask(QSettings &ini, const llm::TaskSpec &task)
{
    const llm::TaskSpec base = baseline(task.name);
    GroupScope section(ini, u"task."_s + task.name);
    ini.setValue(u"model"_s, task.model);
    if (!task.fallback_model.isEmpty())
        ini.setValue(u"fallback_model"_s, task.fallback_model);
    // Built-in prompts stay out of the file so an improved built-in reaches existing installs.
    if (task.prompt != base.prompt)
        ini.setValue(u"prompt"_s, task.prompt);
    ini.setValue(u"max_tokens"_s, QString::number(task.max_tokens));
    ini.setValue(u"temperature"_s, number(task.temperature));
    if (!task.labels.isEmpty())
        ini.setValue(u"categories"_s, task.labels);
    if (task.score_key != base.score_key)
        ini.setValue(u"score_key"_s, task.score_key);
    if (task.prompt_version != base.prompt_version)
        ini.setValue(u"prompt_version"_s, QString::number(task.prompt_version));
}

/// Only prices that differ from the shipped table: the loader starts from that table.
void storePricing(QSettings &ini, const llm::PricingTable &pricing)
{
    const llm::PricingTable shipped = llm::PricingTable::builtIn();
    const QStringList shipped_models = shipped.models();
    GroupScope section(ini, u"pricing"_s);
    for (const QString &model : pricing.models()) {
        const llm::ModelPrice price = *pricing.price(model);
        if (shipped_models.contains(model)) {
            const llm::ModelPrice old = *shipped.price(model);
            if (old.input_usd_per_mtok == price.input_usd_per_mtok &&
                old.output_usd_per_mtok == price.output_usd_per_mtok)
                continue;
        }
        ini.setValue(model, QStringList{number(price.input_usd_per_mtok),
                                        number(price.output_usd_per_mtok)});
    }
}

void storeLimits(QSettings &ini, const EngineSettings &s)
{
    GroupScope section(ini, u"limits"_s);
    ini.setValue(u"concurrency"_s, QString::number(s.concurrency));
    ini.setValue(u"adaptive"_s, adaptiveName(s.adaptive));
    ini.setValue(u"rate_per_s"_s, number(s.rate_per_s));
    ini.setValue(u"mode"_s, modeName(s.mode));
    ini.setValue(u"batch_size"_s, QString::number(s.batch_size));
    // The loader refuses an empty value here: absent means "the first task's model".
    if (!s.combined_model.isEmpty())
        ini.setValue(u"combined_model"_s, s.combined_model);
    ini.setValue(u"max_attempts"_s, QString::number(s.max_attempts));
    ini.setValue(u"in_process_retries"_s, QString::number(s.in_process_retries));
    ini.setValue(u"max_inflight_messages"_s, QString::number(s.max_inflight_messages));
    ini.setValue(u"retry_base_ms"_s, QString::number(s.retry_base_ms));
    ini.setValue(u"retry_cap_ms"_s, QString::number(s.retry_cap_ms));
    ini.setValue(u"circuit_cooldown_s"_s, seconds(s.circuit_cooldown_ms));
    ini.setValue(u"drain_timeout_s"_s, seconds(s.drain_timeout_ms));
    ini.setValue(u"transaction_interval_ms"_s, QString::number(s.transaction_interval_ms));
    ini.setValue(u"transaction_max_messages"_s, QString::number(s.transaction_max_messages));
}

} // namespace

std::optional<ConfigError> SettingsWriter::store(const EngineSettings &s, QSettings &ini)
{
    if (auto error = checkExpressible(s))
        return error;
    {
        GroupScope section(ini, u"kafka"_s);
        storeProperties(ini, s.kafka_common);
        ini.setValue(u"group"_s, s.group);
        // Whole seconds in the file; the loader only ever makes whole seconds.
        ini.setValue(u"connect_timeout_s"_s, QString::number((s.connect_timeout_ms + 999) / 1000));
    }
    {
        GroupScope section(ini, u"kafka.consumer"_s);
        storeProperties(ini, s.kafka_consumer);
    }
    {
        GroupScope section(ini, u"kafka.producer"_s);
        storeProperties(ini, s.kafka_producer);
    }
    {
        GroupScope section(ini, u"topics"_s);
        ini.setValue(u"source"_s, s.source_topic);
        ini.setValue(u"output"_s, s.output_topic);
        ini.setValue(u"retry"_s, s.retry_topic);
        ini.setValue(u"dlq"_s, s.dlq_topic);
    }
    {
        // s.api_key is deliberately absent: the key lives in the environment or the keychain.
        GroupScope section(ini, u"llm"_s);
        ini.setValue(u"base_url"_s, s.base_url.toString());
        ini.setValue(u"timeout_s"_s, seconds(s.timeout_ms));
        ini.setValue(u"api_key_env"_s, s.api_key_env);
        if (!s.ca_file.isEmpty())
            ini.setValue(u"ca_file"_s, s.ca_file);
        QStringList names;
        for (const llm::TaskSpec &task : s.tasks)
            names << task.name;
        if (!names.isEmpty())
            ini.setValue(u"tasks"_s, names);
    }
    for (const llm::TaskSpec &task : s.tasks)
        storeTask(ini, task);
    {
        GroupScope section(ini, u"decode"_s);
        ini.setValue(u"text_pointer"_s, s.decode.text_pointer);
        ini.setValue(u"id_pointer"_s, s.decode.id_pointer);
        ini.setValue(u"max_text_chars"_s, QString::number(s.decode.max_text_chars));
        ini.setValue(u"max_payload_bytes"_s, QString::number(s.decode.max_payload_bytes));
    }
    storeLimits(ini, s);
    {
        GroupScope section(ini, u"cache"_s);
        ini.setValue(u"max_entries"_s, QString::number(s.cache_max_entries));
        ini.setValue(u"ttl_s"_s, seconds(s.cache_ttl_ms));
    }
    storePricing(ini, s.pricing);
    {
        GroupScope section(ini, u"budget"_s);
        ini.setValue(u"hourly_usd"_s, number(s.budget_hourly_usd));
        ini.setValue(u"daily_usd"_s, number(s.budget_daily_usd));
    }
    if (!s.ops_listen.isEmpty())
        ini.setValue(u"ops/listen"_s, s.ops_listen);
    if (!s.ops_token.isEmpty())
        ini.setValue(u"ops/token"_s, s.ops_token);
    if (!s.instance.isEmpty())
        ini.setValue(u"engine/instance"_s, s.instance);
    ini.setValue(u"ui/language"_s, s.ui_language);
    return std::nullopt;
}

std::optional<ConfigError> SettingsWriter::writeFile(const EngineSettings &settings,
                                                     const QString &path)
{
    // QSettings writes only to a named file, so it writes a scratch copy whose bytes then
    // replace the target in one rename.
    const QTemporaryDir scratch;
    if (!scratch.isValid())
        return ConfigError{
            path, u"cannot write: no temporary directory (%1)"_s.arg(scratch.errorString())};
    const QString scratch_path = scratch.filePath(u"herder.ini"_s);
    {
        QSettings ini(scratch_path, QSettings::IniFormat);
        if (auto error = store(settings, ini))
            return error;
        ini.sync();
        if (ini.status() != QSettings::NoError)
            return ConfigError{path, u"cannot write: QSettings failed on a scratch copy"_s};
    }
    QFile scratch_file(scratch_path);
    if (!scratch_file.open(QIODevice::ReadOnly))
        return ConfigError{path, u"cannot write: %1"_s.arg(scratch_file.errorString())};
    const QByteArray body = scratch_file.readAll();

    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return ConfigError{path, u"cannot write: %1"_s.arg(file.errorString())};
    file.write(kHeader.data(), kHeader.size());
    file.write(body);
    if (!file.commit())
        return ConfigError{path, u"cannot write: %1"_s.arg(file.errorString())};
    return std::nullopt;
}

} // namespace herder::config
