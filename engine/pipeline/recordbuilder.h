#pragma once

#include "config/enginesettings.h"
#include "pipeline/work.h"

namespace herder::pipeline {

/// Turns a settled Work into the bytes and headers of its output, retry or DLQ record.
class RecordBuilder
{
public:
    RecordBuilder(const config::EngineSettings &settings, QString instance);

    QByteArray output(const Work &w, qint64 now_ms) const;
    kafka::Headers retryHeaders(const Work &w, qint64 not_before_ms) const;
    kafka::Headers dlqHeaders(const Work &w, const llm::Failure &failure, qint64 now_ms) const;

    static QByteArray header(const kafka::Headers &headers, QByteArrayView name);
    /// Takes back what retryHeaders() wrote into a message consumed from the retry topic.
    static void readRetryHeaders(Work &w);
    static QByteArray isoTime(qint64 epoch_ms);

private:
    kafka::Headers carriedHeaders(const Work &w) const;

    const config::EngineSettings &m_settings;
    QString m_instance;
    QByteArray m_engine_json; ///< {"instance","version"}: the same in every record
};

} // namespace herder::pipeline
