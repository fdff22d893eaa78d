#include "ops/replayrequest.h"

#include "ops/jsonbody.h"

#include <QJsonArray>

#include <limits>

namespace herder::ops {

std::optional<ReplayRequest> ReplayRequest::parse(const QByteArray &body, QString *error)
{
    const auto object = JsonBody::object(body, error);
    if (!object)
        return std::nullopt;
    ReplayRequest request;
    if (object->size() != 1 || !(object->contains(u"records") || object->contains(u"filter"))) {
        *error = QStringLiteral("give either records: [{partition, offset}, ...] or filter: "
                                "{class, model, text}");
        return std::nullopt;
    }
    if (object->contains(u"filter")) {
        const QJsonValue filter = object->value(u"filter");
        if (!filter.isObject()) {
            *error = QStringLiteral("filter must be an object {class, model, text}");
            return std::nullopt;
        }
        if (!DlqFilter::fromJson(filter.toObject(), &request.filter, error))
            return std::nullopt;
        if (request.filter.isEmpty()) {
            *error = QStringLiteral("an empty filter would replay the whole DLQ: name a class, "
                                    "model or text");
            return std::nullopt;
        }
        return request;
    }
    const QJsonArray records = object->value(u"records").toArray();
    if (!object->value(u"records").isArray() || records.isEmpty() || records.size() > kMaxRecords) {
        *error = QStringLiteral("records must be an array of 1 to %1 {partition, offset}")
                     .arg(kMaxRecords);
        return std::nullopt;
    }
    for (const QJsonValue &v : records) {
        const auto partition =
            JsonBody::integer(v[u"partition"], 0, std::numeric_limits<qint32>::max());
        // JSON numbers are doubles: offsets beyond 2^53 cannot be told apart.
        const auto offset = JsonBody::integer(v[u"offset"], 0, qint64(1) << 53);
        if (!partition || !offset) {
            *error = QStringLiteral("each record needs integer partition and offset >= 0");
            return std::nullopt;
        }
        request.positions.append({qint32(*partition), *offset});
    }
    return request;
}

} // namespace herder::ops
