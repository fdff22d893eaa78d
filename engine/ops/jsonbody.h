#pragma once

#include <QByteArray>
#include <QJsonObject>
#include <QString>

#include <optional>

namespace herder::ops {

/// Reading an ops call's JSON body strictly: anything unexpected is an error the caller
/// answers with 400.
class JsonBody
{
public:
    /// The body as a JSON object; nullopt with *error when it is not JSON or not an object.
    static std::optional<QJsonObject> object(const QByteArray &body, QString *error);
    /// A JSON number that is an integer in [min, max]; nullopt otherwise.
    static std::optional<qint64> integer(const QJsonValue &value, qint64 min, qint64 max);
};

} // namespace herder::ops
