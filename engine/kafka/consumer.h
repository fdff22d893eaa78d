#pragma once

#include "config/configerror.h"
#include "config/enginesettings.h"
#include "kafka/handles.h"
#include "kafka/message.h"
#include "kafka/queuewaker.h"
#include "kafka/topicpartition.h"

#include <QObject>

#include <functional>
#include <memory>
#include <variant>

namespace herder::kafka {

/// A librdkafka high-level consumer driven by the owning thread's event loop: no blocking
/// polls, no thread of our own. Offsets are stored and committed only by the caller.
class Consumer : public QObject
{
    Q_OBJECT
public:
    struct Rebalance
    {
        std::function<void(const QList<TopicPartition> &)> assigned;
        /// Called before the partitions go: the last chance to commit what is done.
        std::function<void(const QList<TopicPartition> &)> revoking;
    };

    static std::variant<std::unique_ptr<Consumer>, config::ConfigError>
    create(const config::EngineSettings &settings, Rebalance rebalance);
    ~Consumer() override;

    /// Asks a broker for metadata: false with a reason when none answers in time.
    bool waitReachable(int timeout_ms, QString *error);
    bool subscribe(const QList<QByteArray> &topics, QString *error);

    /// Hands over queued messages (ownership passes to the handler) until the queue is empty
    /// or `max` were handed over. Rebalances are served here too.
    int poll(int max, const std::function<void(Message)> &handle);

    void pause(const QList<TopicPartition> &partitions);
    void resume(const QList<TopicPartition> &partitions);
    QList<TopicPartition> assignment() const;
    void commit(const QList<CommitOffset> &offsets, bool async);
    /// Moves the fetch positions back (or on) to \a offsets; what was fetched past them and
    /// not yet polled is dropped.
    bool seek(const QList<CommitOffset> &offsets, int timeout_ms, QString *error);
    /// Cached high watermark from the last fetch (no broker round trip); -1 when unknown.
    qint64 highWatermark(const TopicPartition &tp) const;
    void close();

    rd_kafka_t *handle() const { return m_rk.get(); }

signals:
    void messagesReady();

private:
    Consumer() = default;
    static void onRebalance(rd_kafka_t *rk, rd_kafka_resp_err_t err,
                            rd_kafka_topic_partition_list_t *partitions, void *opaque);
    void handleRebalance(rd_kafka_resp_err_t err, rd_kafka_topic_partition_list_t *partitions);

    HandlePtr m_rk;
    QueuePtr m_queue;
    std::unique_ptr<QueueWaker> m_waker;
    Rebalance m_rebalance;
    bool m_closed = false;
};

PartitionListPtr toList(const QList<TopicPartition> &partitions);
QList<TopicPartition> fromList(const rd_kafka_topic_partition_list_t *list);

} // namespace herder::kafka
