#pragma once

#include <optional>

#include "config/decodesettings.h"
#include "llm/pricing.h"
#include "llm/taskspec.h"

#include <QByteArray>
#include <QList>
#include <QString>
#include <QUrl>

#include <utility>

namespace herder::config {

/// librdkafka properties, passed through verbatim in file order.
using KafkaProperties = QList<std::pair<QByteArray, QByteArray>>;

enum class ProcessingMode { PerTask = 1, Combined, Batch };
/// Whether the limiter's cap adapts to the provider: auto means in batch mode only.
enum class AdaptiveMode { Auto = 1, On, Off };

QString modeName(ProcessingMode mode);
/// "per-task", "combined" or "batch" (any case, blanks around); nullopt for anything else.
std::optional<ProcessingMode> modeFromName(const QString &name);
QString adaptiveName(AdaptiveMode adaptive);

/// Everything the engine needs to run; a value type that crosses threads.
/// The API key lives only in memory: it is never written back to the INI.
struct EngineSettings
{
    KafkaProperties kafka_common{{"bootstrap.servers", "127.0.0.1:9092"}};
    KafkaProperties kafka_consumer{{"auto.offset.reset", "earliest"}};
    KafkaProperties kafka_producer{{"acks", "all"},
                                   {"enable.idempotence", "true"},
                                   {"compression.type", "lz4"},
                                   {"linger.ms", "5"},
                                   {"batch.size", "131072"}};
    QString group = QStringLiteral("ai-stream-processor");
    int connect_timeout_ms = 10000;

    QString source_topic = QStringLiteral("ai-events");
    QString output_topic = QStringLiteral("ai-events-enriched");
    QString retry_topic = QStringLiteral("ai-events-retry");
    QString dlq_topic = QStringLiteral("ai-events-dlq");

    QUrl base_url{QStringLiteral("https://api.holysheep.ai/v1")};
    int timeout_ms = 30000;
    QString api_key_env = QStringLiteral("HERDER_API_KEY");
    QString ca_file; ///< PEM certificate authorities trusted besides the system's; empty: none
    QString api_key;

    QList<llm::TaskSpec> tasks{llm::TaskSpec::builtInSentiment(), llm::TaskSpec::builtInIntent()};
    llm::PricingTable pricing = llm::PricingTable::builtIn();
    DecodeSettings decode;

    int concurrency = 32;
    double rate_per_s = 0; ///< 0 means unlimited
    ProcessingMode mode = ProcessingMode::PerTask;
    int batch_size = 8;
    QString combined_model; ///< combined and batch calls go here; empty: the first task's model
    AdaptiveMode adaptive = AdaptiveMode::Auto;
    /// In all, across in-process retries and the retry topic; transient failures not counted.
    int max_attempts = 5;
    /// Transient failures (429, 5xx, timeouts, connection errors) are a time budget instead:
    /// from a message's first one, this long before it is dead-lettered for them.
    int retry_window_ms = 900000;
    int in_process_retries = 2; ///< quick retries before a message goes to the retry topic
    int max_inflight_messages = 2000;
    int retry_base_ms = 200;
    int retry_cap_ms = 60000;
    int circuit_cooldown_ms = 15000;
    int drain_timeout_ms = 20000;
    /// Exactly-once mode (kafka.producer transactional.id set): how often, and after how many
    /// records at most, the open transaction commits with its consumer offsets.
    int transaction_interval_ms = 100;
    int transaction_max_messages = 1000;

    int cache_max_entries = 100000; ///< response cache bound; 0 disables the cache
    int cache_ttl_ms = 3600 * 1000; ///< how long a cached answer serves; 0 disables the cache

    double budget_hourly_usd = 0; ///< 0 means no cap
    double budget_daily_usd = 0;
    QString ops_listen;
    QString ops_token;

    QString instance; ///< names this engine in outputs; host:pid when empty
    bool simulated = false; ///< demo: everything below is simulated and labelled so

    /// The value a librdkafka property has in the given list, or empty.
    static QByteArray property(const KafkaProperties &props, QByteArrayView name);
    static void setProperty(KafkaProperties &props, const QByteArray &name, const QByteArray &value);
    /// Whether the concurrency cap adapts under the current mode.
    bool adaptiveConcurrency() const
    {
        return adaptive == AdaptiveMode::On ||
               (adaptive == AdaptiveMode::Auto && mode == ProcessingMode::Batch);
    }
    /// Exactly-once mode: outputs, retries, DLQ records and offsets commit in transactions.
    bool transactional() const { return !property(kafka_producer, "transactional.id").isEmpty(); }
    QByteArray bootstrapServers() const { return property(kafka_common, "bootstrap.servers"); }
};

} // namespace herder::config
