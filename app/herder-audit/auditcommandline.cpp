#include "auditcommandline.h"

#include "config/settingsloader.h"
#include "config/settingsschema.h"
#include "settingflags.h"

namespace herder::app {
namespace {

const char kDescription[] =
    "Herder's audit: reads the source, output and dead-letter topics (and the retry topic\n"
    "when given) from their start to their current end, without a consumer group, and\n"
    "matches every source record by topic/partition/offset to its outputs and dead\n"
    "letters. Reports inputs, outputs, duplicates, dead letters by class, pending and lost.\n"
    "Without --config, --bootstrap-servers and the source, output and DLQ topics are\n"
    "required; with it, flags override the file (its retry topic is then audited too).";

} // namespace

std::variant<AuditInvocation, OptionParser::Exit>
AuditCommandLine::parse(const QStringList &arguments)
{
    OptionParser p(QStringLiteral("herder-audit"), QString::fromUtf8(kDescription),
                   {{0, "nothing lost"},
                    {1, "something lost"},
                    {2, "bad usage or configuration (naming the flag, the INI key, or a topic "
                        "that does not exist)"},
                    {3, "Kafka unreachable or a read stalled for 10 s"}});
    using O = OptionParser;
    const QCommandLineOption configFile =
        O::valueOption("config", "INI configuration file (Kafka settings and topics).", "FILE");
    const SettingFlags topics{
        {"source-topic", "TOPIC", &config::settingAt("topics", "source"),
         "Topic the engine enriches."},
        {"output-topic", "TOPIC", &config::settingAt("topics", "output"),
         "Topic of enriched results."},
        {"dlq-topic", "TOPIC", &config::settingAt("topics", "dlq"), "Dead-letter topic."},
        {"retry-topic", "TOPIC", &config::settingAt("topics", "retry"),
         "Retry topic: records there count as pending, not lost."}};
    const QCommandLineOption &bootstrap = topics.bootstrap();
    const QCommandLineOption &source = topics.option("source-topic");
    const QCommandLineOption &output = topics.option("output-topic");
    const QCommandLineOption &dlq = topics.option("dlq-topic");
    const QCommandLineOption &retry = topics.option("retry-topic");
    const QCommandLineOption isolation = O::valueOption(
        "isolation",
        "read_committed (default) or read_uncommitted: whether records of open or aborted "
        "transactions count.",
        "LEVEL");
    const QCommandLineOption json(QStringLiteral("json"),
                                  QStringLiteral("Print one JSON object instead of the summary."));
    p.addOptions({configFile});
    p.addOptions(topics.options());
    p.addOptions({isolation, json});
    if (auto exit = p.parse(arguments))
        return *exit;

    const bool fromFile = p.isSet(configFile);
    auto loaded = config::SettingsLoader::loadFile(p.value(configFile));
    if (auto *e = std::get_if<config::ConfigError>(&loaded))
        return p.fail(e->toString());
    AuditInvocation inv;
    inv.settings = std::move(std::get<config::EngineSettings>(loaded));
    config::EngineSettings &s = inv.settings;
    inv.use_retry = fromFile || p.isSet(retry);
    inv.json = p.isSet(json);

    // Without a file, the defaults are somebody else's topics: the audit must be told.
    if (!fromFile)
        for (const QCommandLineOption *o : {&bootstrap, &source, &output, &dlq})
            if (!p.isSet(*o))
                return p.fail(O::flag(*o) + QStringLiteral(": is required without --config"));

    if (!topics.read(p, s))
        return p.failed();

    const QByteArray fileIsolation =
        config::EngineSettings::property(s.kafka_consumer, "isolation.level");
    if (p.isSet(isolation))
        inv.isolation = p.value(isolation).toUtf8();
    else if (!fileIsolation.isEmpty())
        inv.isolation = fileIsolation;
    if (inv.isolation != "read_committed" && inv.isolation != "read_uncommitted")
        return p.fail((p.isSet(isolation) ? O::flag(isolation)
                                          : QStringLiteral("kafka.consumer/isolation.level")) +
                      QStringLiteral(": '%1' is not read_committed or read_uncommitted")
                          .arg(QString::fromUtf8(inv.isolation)));
    return inv;
}

} // namespace herder::app
