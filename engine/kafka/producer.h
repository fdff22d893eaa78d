#pragma once

#include "config/configerror.h"
#include "config/enginesettings.h"
#include "kafka/handles.h"
#include "kafka/queuewaker.h"
#include "kafka/topicpartition.h"

#include <QObject>

#include <functional>
#include <memory>
#include <variant>

namespace herder::kafka {

/// An idempotent librdkafka producer whose delivery reports arrive on the owning thread's event
/// loop. Each produce carries an opaque pointer that comes back with its delivery report.
class Producer : public QObject
{
    Q_OBJECT
public:
    using DeliveryHandler = std::function<void(void *opaque, rd_kafka_resp_err_t err)>;

    static std::variant<std::unique_ptr<Producer>, config::ConfigError>
    create(const config::EngineSettings &settings, DeliveryHandler onDelivery);
    ~Producer() override;

    bool waitReachable(int timeout_ms, QString *error);

    /// Queues one message (value copied). On failure (e.g. __QUEUE_FULL) nothing was queued
    /// and no delivery report will come.
    rd_kafka_resp_err_t produce(const QByteArray &topic, QByteArrayView key, QByteArrayView value,
                                const Headers &headers, void *opaque, qint32 partition = -1);
    /// Serves delivery reports now; also done on every queue wake-up.
    void poll();
    /// Serves delivery reports, waiting up to \a timeout_ms for the first (for blocking users).
    void pollFor(int timeout_ms);
    int outstanding() const;
    /// Waits for every queued message to be delivered; false if the deadline passed first.
    bool flush(int timeout_ms);

    rd_kafka_t *handle() const { return m_rk.get(); }

    // Exactly-once mode (transactional.id set). A call that fails says whether the
    // transaction must be aborted (and the work redone) or the producer is dead (fenced by a
    // newer instance with the same transactional.id, or another fatal error).
    enum class TxnStatus { Ok, Abort, Fatal };
    TxnStatus initTransactions(int timeout_ms, QString *error);
    TxnStatus beginTransaction(QString *error);
    /// Adds \a offsets (for \a consumer's group) to the open transaction and commits it.
    TxnStatus commitTransaction(const QList<CommitOffset> &offsets, rd_kafka_t *consumer,
                                int timeout_ms, QString *error);
    /// Ok, Abort when it could not finish yet and must be called again, or Fatal.
    TxnStatus abortTransaction(int timeout_ms, QString *error);
    /// The reason of the fatal error that stopped the producer, if one did.
    QString fatalError() const;
    /// Its fatal error is fencing: another producer with the same transactional.id took over.
    bool fenced() const;
    /// Fails every queued and in-flight record and serves their delivery reports now.
    void purge();

private:
    Producer() = default;
    static void onDelivery(rd_kafka_t *rk, const rd_kafka_message_t *m, void *opaque);

    HandlePtr m_rk;
    QueuePtr m_main;
    std::unique_ptr<QueueWaker> m_waker;
    DeliveryHandler m_onDelivery;
};

} // namespace herder::kafka
