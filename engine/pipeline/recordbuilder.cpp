#include "pipeline/recordbuilder.h"

#include "pipeline/jsonobjectwriter.h"

#include <QDateTime>

#include <chrono>

namespace herder::pipeline {

RecordBuilder::RecordBuilder(const config::EngineSettings &settings, QString instance)
    : m_settings(settings), m_instance(std::move(instance))
{
    JsonObjectWriter engine;
    engine.addString(u"version", QStringLiteral(HERDER_VERSION));
    engine.addString(u"instance", m_instance);
    m_engine_json = engine.toJson();
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
    // Written by hand: QDateTime's formatting was a tenth of the output record's cost. Same
    // bytes as QDateTime's Qt::ISODateWithMs in UTC for years 0 to 9999; it formats the rest.
    using namespace std::chrono;
    const sys_time<milliseconds> t{milliseconds{epoch_ms}};
    const sys_days day = floor<days>(t);
    const year_month_day date{day};
    const int y = int(date.year());
    if (y < 0 || y > 9999) {
        return QDateTime::fromMSecsSinceEpoch(epoch_ms, Qt::UTC)
            .toString(Qt::ISODateWithMs)
            .toLatin1();
    }
    const hh_mm_ss<milliseconds> time{t - day};
    char text[] = "0000-00-00T00:00:00.000Z";
    const auto put = [&text](int at, int digits, int value) {
        for (int i = at + digits - 1; i >= at; --i, value /= 10)
            text[i] = char('0' + value % 10);
    };
    put(0, 4, y);
    put(5, 2, int(unsigned(date.month())));
    put(8, 2, int(unsigned(date.day())));
    put(11, 2, int(time.hours().count()));
    put(14, 2, int(time.minutes().count()));
    put(17, 2, int(time.seconds().count()));
    put(20, 3, int(time.subseconds().count()));
    return QByteArray(text, sizeof text - 1);
}

QByteArray RecordBuilder::output(const Work &w, qint64 now_ms) const
{
    // The source is the original message even when this delivery came from the retry topic:
    // its origin reads topic/partition/offset, and a topic name may hold '/' itself.
    const QByteArrayView origin(w.origin);
    const qsizetype last = origin.lastIndexOf('/');
    const qsizetype middle = last > 0 ? origin.first(last).lastIndexOf('/') : -1;
    JsonObjectWriter source;
    if (middle >= 0) {
        source.addUtf8(u"topic", origin.first(middle));
        source.addInteger(u"partition",
                          origin.sliced(middle + 1, last - middle - 1).toInt());
        source.addInteger(u"offset", origin.sliced(last + 1).toLongLong());
    } else {
        source.addUtf8(u"topic", last >= 0 ? origin.first(last) : origin);
        source.addInteger(u"partition", w.tp.partition);
        source.addInteger(u"offset", w.offset);
    }
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

    JsonObjectWriter out;
    if (w.event.id.isEmpty())
        out.addUtf8(u"id", w.origin);
    else
        out.addString(u"id", w.event.id);
    out.addRaw(u"source", source.toJson());
    // The value as sent, only compacted: re-serialising it cost a quarter of the record, and
    // kept neither its key order nor integers beyond a double's 53 bits.
    out.addCompactJson(u"original", w.value);
    out.addRaw(u"results", results.toJson());
    out.addUtf8(u"enriched_at", isoTime(now_ms));
    out.addRaw(u"engine", m_engine_json);
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
    if (w.unusable_answers > 0)
        h.append({"herder-unusable-answers", QByteArray::number(w.unusable_answers)});
    if (w.transient_since_ms > 0) {
        h.append({"herder-transient-attempts", QByteArray::number(w.transient_attempts)});
        h.append({"herder-transient-since", QByteArray::number(w.transient_since_ms)});
    }
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

void RecordBuilder::readRetryHeaders(Work &w)
{
    w.attempts = header(w.headers, "herder-attempt").toInt();
    w.not_before_ms = header(w.headers, "herder-not-before").toLongLong();
    w.origin = header(w.headers, "herder-origin");
    w.cost_usd = header(w.headers, "herder-cost-usd").toDouble();
    w.unusable_answers = header(w.headers, "herder-unusable-answers").toInt();
    w.transient_attempts = header(w.headers, "herder-transient-attempts").toInt();
    w.transient_since_ms = header(w.headers, "herder-transient-since").toLongLong();
}

} // namespace herder::pipeline
