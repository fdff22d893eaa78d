#pragma once

#include <librdkafka/rdkafka.h>

#include <QString>

namespace herder::kafka {

/// librdkafka's text for an error code, for logs and DLQ reasons.
inline QString errorText(rd_kafka_resp_err_t err)
{
    return QString::fromUtf8(rd_kafka_err2str(err));
}

} // namespace herder::kafka
