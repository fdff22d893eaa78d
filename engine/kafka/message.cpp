#include "kafka/message.h"

#include <QHash>

namespace herder::kafka {

bool Message::isError() const
{
    return m_m && m_m->err != RD_KAFKA_RESP_ERR_NO_ERROR;
}

bool Message::isEndOfPartition() const
{
    return m_m && m_m->err == RD_KAFKA_RESP_ERR__PARTITION_EOF;
}

QString Message::errorString() const
{
    if (!isError())
        return {};
    return QString::fromUtf8(rd_kafka_message_errstr(m_m.get()));
}

QByteArray Message::topic() const
{
    if (!m_m || !m_m->rkt)
        return {};
    // Tens of thousands of records a second pass here: build each name once per topic handle.
    // A handle's address can be reused by another topic once it is freed, so the cached name
    // is checked against the handle's own (a compare, no allocation).
    static thread_local QHash<const rd_kafka_topic_t *, QByteArray> names;
    const char *name = rd_kafka_topic_name(m_m->rkt);
    auto it = names.find(m_m->rkt);
    if (it == names.end())
        it = names.insert(m_m->rkt, QByteArray(name));
    else if (qstrcmp(it->constData(), name) != 0)
        *it = QByteArray(name);
    return *it;
}

qint32 Message::partition() const
{
    return m_m ? m_m->partition : -1;
}

qint64 Message::offset() const
{
    return m_m ? m_m->offset : -1;
}

bool Message::hasKey() const
{
    return m_m && m_m->key;
}

QByteArrayView Message::keyView() const
{
    if (!hasKey())
        return {};
    return {static_cast<const char *>(m_m->key), qsizetype(m_m->key_len)};
}

QByteArrayView Message::valueView() const
{
    if (!m_m || !m_m->payload)
        return {};
    return {static_cast<const char *>(m_m->payload), qsizetype(m_m->len)};
}

QByteArray Message::key() const
{
    if (!hasKey())
        return {};
    return keyView().toByteArray();
}

QByteArray Message::value() const
{
    if (!m_m)
        return {};
    // An empty payload still gives a non-null, empty array, as the original copy did.
    return QByteArray(static_cast<const char *>(m_m->payload), qsizetype(m_m->len));
}

qint64 Message::timestampMs() const
{
    if (!m_m)
        return -1;
    rd_kafka_timestamp_type_t type;
    return rd_kafka_message_timestamp(m_m.get(), &type);
}

void Message::forEachHeader(
    const std::function<void(const char *name, QByteArrayView value)> &visit) const
{
    rd_kafka_headers_t *h = nullptr;
    if (!m_m || rd_kafka_message_headers(m_m.get(), &h) != RD_KAFKA_RESP_ERR_NO_ERROR)
        return;
    const char *name;
    const void *v;
    size_t size;
    for (size_t i = 0; !rd_kafka_header_get_all(h, i, &name, &v, &size); ++i)
        visit(name, QByteArrayView(static_cast<const char *>(v), qsizetype(size)));
}

Headers Message::headers() const
{
    Headers out;
    forEachHeader([&](const char *name, QByteArrayView value) {
        out.append({QByteArray(name), value.toByteArray()});
    });
    return out;
}

QByteArray Message::header(const char *name) const
{
    rd_kafka_headers_t *h = nullptr;
    if (!m_m || rd_kafka_message_headers(m_m.get(), &h) != RD_KAFKA_RESP_ERR_NO_ERROR)
        return {};
    const void *value = nullptr;
    size_t size = 0;
    if (rd_kafka_header_get_last(h, name, &value, &size) != RD_KAFKA_RESP_ERR_NO_ERROR)
        return {};
    return QByteArray(static_cast<const char *>(value), qsizetype(size));
}

} // namespace herder::kafka
