#include "testkafka.h"

#include "kafka/handles.h"

#include <QDeadlineTimer>
#include <QFile>
#include <QRandomGenerator>
#include <QSet>

#include <librdkafka/rdkafka.h>

using namespace herder::kafka;

namespace {

HandlePtr client(rd_kafka_type_t type, const QList<std::pair<const char *, QByteArray>> &props)
{
    char error[512];
    rd_kafka_conf_t *conf = rd_kafka_conf_new();
    rd_kafka_conf_set(conf, "bootstrap.servers", TestKafka::bootstrap().constData(), error,
                      sizeof error);
    rd_kafka_conf_set(conf, "log_level", "3", error, sizeof error);
    for (const auto &[k, v] : props)
        if (rd_kafka_conf_set(conf, k, v.constData(), error, sizeof error) != RD_KAFKA_CONF_OK)
            qFatal("test client: %s", error);
    rd_kafka_t *rk = rd_kafka_new(type, conf, error, sizeof error);
    if (!rk)
        qFatal("test client: %s", error);
    return HandlePtr(rk);
}

} // namespace

QByteArray TestKafka::Record::header(QByteArrayView name) const
{
    for (const auto &[k, v] : headers)
        if (k == name)
            return v;
    return {};
}

QByteArray TestKafka::bootstrap()
{
    const QByteArray env = qgetenv("HERDER_TEST_BOOTSTRAP");
    if (!env.isEmpty())
        return env;
    QFile file(qEnvironmentVariable("HERDER_KAFKA_DIR") + QStringLiteral("/bootstrap.txt"));
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return file.readAll().trimmed();
}

namespace {

QByteArray kafkaDirFile(const QString &name)
{
    QFile file(qEnvironmentVariable("HERDER_KAFKA_DIR") + u'/' + name);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return file.readAll().trimmed();
}

} // namespace

QByteArray TestKafka::saslBootstrap()
{
    return kafkaDirFile(QStringLiteral("bootstrap-sasl.txt"));
}

QByteArray TestKafka::saslSslBootstrap()
{
    return kafkaDirFile(QStringLiteral("bootstrap-sasl-ssl.txt"));
}

QString TestKafka::saslCaFile()
{
    return qEnvironmentVariable("HERDER_KAFKA_DIR") + QStringLiteral("/tls/ca.pem");
}

QByteArray TestKafka::uniqueName(const char *prefix)
{
    return QByteArray(prefix) + '-' +
           QByteArray::number(QRandomGenerator::global()->generate64(), 36);
}

bool TestKafka::createTopics(const QList<QByteArray> &topics, int partitions, QString *error,
                             const QList<std::pair<QByteArray, QByteArray>> &configs)
{
    HandlePtr rk = client(RD_KAFKA_PRODUCER, {});
    std::vector<rd_kafka_NewTopic_t *> nts;
    char errstr[512];
    for (const QByteArray &t : topics) {
        nts.push_back(rd_kafka_NewTopic_new(t.constData(), partitions, -1, errstr, sizeof errstr));
        for (const auto &[name, value] : configs)
            rd_kafka_NewTopic_set_config(nts.back(), name.constData(), value.constData());
    }
    QueuePtr q(rd_kafka_queue_new(rk.get()));
    rd_kafka_CreateTopics(rk.get(), nts.data(), nts.size(), nullptr, q.get());
    rd_kafka_NewTopic_destroy_array(nts.data(), nts.size());
    rd_kafka_event_t *ev = rd_kafka_queue_poll(q.get(), 30000);
    if (!ev) {
        *error = QStringLiteral("CreateTopics timed out");
        return false;
    }
    bool ok = true;
    size_t n = 0;
    const rd_kafka_topic_result_t **res =
        rd_kafka_CreateTopics_result_topics(rd_kafka_event_CreateTopics_result(ev), &n);
    for (size_t i = 0; i < n; ++i)
        if (rd_kafka_topic_result_error(res[i]) != RD_KAFKA_RESP_ERR_NO_ERROR &&
            rd_kafka_topic_result_error(res[i]) != RD_KAFKA_RESP_ERR_TOPIC_ALREADY_EXISTS) {
            *error = QString::fromUtf8(rd_kafka_topic_result_error_string(res[i]));
            ok = false;
        }
    if (rd_kafka_event_error(ev)) {
        *error = QString::fromUtf8(rd_kafka_event_error_string(ev));
        ok = false;
    }
    rd_kafka_event_destroy(ev);
    // Wait until every partition has a leader, so the first produce does not race creation.
    for (const QByteArray &t : topics) {
        QDeadlineTimer deadline(20000);
        while (!deadline.hasExpired()) {
            rd_kafka_topic_t *rkt = rd_kafka_topic_new(rk.get(), t.constData(), nullptr);
            const rd_kafka_metadata_t *md = nullptr;
            bool ready = false;
            if (rd_kafka_metadata(rk.get(), 0, rkt, &md, 5000) == RD_KAFKA_RESP_ERR_NO_ERROR) {
                ready = md->topic_cnt == 1 && md->topics[0].partition_cnt == partitions;
                for (int p = 0; ready && p < md->topics[0].partition_cnt; ++p)
                    ready = md->topics[0].partitions[p].leader >= 0;
                rd_kafka_metadata_destroy(md);
            }
            rd_kafka_topic_destroy(rkt);
            if (ready)
                break;
        }
    }
    return ok;
}

bool TestKafka::produce(const QByteArray &topic, const QList<Record> &records, QString *error)
{
    HandlePtr rk = client(RD_KAFKA_PRODUCER, {{"acks", "all"},
                                              {"enable.idempotence", "true"},
                                              {"linger.ms", "5"},
                                              {"message.max.bytes", "4000000"}});
    for (const Record &r : records) {
        rd_kafka_headers_t *h = nullptr;
        if (!r.headers.isEmpty()) {
            h = rd_kafka_headers_new(size_t(r.headers.size()));
            for (const auto &[k, v] : r.headers)
                rd_kafka_header_add(h, k.constData(), k.size(), v.constData(), v.size());
        }
        for (;;) {
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wold-style-cast"
#ifdef __clang__
#pragma clang diagnostic ignored "-Wgnu-statement-expression"
#endif
            const rd_kafka_resp_err_t err = rd_kafka_producev(
                rk.get(), RD_KAFKA_V_TOPIC(topic.constData()),
                RD_KAFKA_V_PARTITION(r.partition >= 0 ? r.partition : RD_KAFKA_PARTITION_UA),
                RD_KAFKA_V_MSGFLAGS(RD_KAFKA_MSG_F_COPY),
                RD_KAFKA_V_KEY(const_cast<char *>(r.key.constData()), size_t(r.key.size())),
                RD_KAFKA_V_VALUE(const_cast<char *>(r.value.constData()), size_t(r.value.size())),
                RD_KAFKA_V_HEADERS(h), RD_KAFKA_V_END);
#pragma GCC diagnostic pop
            if (err == RD_KAFKA_RESP_ERR__QUEUE_FULL) {
                rd_kafka_poll(rk.get(), 100);
                continue;
            }
            if (err != RD_KAFKA_RESP_ERR_NO_ERROR) {
                *error = QString::fromUtf8(rd_kafka_err2str(err));
                return false;
            }
            break;
        }
    }
    if (rd_kafka_flush(rk.get(), 60000) != RD_KAFKA_RESP_ERR_NO_ERROR) {
        *error = QStringLiteral("flush timed out");
        return false;
    }
    return true;
}

namespace {

TestKafka::Record recordOf(rd_kafka_message_t *m)
{
    TestKafka::Record r;
    if (m->key)
        r.key = QByteArray(static_cast<const char *>(m->key), qsizetype(m->key_len));
    r.value = QByteArray(static_cast<const char *>(m->payload), qsizetype(m->len));
    r.partition = m->partition;
    r.offset = m->offset;
    r.timestamp_ms = rd_kafka_message_timestamp(m, nullptr);
    rd_kafka_headers_t *h = nullptr;
    if (rd_kafka_message_headers(m, &h) == RD_KAFKA_RESP_ERR_NO_ERROR) {
        const char *name;
        const void *v;
        size_t sz;
        for (size_t i = 0; !rd_kafka_header_get_all(h, i, &name, &v, &sz); ++i)
            r.headers.append(
                {QByteArray(name), QByteArray(static_cast<const char *>(v), qsizetype(sz))});
    }
    return r;
}

} // namespace

QList<TestKafka::Record> TestKafka::readToEnd(const QByteArray &topic, int partitions,
                                              int timeout_ms, bool committed_only)
{
    HandlePtr rk = client(RD_KAFKA_CONSUMER,
                          {{"group.id", uniqueName("reader")},
                           {"enable.auto.commit", "false"},
                           {"enable.partition.eof", "true"},
                           {"isolation.level",
                            committed_only ? "read_committed" : "read_uncommitted"}});
    PartitionListPtr list(rd_kafka_topic_partition_list_new(partitions));
    for (int p = 0; p < partitions; ++p)
        rd_kafka_topic_partition_list_add(list.get(), topic.constData(), p)->offset =
            RD_KAFKA_OFFSET_BEGINNING;
    rd_kafka_assign(rk.get(), list.get());
    QList<Record> out;
    QSet<int> ended;
    QDeadlineTimer deadline(timeout_ms);
    while (ended.size() < partitions) {
        if (deadline.hasExpired()) {
            out.clear();
            break;
        }
        rd_kafka_message_t *m = rd_kafka_consumer_poll(rk.get(), 100);
        if (!m)
            continue;
        if (m->err == RD_KAFKA_RESP_ERR__PARTITION_EOF)
            ended.insert(m->partition);
        else if (!m->err)
            out.append(recordOf(m));
        rd_kafka_message_destroy(m);
    }
    rd_kafka_consumer_close(rk.get());
    return out;
}

QList<TestKafka::Record> TestKafka::readAll(const QByteArray &topic, int expected, int timeout_ms,
                                            int idle_ms, bool committed_only)
{
    HandlePtr rk = client(RD_KAFKA_CONSUMER,
                          {{"group.id", uniqueName("reader")},
                           {"enable.auto.commit", "false"},
                           {"auto.offset.reset", "earliest"},
                           {"isolation.level",
                            committed_only ? "read_committed" : "read_uncommitted"}});
    PartitionListPtr list(rd_kafka_topic_partition_list_new(1));
    rd_kafka_topic_partition_list_add(list.get(), topic.constData(), RD_KAFKA_PARTITION_UA);
    rd_kafka_subscribe(rk.get(), list.get());
    QList<Record> out;
    QDeadlineTimer deadline(timeout_ms);
    QDeadlineTimer idle(idle_ms);
    while (!deadline.hasExpired()) {
        if (out.size() >= expected && idle.hasExpired())
            break;
        rd_kafka_message_t *m = rd_kafka_consumer_poll(rk.get(), 100);
        if (!m)
            continue;
        if (!m->err) {
            out.append(recordOf(m));
            idle.setRemainingTime(idle_ms);
        }
        rd_kafka_message_destroy(m);
    }
    rd_kafka_consumer_close(rk.get());
    return out;
}

QMap<int, qint64> TestKafka::committed(const QByteArray &group, const QByteArray &topic,
                                       int partitions)
{
    HandlePtr rk = client(RD_KAFKA_CONSUMER, {{"group.id", group}});
    PartitionListPtr list(rd_kafka_topic_partition_list_new(partitions));
    for (int p = 0; p < partitions; ++p)
        rd_kafka_topic_partition_list_add(list.get(), topic.constData(), p);
    QMap<int, qint64> out;
    if (rd_kafka_committed(rk.get(), list.get(), 10000) == RD_KAFKA_RESP_ERR_NO_ERROR)
        for (int i = 0; i < list->cnt; ++i)
            out.insert(list->elems[i].partition, list->elems[i].offset);
    return out;
}

qint64 TestKafka::endOffsetSum(const QByteArray &topic, int partitions, bool committed_only)
{
    HandlePtr rk = committed_only
                       ? client(RD_KAFKA_PRODUCER, {})
                       : client(RD_KAFKA_CONSUMER, {{"isolation.level", "read_uncommitted"}});
    qint64 sum = 0;
    for (int p = 0; p < partitions; ++p) {
        int64_t low = 0, high = 0;
        if (rd_kafka_query_watermark_offsets(rk.get(), topic.constData(), p, &low, &high, 10000) ==
            RD_KAFKA_RESP_ERR_NO_ERROR)
            sum += high;
    }
    return sum;
}

qint64 TestKafka::committedSum(const QByteArray &group, const QByteArray &topic, int partitions)
{
    qint64 sum = 0;
    for (qint64 c : committed(group, topic, partitions))
        sum += qMax<qint64>(0, c);
    return sum;
}
