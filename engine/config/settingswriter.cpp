#include "config/settingswriter.h"

#include "config/settingsschema.h"

#include <QFile>
#include <QLocale>
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
    for (const TaskSetting &spec : kTaskSettings) {
        const QString value = spec.text(task);
        if (spec.optional && value.isEmpty())
            continue;
        // Built-in prompts stay out of the file so an improved built-in reaches existing
        // installs; the loader starts a task from its baseline, so equal values need no line.
        const bool from_baseline = spec.key == "prompt" || spec.key == "score_key" ||
                                   spec.key == "prompt_version";
        if (from_baseline && value == spec.text(base))
            continue;
        ini.setValue(QString::fromUtf8(spec.key.data(), qsizetype(spec.key.size())),
                     spec.type == SettingType::List ? QVariant(value.split(u", "_s)) : QVariant(value));
    }
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

/// Every key of the schema that has a field, unless it is optional and unset.
void storeFixed(QSettings &ini, const EngineSettings &s)
{
    for (const EngineSetting &spec : kEngineSettings) {
        if (std::holds_alternative<std::monostate>(spec.field))
            continue;
        const QString value = spec.text(s);
        if (!spec.optional || !value.isEmpty())
            ini.setValue(spec.name(), value);
    }
}

std::optional<ConfigError> storeOthers(QSettings &ini, const SettingsWriter::OtherKeys &others)
{
    for (const auto &[key, value] : others) {
        const EngineSetting *spec = engineSetting(key.section(u'/', 0, 0), key.section(u'/', 1));
        if (!spec || !std::holds_alternative<std::monostate>(spec->field))
            return ConfigError{key, u"is not a key the engine leaves to other readers"_s};
        ConfigError error;
        const auto checked = spec->check(key, value, &error);
        if (!checked)
            return error;
        ini.setValue(key, *checked);
    }
    return std::nullopt;
}

} // namespace

std::optional<ConfigError> SettingsWriter::store(const EngineSettings &s, QSettings &ini,
                                                 const OtherKeys &others)
{
    if (auto error = checkExpressible(s))
        return error;
    {
        GroupScope section(ini, u"kafka"_s);
        storeProperties(ini, s.kafka_common);
    }
    {
        GroupScope section(ini, u"kafka.consumer"_s);
        storeProperties(ini, s.kafka_consumer);
    }
    {
        GroupScope section(ini, u"kafka.producer"_s);
        storeProperties(ini, s.kafka_producer);
    }
    // s.api_key has no entry in the schema: the key lives in the environment or the keychain.
    storeFixed(ini, s);
    QStringList names;
    for (const llm::TaskSpec &task : s.tasks)
        names << task.name;
    if (!names.isEmpty())
        ini.setValue(u"llm/tasks"_s, names);
    for (const llm::TaskSpec &task : s.tasks)
        storeTask(ini, task);
    storePricing(ini, s.pricing);
    return storeOthers(ini, others);
}

std::optional<ConfigError> SettingsWriter::writeFile(const EngineSettings &settings,
                                                     const QString &path, const OtherKeys &others)
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
        if (auto error = store(settings, ini, others))
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
