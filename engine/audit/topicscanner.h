#pragma once

#include "config/configerror.h"
#include "config/enginesettings.h"
#include "kafka/handles.h"

#include <QList>

#include <functional>
#include <memory>
#include <optional>
#include <variant>

namespace herder::audit {

/// Reads whole topics from their start to the end offsets of the moment, blocking, with no
/// consumer group involvement: partitions are assigned by hand and nothing is ever committed.
class TopicScanner
{
public:
    struct Range
    {
        qint64 low = 0;
        qint64 high = 0; ///< the end offset when the scan started: reading stops before it
    };
    using Handler = std::function<void(const rd_kafka_message_t *)>;

    /// `isolation` is librdkafka's isolation.level (read_committed or read_uncommitted).
    static std::variant<std::unique_ptr<TopicScanner>, config::ConfigError>
    create(const config::EngineSettings &settings, const QByteArray &isolation);
    ~TopicScanner();

    bool waitReachable(int timeout_ms, QString *error);
    /// The partitions' offset ranges; nullopt with *error when the topic is missing (*missing
    /// set) or Kafka did not answer.
    std::optional<QList<Range>> ranges(const QByteArray &topic, int timeout_ms, bool *missing,
                                       QString *error);
    /// Hands every record of the ranges to `handle`; false with *error when no record or end
    /// of partition came for `idle_timeout_ms`.
    bool scan(const QByteArray &topic, const QList<Range> &ranges, const Handler &handle,
              int idle_timeout_ms, QString *error);

private:
    TopicScanner() = default;
    kafka::HandlePtr m_rk;
};

/// The value of a record's header, null when it has none.
QByteArray headerOf(const rd_kafka_message_t *m, const char *name);

} // namespace herder::audit
