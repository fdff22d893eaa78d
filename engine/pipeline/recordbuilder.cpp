#include "pipeline/recordbuilder.h"

#include "pipeline/jsonobjectwriter.h"

#include <QDateTime>
#include <QJsonDocument>

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
    JsonObjectWriter source;
    source.addUtf8(u"topic", origin.mid(0, qMax<qsizetype>(1, n - 2)).join('/'));
    source.addInteger(u"partition", n >= 3 ? origin[n - 2].toInt() : w.tp.partition);
    source.addInteger(u"offset", n >= 3 ? origin[n - 1].toLongLong() : w.offset);
    source.addInteger(u"timestamp", w.timestamp_ms);
    if (w.from_retry)
        source.addUtf8(u"via", QByteArray(w.tp.toString() + '/' + QByteArray::number(w.offset)));

    JsonObjectWriter results;
    for (qsizetype i = 0; i < w.results.size(); ++i) {
        const TaskResult &r = w.results[i];
        const llm::TaskSpec &task = m_settings.tasks[i];
        JsonObjectWriter result;
        result.addString(u"label", r.answer.label);
        result.addDouble(task.score_key, r.answer.score);
        result.addString(u"model", r.model);
        result.addDouble(u"latency_ms", qRound(r.latency_ms * 10) / 10.0);
        result.addInteger(u"input_tokens", r.input_tokens);
        result.addInteger(u"output_tokens", r.output_tokens);
        result.addDouble(u"cost_usd", r.cost_usd);
        result.addBool(u"estimated", r.estimated);
        if (r.cached)
            result.addBool(u"cached", true);
        results.addRaw(task.name, result.toJson());
    }

    JsonObjectWriter engine;
    engine.addString(u"version", QStringLiteral(HERDER_VERSION));
    engine.addString(u"instance", m_instance);

    JsonObjectWriter out;
    if (w.event.id.isEmpty())
        out.addUtf8(u"id", w.origin);
    else
        out.addString(u"id", w.event.id);
    out.addRaw(u"source", source.toJson());
    out.addRaw(u"original", QJsonDocument(w.event.original).toJson(QJsonDocument::Compact));
    out.addRaw(u"results", results.toJson());
    out.addUtf8(u"enriched_at", isoTime(now_ms));
    out.addRaw(u"engine", engine.toJson());
    if (w.event.truncated)
        out.addBool(u"truncated", true);
    if (m_settings.simulated)
        out.addBool(u"simulated", true);
    return out.toJson();
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
