// The dashboard shows exactly what a snapshot says: a hand-built EngineSnapshot goes in, and
// every number on the page is read back (headline labels, model and lag tables, gauge,
// banner, charts). The table models also pass QAbstractItemModelTester.

#include "costchart.h"
#include "dashboardpage.h"
#include "headlinecounters.h"
#include "inflightgauge.h"
#include "lagtablemodel.h"
#include "latencychart.h"
#include "modeltablemodel.h"
#include "seriesbuffer.h"
#include "statebanner.h"
#include "throughputchart.h"

#include <QAbstractItemModelTester>
#include <QDateTime>
#include <QLabel>
#include <QLineSeries>
#include <QLocale>
#include <QSignalSpy>
#include <QtTest>

using herder::metrics::EngineSnapshot;
using herder::metrics::EngineState;
using herder::metrics::ModelStats;
using herder::metrics::PartitionStats;
using namespace herder::ui;

namespace {

ModelStats model(const QString &name, quint64 requests, QMap<QString, quint64> errors,
                 qint64 input_tokens, qint64 output_tokens, double cost_usd, double p99_ms)
{
    ModelStats m;
    m.model = name;
    m.requests = requests;
    for (quint64 n : errors)
        m.errors += n;
    m.errors_by_class = std::move(errors);
    m.input_tokens = input_tokens;
    m.output_tokens = output_tokens;
    m.cost_usd = cost_usd;
    m.latency.p50_ms = p99_ms / 3;
    m.latency.p95_ms = p99_ms / 2;
    m.latency.p99_ms = p99_ms;
    return m;
}

PartitionStats partition(const QString &topic, int p, qint64 committed, qint64 high_watermark)
{
    PartitionStats s;
    s.topic = topic;
    s.partition = p;
    s.committed = committed;
    s.high_watermark = high_watermark;
    s.lag = committed >= 0 && high_watermark >= 0 ? high_watermark - committed : -1;
    return s;
}

EngineSnapshot knownSnapshot()
{
    EngineSnapshot s;
    s.time_ms = QDateTime::currentMSecsSinceEpoch();
    s.state = EngineState::Running;
    s.consumed = 12345;
    s.enriched = 12000;
    s.retried = 321;
    s.dead_lettered = 17;
    s.invalid = 5;
    s.cost_usd = 1.23456;
    s.inflight_requests = 12;
    s.concurrency_cap = 64;
    s.rate_1s.consumed_per_s = 260;
    s.rate_1s.enriched_per_s = 250.5;
    s.rate_1s.retried_per_s = 3;
    s.rate_1s.dead_lettered_per_s = 0.5;
    s.end_to_end = {80, 150, 240, 900};
    s.llm = {42, 90, 130, 400};
    s.models = {model(QStringLiteral("deepseek-v3.2"), 12100,
                      {{QStringLiteral("server_error"), 2}, {QStringLiteral("rate_limited"), 3}},
                      1234567, 98765, 0.8, 123.4),
                model(QStringLiteral("gemini-2.5-flash"), 12050, {}, 1000000, 50000, 0.43456,
                      88.8)};
    // The first model's provider sends rate-limit headers; the second's sends none.
    s.models[0].limit_requests = 5000;
    s.models[0].remaining_requests = 4999;
    s.models[0].limit_tokens = 160000;
    s.models[0].remaining_tokens = 159976;
    s.partitions = {partition(QStringLiteral("ai-events"), 0, 100, 150),
                    partition(QStringLiteral("ai-events"), 1, -1, 20),
                    partition(QStringLiteral("ai-events-retry"), 0, 7, 7)};
    return s;
}

QString cell(const QAbstractItemModel *m, int row, int column)
{
    return m->data(m->index(row, column)).toString();
}

} // namespace

class TestDashboard : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void showsEveryNumberOfTheSnapshot();
    void bannerSaysWhyTheCircuitIsOpen();
    void chartsGainOnePointPerTick();
    void steadyRowsChangeInPlace();
    void tableModelsPassTheTester();
    void seriesBufferKeepsTheLatestWindow();
};

void TestDashboard::initTestCase()
{
    // Fixed grouping and decimal marks, whatever the machine's locale.
    QLocale::setDefault(QLocale(QLocale::English, QLocale::UnitedStates));
}

void TestDashboard::showsEveryNumberOfTheSnapshot()
{
    DashboardPage page;
    page.resize(1280, 700);
    page.show();
    QVERIFY(QTest::qWaitForWindowExposed(&page));
    page.showSnapshot(knownSnapshot());

    HeadlineCounters *h = page.headline();
    QCOMPARE(h->valueLabel(HeadlineCounters::Consumed)->text(), QStringLiteral("12,345"));
    QCOMPARE(h->valueLabel(HeadlineCounters::Enriched)->text(), QStringLiteral("12,000"));
    QCOMPARE(h->valueLabel(HeadlineCounters::Retried)->text(), QStringLiteral("321"));
    QCOMPARE(h->valueLabel(HeadlineCounters::DeadLettered)->text(), QStringLiteral("17"));
    QCOMPARE(h->valueLabel(HeadlineCounters::Invalid)->text(), QStringLiteral("5"));
    QCOMPARE(h->valueLabel(HeadlineCounters::Cost)->text(), QStringLiteral("$1.2346"));
    QCOMPARE(h->valueLabel(HeadlineCounters::Throughput)->text(),
             QStringLiteral("250.5 msg/s"));
    // The labels are reachable by name too (what a UI automation tool would use).
    QCOMPARE(page.findChild<QLabel *>(QStringLiteral("headline.consumed"))->text(),
             QStringLiteral("12,345"));

    QCOMPARE(page.inflightGauge()->value(), 12);
    QCOMPARE(page.inflightGauge()->maximum(), 64);
    QCOMPARE(page.inflightGauge()->text(), QStringLiteral("12 / 64"));
    QCOMPARE(page.banner()->text(), QStringLiteral("Running"));

    const ModelTableModel *models = page.modelTable();
    QCOMPARE(models->rowCount(), 2);
    QCOMPARE(cell(models, 0, ModelTableModel::Model), QStringLiteral("deepseek-v3.2"));
    QCOMPARE(cell(models, 0, ModelTableModel::Requests), QStringLiteral("12,100"));
    QCOMPARE(cell(models, 0, ModelTableModel::Errors),
             QStringLiteral("rate_limited 3, server_error 2"));
    QCOMPARE(cell(models, 0, ModelTableModel::InputTokens), QStringLiteral("1,234,567"));
    QCOMPARE(cell(models, 0, ModelTableModel::OutputTokens), QStringLiteral("98,765"));
    QCOMPARE(cell(models, 0, ModelTableModel::CostUsd), QStringLiteral("$0.8000"));
    // $0.80 over 12,000 enriched messages = $0.0667 per 1,000.
    QCOMPARE(cell(models, 0, ModelTableModel::UsdPerThousand), QStringLiteral("$0.0667"));
    QCOMPARE(cell(models, 0, ModelTableModel::P99Ms), QStringLiteral("123.4"));
    QCOMPARE(cell(models, 1, ModelTableModel::Model), QStringLiteral("gemini-2.5-flash"));
    QCOMPARE(cell(models, 1, ModelTableModel::Errors), QStringLiteral("0"));
    QCOMPARE(cell(models, 1, ModelTableModel::CostUsd), QStringLiteral("$0.4346"));
    QCOMPARE(cell(models, 1, ModelTableModel::UsdPerThousand), QStringLiteral("$0.0362"));
    QCOMPARE(cell(models, 1, ModelTableModel::P99Ms), QStringLiteral("88.8"));
    QCOMPARE(cell(models, 0, ModelTableModel::RateLimitLeft),
             QStringLiteral("4,999 · 159,976"));
    QCOMPARE(models->data(models->index(0, ModelTableModel::RateLimitLeft), Qt::ToolTipRole)
                 .toString(),
             QStringLiteral("Left of 5,000 requests and 160,000 tokens, as the provider's latest "
                            "answer said"));
    QCOMPARE(cell(models, 1, ModelTableModel::RateLimitLeft), QStringLiteral("—"));
    EngineSnapshot gateway = knownSnapshot(); // LiteLLM: remaining requests only
    gateway.models[1].remaining_requests = 99;
    QCOMPARE(ModelTableModel::rateLimitText(gateway.models[1]), QStringLiteral("99 req"));
    QCOMPARE(models->data(models->index(0, ModelTableModel::UsdPerThousand),
                          ModelTableModel::ValueRole)
                 .toDouble(),
             0.8 * 1000 / 12000);

    const LagTableModel *lag = page.lagTable();
    QCOMPARE(lag->rowCount(), 3);
    const QStringList row0{QStringLiteral("ai-events"), QStringLiteral("0"),
                           QStringLiteral("100"), QStringLiteral("150"), QStringLiteral("50")};
    const QStringList row1{QStringLiteral("ai-events"), QStringLiteral("1"), QStringLiteral("—"),
                           QStringLiteral("20"), QStringLiteral("—")};
    const QStringList row2{QStringLiteral("ai-events-retry"), QStringLiteral("0"),
                           QStringLiteral("7"), QStringLiteral("7"), QStringLiteral("0")};
    const QList<QStringList> rows{row0, row1, row2};
    for (int r = 0; r < rows.size(); ++r)
        for (int c = 0; c < LagTableModel::ColumnCount; ++c)
            QCOMPARE(cell(lag, r, c), rows[r][c]);
    QCOMPARE(lag->totalLag(), 50);

    QCOMPARE(page.costChart()->models(),
             (QStringList{QStringLiteral("deepseek-v3.2"), QStringLiteral("gemini-2.5-flash")}));
    QCOMPARE(page.costChart()->costUsd(QStringLiteral("gemini-2.5-flash")), 0.43456);
}

void TestDashboard::bannerSaysWhyTheCircuitIsOpen()
{
    DashboardPage page;
    EngineSnapshot s = knownSnapshot();
    s.state = EngineState::CircuitOpen;
    s.state_reason = QStringLiteral("401 invalid_api_key: Incorrect API key provided");
    page.showSnapshot(s);
    QCOMPARE(page.banner()->state(), EngineState::CircuitOpen);
    QCOMPARE(page.banner()->text(),
             QStringLiteral("Circuit open — consumption paused: 401 invalid_api_key: Incorrect "
                            "API key provided"));
    const QColor red = page.banner()->palette().color(QPalette::Window);

    s.state = EngineState::Paused;
    s.state_reason.clear();
    page.showSnapshot(s);
    QCOMPARE(page.banner()->text(), QStringLiteral("Paused by the operator"));
    QVERIFY(page.banner()->palette().color(QPalette::Window) != red);

    s.state = EngineState::BudgetPaused;
    s.state_reason = QStringLiteral("hourly cap $5.00 reached");
    page.showSnapshot(s);
    QCOMPARE(page.banner()->text(),
             QStringLiteral("Budget reached — consumption paused: hourly cap $5.00 reached"));

    s.state = EngineState::Storming;
    s.state_reason = QStringLiteral("rate_limited since 2 s; next try in 1.0 s");
    page.showSnapshot(s);
    QCOMPARE(page.banner()->text(),
             QStringLiteral("Provider storming — calls and consumption held, no attempts spent: "
                            "rate_limited since 2 s; next try in 1.0 s"));
    QVERIFY(page.banner()->palette().color(QPalette::Window) != red);
    const QString dir = qEnvironmentVariable("HERDER_SCREENSHOTS_DIR");
    if (!dir.isEmpty()) {
        page.resize(1280, 700);
        page.show();
        QVERIFY(QTest::qWaitForWindowExposed(&page));
        QVERIFY(page.grab().save(dir + QStringLiteral("/dashboard-storming.png")));
    }
}

void TestDashboard::chartsGainOnePointPerTick()
{
    DashboardPage page;
    page.resize(1280, 700);
    page.show();
    QVERIFY(QTest::qWaitForWindowExposed(&page));
    QLineSeries *consumed = page.throughputChart()->series(ThroughputChart::Consumed);
    QLineSeries *llmP99 = page.latencyChart()->series(LatencyChart::LlmP99);
    QCOMPARE(consumed->count(), 0);
    QSignalSpy replaced(consumed, &QXYSeries::pointsReplaced);

    EngineSnapshot s = knownSnapshot();
    page.showSnapshot(s);
    QCOMPARE(consumed->count(), 1);
    QCOMPARE(consumed->at(0).y(), 260.0);
    QCOMPARE(llmP99->at(0).y(), 130.0);

    s.time_ms += 250;
    s.rate_1s.consumed_per_s = 300;
    page.showSnapshot(s);
    QCOMPARE(consumed->count(), 2);
    // x is seconds before the newest sample: the older one moved a quarter second left.
    QCOMPARE(consumed->at(0), QPointF(-0.25, 260.0));
    QCOMPARE(consumed->at(1), QPointF(0.0, 300.0));
    QCOMPARE(page.throughputChart()->valueAxisMax(), 500.0); // 300 * 1.1 rounded up
    // One replace() per tick, not a signal per point.
    QCOMPARE(replaced.count(), 2);

    // The time axis starts at one minute and widens with the history, up to five minutes.
    ThroughputChart *chart = page.throughputChart();
    QCOMPARE(chart->visibleSeconds(), 60);
    for (int i = 0; i < 90 * 4; ++i) {
        s.time_ms += 250;
        chart->showSnapshot(s);
    }
    QCOMPARE(chart->visibleSeconds(), 120);
    for (int i = 0; i < 200 * 4; ++i) {
        s.time_ms += 250;
        chart->showSnapshot(s);
    }
    QCOMPARE(chart->visibleSeconds(), 300);
    // Five minutes at four ticks a second, merged to about one point per two pixels.
    QVERIFY(consumed->count() > 50);
    QVERIFY(consumed->count() <= 600);
    QCOMPARE(consumed->at(consumed->count() - 1).x(), 0.0);
}

void TestDashboard::steadyRowsChangeInPlace()
{
    ModelTableModel models;
    LagTableModel lag;
    EngineSnapshot s = knownSnapshot();
    models.showSnapshot(s);
    lag.showSnapshot(s);

    QSignalSpy modelResets(&models, &QAbstractItemModel::modelReset);
    QSignalSpy modelChanges(&models, &QAbstractItemModel::dataChanged);
    QSignalSpy lagResets(&lag, &QAbstractItemModel::modelReset);
    QSignalSpy lagChanges(&lag, &QAbstractItemModel::dataChanged);
    s.models[0].requests += 10;
    s.partitions[0].committed = 140;
    s.partitions[0].lag = 10;
    models.showSnapshot(s);
    lag.showSnapshot(s);
    QCOMPARE(modelResets.count(), 0);
    QCOMPARE(modelChanges.count(), 1);
    QCOMPARE(lagResets.count(), 0);
    QCOMPARE(lagChanges.count(), 1);
    QCOMPARE(cell(&models, 0, ModelTableModel::Requests), QStringLiteral("12,110"));
    QCOMPARE(cell(&lag, 0, LagTableModel::Lag), QStringLiteral("10"));

    // A new partition (rebalance) changes the row set: that one is a reset.
    s.partitions.append(partition(QStringLiteral("ai-events-retry"), 1, 0, 3));
    lag.showSnapshot(s);
    QCOMPARE(lagResets.count(), 1);
    QCOMPARE(lag.rowCount(), 4);
}

void TestDashboard::tableModelsPassTheTester()
{
    ModelTableModel models;
    LagTableModel lag;
    const auto mode = QAbstractItemModelTester::FailureReportingMode::QtTest;
    QAbstractItemModelTester modelTester(&models, mode);
    QAbstractItemModelTester lagTester(&lag, mode);
    EngineSnapshot s = knownSnapshot();
    for (int tick = 0; tick < 4; ++tick) {
        models.showSnapshot(s);
        lag.showSnapshot(s);
        s.models[0].requests += 5;
        if (tick == 1) {
            s.models.removeLast();
            s.partitions.removeFirst();
        }
    }
    models.showSnapshot(EngineSnapshot{});
    lag.showSnapshot(EngineSnapshot{});
    QCOMPARE(models.rowCount(), 0);
    QCOMPARE(lag.rowCount(), 0);
}

void TestDashboard::seriesBufferKeepsTheLatestWindow()
{
    SeriesBuffer buffer(2, 3);
    QVERIFY(buffer.isEmpty());
    for (int i = 1; i <= 5; ++i)
        buffer.append(i * 1000, {double(i), double(10 * i)});
    QCOMPARE(buffer.size(), 3);
    QCOMPARE(buffer.firstTimeMs(), 3000);
    QCOMPARE(buffer.lastTimeMs(), 5000);
    QCOMPARE(buffer.maxValue(), 50.0);
    QList<QPointF> points;
    buffer.points(1, points, buffer.lastTimeMs());
    QCOMPARE(points, (QList<QPointF>{{-2, 30}, {-1, 40}, {0, 50}}));
    buffer.clear();
    QCOMPARE(buffer.size(), 0);

    // More samples than points: merged by maximum, in buckets that do not shift per tick.
    SeriesBuffer dense(1, 100);
    for (int i = 0; i < 10; ++i)
        dense.append(i * 1000, {double(i % 3)});
    dense.points(0, points, 0, 5); // 10 samples into 5 points: pairs (0,1) (2,3) ...
    QCOMPARE(points, (QList<QPointF>{{1, 1}, {3, 2}, {5, 2}, {7, 1}, {9, 2}}));
    dense.append(10000, {7});
    dense.points(0, points, 0, 6); // 11 into 6: the old pairs stay, the new sample starts one
    QCOMPARE(points, (QList<QPointF>{{1, 1}, {3, 2}, {5, 2}, {7, 1}, {9, 2}, {10, 7}}));
}

QTEST_MAIN(TestDashboard)
#include "tst_dashboard.moc"
