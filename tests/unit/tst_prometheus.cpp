// The /metrics exposition from a hand-made snapshot: exact sample lines, label escaping, every
// family typed once before its samples, histograms cumulative with +Inf equal to _count.

#include "metrics/enginemetrics.h"
#include "metrics/latencyhistogram.h"
#include "metrics/prometheusexposition.h"
#include "metrics/prometheuswriter.h"

#include <QRegularExpression>
#include <QSet>
#include <QTest>

#include <cmath>

using namespace herder::metrics;

namespace {

const QString kModel = QStringLiteral("deepseek-chat");
// A quote, a backslash and a newline: the three characters a label value must escape.
const QString kOddModel = QStringLiteral("we\"ird\\model\nx");

EngineSnapshot handMadeSnapshot()
{
    EngineSnapshot s;
    s.state = EngineState::Paused;
    s.consumed = 10;
    s.enriched = 7;
    s.retried = 2;
    s.dead_lettered = 1;
    s.invalid = 1;
    s.inflight_requests = 3;
    s.inflight_messages = 88;
    s.inflight_messages_peak = 2000;

    LatencyHistogram llm;
    for (const double ms : {3.0, 40.0, 40.0, 700.0, 90000.0})
        llm.record(ms);
    ModelStats m;
    m.model = kModel;
    m.requests = 9;
    m.errors = 2;
    m.errors_by_class = {{QStringLiteral("rate_limited"), 2}};
    m.input_tokens = 1000;
    m.output_tokens = 200;
    m.cost_usd = 0.0125;
    m.cache_hits = 4;
    m.cache_saved_usd = 0.0025;
    m.latency_histogram = EngineMetrics::histogramCounts(llm);
    m.limit_requests = 5000;
    m.remaining_requests = 4999;
    m.limit_tokens = 160000;
    m.remaining_tokens = 159976;
    ModelStats odd; // its provider sends no rate-limit headers
    odd.model = kOddModel;
    odd.requests = 1;
    odd.cost_usd = 0.5;
    odd.latency_histogram = EngineMetrics::histogramCounts(LatencyHistogram());
    s.models = {m, odd};

    LatencyHistogram e2e;
    e2e.record(120);
    s.end_to_end_histogram = EngineMetrics::histogramCounts(e2e);

    PartitionStats assigned;
    assigned.topic = QStringLiteral("ai-events");
    assigned.partition = 0;
    assigned.lag = 5;
    PartitionStats unknownLag = assigned;
    unknownLag.partition = 1;
    unknownLag.lag = -1;
    s.partitions = {assigned, unknownLag};
    return s;
}

/// The `le` bounds and counts of one histogram series, in file order.
QList<std::pair<QString, quint64>> buckets(const QStringList &lines, const QString &prefix)
{
    QList<std::pair<QString, quint64>> out;
    static const QRegularExpression re(QStringLiteral("le=\"([^\"]+)\"\\} (\\d+)$"));
    for (const QString &line : lines) {
        if (!line.startsWith(prefix))
            continue;
        const auto match = re.match(line);
        if (match.hasMatch())
            out.append({match.captured(1), match.captured(2).toULongLong()});
    }
    return out;
}

} // namespace

class TestPrometheus : public QObject
{
    Q_OBJECT

private slots:
    void exactLines();
    void labelEscaping();
    void everyFamilyTypedOnceBeforeItsSamples();
    void histogramsAreCumulative();
    void emptyHistogram();
    void numbers();
};

void TestPrometheus::exactLines()
{
    const QString text = QString::fromUtf8(PrometheusExposition::render(handMadeSnapshot()));
    const QStringList lines = text.split(u'\n');
    QVERIFY(text.endsWith(u'\n'));
    const QStringList expected{
        QStringLiteral("# TYPE herder_messages_total counter"),
        QStringLiteral("herder_messages_total{outcome=\"consumed\"} 10"),
        QStringLiteral("herder_messages_total{outcome=\"enriched\"} 7"),
        QStringLiteral("herder_messages_total{outcome=\"retried\"} 2"),
        QStringLiteral("herder_messages_total{outcome=\"dead_lettered\"} 1"),
        QStringLiteral("herder_messages_total{outcome=\"invalid\"} 1"),
        QStringLiteral("# TYPE herder_llm_requests_total counter"),
        QStringLiteral("herder_llm_requests_total{model=\"deepseek-chat\",status=\"ok\"} 7"),
        QStringLiteral(
            "herder_llm_requests_total{model=\"deepseek-chat\",status=\"rate_limited\"} 2"),
        QStringLiteral("# TYPE herder_llm_tokens_total counter"),
        QStringLiteral("herder_llm_tokens_total{model=\"deepseek-chat\",kind=\"input\"} 1000"),
        QStringLiteral("herder_llm_tokens_total{model=\"deepseek-chat\",kind=\"output\"} 200"),
        QStringLiteral("# TYPE herder_llm_cost_usd_total counter"),
        QStringLiteral("herder_llm_cost_usd_total{model=\"deepseek-chat\"} 0.0125"),
        QStringLiteral("# TYPE herder_llm_ratelimit_remaining gauge"),
        QStringLiteral(
            "herder_llm_ratelimit_remaining{model=\"deepseek-chat\",kind=\"requests\"} 4999"),
        QStringLiteral(
            "herder_llm_ratelimit_remaining{model=\"deepseek-chat\",kind=\"tokens\"} 159976"),
        QStringLiteral("# TYPE herder_llm_ratelimit_limit gauge"),
        QStringLiteral(
            "herder_llm_ratelimit_limit{model=\"deepseek-chat\",kind=\"requests\"} 5000"),
        QStringLiteral(
            "herder_llm_ratelimit_limit{model=\"deepseek-chat\",kind=\"tokens\"} 160000"),
        QStringLiteral("# TYPE herder_cache_hits_total counter"),
        QStringLiteral("herder_cache_hits_total{model=\"deepseek-chat\"} 4"),
        QStringLiteral("# TYPE herder_cache_saved_usd_total counter"),
        QStringLiteral("herder_cache_saved_usd_total{model=\"deepseek-chat\"} 0.0025"),
        QStringLiteral("# TYPE herder_end_to_end_latency_seconds histogram"),
        QStringLiteral("herder_end_to_end_latency_seconds_bucket{le=\"0.1\"} 0"),
        QStringLiteral("herder_end_to_end_latency_seconds_bucket{le=\"0.25\"} 1"),
        QStringLiteral("herder_end_to_end_latency_seconds_bucket{le=\"+Inf\"} 1"),
        QStringLiteral("herder_end_to_end_latency_seconds_sum 0.12"),
        QStringLiteral("herder_end_to_end_latency_seconds_count 1"),
        QStringLiteral("# TYPE herder_llm_latency_seconds histogram"),
        QStringLiteral("herder_llm_latency_seconds_bucket{model=\"deepseek-chat\",le=\"0.005\"} 1"),
        QStringLiteral("herder_llm_latency_seconds_bucket{model=\"deepseek-chat\",le=\"0.05\"} 3"),
        QStringLiteral("herder_llm_latency_seconds_bucket{model=\"deepseek-chat\",le=\"1\"} 4"),
        QStringLiteral("herder_llm_latency_seconds_bucket{model=\"deepseek-chat\",le=\"60\"} 4"),
        QStringLiteral("herder_llm_latency_seconds_bucket{model=\"deepseek-chat\",le=\"+Inf\"} 5"),
        QStringLiteral("herder_llm_latency_seconds_sum{model=\"deepseek-chat\"} 90.783"),
        QStringLiteral("herder_llm_latency_seconds_count{model=\"deepseek-chat\"} 5"),
        QStringLiteral("# TYPE herder_consumer_lag gauge"),
        QStringLiteral("herder_consumer_lag{topic=\"ai-events\",partition=\"0\"} 5"),
        QStringLiteral("# TYPE herder_inflight_requests gauge"),
        QStringLiteral("herder_inflight_requests 3"),
        QStringLiteral("# TYPE herder_inflight_messages gauge"),
        QStringLiteral("herder_inflight_messages 88"),
        QStringLiteral("# TYPE herder_inflight_messages_peak gauge"),
        QStringLiteral("herder_inflight_messages_peak 2000"),
        QStringLiteral("# TYPE herder_state gauge"),
        QStringLiteral("herder_state{state=\"starting\"} 0"),
        QStringLiteral("herder_state{state=\"running\"} 0"),
        QStringLiteral("herder_state{state=\"paused\"} 1"),
        QStringLiteral("herder_state{state=\"circuit-open\"} 0"),
        QStringLiteral("herder_state{state=\"stopped\"} 0"),
    };
    for (const QString &line : expected)
        QVERIFY2(lines.contains(line),
                 qPrintable(QStringLiteral("missing: ") + line + u'\n' + text));
    // A model whose provider said nothing of its limits has no such samples, not zeros.
    QCOMPARE(lines.filter(QRegularExpression(QStringLiteral("^herder_llm_ratelimit_"))).size(), 4);
    // A partition whose lag is unknown is left out rather than reported as 0.
    QVERIFY(!text.contains(QStringLiteral("partition=\"1\"")));
    QCOMPARE(lines.filter(QStringLiteral("herder_state{")).size(), 8);
    QCOMPARE(lines.filter(QRegularExpression(QStringLiteral("^herder_state\\{.*\\} 1$"))).size(),
             1);
}

void TestPrometheus::labelEscaping()
{
    const QString text = QString::fromUtf8(PrometheusExposition::render(handMadeSnapshot()));
    QVERIFY2(text.contains(QStringLiteral(
                 "herder_llm_cost_usd_total{model=\"we\\\"ird\\\\model\\nx\"} 0.5\n")),
             qPrintable(text));
    QCOMPARE(PrometheusWriter::escapeLabel(QStringLiteral("a\\b\"c\nd")),
             QByteArray("a\\\\b\\\"c\\nd"));
    QCOMPARE(PrometheusWriter::escapeLabel(QStringLiteral("phản hồi")),
             QStringLiteral("phản hồi").toUtf8());
}

void TestPrometheus::everyFamilyTypedOnceBeforeItsSamples()
{
    const QStringList lines =
        QString::fromUtf8(PrometheusExposition::render(handMadeSnapshot())).split(u'\n');
    static const QRegularExpression sample(QStringLiteral(
        "^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{([a-zA-Z_][a-zA-Z0-9_]*=\"([^\"\\\\\\n]|\\\\[\\\\\"n])*\""
        ",?)*\\})? (\\S+)$"));
    static const QRegularExpression type(
        QStringLiteral("^# TYPE (\\S+) (counter|gauge|histogram)$"));
    QSet<QString> typed;
    QSet<QString> helped;
    QString current;
    QString currentType;
    for (const QString &line : lines) {
        if (line.isEmpty())
            continue;
        if (line.startsWith(QStringLiteral("# HELP "))) {
            const QString name = line.section(u' ', 2, 2);
            QVERIFY2(!helped.contains(name), qPrintable(line));
            helped.insert(name);
            continue;
        }
        const auto t = type.match(line);
        if (t.hasMatch()) {
            QVERIFY2(!typed.contains(t.captured(1)), qPrintable(line));
            QVERIFY2(helped.contains(t.captured(1)), qPrintable(line));
            typed.insert(t.captured(1));
            current = t.captured(1);
            currentType = t.captured(2);
            continue;
        }
        const auto s = sample.match(line);
        QVERIFY2(s.hasMatch(), qPrintable(QStringLiteral("not a sample line: ") + line));
        QString family = s.captured(1);
        if (currentType == u"histogram")
            family.remove(QRegularExpression(QStringLiteral("_(bucket|sum|count)$")));
        QCOMPARE(family, current);
        bool ok = false;
        const QString value = s.captured(s.lastCapturedIndex());
        value.toDouble(&ok);
        QVERIFY2(ok || value == u"+Inf" || value == u"NaN", qPrintable(line));
    }
    const QSet<QString> families{QStringLiteral("herder_messages_total"),
                                 QStringLiteral("herder_llm_requests_total"),
                                 QStringLiteral("herder_llm_tokens_total"),
                                 QStringLiteral("herder_llm_cost_usd_total"),
                                 QStringLiteral("herder_llm_ratelimit_remaining"),
                                 QStringLiteral("herder_llm_ratelimit_limit"),
                                 QStringLiteral("herder_cache_hits_total"),
                                 QStringLiteral("herder_cache_saved_usd_total"),
                                 QStringLiteral("herder_end_to_end_latency_seconds"),
                                 QStringLiteral("herder_llm_latency_seconds"),
                                 QStringLiteral("herder_consumer_lag"),
                                 QStringLiteral("herder_inflight_requests"),
                                 QStringLiteral("herder_inflight_messages"),
                                 QStringLiteral("herder_inflight_messages_peak"),
                                 QStringLiteral("herder_state")};
    QCOMPARE(typed, families);
}

void TestPrometheus::histogramsAreCumulative()
{
    const QStringList lines =
        QString::fromUtf8(PrometheusExposition::render(handMadeSnapshot())).split(u'\n');
    // Each series: its bucket lines' prefix and its _count line's prefix.
    const QList<std::pair<QString, QString>> series{
        {QStringLiteral("herder_end_to_end_latency_seconds_bucket{"),
         QStringLiteral("herder_end_to_end_latency_seconds_count ")},
        {QStringLiteral("herder_llm_latency_seconds_bucket{model=\"deepseek-chat\""),
         QStringLiteral("herder_llm_latency_seconds_count{model=\"deepseek-chat\"} ")},
        {QStringLiteral("herder_llm_latency_seconds_bucket{model=\"we\\\"ird"),
         QStringLiteral("herder_llm_latency_seconds_count{model=\"we\\\"ird")}};
    for (const auto &[bucketPrefix, countPrefix] : series) {
        const auto b = buckets(lines, bucketPrefix);
        QCOMPARE(b.size(), EngineMetrics::histogramBounds_s().size() + 1);
        QCOMPARE(b.last().first, QStringLiteral("+Inf"));
        double previousLe = -1;
        quint64 previousCount = 0;
        for (const auto &[le, count] : b) {
            const double bound = le == u"+Inf" ? INFINITY : le.toDouble();
            QVERIFY2(bound > previousLe, qPrintable(bucketPrefix + le));
            QVERIFY2(count >= previousCount, qPrintable(bucketPrefix + le));
            previousLe = bound;
            previousCount = count;
        }
        const QStringList countLines = lines.filter(countPrefix);
        QCOMPARE(countLines.size(), 1);
        QCOMPARE(countLines.first().section(u' ', -1).toULongLong(), b.last().second);
    }
}

void TestPrometheus::emptyHistogram()
{
    const QString text = QString::fromUtf8(PrometheusExposition::render(EngineSnapshot()));
    QVERIFY(text.contains(
        QStringLiteral("\nherder_end_to_end_latency_seconds_bucket{le=\"+Inf\"} 0\n")));
    QVERIFY(text.contains(QStringLiteral("\nherder_end_to_end_latency_seconds_sum 0\n")));
    QVERIFY(text.contains(QStringLiteral("\nherder_end_to_end_latency_seconds_count 0\n")));
    QVERIFY(text.contains(QStringLiteral("\nherder_state{state=\"starting\"} 1\n")));
    // No model has been called yet: the families are declared, with no samples.
    QVERIFY(text.contains(QStringLiteral("# TYPE herder_llm_requests_total counter\n# HELP")));
}

void TestPrometheus::numbers()
{
    QCOMPARE(PrometheusWriter::number(0.1), QByteArray("0.1"));
    QCOMPARE(PrometheusWriter::number(2.5), QByteArray("2.5"));
    QCOMPARE(PrometheusWriter::number(60), QByteArray("60"));
    QCOMPARE(PrometheusWriter::number(0), QByteArray("0"));
    QCOMPARE(PrometheusWriter::number(INFINITY), QByteArray("+Inf"));
    QCOMPARE(PrometheusWriter::number(-INFINITY), QByteArray("-Inf"));
    QCOMPARE(PrometheusWriter::number(NAN), QByteArray("NaN"));
    QCOMPARE(PrometheusWriter::number(123456789.25).toDouble(), 123456789.25);
}

QTEST_GUILESS_MAIN(TestPrometheus)
#include "tst_prometheus.moc"
