#pragma once

#include <QJsonObject>
#include <QString>
#include <QStringList>

namespace herder::sim {

// Behaviour of the simulated LLM endpoint. A plain value type so the server can swap the whole
// configuration atomically when POST /sim/config arrives in the middle of a run.
struct SimConfig
{
    // Latency: uniform mean +- jitter, and with tail_probability a slow answer around
    // tail_latency_ms instead (real providers have a long tail that retries must survive).
    int latency_mean_ms = 42;
    int latency_jitter_ms = 8;
    double tail_probability = 0.01;
    int tail_latency_ms = 400;

    // Fault rates in 0..1, drawn once per request against cumulative thresholds in this order,
    // so the observed shares match the configured rates as long as they sum to <= 1.
    double rate_429 = 0.0;
    double rate_500 = 0.0;
    double rate_503 = 0.0;
    double rate_hang = 0.0;
    double rate_malformed = 0.0;
    double rate_bad_label = 0.0;

    // A record whose text contains this marker is always answered with labels outside its
    // set, like a prompt-injected text the model obeys: a message-specific failure that no
    // retry fixes. Empty: none.
    QString poison_marker;

    int retry_after_s = 1;
    int hang_ms = 120000;

    QString api_key; // empty: any (or no) bearer token is accepted
    QStringList models = defaultModels(); // empty: any model name is accepted
    int max_rps = 0;                      // 0: no request-rate limit
    // Per-model limits as OpenAI applies them: buckets of this size refilling continuously over
    // a minute. tpm_limit charges each request its estimate (PromptReader::estimatedTokens).
    // 0: none. With rate_limit_headers the answers carry x-ratelimit-* like OpenAI's; off, they
    // carry none, like DeepSeek, vLLM or Ollama (the limits still apply).
    int rpm_limit = 0;
    int tpm_limit = 0;
    bool rate_limit_headers = true;
    bool quota_exhausted = false;
    quint64 seed = 1;

    static QStringList defaultModels();

    QJsonObject toJson() const;
    // Partial update: only the keys present in `json` change `base`; values are clamped to
    // their valid ranges rather than rejected, so a test can poke one knob at a time.
    static SimConfig fromJson(const QJsonObject &json, const SimConfig &base);

    bool operator==(const SimConfig &) const = default;
};

} // namespace herder::sim
