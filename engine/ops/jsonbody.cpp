#include "ops/jsonbody.h"

#include <QJsonDocument>

#include <cmath>

namespace herder::ops {

std::optional<QJsonObject> JsonBody::object(const QByteArray &body, QString *error)
{
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(body, &parseError);
    if (parseError.error != QJsonParseError::NoError) {
        *error = QStringLiteral("the body is not JSON: ") + parseError.errorString();
        return std::nullopt;
    }
    if (!doc.isObject()) {
        *error = QStringLiteral("the body must be a JSON object");
        return std::nullopt;
    }
    return doc.object();
}

std::optional<qint64> JsonBody::integer(const QJsonValue &value, qint64 min, qint64 max)
{
    const double d = value.toDouble(std::nan(""));
    // double(max) rounds up to 2^63 for the largest limits, and converting 2^63 or more to
    // qint64 is undefined: such numbers are out of range whatever max says.
    if (!value.isDouble() || d != std::floor(d) || d < double(min) || d > double(max) ||
        d >= 0x1p63)
        return std::nullopt;
    return qint64(d);
}

} // namespace herder::ops
