#include "audit/auditreport.h"

#include <QJsonArray>

namespace herder::audit {

namespace {

QJsonArray examplesJson(const QList<AuditReport::Example> &examples, bool counts)
{
    QJsonArray array;
    for (const AuditReport::Example &e : examples) {
        QJsonObject o{{QStringLiteral("partition"), e.partition},
                      {QStringLiteral("offset"), e.offset}};
        if (counts) {
            o.insert(QStringLiteral("outputs"), e.outputs);
            o.insert(QStringLiteral("dead_letters"), e.dead_letters);
        }
        array.append(o);
    }
    return array;
}

} // namespace

QJsonObject AuditReport::toJson() const
{
    QJsonObject byClass;
    for (auto it = dlq_by_class.begin(); it != dlq_by_class.end(); ++it)
        byClass.insert(it.key(), it.value());
    QJsonObject topics{{QStringLiteral("source"), source_topic},
                       {QStringLiteral("output"), output_topic},
                       {QStringLiteral("dlq"), dlq_topic}};
    if (!retry_topic.isEmpty())
        topics.insert(QStringLiteral("retry"), retry_topic);
    return QJsonObject{{QStringLiteral("topics"), topics},
                       {QStringLiteral("isolation"), isolation},
                       {QStringLiteral("inputs"), inputs},
                       {QStringLiteral("replayed_inputs"), replayed_inputs},
                       {QStringLiteral("outputs"), outputs},
                       {QStringLiteral("unique_enriched"), unique_enriched},
                       {QStringLiteral("duplicates"), duplicates},
                       {QStringLiteral("dlq"), dlq_records},
                       {QStringLiteral("dlq_by_class"), byClass},
                       {QStringLiteral("dlq_of_replays"), dlq_of_replays},
                       {QStringLiteral("dead_lettered"), dead_lettered},
                       {QStringLiteral("lost"), lost},
                       {QStringLiteral("pending"), pending},
                       {QStringLiteral("retry_records"), retry_records},
                       {QStringLiteral("unmatched_outputs"), unmatched_outputs},
                       {QStringLiteral("unmatched_dlq"), unmatched_dlq},
                       {QStringLiteral("lost_examples"), examplesJson(lost_examples, false)},
                       {QStringLiteral("duplicate_examples"),
                        examplesJson(duplicate_examples, true)}};
}

QString AuditReport::toText() const
{
    QString t;
    auto line = [&t](const QString &name, qint64 value) {
        t += name.leftJustified(20) + QString::number(value) + u'\n';
    };
    t += QStringLiteral("source %1, output %2, dlq %3%4 (%5)\n")
             .arg(source_topic, output_topic, dlq_topic,
                  retry_topic.isEmpty() ? QString() : QStringLiteral(", retry ") + retry_topic,
                  isolation);
    line(QStringLiteral("inputs"), inputs);
    line(QStringLiteral("  replayed"), replayed_inputs);
    line(QStringLiteral("outputs"), outputs);
    line(QStringLiteral("unique enriched"), unique_enriched);
    line(QStringLiteral("duplicates"), duplicates);
    line(QStringLiteral("dlq"), dlq_records);
    for (auto it = dlq_by_class.begin(); it != dlq_by_class.end(); ++it)
        line(QStringLiteral("  ") + it.key(), it.value());
    line(QStringLiteral("  of replays"), dlq_of_replays);
    line(QStringLiteral("dead-lettered"), dead_lettered);
    line(QStringLiteral("pending"), pending);
    line(QStringLiteral("lost"), lost);
    if (unmatched_outputs || unmatched_dlq) {
        line(QStringLiteral("unmatched outputs"), unmatched_outputs);
        line(QStringLiteral("unmatched dlq"), unmatched_dlq);
    }
    for (const Example &e : lost_examples)
        t += QStringLiteral("lost: %1/%2/%3\n").arg(source_topic).arg(e.partition).arg(e.offset);
    for (const Example &e : duplicate_examples)
        t += QStringLiteral("duplicate: %1/%2/%3 (%4 outputs, %5 dead letters)\n")
                 .arg(source_topic)
                 .arg(e.partition)
                 .arg(e.offset)
                 .arg(e.outputs)
                 .arg(e.dead_letters);
    return t;
}

} // namespace herder::audit
