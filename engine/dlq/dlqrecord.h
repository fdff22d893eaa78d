#pragma once

#include "kafka/topicpartition.h"

#include <QByteArray>
#include <QMetaType>
#include <QString>

namespace herder::dlq {

/// One dead-lettered message: where it sits in the DLQ, why it is there, and its bytes.
struct DlqRecord
{
    qint32 partition = -1;
    qint64 offset = -1;
    qint64 timestamp_ms = -1;
    QByteArray key;
    QByteArray value; ///< the original bytes, unchanged
    kafka::Headers headers;

    QString error_class;
    QString error;
    QString model;
    QString origin; ///< source topic/partition/offset
    QString failed_at;
    int http_status = 0;
    int attempts = 0;
    int replay_count = 0;
    double cost_usd = 0;

    /// Fills the parsed fields from the headers.
    void parseHeaders();
    QByteArray header(QByteArrayView name) const;
    /// The event's text if the value is JSON with a text field, else a readable prefix.
    QString textPreview(int max_chars = 160) const;
    bool isUtf8() const;
};

} // namespace herder::dlq

Q_DECLARE_METATYPE(herder::dlq::DlqRecord)
