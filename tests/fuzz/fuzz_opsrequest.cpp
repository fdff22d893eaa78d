// libFuzzer target: an ops API request body as POST /api/v1/limits and POST
// /api/v1/dlq/replay read it, and JsonBody's integer check on every member.

#include "ops/jsonbody.h"
#include "ops/limitsrequest.h"
#include "ops/replayrequest.h"

#include <cstddef>
#include <cstdint>
#include <limits>

using herder::ops::JsonBody;
using herder::ops::LimitsRequest;
using herder::ops::ReplayRequest;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    const QByteArray body(reinterpret_cast<const char *>(data), qsizetype(size));
    QString error;
    if (const auto limits = LimitsRequest::parse(body, &error)) {
        // What parse accepts is in range: the engine applies it as is.
        if (*limits != limits->clamped())
            __builtin_trap();
    }
    if (const auto replay = ReplayRequest::parse(body, &error)) {
        for (const auto &position : replay->positions)
            if (position.partition < 0 || position.offset < 0)
                __builtin_trap();
    }
    if (const auto object = JsonBody::object(body, &error)) {
        for (auto it = object->begin(); it != object->end(); ++it) {
            JsonBody::integer(it.value(), 0, 100);
            JsonBody::integer(it.value(), std::numeric_limits<qint64>::min(),
                              std::numeric_limits<qint64>::max());
        }
    }
    return 0;
}
