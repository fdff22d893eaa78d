#pragma once

#include "config/configerror.h"
#include "config/enginesettings.h"

#include <QString>
#include <QStringList>
#include <QUrl>

#include <optional>
#include <span>
#include <string_view>
#include <variant>

namespace herder::config {

/// What a setting's text holds and how it is checked.
enum class SettingType {
    Integer,      ///< a whole number from min to max
    Number,       ///< a number from min to max
    Seconds,      ///< seconds from min to max, held as milliseconds
    WholeSeconds, ///< whole seconds from min to max, held as milliseconds
    Text,         ///< any text, blanks around it dropped; may be empty
    NonEmpty,     ///< text that is not empty
    Topic,        ///< a Kafka topic name
    HttpUrl,      ///< an http:// or https:// URL with a host
    JsonPointer,  ///< empty, or an RFC 6901 pointer such as /text
    PemFile,      ///< empty, or a file of PEM certificates
    Choice,       ///< one of `choices` (any case)
    List,         ///< comma-separated items, at least min of them
};

/// Where a setting's value lives in its owner (EngineSettings or a task's llm::TaskSpec): a
/// function handing out a reference to the field; none for a key the engine checks but does
/// not keep (the console's ui/language, llm/tasks which the loader expands into tasks).
template <typename Owner>
using SettingField =
    std::variant<std::monostate, int &(*)(Owner &), double &(*)(Owner &), QString &(*)(Owner &),
                 QUrl &(*)(Owner &), QStringList &(*)(Owner &), ProcessingMode &(*)(Owner &),
                 AdaptiveMode &(*)(Owner &)>;

/// One key of the INI file: where it stands, what it holds, what it accepts and means. The
/// loader, the writer, herder-engine's flags, the ops API's limits request, the console's
/// settings pages and the test of resources/herder.ini all read these.
template <typename Owner> struct SettingSpec
{
    std::string_view section; ///< "limits"; "task" stands for every [task.<name>]
    std::string_view key;
    SettingType type;
    double min = 0; ///< Integer, Number, Seconds, WholeSeconds: the range; List: fewest items
    double max = 0;
    std::string_view unit = {};    ///< what the number counts, for people: "calls", "USD", ...
    std::string_view doc = {};     ///< one line of documentation
    std::string_view choices = {}; ///< Choice: the accepted values, ", "-separated
    SettingField<Owner> field = {};
    /// The text of a key without a field: its default.
    std::string_view fallback = {};
    /// Empty means unset: the writer leaves the key out and the loader refuses an empty value
    /// where the type needs one.
    bool optional = false;

    QString name() const; ///< "limits/concurrency"
    /// The value in `owner`, as the INI writes it.
    QString text(const Owner &owner) const;
    /// The value a freshly made owner has: the default.
    QString defaultText() const;
    /// Checks `text` and stores it in `owner`; on failure the error names `key`.
    std::optional<ConfigError> read(Owner &owner, const QString &key, const QString &text) const;
    /// Sets the field back to what a freshly made owner has (an optional key made unset).
    void reset(Owner &owner) const;
    /// Checks `text` only, for keys without a field; the accepted value, normalised.
    std::optional<QString> check(const QString &key, const QString &text, ConfigError *error) const;
    /// What it accepts, for people: "1 to 4096 calls", "one of auto, on, off".
    QString accepts() const;
    /// doc and accepts() in one line: the INI's comment above the key.
    QString describe() const;
};

using EngineSetting = SettingSpec<EngineSettings>;
using TaskSetting = SettingSpec<llm::TaskSpec>;

namespace schema_detail {
template <auto Member> constexpr auto &field(EngineSettings &s) { return s.*Member; }
template <auto Member> constexpr auto &decode(EngineSettings &s) { return s.decode.*Member; }
template <auto Member> constexpr auto &task(llm::TaskSpec &t) { return t.*Member; }
} // namespace schema_detail

// clang-format off
/// Every fixed key of the INI, in the order resources/herder.ini has them. Not here: the
/// librdkafka properties under [kafka], [kafka.consumer] and [kafka.producer], and [pricing]'s
/// model ids, which are open-ended.
inline constexpr EngineSetting kEngineSettings[] = {
    {"kafka", "group", SettingType::NonEmpty, 0, 0, {}, "Consumer group (librdkafka's group.id).",
     {}, &schema_detail::field<&EngineSettings::group>},
    {"kafka", "connect_timeout_s", SettingType::WholeSeconds, 1, 3600, "s",
     "How long the engine waits for Kafka at start before it exits with code 3.",
     {}, &schema_detail::field<&EngineSettings::connect_timeout_ms>},

    {"topics", "source", SettingType::Topic, 0, 0, {}, "Events to enrich.",
     {}, &schema_detail::field<&EngineSettings::source_topic>},
    {"topics", "output", SettingType::Topic, 0, 0, {}, "Enriched events.",
     {}, &schema_detail::field<&EngineSettings::output_topic>},
    {"topics", "retry", SettingType::Topic, 0, 0, {}, "Events waiting for another attempt.",
     {}, &schema_detail::field<&EngineSettings::retry_topic>},
    {"topics", "dlq", SettingType::Topic, 0, 0, {},
     "Dead letters: events that failed for good, with the reason and their original bytes.",
     {}, &schema_detail::field<&EngineSettings::dlq_topic>},

    {"llm", "base_url", SettingType::HttpUrl, 0, 0, {},
     "OpenAI-compatible API; /chat/completions is added.",
     {}, &schema_detail::field<&EngineSettings::base_url>},
    {"llm", "timeout_s", SettingType::Seconds, 0.1, 600, "s", "One call's time limit.",
     {}, &schema_detail::field<&EngineSettings::timeout_ms>},
    {"llm", "api_key_env", SettingType::NonEmpty, 0, 0, {},
     "The environment variable holding the API key (headless engine).",
     {}, &schema_detail::field<&EngineSettings::api_key_env>},
    {"llm", "ca_file", SettingType::PemFile, 0, 0, {},
     "PEM certificate authorities trusted besides the system's.",
     {}, &schema_detail::field<&EngineSettings::ca_file>, {}, true},
    {"llm", "tasks", SettingType::List, 1, 0, "tasks",
     "The tasks run on every event, each configured in its [task.<name>].",
     {}, {}, "sentiment, intent"},

    {"decode", "text_pointer", SettingType::JsonPointer, 0, 0, {},
     "Where the text to enrich is in the event's JSON.",
     {}, &schema_detail::decode<&DecodeSettings::text_pointer>},
    {"decode", "id_pointer", SettingType::JsonPointer, 0, 0, {},
     "Where the event's id is (copied to the output).",
     {}, &schema_detail::decode<&DecodeSettings::id_pointer>},
    {"decode", "max_text_chars", SettingType::Integer, 1, 1000000, "characters",
     "Longer texts are cut to this many characters (and marked truncated).",
     {}, &schema_detail::decode<&DecodeSettings::max_text_chars>},
    {"decode", "max_payload_bytes", SettingType::Integer, 64, 100 * 1024 * 1024, "bytes",
     "Larger events go to the dead-letter queue as invalid_payload.",
     {}, &schema_detail::decode<&DecodeSettings::max_payload_bytes>},

    {"limits", "concurrency", SettingType::Integer, 1, 4096, "calls",
     "The most LLM calls in flight at once.",
     {}, &schema_detail::field<&EngineSettings::concurrency>},
    {"limits", "adaptive", SettingType::Choice, 0, 0, {},
     "Below that cap, find what the provider sustains (AIMD: from 4, doubling about every two "
     "round trips until the first setback, then +1 per second of calls waiting for a slot, "
     "x0.85 after a 429 or when the median latency doubles); auto = batch mode only.",
     "auto, on, off", &schema_detail::field<&EngineSettings::adaptive>},
    {"limits", "rate_per_s", SettingType::Number, 0, 1e6, "calls/s",
     "The most LLM calls started per second; 0: unlimited.",
     {}, &schema_detail::field<&EngineSettings::rate_per_s>},
    {"limits", "mode", SettingType::Choice, 0, 0, {},
     "One call per task, all tasks in one call, or several events per call.",
     "per-task, combined, batch", &schema_detail::field<&EngineSettings::mode>},
    {"limits", "batch_size", SettingType::Integer, 1, 256, "events",
     "Events per call in batch mode.",
     {}, &schema_detail::field<&EngineSettings::batch_size>},
    {"limits", "combined_model", SettingType::NonEmpty, 0, 0, {},
     "The model for combined and batch calls; unset: the first task's model.",
     {}, &schema_detail::field<&EngineSettings::combined_model>, {}, true},
    {"limits", "max_attempts", SettingType::Integer, 1, 100, "attempts",
     "Attempts in all, in process and through the retry topic, before the dead-letter queue; "
     "transient failures do not count (see retry_window_s).",
     {}, &schema_detail::field<&EngineSettings::max_attempts>},
    {"limits", "in_process_retries", SettingType::Integer, 0, 20, "retries",
     "Quick retries before a message goes to the retry topic; below max_attempts.",
     {}, &schema_detail::field<&EngineSettings::in_process_retries>},
    {"limits", "max_inflight_messages", SettingType::Integer, 1, 1000000, "messages",
     "Messages held at once. At the mark the engine stops polling (librdkafka keeps what it "
     "prefetched); only if that lasts 0.5 s are the partitions paused.",
     {}, &schema_detail::field<&EngineSettings::max_inflight_messages>},
    {"limits", "retry_base_ms", SettingType::Integer, 1, 3600000, "ms",
     "The first retry's backoff; each next one doubles, with jitter.",
     {}, &schema_detail::field<&EngineSettings::retry_base_ms>},
    {"limits", "retry_cap_ms", SettingType::Integer, 1, 86400000, "ms",
     "The longest backoff; not below retry_base_ms.",
     {}, &schema_detail::field<&EngineSettings::retry_cap_ms>},
    {"limits", "retry_window_s", SettingType::Seconds, 1, 604800, "s",
     "How long a message may keep failing for transient causes (429, 5xx, timeouts, "
     "connection errors) before the dead-letter queue; such failures spend no attempts.",
     {}, &schema_detail::field<&EngineSettings::retry_window_ms>},
    {"limits", "circuit_cooldown_s", SettingType::Seconds, 0, 86400, "s",
     "After systemic failures, the wait before one probe call.",
     {}, &schema_detail::field<&EngineSettings::circuit_cooldown_ms>},
    {"limits", "drain_timeout_s", SettingType::Seconds, 0, 86400, "s",
     "How long a stop waits for work in flight.",
     {}, &schema_detail::field<&EngineSettings::drain_timeout_ms>},
    {"limits", "transaction_interval_ms", SettingType::Integer, 10, 60000, "ms",
     "Exactly-once mode only ([kafka.producer] transactional.id set): how often the open "
     "transaction commits.",
     {}, &schema_detail::field<&EngineSettings::transaction_interval_ms>},
    {"limits", "transaction_max_messages", SettingType::Integer, 1, 1000000, "records",
     "Exactly-once mode only: the most records in one transaction.",
     {}, &schema_detail::field<&EngineSettings::transaction_max_messages>},

    {"budget", "hourly_usd", SettingType::Number, 0, 1e9, "USD",
     "Cost cap per clock hour; 0: no cap. Reaching a cap pauses consumption and holds the "
     "calls (nothing is lost or dead-lettered) until the window rolls over or the cap is "
     "raised, e.g. POST /api/v1/limits {\"budget_hourly_usd\": 50}.",
     {}, &schema_detail::field<&EngineSettings::budget_hourly_usd>},
    {"budget", "daily_usd", SettingType::Number, 0, 1e9, "USD",
     "Cost cap per UTC day; 0: no cap.",
     {}, &schema_detail::field<&EngineSettings::budget_daily_usd>},

    {"cache", "max_entries", SettingType::Integer, 0, 100000000, "answers",
     "Answers already paid for, keyed by model, task version and text: redeliveries and DLQ "
     "replays of the same text do not pay twice. 0: no cache.",
     {}, &schema_detail::field<&EngineSettings::cache_max_entries>},
    {"cache", "ttl_s", SettingType::Seconds, 0, 86400, "s",
     "How long a cached answer serves; 0: no cache.",
     {}, &schema_detail::field<&EngineSettings::cache_ttl_ms>},

    {"ops", "listen", SettingType::Text, 0, 0, {},
     "host:port of the ops HTTP API (/metrics, /healthz, /api/v1); unset: off.",
     {}, &schema_detail::field<&EngineSettings::ops_listen>, {}, true},
    {"ops", "token", SettingType::Text, 0, 0, {},
     "Bearer token the ops API asks for on its /api/v1 routes.",
     {}, &schema_detail::field<&EngineSettings::ops_token>, {}, true},

    {"engine", "instance", SettingType::Text, 0, 0, {},
     "Names this engine in its outputs and metrics; unset: host:pid.",
     {}, &schema_detail::field<&EngineSettings::instance>, {}, true},

    {"ui", "language", SettingType::Choice, 0, 0, {},
     "The console's language; system follows the desktop's (Vietnamese, else English).",
     "system, en, vi", {}, "system"},
};

/// The keys of every [task.<name>] section. Their defaults are a custom task's; the built-in
/// sentiment and intent tasks bring their own (llm::TaskSpec::builtIn*).
inline constexpr TaskSetting kTaskSettings[] = {
    {"task", "model", SettingType::NonEmpty, 0, 0, {}, "The model asked.",
     {}, &schema_detail::task<&llm::TaskSpec::model>},
    {"task", "prompt", SettingType::NonEmpty, 0, 0, {},
     "The instructions; unset on a built-in task: its own.",
     {}, &schema_detail::task<&llm::TaskSpec::prompt>, {}, true},
    {"task", "categories", SettingType::List, 2, 0, "labels",
     "The labels an answer may give (also spelt labels).",
     {}, &schema_detail::task<&llm::TaskSpec::labels>, {}, true},
    {"task", "max_tokens", SettingType::Integer, 1, 32768, "tokens", "The longest answer.",
     {}, &schema_detail::task<&llm::TaskSpec::max_tokens>},
    {"task", "temperature", SettingType::Number, 0, 2, {}, "Sampling temperature.",
     {}, &schema_detail::task<&llm::TaskSpec::temperature>},
    {"task", "score_key", SettingType::Choice, 0, 0, {},
     "The answer's number: score (sentiment) or confidence.",
     "score, confidence", &schema_detail::task<&llm::TaskSpec::score_key>},
    {"task", "prompt_version", SettingType::Integer, 1, 1000000, {},
     "Bump it when the prompt or labels change: cached answers of older versions no longer "
     "serve.",
     {}, &schema_detail::task<&llm::TaskSpec::prompt_version>},
    {"task", "fallback_model", SettingType::Text, 0, 0, {},
     "Asked instead when the provider says the model does not exist; unset: none.",
     {}, &schema_detail::task<&llm::TaskSpec::fallback_model>, {}, true},
};
// clang-format on

/// The fixed key `section`/`key`, or nullptr. For [task.<name>] keys ask taskSetting().
const EngineSetting *engineSetting(QStringView section, QStringView key);
const TaskSetting *taskSetting(QStringView key);
/// The keys `section` accepts, ", "-separated, for the "unknown key" message.
QString knownKeys(QStringView section);

/// A fixed key's entry at compile time, for the ranges other code shares (config::Limits).
consteval const EngineSetting &settingAt(std::string_view section, std::string_view key)
{
    for (const EngineSetting &s : kEngineSettings)
        if (s.section == section && s.key == key)
            return s;
    throw "no such setting"; // a compile error: constant evaluation cannot throw
}

extern template struct SettingSpec<EngineSettings>;
extern template struct SettingSpec<llm::TaskSpec>;

} // namespace herder::config
