#pragma once

#include "kafka/handles.h"
#include "kafka/topicpartition.h"

#include <QByteArray>
#include <QByteArrayView>

#include <functional>

namespace herder::kafka {

/// One consumed record (or a consumer event such as end of partition), owning librdkafka's
/// message. Accessors read it in place; only value(), key() and headers() copy.
class Message
{
public:
    Message() = default;
    /// Takes ownership of \a m (may be null).
    explicit Message(rd_kafka_message_t *m) : m_m(m) {}

    bool isNull() const { return !m_m; }
    /// Gives librdkafka's memory back now rather than when the message goes out of scope.
    void reset() { m_m.reset(); }
    /// An error or event rather than a record (see isEndOfPartition()).
    bool isError() const;
    /// The consumer reached the current end of the partition; offset() is that end.
    bool isEndOfPartition() const;
    QString errorString() const;

    /// The topic's name. Cached per topic handle and thread: no allocation per message.
    QByteArray topic() const;
    qint32 partition() const;
    qint64 offset() const;
    TopicPartition topicPartition() const { return {topic(), partition()}; }

    bool hasKey() const;
    /// Views into the message: valid while it lives.
    QByteArrayView keyView() const;
    QByteArrayView valueView() const;
    /// Copies: a null QByteArray when there is no key.
    QByteArray key() const;
    QByteArray value() const;

    /// The record's timestamp (CreateTime or LogAppendTime), -1 when it has none.
    qint64 timestampMs() const;

    Headers headers() const;
    /// The value of the last header named \a name, null when there is none.
    QByteArray header(const char *name) const;
    /// Visits the headers in order without copying; views are valid during the call.
    void forEachHeader(const std::function<void(const char *name, QByteArrayView value)> &visit)
        const;

private:
    MessagePtr m_m;
};

} // namespace herder::kafka
