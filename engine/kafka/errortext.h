#pragma once

#include <librdkafka/rdkafka.h>

#include <QString>

namespace herder::kafka {

/// librdkafka's human-readable text for an error code.
inline QString errorText(rd_kafka_resp_err_t err)
{
    return QString::fromUtf8(rd_kafka_err2str(err));
}

} // namespace herder::kafka
