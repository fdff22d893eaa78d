#pragma once

#include "config/configerror.h"
#include "config/enginesettings.h"
#include "kafka/rangereader.h"

#include <QList>

#include <memory>
#include <optional>
#include <variant>

namespace herder::audit {

/// Reads whole topics from their start to the end offsets of the moment, blocking, with no
/// consumer group involvement: partitions are assigned by hand and nothing is ever committed.
class TopicScanner
{
public:
    using Range = kafka::RangeReader::Range;
    using Handler = kafka::RangeReader::Handler;

    /// `isolation` is librdkafka's isolation.level (read_committed or read_uncommitted).
    static std::variant<std::unique_ptr<TopicScanner>, config::ConfigError>
    create(const config::EngineSettings &settings, const QByteArray &isolation);

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
    explicit TopicScanner(std::unique_ptr<kafka::RangeReader> reader)
        : m_reader(std::move(reader))
    {
    }
    std::unique_ptr<kafka::RangeReader> m_reader;
};

} // namespace herder::audit
