#include "kafka/admin.h"

#include "kafka/handles.h"

#include <vector>

namespace herder::kafka {

bool Admin::createTopics(const QList<TopicSpec> &topics, int timeout_ms, QString *error)
{
    if (topics.isEmpty())
        return true;
    std::vector<rd_kafka_NewTopic_t *> newTopics;
    char errstr[512];
    for (const TopicSpec &t : topics) {
        rd_kafka_NewTopic_t *nt = rd_kafka_NewTopic_new(t.name.constData(), t.partitions,
                                                        t.replication_factor, errstr, sizeof errstr);
        if (!nt) {
            *error = QString::fromUtf8(errstr);
            rd_kafka_NewTopic_destroy_array(newTopics.data(), newTopics.size());
            return false;
        }
        newTopics.push_back(nt);
    }
    QueuePtr queue(rd_kafka_queue_new(m_rk));
    rd_kafka_AdminOptions_t *options = rd_kafka_AdminOptions_new(m_rk, RD_KAFKA_ADMIN_OP_CREATETOPICS);
    rd_kafka_AdminOptions_set_operation_timeout(options, timeout_ms, errstr, sizeof errstr);
    rd_kafka_AdminOptions_set_request_timeout(options, timeout_ms, errstr, sizeof errstr);
    rd_kafka_CreateTopics(m_rk, newTopics.data(), newTopics.size(), options, queue.get());
    rd_kafka_AdminOptions_destroy(options);
    rd_kafka_NewTopic_destroy_array(newTopics.data(), newTopics.size());

    rd_kafka_event_t *event = rd_kafka_queue_poll(queue.get(), timeout_ms + 2000);
    if (!event) {
        *error = QStringLiteral("no answer to CreateTopics within %1 ms").arg(timeout_ms);
        return false;
    }
    bool ok = true;
    if (rd_kafka_event_error(event)) {
        *error = QString::fromUtf8(rd_kafka_event_error_string(event));
        ok = false;
    } else {
        size_t count = 0;
        const rd_kafka_topic_result_t **results =
            rd_kafka_CreateTopics_result_topics(rd_kafka_event_CreateTopics_result(event), &count);
        for (size_t i = 0; i < count; ++i) {
            const rd_kafka_resp_err_t err = rd_kafka_topic_result_error(results[i]);
            if (err != RD_KAFKA_RESP_ERR_NO_ERROR && err != RD_KAFKA_RESP_ERR_TOPIC_ALREADY_EXISTS) {
                *error = QStringLiteral("%1: %2").arg(
                    QString::fromUtf8(rd_kafka_topic_result_name(results[i])),
                    QString::fromUtf8(rd_kafka_topic_result_error_string(results[i])));
                ok = false;
            }
        }
    }
    rd_kafka_event_destroy(event);
    return ok;
}

int Admin::partitionCount(const QByteArray &topic, int timeout_ms)
{
    rd_kafka_topic_t *rkt = rd_kafka_topic_new(m_rk, topic.constData(), nullptr);
    const rd_kafka_metadata_t *md = nullptr;
    const rd_kafka_resp_err_t err = rd_kafka_metadata(m_rk, 0, rkt, &md, timeout_ms);
    rd_kafka_topic_destroy(rkt);
    if (err != RD_KAFKA_RESP_ERR_NO_ERROR)
        return -1;
    int count = -1;
    if (md->topic_cnt == 1 && md->topics[0].err == RD_KAFKA_RESP_ERR_NO_ERROR)
        count = md->topics[0].partition_cnt;
    rd_kafka_metadata_destroy(md);
    return count;
}

} // namespace herder::kafka
