#include "sim/simconfig.h"

#include <QJsonArray>

#include <algorithm>
#include <cmath>

using namespace Qt::StringLiterals;

namespace herder::sim {

namespace {

double clampRate(double value)
{
    if (!std::isfinite(value))
        return 0.0;
    return std::clamp(value, 0.0, 1.0);
}

int clampNonNegative(double value)
{
    if (!std::isfinite(value) || value < 0.0)
        return 0;
    // Bound well below INT_MAX so later arithmetic (mean + jitter) cannot overflow.
    return static_cast<int>(std::min(value, 1.0e9));
}

void readInt(const QJsonObject &json, QLatin1StringView key, int &field)
{
    const auto it = json.constFind(key);
    if (it != json.constEnd() && it->isDouble())
        field = clampNonNegative(it->toDouble());
}

void readRate(const QJsonObject &json, QLatin1StringView key, double &field)
{
    const auto it = json.constFind(key);
    if (it != json.constEnd() && it->isDouble())
        field = clampRate(it->toDouble());
}

} // namespace

QStringList SimConfig::defaultModels()
{
    return {u"deepseek-v3.2"_s, u"gemini-2.5-flash"_s, u"gpt-4.1"_s, u"gpt-4o-mini"_s,
            u"claude-sonnet-4.5"_s};
}

QJsonObject SimConfig::toJson() const
{
    QJsonObject json;
    json.insert("latency_mean_ms"_L1, latency_mean_ms);
    json.insert("latency_jitter_ms"_L1, latency_jitter_ms);
    json.insert("tail_probability"_L1, tail_probability);
    json.insert("tail_latency_ms"_L1, tail_latency_ms);
    json.insert("rate_429"_L1, rate_429);
    json.insert("rate_500"_L1, rate_500);
    json.insert("rate_503"_L1, rate_503);
    json.insert("rate_hang"_L1, rate_hang);
    json.insert("rate_malformed"_L1, rate_malformed);
    json.insert("rate_bad_label"_L1, rate_bad_label);
    json.insert("poison_marker"_L1, poison_marker);
    json.insert("retry_after_s"_L1, retry_after_s);
    json.insert("hang_ms"_L1, hang_ms);
    json.insert("api_key"_L1, api_key);
    json.insert("models"_L1, QJsonArray::fromStringList(models));
    json.insert("max_rps"_L1, max_rps);
    json.insert("rpm_limit"_L1, rpm_limit);
    json.insert("tpm_limit"_L1, tpm_limit);
    json.insert("rate_limit_headers"_L1, rate_limit_headers);
    json.insert("quota_exhausted"_L1, quota_exhausted);
    // JSON numbers are doubles: seeds above 2^53 would lose bits, so keep it a number only
    // while it round-trips (the usual case) and fall back to a decimal string otherwise.
    if (seed <= (quint64(1) << 53))
        json.insert("seed"_L1, static_cast<double>(seed));
    else
        json.insert("seed"_L1, QString::number(seed));
    return json;
}

SimConfig SimConfig::fromJson(const QJsonObject &json, const SimConfig &base)
{
    SimConfig config = base;
    readInt(json, "latency_mean_ms"_L1, config.latency_mean_ms);
    readInt(json, "latency_jitter_ms"_L1, config.latency_jitter_ms);
    readRate(json, "tail_probability"_L1, config.tail_probability);
    readInt(json, "tail_latency_ms"_L1, config.tail_latency_ms);
    readRate(json, "rate_429"_L1, config.rate_429);
    readRate(json, "rate_500"_L1, config.rate_500);
    readRate(json, "rate_503"_L1, config.rate_503);
    readRate(json, "rate_hang"_L1, config.rate_hang);
    readRate(json, "rate_malformed"_L1, config.rate_malformed);
    readRate(json, "rate_bad_label"_L1, config.rate_bad_label);
    readInt(json, "retry_after_s"_L1, config.retry_after_s);
    readInt(json, "hang_ms"_L1, config.hang_ms);
    readInt(json, "max_rps"_L1, config.max_rps);
    readInt(json, "rpm_limit"_L1, config.rpm_limit);
    readInt(json, "tpm_limit"_L1, config.tpm_limit);

    if (const auto it = json.constFind("poison_marker"_L1); it != json.constEnd())
        config.poison_marker = it->toString();
    if (const auto it = json.constFind("api_key"_L1); it != json.constEnd())
        config.api_key = it->isNull() ? QString() : it->toString();
    if (const auto it = json.constFind("models"_L1); it != json.constEnd()) {
        config.models.clear();
        const QJsonArray array = it->toArray();
        for (const QJsonValue &model : array) {
            if (model.isString() && !model.toString().isEmpty())
                config.models.append(model.toString());
        }
    }
    if (const auto it = json.constFind("quota_exhausted"_L1); it != json.constEnd())
        config.quota_exhausted = it->toBool();
    if (const auto it = json.constFind("rate_limit_headers"_L1); it != json.constEnd())
        config.rate_limit_headers = it->toBool();
    if (const auto it = json.constFind("seed"_L1); it != json.constEnd()) {
        if (it->isDouble() && it->toDouble() >= 0.0)
            config.seed = static_cast<quint64>(it->toDouble());
        else if (it->isString())
            config.seed = it->toString().toULongLong();
    }
    return config;
}

} // namespace herder::sim
