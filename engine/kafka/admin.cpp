#include "kafka/admin.h"

#include "kafka/handles.h"

#include <QDeadlineTimer>
#include <QThread>

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
        for (const auto &[name, value] : t.configs)
            rd_kafka_NewTopic_set_config(nt, name.constData(), value.constData());
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

Admin::TopicState Admin::describe(const QByteArray &topic, int timeout_ms)
{
    rd_kafka_topic_t *rkt = rd_kafka_topic_new(m_rk, topic.constData(), nullptr);
    const rd_kafka_metadata_t *md = nullptr;
    const rd_kafka_resp_err_t err = rd_kafka_metadata(m_rk, 0, rkt, &md, timeout_ms);
    rd_kafka_topic_destroy(rkt);
    TopicState state;
    if (err != RD_KAFKA_RESP_ERR_NO_ERROR)
        return state;
    if (md->topic_cnt == 1 && md->topics[0].err == RD_KAFKA_RESP_ERR_NO_ERROR) {
        state.partitions = md->topics[0].partition_cnt;
        state.all_led = true;
        for (int p = 0; p < md->topics[0].partition_cnt; ++p)
            state.all_led = state.all_led && md->topics[0].partitions[p].leader >= 0;
    }
    rd_kafka_metadata_destroy(md);
    return state;
}

int Admin::partitionCount(const QByteArray &topic, int timeout_ms)
{
    return describe(topic, timeout_ms).partitions;
}

bool Admin::waitForLeaders(const QByteArray &topic, int partitions, int timeout_ms)
{
    constexpr unsigned long kRetry_ms = 100;
    QDeadlineTimer deadline(timeout_ms);
    for (;;) {
        const TopicState state =
            describe(topic, int(qBound(qint64(1), deadline.remainingTime(), qint64(5000))));
        if (state.partitions == partitions && state.all_led)
            return true;
        if (deadline.hasExpired())
            return false;
        QThread::msleep(kRetry_ms);
    }
}

std::optional<QMap<qint32, qint64>> Admin::committedOffsets(const QByteArray &group,
                                                             const QByteArray &topic,
                                                             int partitions, int timeout_ms,
                                                             QString *error)
{
    PartitionListPtr wanted(rd_kafka_topic_partition_list_new(partitions));
    for (int p = 0; p < partitions; ++p)
        rd_kafka_topic_partition_list_add(wanted.get(), topic.constData(), p);
    rd_kafka_ListConsumerGroupOffsets_t *request =
        rd_kafka_ListConsumerGroupOffsets_new(group.constData(), wanted.get());
    QueuePtr queue(rd_kafka_queue_new(m_rk));
    char errstr[512];
    rd_kafka_AdminOptions_t *options =
        rd_kafka_AdminOptions_new(m_rk, RD_KAFKA_ADMIN_OP_LISTCONSUMERGROUPOFFSETS);
    rd_kafka_AdminOptions_set_request_timeout(options, timeout_ms, errstr, sizeof errstr);
    rd_kafka_ListConsumerGroupOffsets(m_rk, &request, 1, options, queue.get());
    rd_kafka_AdminOptions_destroy(options);
    rd_kafka_ListConsumerGroupOffsets_destroy(request);

    rd_kafka_event_t *event = rd_kafka_queue_poll(queue.get(), timeout_ms + 2000);
    if (!event) {
        *error = QStringLiteral("no answer to ListConsumerGroupOffsets within %1 ms").arg(timeout_ms);
        return std::nullopt;
    }
    std::optional<QMap<qint32, qint64>> result;
    size_t count = 0;
    const rd_kafka_group_result_t **groups =
        rd_kafka_event_error(event)
            ? nullptr
            : rd_kafka_ListConsumerGroupOffsets_result_groups(
                  rd_kafka_event_ListConsumerGroupOffsets_result(event), &count);
    if (!groups || count != 1) {
        *error = rd_kafka_event_error(event)
                     ? QString::fromUtf8(rd_kafka_event_error_string(event))
                     : QStringLiteral("ListConsumerGroupOffsets answered for %1 groups").arg(count);
    } else if (const rd_kafka_error_t *e = rd_kafka_group_result_error(groups[0])) {
        *error = QString::fromUtf8(rd_kafka_error_string(e));
    } else {
        const rd_kafka_topic_partition_list_t *list = rd_kafka_group_result_partitions(groups[0]);
        QMap<qint32, qint64> offsets;
        bool ok = true;
        for (int i = 0; list && i < list->cnt; ++i) {
            if (list->elems[i].err != RD_KAFKA_RESP_ERR_NO_ERROR) {
                *error = QStringLiteral("%1/%2: %3")
                             .arg(QString::fromUtf8(topic))
                             .arg(list->elems[i].partition)
                             .arg(QString::fromUtf8(rd_kafka_err2str(list->elems[i].err)));
                ok = false;
                break;
            }
            offsets.insert(list->elems[i].partition, qMax<qint64>(-1, list->elems[i].offset));
        }
        if (ok)
            result = offsets;
    }
    rd_kafka_event_destroy(event);
    return result;
}

QByteArray Admin::groupState(const QByteArray &group, int timeout_ms)
{
    const rd_kafka_group_list *list = nullptr;
    if (rd_kafka_list_groups(m_rk, group.constData(), &list, timeout_ms) !=
        RD_KAFKA_RESP_ERR_NO_ERROR)
        return {};
    QByteArray state;
    if (list->group_cnt == 1 && list->groups[0].state)
        state = list->groups[0].state;
    rd_kafka_group_list_destroy(list);
    return state;
}

} // namespace herder::kafka
