#include "pipeline/jsonobjectwriter.h"
#include "pipeline/recordbuilder.h"

#include <algorithm>

#include <QDateTime>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

using herder::config::EngineSettings;
using herder::pipeline::JsonObjectWriter;
using herder::pipeline::RecordBuilder;
using herder::pipeline::TaskResult;
using herder::pipeline::Work;

namespace {

/// The output record as the engine built it before it wrote JSON itself: a QJsonObject tree
/// through QJsonDocument. The writer must produce the same bytes, except that the original
/// now goes in as sent (compacted) where QJsonDocument rewrote it: \a original is what the
/// reference puts there.
QByteArray referenceOutput(const EngineSettings &settings, const QString &instance,
                           const Work &w, qint64 now_ms, const QByteArray &original)
{
    const QString placeholder = QStringLiteral("original placeholder");
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
        const herder::llm::TaskSpec &task = settings.tasks[i];
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
        {QStringLiteral("original"), placeholder},
        {QStringLiteral("results"), results},
        {QStringLiteral("enriched_at"), QString::fromLatin1(RecordBuilder::isoTime(now_ms))},
        {QStringLiteral("engine"),
         QJsonObject{{QStringLiteral("version"), QStringLiteral(HERDER_VERSION)},
                     {QStringLiteral("instance"), instance}}}};
    if (w.event.truncated)
        out.insert(QStringLiteral("truncated"), true);
    if (settings.simulated)
        out.insert(QStringLiteral("simulated"), true);
    QByteArray bytes = QJsonDocument(out).toJson(QJsonDocument::Compact);
    return bytes.replace(QByteArray('"' + placeholder.toUtf8() + '"'), original);
}

Work work(const QByteArray &value, const EngineSettings &settings)
{
    Work w;
    w.tp = {"ai-events", 7};
    w.offset = 123456789012;
    w.timestamp_ms = 1767225600123;
    w.origin = "ai-events/7/123456789012";
    w.value = value;
    const QJsonObject original = QJsonDocument::fromJson(value).object();
    w.event.id = original.value(u"id").toString();
    w.event.text = original.value(u"text").toString();
    w.results.resize(settings.tasks.size());
    for (qsizetype i = 0; i < w.results.size(); ++i) {
        TaskResult &r = w.results[i];
        r.done = true;
        r.answer = {settings.tasks[i].labels.value(0), 0.87};
        r.model = settings.tasks[i].model;
        r.latency_ms = 41.26;
        r.input_tokens = 312;
        r.output_tokens = 19;
        r.cost_usd = 4.6e-05;
    }
    return w;
}

} // namespace

class TestRecordBuilder : public QObject
{
    Q_OBJECT
private slots:
    void sameBytesAsQJsonDocument_data();
    void sameBytesAsQJsonDocument();
    void writerEscapesAsQJsonDocument();
    void repeatedKeyKeepsTheLastValue();
    void isoTimeAsQDateTime();
    void retryHeadersRoundTrip();
};

void TestRecordBuilder::sameBytesAsQJsonDocument_data()
{
    QTest::addColumn<QByteArray>("value");
    QTest::addColumn<QString>("variant");
    QTest::addColumn<QByteArray>("original"); // as the record must carry it
    const QByteArray plain = R"({"id":"evt-1","text":"Giao hàng nhanh, rất hài lòng","lang":"vi"})";
    QTest::newRow("plain") << plain << QString() << plain;
    const QByteArray no_id = R"({"text":"where is my order?","n":3})";
    QTest::newRow("no id: the origin names it") << no_id << QString() << no_id;
    // Key order, escapes and a 64-bit integer stay as sent (QJsonDocument sorted the keys and
    // rounded 9007199254740993 to a double).
    const QByteArray nested =
        R"({"text":"a \"quoted\"\\ line\n\ttab \u0001 end","meta":{"z":[1,2.5,)"
        R"(-3e-7,true,null,{"b":"x","a":"y"}],"a":1e21,"big":9007199254740993},)"
        R"("emoji":"😀 ✓ é","id":42})";
    QTest::newRow("nested original, escapes, numbers") << nested << QString() << nested;
    QTest::newRow("pretty-printed original: whitespace between tokens only")
        << QByteArray("{\n  \"id\" : \"evt-2\",\r\n\t\"text\": \"two  spaces \\\" q\\\\ \",\n"
                      "  \"tags\": [ 1 , \"a b\" ] }\n")
        << QString()
        << QByteArray(R"({"id":"evt-2","text":"two  spaces \" q\\ ","tags":[1,"a b"]})");
    QTest::newRow("cached, retried, truncated, simulated")
        << plain << QStringLiteral("flags") << plain;
    QTest::newRow("score key sorting before label, odd numbers")
        << plain << QStringLiteral("keys") << plain;
    QTest::newRow("score key repeating a fixed key") << plain << QStringLiteral("clash") << plain;
}

void TestRecordBuilder::sameBytesAsQJsonDocument()
{
    QFETCH(QByteArray, value);
    QFETCH(QString, variant);
    QFETCH(QByteArray, original);
    EngineSettings settings;
    if (variant == u"keys") {
        settings.tasks[0].score_key = QStringLiteral("a_score");
        settings.tasks[1].name = QStringLiteral("Ärger"); // sorts after the ASCII names
        settings.tasks.append(herder::llm::TaskSpec::builtInSentiment());
        settings.tasks[2].name = QStringLiteral("aspect");
    } else if (variant == u"clash") {
        settings.tasks[0].score_key = QStringLiteral("model");
        settings.tasks[1].score_key = QStringLiteral("label");
    }
    settings.simulated = variant == u"flags";
    const QString instance = QStringLiteral("host-ä:4242");
    RecordBuilder builder(settings, instance);

    Work w = work(value, settings);
    if (variant == u"flags") {
        w.from_retry = true;
        w.tp = {"ai-events-retry", 3};
        w.offset = 17;
        w.event.truncated = true;
        w.results[0].cached = true;
        w.results[0].cost_usd = 0;
        w.results[1].estimated = true;
    }
    if (variant == u"keys") {
        w.results[0].answer.score = 1.0;       // an integral double
        w.results[1].answer.score = 1.0 / 3.0; // the longest shortest form
        w.results[2].cost_usd = 123456789.125;
        w.results[2].latency_ms = 0.04;
    }
    const qint64 now_ms = 1767225601999;
    const QByteArray written = builder.output(w, now_ms);
    QCOMPARE(written, referenceOutput(settings, instance, w, now_ms, original));
    // And it is JSON a reader takes back whole.
    QJsonParseError error;
    const QJsonObject back = QJsonDocument::fromJson(written, &error).object();
    QCOMPARE(error.error, QJsonParseError::NoError);
    QCOMPARE(back.value(u"original").toObject(), QJsonDocument::fromJson(value).object());
    QCOMPARE(back.value(u"results").toObject().size(), settings.tasks.size());
}

void TestRecordBuilder::writerEscapesAsQJsonDocument()
{
    QString every;
    for (char16_t c = 0; c < 0x80; ++c)
        every.append(QChar(c));
    every += QStringLiteral("é€😀") + QChar(0xd800) + u'x' + QChar(0xdc00); // lone surrogates
    JsonObjectWriter writer;
    writer.addString(u"s", every);
    writer.addUtf8(u"u", "plain \"bytes\"\x7f");
    writer.addUtf8(u"bad", QByteArray("a\xff" "b"));
    writer.addDouble(u"d", 0.1 + 0.2);
    writer.addDouble(u"inf", qInf());
    writer.addInteger(u"i", -9007199254740993);
    writer.addBool(u"t", true);
    const QJsonObject reference{{QStringLiteral("s"), every},
                                {QStringLiteral("u"), QStringLiteral("plain \"bytes\"\x7f")},
                                {QStringLiteral("bad"), QString::fromUtf8("a\xff" "b")},
                                {QStringLiteral("d"), 0.1 + 0.2},
                                {QStringLiteral("inf"), qInf()},
                                {QStringLiteral("i"), qint64(-9007199254740993)},
                                {QStringLiteral("t"), true}};
    QCOMPARE(writer.toJson(), QJsonDocument(reference).toJson(QJsonDocument::Compact));
}

void TestRecordBuilder::repeatedKeyKeepsTheLastValue()
{
    JsonObjectWriter writer;
    writer.addInteger(u"b", 1);
    writer.addString(u"a", u"first");
    writer.addBool(u"b", false);
    QCOMPARE(writer.toJson(), QByteArray(R"({"a":"first","b":false})"));
    QCOMPARE(JsonObjectWriter().toJson(), QByteArray("{}"));
}

void TestRecordBuilder::isoTimeAsQDateTime()
{
    const qint64 day_ms = 86400000;
    const QList<qint64> moments{0,
                                1,
                                -1,                  // 1969-12-31T23:59:59.999Z
                                951782400000 + 999,  // 2000-02-29, a leap day
                                1767225599999,       // the last ms of 2025
                                1767225601999,
                                4102444800000 - day_ms / 2,
                                -62135596800000,     // 0001-01-01
                                253402300799999,     // 9999-12-31T23:59:59.999Z
                                253402300800000,     // year 10000: QDateTime formats it
                                -62198755200000 - 1}; // before year 0
    for (const qint64 ms : moments) {
        QCOMPARE(RecordBuilder::isoTime(ms),
                 QDateTime::fromMSecsSinceEpoch(ms, Qt::UTC).toString(Qt::ISODateWithMs).toLatin1());
    }
    // And every hour of a year, at an odd millisecond.
    for (qint64 ms = 1735689600123; ms < 1735689600123 + 366 * day_ms; ms += 3600001) {
        QCOMPARE(RecordBuilder::isoTime(ms),
                 QDateTime::fromMSecsSinceEpoch(ms, Qt::UTC).toString(Qt::ISODateWithMs).toLatin1());
    }
}

void TestRecordBuilder::retryHeadersRoundTrip()
{
    EngineSettings settings;
    const RecordBuilder builder(settings, QStringLiteral("engine-1"));
    Work w;
    w.headers = {{"trace-id", "abc"}, {"herder-attempt", "1"}};
    w.attempts = 3;
    w.origin = "events/2/41";
    w.cost_usd = 0.00125;
    w.unusable_answers = 2;
    w.transient_attempts = 2;
    w.transient_since_ms = 1767225500000;
    w.failure = herder::llm::Failure{herder::llm::FailureClass::InvalidOutput, 200, {},
                                     QStringLiteral("label 'hacked' not in the set"), {}};
    Work back;
    back.headers = builder.retryHeaders(w, 1767225600000);
    // The record's own headers travel, the old herder-* ones are replaced.
    QCOMPARE(RecordBuilder::header(back.headers, "trace-id"), QByteArray("abc"));
    QCOMPARE(std::count_if(back.headers.cbegin(), back.headers.cend(),
                           [](const auto &h) { return h.first == "herder-attempt"; }),
             1);
    QCOMPARE(RecordBuilder::header(back.headers, "herder-last-error"),
             QByteArray("invalid_output: label 'hacked' not in the set"));
    RecordBuilder::readRetryHeaders(back);
    QCOMPARE(back.attempts, 3);
    QCOMPARE(back.not_before_ms, 1767225600000);
    QCOMPARE(back.origin, w.origin);
    QCOMPARE(back.cost_usd, w.cost_usd);
    // Known to fail: its next unusable answer does not count against the provider.
    QCOMPARE(back.unusable_answers, 2);
    // Its retry window goes on from its first transient failure, not from this delivery.
    QCOMPARE(back.transient_attempts, 2);
    QCOMPARE(back.transient_since_ms, 1767225500000);

    // A record with no unusable answer carries no such header.
    w.unusable_answers = 0;
    w.transient_attempts = 0;
    w.transient_since_ms = 0;
    Work clean;
    clean.headers = builder.retryHeaders(w, 0);
    QVERIFY(RecordBuilder::header(clean.headers, "herder-unusable-answers").isNull());
    QVERIFY(RecordBuilder::header(clean.headers, "herder-transient-since").isNull());
    RecordBuilder::readRetryHeaders(clean);
    QCOMPARE(clean.unusable_answers, 0);
    QCOMPARE(clean.transient_since_ms, 0);
}

QTEST_GUILESS_MAIN(TestRecordBuilder)
#include "tst_recordbuilder.moc"
