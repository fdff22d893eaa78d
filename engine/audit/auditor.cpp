#include "audit/auditor.h"

#include "audit/topicscanner.h"

#include <QJsonDocument>
#include <QJsonObject>

namespace herder::audit {

Auditor::Auditor(config::EngineSettings settings, QByteArray isolation, bool use_retry)
    : m_settings(std::move(settings)), m_isolation(std::move(isolation)), m_use_retry(use_retry)
{
}

bool Auditor::parseOrigin(const QByteArray &origin, qint32 *partition, qint64 *offset) const
{
    // Split from the right: the last two fields are numbers, the rest is the topic.
    const qsizetype second = origin.lastIndexOf('/');
    const qsizetype first = second > 0 ? origin.lastIndexOf('/', second - 1) : -1;
    if (first <= 0)
        return false;
    if (origin.first(first) != m_settings.source_topic.toUtf8())
        return false;
    bool ok_partition = false, ok_offset = false;
    *partition = origin.mid(first + 1, second - first - 1).toInt(&ok_partition);
    *offset = origin.mid(second + 1).toLongLong(&ok_offset);
    return ok_partition && ok_offset;
}

void Auditor::countOutput(const QByteArray &value, AuditReport &report)
{
    const QJsonObject source = QJsonDocument::fromJson(value).object()[u"source"].toObject();
    const bool matched = source[u"topic"].toString() == m_settings.source_topic &&
                         source[u"partition"].isDouble() && source[u"offset"].isDouble() &&
                         m_ledger.addOutput(source[u"partition"].toInt(-1),
                                            source[u"offset"].toInteger(-1));
    if (!matched)
        ++report.unmatched_outputs;
}

std::variant<AuditReport, AuditFailure> Auditor::run()
{
    auto created = TopicScanner::create(m_settings, m_isolation);
    if (auto *e = std::get_if<config::ConfigError>(&created))
        return AuditFailure{2, e->toString()};
    auto scanner = std::move(std::get<std::unique_ptr<TopicScanner>>(created));
    QString error;
    if (!scanner->waitReachable(kTimeout_ms, &error))
        return AuditFailure{3, QStringLiteral("Kafka unreachable: ") + error};

    AuditReport report;
    report.source_topic = m_settings.source_topic;
    report.output_topic = m_settings.output_topic;
    report.dlq_topic = m_settings.dlq_topic;
    report.retry_topic = m_use_retry ? m_settings.retry_topic : QString();
    report.isolation = QString::fromLatin1(m_isolation);

    struct Pass
    {
        QString topic;
        const char *key;
        TopicScanner::Handler handle;
    };
    QList<Pass> passes;
    passes.append({m_settings.source_topic, "source-topic", [&](const kafka::Message &m) {
                       ++report.inputs;
                       m_ledger.markPresent(m.partition(), m.offset());
                       if (!m.header("herder-replay-of").isNull())
                           ++report.replayed_inputs;
                   }});
    passes.append({m_settings.output_topic, "output-topic", [&](const kafka::Message &m) {
                       ++report.outputs;
                       const QByteArrayView value = m.valueView();
                       countOutput(QByteArray::fromRawData(value.data(), value.size()), report);
                   }});
    passes.append({m_settings.dlq_topic, "dlq-topic", [&](const kafka::Message &m) {
                       ++report.dlq_records;
                       QByteArray cls = m.header("herder-error-class");
                       ++report.dlq_by_class[cls.isEmpty() ? QStringLiteral("unknown")
                                                           : QString::fromUtf8(cls)];
                       if (!m.header("herder-replay-of").isNull())
                           ++report.dlq_of_replays;
                       qint32 partition = -1;
                       qint64 offset = -1;
                       if (!parseOrigin(m.header("herder-origin"), &partition, &offset) ||
                           !m_ledger.addDeadLetter(partition, offset))
                           ++report.unmatched_dlq;
                   }});
    if (m_use_retry)
        passes.append({m_settings.retry_topic, "retry-topic", [&](const kafka::Message &m) {
                           ++report.retry_records;
                           qint32 partition = -1;
                           qint64 offset = -1;
                           if (parseOrigin(m.header("herder-origin"), &partition, &offset))
                               m_ledger.markPending(partition, offset);
                       }});

    for (qsizetype i = 0; i < passes.size(); ++i) {
        const Pass &pass = passes[i];
        const QByteArray topic = pass.topic.toUtf8();
        bool missing = false;
        const auto ranges = scanner->ranges(topic, kTimeout_ms, &missing, &error);
        if (!ranges)
            return AuditFailure{missing ? 2 : 3,
                                missing ? QString::fromLatin1(pass.key) + QStringLiteral(": ") +
                                              error
                                        : error};
        if (i == 0)
            for (qsizetype p = 0; p < ranges->size(); ++p)
                m_ledger.addPartition(qint32(p), (*ranges)[p].low, (*ranges)[p].high);
        if (!scanner->scan(topic, *ranges, pass.handle, kTimeout_ms, &error))
            return AuditFailure{3, error};
    }
    summarise(report);
    return report;
}

void Auditor::summarise(AuditReport &report) const
{
    for (qint32 p = 0; p < m_ledger.partitionCount(); ++p) {
        for (qint64 i = 0; i < m_ledger.size(p); ++i) {
            if (!m_ledger.present(p, i))
                continue;
            const int outputs = m_ledger.outputs(p, i);
            const int dead = m_ledger.deadLetters(p, i);
            const AuditReport::Example example{p, m_ledger.low(p) + i, outputs, dead};
            if (outputs > 0)
                ++report.unique_enriched;
            else if (dead > 0)
                ++report.dead_lettered;
            if (outputs + dead > 1) {
                ++report.duplicates;
                if (report.duplicate_examples.size() < AuditReport::kMaxExamples)
                    report.duplicate_examples.append(example);
            }
            if (outputs + dead == 0) {
                if (m_ledger.pending(p, i)) {
                    ++report.pending;
                } else {
                    ++report.lost;
                    if (report.lost_examples.size() < AuditReport::kMaxExamples)
                        report.lost_examples.append(example);
                }
            }
        }
    }
}

} // namespace herder::audit
