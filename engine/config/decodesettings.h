#pragma once

#include <QString>

namespace herder::config {

/// Where an event's fields live in the Kafka value, and how much of it to accept.
struct DecodeSettings
{
    QString text_pointer = QStringLiteral("/text"); // RFC 6901 JSON pointer
    QString id_pointer = QStringLiteral("/id");
    int max_text_chars = 1000;      // truncate to this many code points; <= 0: no limit
    int max_payload_bytes = 262144; // larger values are invalid_payload; <= 0: no limit
};

} // namespace herder::config
