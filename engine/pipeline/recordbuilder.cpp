#include "pipeline/recordbuilder.h"

#include <QDateTime>
#include <QJsonDocument>
#include <QJsonObject>

namespace herder::pipeline {

RecordBuilder::RecordBuilder(const config::EngineSettings &settings, QString instance)
    : m_settings(settings), m_instance(std::move(instance))
{
}

QByteArray RecordBuilder::header(const kafka::Headers &headers, QByteArrayView name)
{
    for (const auto &[k, v] : headers)
        if (k == name)
            return v;
    return {};
}

QByteArray RecordBuilder::isoTime(qint64 epoch_ms)
{
    return QDateTime::fromMSecsSinceEpoch(epoch_ms, Qt::UTC)
        .toString(Qt::ISODateWithMs)
        .toLatin1();
}

QByteArray RecordBuilder::output(const Work &w, qint64 now_ms) const
{
    // The source is the original message even when this delivery came from the retry topic.
    const QList<QByteArray> origin = w.origin.split('/');
    const qsizetype n = origin.size();
    QJsonObject source{
        {QStringLiteral("topic"),
         QString::fromUtf8(origin.mid(0, qMax<qsizetype>(1, n - 2)).join('/'))},
        {QStringLiteral("partition"), n >= 3 ? origin[n - 2].toInt() : w.tp.partition},
        {QStringLiteral("offset"), n >= 3 ? origin[n - 1].toLongLong() : w.offset},
        {QStringLiteral("timestamp"), w.timestamp_ms}};
    if (w.from_retry)
        source.insert(QStringLiteral("via"), QString::fromUtf8(w.tp.toString() + '/' +
                                                                QByteArray::number(w.offset)));

    QJsonObject results;
    for (qsizetype i = 0; i < w.results.size(); ++i) {
        const TaskResult &r = w.results[i];
        const llm::TaskSpec &task = m_settings.tasks[i];
        QJsonObject result{{QStringLiteral("label"), r.answer.label},
                           {task.score_key, r.answer.score},
                           {QStringLiteral("model"), r.model},
                           {QStringLiteral("latency_ms"), qRound(r.latency_ms * 10) / 10.0},
                           {QStringLiteral("input_tokens"), r.input_tokens},
                           {QStringLiteral("output_tokens"), r.output_tokens},
                           {QStringLiteral("cost_usd"), r.cost_usd},
                           {QStringLiteral("estimated"), r.estimated}};
        if (r.cached)
            result.insert(QStringLiteral("cached"), true);
        results.insert(task.name, result);
    }
    QJsonObject out{
        {QStringLiteral("id"), w.event.id.isEmpty() ? QString::fromUtf8(w.origin) : w.event.id},
        {QStringLiteral("source"), source},
        {QStringLiteral("original"), w.event.original},
        {QStringLiteral("results"), results},
        {QStringLiteral("enriched_at"), QString::fromLatin1(isoTime(now_ms))},
        {QStringLiteral("engine"),
         QJsonObject{{QStringLiteral("version"), QStringLiteral(HERDER_VERSION)},
                     {QStringLiteral("instance"), m_instance}}}};
    if (w.event.truncated)
        out.insert(QStringLiteral("truncated"), true);
    if (m_settings.simulated)
        out.insert(QStringLiteral("simulated"), true);
    return QJsonDocument(out).toJson(QJsonDocument::Compact);
}

kafka::Headers RecordBuilder::carriedHeaders(const Work &w) const
{
    kafka::Headers carried;
    for (const auto &h : w.headers)
        if (!h.first.startsWith("herder-"))
            carried.append(h);
    // Replay bookkeeping travels with the message so the loop guard keeps counting.
    for (const char *name : {"herder-replay-of", "herder-replay-count"}) {
        const QByteArray v = header(w.headers, name);
        if (!v.isNull())
            carried.append({name, v});
    }
    return carried;
}

kafka::Headers RecordBuilder::retryHeaders(const Work &w, qint64 not_before_ms) const
{
    kafka::Headers h = carriedHeaders(w);
    const llm::Failure &f = *w.failure;
    h.append({"herder-attempt", QByteArray::number(w.attempts)});
    h.append({"herder-not-before", QByteArray::number(not_before_ms)});
    h.append({"herder-origin", w.origin});
    h.append({"herder-last-error", (llm::className(f.cls) + QStringLiteral(": ") + f.message).toUtf8()});
    h.append({"herder-cost-usd", QByteArray::number(w.cost_usd, 'g', 10)});
    return h;
}

kafka::Headers RecordBuilder::dlqHeaders(const Work &w, const llm::Failure &f, qint64 now_ms) const
{
    kafka::Headers h = carriedHeaders(w);
    h.append({"herder-error-class", llm::className(f.cls).toUtf8()});
    h.append({"herder-error", f.message.left(300).toUtf8()});
    h.append({"herder-http-status", QByteArray::number(f.http_status)});
    h.append({"herder-model", w.failed_model.toUtf8()});
    h.append({"herder-attempts", QByteArray::number(w.attempts)});
    h.append({"herder-origin", w.origin});
    h.append({"herder-failed-at", isoTime(now_ms)});
    h.append({"herder-cost-usd", QByteArray::number(w.cost_usd, 'g', 10)});
    return h;
}

} // namespace herder::pipeline
