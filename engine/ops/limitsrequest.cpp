#include "ops/limitsrequest.h"

#include "config/valueparser.h"
#include "ops/jsonbody.h"

namespace herder::ops {

namespace {

/// What the field must be, for the 400's message.
QString mustBe(const QString &name, const config::EngineSetting &spec)
{
    using config::SettingType;
    if (spec.type == SettingType::Integer)
        return QStringLiteral("%1 must be an integer from %2 to %3")
            .arg(name, config::ValueParser::bound(spec.min), config::ValueParser::bound(spec.max));
    if (spec.type == SettingType::Number)
        return QStringLiteral("%1 must be a number from %2 to %3")
            .arg(name, config::ValueParser::bound(spec.min), config::ValueParser::bound(spec.max));
    return QStringLiteral("%1 must be %2").arg(name, spec.accepts());
}

/// The JSON value as the text the schema checks, if its JSON type is the setting's; else
/// *error says what the field must be.
std::optional<QString> textOf(const QString &name, const QJsonValue &value,
                              const config::EngineSetting &spec, QString *error)
{
    using config::SettingType;
    switch (spec.type) {
    case SettingType::Integer:
        if (const auto n = JsonBody::integer(value, qint64(spec.min), qint64(spec.max)))
            return QString::number(*n);
        break;
    case SettingType::Number:
        if (value.isDouble())
            return QString::number(value.toDouble(), 'g', 17);
        break;
    default:
        if (value.isString())
            return value.toString();
        break;
    }
    *error = mustBe(name, spec);
    return std::nullopt;
}

} // namespace

std::optional<config::Limits> LimitsRequest::parse(const QByteArray &body, QString *error)
{
    const auto object = JsonBody::object(body, error);
    if (!object)
        return std::nullopt;
    using config::Limits;
    const QString allowed = Limits::names().join(u", ");
    Limits request;
    for (auto it = object->begin(); it != object->end(); ++it) {
        const config::EngineSetting *spec = Limits::setting(it.key());
        if (!spec) {
            *error = QStringLiteral("unknown field '%1' (allowed: %2)").arg(it.key(), allowed);
            return std::nullopt;
        }
        const auto text = textOf(it.key(), it.value(), *spec, error);
        if (!text)
            return std::nullopt;
        // The JSON type was right; the schema checks the range or the choices.
        if (request.set(it.key(), it.key(), *text)) {
            *error = mustBe(it.key(), *spec);
            return std::nullopt;
        }
    }
    if (request.isEmpty()) {
        *error = QStringLiteral("give %1").arg(allowed);
        return std::nullopt;
    }
    return request;
}

QJsonObject LimitsRequest::toJson(const config::Limits &limits)
{
    QJsonObject body;
    if (limits.concurrency)
        body.insert(QStringLiteral("concurrency"), *limits.concurrency);
    if (limits.rate_per_s)
        body.insert(QStringLiteral("rate_per_s"), *limits.rate_per_s);
    if (limits.mode)
        body.insert(QStringLiteral("mode"), config::modeName(*limits.mode));
    if (limits.batch_size)
        body.insert(QStringLiteral("batch_size"), *limits.batch_size);
    if (limits.budget_hourly_usd)
        body.insert(QStringLiteral("budget_hourly_usd"), *limits.budget_hourly_usd);
    if (limits.budget_daily_usd)
        body.insert(QStringLiteral("budget_daily_usd"), *limits.budget_daily_usd);
    return body;
}

} // namespace herder::ops
