#pragma once

#include "kafka/topicpartition.h"

#include <QByteArray>
#include <QList>
#include <QMap>
#include <QString>

/// A small real-broker client for tests: create topics, seed them, read them back whole, and
/// look at a group's committed offsets. Blocking calls with timeouts; never on a hot path.
class TestKafka
{
public:
    struct Record
    {
        QByteArray key;
        QByteArray value;
        herder::kafka::Headers headers;
        qint32 partition = -1;
        qint64 offset = -1;
        qint64 timestamp_ms = -1; ///< the record's timestamp (CreateTime: set by its producer)
        QByteArray header(QByteArrayView name) const;
    };

    /// The broker the ctest fixture started ($HERDER_KAFKA_DIR/bootstrap.txt), or
    /// $HERDER_TEST_BOOTSTRAP. Empty when neither is there.
    static QByteArray bootstrap();
    /// The same broker's SASL_PLAINTEXT listener (kafka.sh start --sasl writes
    /// $HERDER_KAFKA_DIR/bootstrap-sasl.txt; PLAIN, user herder / herder-secret). Empty when
    /// the broker has none.
    static QByteArray saslBootstrap();
    /// Its SASL_SSL listener (bootstrap-sasl-ssl.txt), whose certificate saslCaFile() signed.
    static QByteArray saslSslBootstrap();
    static QString saslCaFile();
    static QByteArray uniqueName(const char *prefix);

    /// `configs`: topic configs (e.g. max.message.bytes) for every topic created.
    static bool createTopics(const QList<QByteArray> &topics, int partitions, QString *error,
                             const QList<std::pair<QByteArray, QByteArray>> &configs = {});
    /// Produces all records (acks=all) and waits for every delivery report.
    static bool produce(const QByteArray &topic, const QList<Record> &records, QString *error);
    /// Reads a topic from the beginning until `expected` records arrived, or until nothing new
    /// came for `idle_ms` after at least `expected` were seen, or `timeout_ms` passed.
    /// `committed_only` false also reads what open and aborted transactions wrote.
    static QList<Record> readAll(const QByteArray &topic, int expected, int timeout_ms,
                                 int idle_ms = 1500, bool committed_only = true);
    /// Reads every partition of a topic from its beginning to its current end (the last
    /// stable offset for `committed_only`, else the high watermark) and stops there: exact
    /// whatever the load, for a topic nobody writes to any more. Empty if `timeout_ms` passed
    /// first.
    static QList<Record> readToEnd(const QByteArray &topic, int partitions, int timeout_ms,
                                   bool committed_only = true);
    /// The group's committed offsets per partition (-1 where none).
    static QMap<int, qint64> committed(const QByteArray &group, const QByteArray &topic,
                                       int partitions);
    /// `committed_only` false: the high watermarks, which also count records of open
    /// transactions (the default is the last stable offsets a read_committed reader gets to).
    static qint64 endOffsetSum(const QByteArray &topic, int partitions,
                               bool committed_only = true);
    /// The consumer group's state as the broker reports it ("Stable", "PreparingRebalance",
    /// ...); empty when it did not answer.
    static QByteArray groupState(const QByteArray &group);
    /// Sum of the group's committed offsets over the topic's partitions (none counts as 0).
    static qint64 committedSum(const QByteArray &group, const QByteArray &topic, int partitions);
};
