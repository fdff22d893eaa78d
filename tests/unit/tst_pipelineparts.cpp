// The Pipeline's smaller parts on their own: the assignment's generations and offsets, the
// work set's holding and cancelling, the provider gate's circuit, budget and 429 handling.
#include "pipeline/assignment.h"
#include "pipeline/providergate.h"
#include "pipeline/workset.h"

#include <QDateTime>
#include <QSignalSpy>
#include <QTest>

using namespace herder;
using herder::pipeline::Assignment;
using herder::pipeline::ProviderGate;
using herder::pipeline::Work;
using herder::pipeline::WorkSet;

namespace {

const kafka::TopicPartition kA{QByteArrayLiteral("events"), 0};
const kafka::TopicPartition kB{QByteArrayLiteral("events"), 1};

Work *work(const kafka::TopicPartition &tp, qint64 offset, Work::Stage stage)
{
    auto *w = new Work;
    w->tp = tp;
    w->offset = offset;
    w->stage = stage;
    return w;
}

} // namespace

class TestPipelineParts : public QObject
{
    Q_OBJECT
private slots:
    void assignmentCommitsTheContiguousDoneOffsets();
    void assignmentIgnoresAnEarlierGeneration();
    void assignmentRewindsToTheCommittedOffsets();
    void workSetReleasesHeldWorkWhenDue();
    void workSetCancelHandsBackOnlyIdleWork();
    void gateOpensTheCircuitAfterARunOfFailures();
    void gateHoldsAStormAndNeverOpensTheCircuit_data();
    void gateHoldsAStormAndNeverOpensTheCircuit();
    void gateHoldsAtTheBudgetAndResumesWhenRaised();
    void gateOpensOnASystemicFailureAndProbesOnANewKey();
};

void TestPipelineParts::assignmentCommitsTheContiguousDoneOffsets()
{
    Assignment a;
    a.assign({kA, kB});
    const quint64 g = *a.begin(kA, 100);
    QVERIFY(a.begin(kA, 101));
    QVERIFY(a.begin(kA, 102));
    QVERIFY(!a.begin(kA, 101)); // seen already
    QVERIFY(!a.begin({QByteArrayLiteral("other"), 0}, 1)); // not ours
    a.done(kA, g, 100);
    a.done(kA, g, 102); // above a gap: not committable yet
    quint64 committed = 0;
    QList<kafka::CommitOffset> offsets = a.takeCommittable(&committed);
    QCOMPARE(offsets.size(), 1);
    QCOMPARE(offsets[0].tp, kA);
    QCOMPARE(offsets[0].offset, 101);
    QCOMPARE(committed, 1u);
    a.done(kA, g, 101);
    offsets = a.takeCommittable(&committed, {kB}); // only kB asked for: nothing
    QVERIFY(offsets.isEmpty());
    QCOMPARE(a.committable().constFirst().offset, 103);
    QCOMPARE(a.markCommitted(a.committable()), 2u);
    const auto stats = a.stats([](const kafka::TopicPartition &) { return qint64(110); });
    QCOMPARE(stats.size(), 2);
    QCOMPARE(stats[0].partition, 0);
    QCOMPARE(stats[0].committed, 103);
    QCOMPARE(stats[0].lag, 7);
    QCOMPARE(stats[1].lag, -1); // nothing committed on kB
}

void TestPipelineParts::assignmentIgnoresAnEarlierGeneration()
{
    Assignment a;
    a.assign({kA});
    const quint64 old = *a.begin(kA, 0);
    QVERIFY(a.revoke(kA));
    QVERIFY(!a.revoke(kA));
    a.assign({kA});
    QVERIFY(!a.current(kA, old));
    const quint64 now = *a.begin(kA, 0);
    QVERIFY(a.current(kA, now));
    a.done(kA, old, 0); // the old assignment's report settles nothing
    quint64 committed = 0;
    QCOMPARE(a.takeCommittable(&committed).constFirst().offset, 0); // still the first offset
    QCOMPARE(committed, 0u);
    a.done(kA, now, 0);
    QCOMPARE(a.takeCommittable(&committed).constFirst().offset, 1);
}

void TestPipelineParts::assignmentRewindsToTheCommittedOffsets()
{
    Assignment a;
    a.assign({kA, kB});
    const quint64 g = *a.begin(kA, 10);
    a.begin(kA, 11);
    a.begin(kB, 50);
    a.done(kA, g, 10);
    quint64 committed = 0;
    a.takeCommittable(&committed); // kA committed at 11
    const QList<kafka::CommitOffset> to = a.rewind();
    QCOMPARE(to.size(), 2);
    for (const kafka::CommitOffset &c : to)
        QCOMPARE(c.offset, c.tp == kA ? 11 : 50); // committed, or where it started
    QVERIFY(!a.current(kA, g));
    QVERIFY(a.begin(kA, 11)); // redone
    QVERIFY(!a.begin(kA, 10)); // below the committed offset
}

void TestPipelineParts::workSetReleasesHeldWorkWhenDue()
{
    QList<qint64> due;
    WorkSet works([&due](Work *w) { due.append(w->offset); }, [](Work *) {});
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    Work *late = work(kA, 2, Work::Stage::Calling);
    late->not_before_ms = now + 300;
    Work *soon = work(kA, 1, Work::Stage::Calling);
    soon->not_before_ms = now + 50;
    works.insert(late);
    works.insert(soon);
    works.hold(late);
    works.hold(soon);
    QCOMPARE(works.heldCount(), 2);
    QCOMPARE(late->stage, Work::Stage::Held);
    QTRY_COMPARE(due.size(), 1);
    QCOMPARE(due[0], 1);
    QTRY_COMPARE(due.size(), 2);
    QCOMPARE(due[1], 2);
    QVERIFY(QDateTime::currentMSecsSinceEpoch() >= late->not_before_ms);
    QCOMPARE(works.heldCount(), 0);
    QCOMPARE(works.size(), 2);
    QCOMPARE(works.peak(), 2);
    works.erase(late);
    QCOMPARE(works.size(), 1);
    QCOMPARE(works.peak(), 2);
}

void TestPipelineParts::workSetCancelHandsBackOnlyIdleWork()
{
    QList<Work *> unplanned;
    WorkSet works([](Work *) { QFAIL("nothing is due"); },
                  [&unplanned](Work *w) { unplanned.append(w); });
    Work *held = work(kA, 1, Work::Stage::Calling);
    held->not_before_ms = QDateTime::currentMSecsSinceEpoch() + 60000;
    Work *collecting = work(kA, 2, Work::Stage::Collecting);
    Work *calling = work(kA, 3, Work::Stage::Calling);
    Work *writing = work(kA, 4, Work::Stage::Writing);
    Work *other = work(kB, 5, Work::Stage::Collecting);
    for (Work *w : {held, collecting, calling, writing, other})
        works.insert(w);
    works.hold(held);
    const QList<Work *> idle = works.cancel([](const Work &w) {
        return w.tp == kA && w.stage != Work::Stage::Writing;
    });
    QCOMPARE(QSet<Work *>(idle.begin(), idle.end()), (QSet<Work *>{held, collecting}));
    QCOMPARE(unplanned, QList<Work *>{collecting});
    QCOMPARE(works.heldCount(), 0);
    QVERIFY(held->cancelled && collecting->cancelled && calling->cancelled);
    QVERIFY(!writing->cancelled && !other->cancelled);
    QCOMPARE(works.size(), 5); // cancelling ends nothing by itself
}

void TestPipelineParts::gateOpensTheCircuitAfterARunOfFailures()
{
    config::EngineSettings settings;
    settings.concurrency = 4;
    ProviderGate gate(settings);
    gate.start();
    QSignalSpy held(&gate, &ProviderGate::circuitHold);
    // Failures that say something about the provider (not transient ones: those are storms).
    for (int i = 0; i < 24; ++i)
        gate.callFailed(llm::FailureClass::InvalidRequest, std::nullopt);
    QVERIFY(!gate.circuitOpen());
    gate.answered(true); // a success ends the run
    for (int i = 0; i < 24; ++i)
        gate.callFailed(llm::FailureClass::InvalidRequest, std::nullopt);
    QVERIFY(!gate.circuitOpen());
    gate.callFailed(llm::FailureClass::InvalidRequest, std::nullopt);
    QVERIFY(gate.circuitOpen());
    QCOMPARE(held.size(), 1);
    QCOMPARE(held[0][0].toBool(), true);
    // The gate is shut: a queued call does not start.
    bool started = false;
    gate.enqueue([&started] { started = true; });
    QCoreApplication::processEvents();
    QVERIFY(!started);
    QCOMPARE(gate.queued(), 1);
}

void TestPipelineParts::gateHoldsAStormAndNeverOpensTheCircuit_data()
{
    QTest::addColumn<config::ProcessingMode>("mode");
    QTest::addColumn<llm::FailureClass>("cls");
    QTest::newRow("per-task 429") << config::ProcessingMode::PerTask << llm::FailureClass::RateLimited;
    QTest::newRow("batch 429") << config::ProcessingMode::Batch << llm::FailureClass::RateLimited;
    QTest::newRow("combined 5xx") << config::ProcessingMode::Combined << llm::FailureClass::ServerError;
    QTest::newRow("per-task timeout") << config::ProcessingMode::PerTask << llm::FailureClass::Timeout;
}

void TestPipelineParts::gateHoldsAStormAndNeverOpensTheCircuit()
{
    QFETCH(config::ProcessingMode, mode);
    QFETCH(llm::FailureClass, cls);
    config::EngineSettings settings;
    settings.concurrency = 64;
    settings.mode = mode;
    ProviderGate gate(settings);
    gate.start();
    QSignalSpy circuit(&gate, &ProviderGate::circuitHold);
    QSignalSpy storm(&gate, &ProviderGate::stormHold);
    for (int i = 0; i < 50; ++i)
        gate.callFailed(cls, std::chrono::milliseconds(200));
    QVERIFY(!gate.circuitOpen());
    QCOMPARE(circuit.size(), 0);
    QVERIFY(gate.storming());
    QCOMPARE(storm.size(), 1);
    QCOMPARE(storm[0][0].toBool(), true);

    // Held for the hold, then one call at a time until one is answered.
    const quint64 before_hold = gate.callEpoch();
    int started = 0;
    for (int i = 0; i < 3; ++i)
        gate.enqueue([&started] { ++started; });
    QCoreApplication::processEvents();
    QCOMPARE(started, 0);
    // The probe's start would start the others at once, were the gate open.
    QTRY_COMPARE_WITH_TIMEOUT(started, 1, 60000);
    QCOMPARE(gate.queued(), 2);
    QVERIFY(gate.callEpoch() > before_hold);
    QVERIFY2(gate.stormReason().endsWith(u"next try in 0.0 s"), qPrintable(gate.stormReason()));
    // A call sent before the hold (a hung one timing out late) is not the probe: no new hold.
    gate.callFailed(cls, std::chrono::milliseconds(200), before_hold);
    QVERIFY2(gate.stormReason().endsWith(u"next try in 0.0 s"), qPrintable(gate.stormReason()));
    // The probe's own failure holds again.
    gate.callFailed(cls, std::chrono::milliseconds(200), gate.callEpoch());
    QVERIFY2(!gate.stormReason().endsWith(u"next try in 0.0 s"), qPrintable(gate.stormReason()));
    QTRY_COMPARE_WITH_TIMEOUT(gate.stormReason().endsWith(u"next try in 0.0 s"), true, 60000);
    gate.answered(true);
    gate.release();
    QVERIFY(!gate.storming());
    QCOMPARE(storm.size(), 2);
    QCOMPARE(storm[1][0].toBool(), false);
    QCOMPARE(started, 3);
}

void TestPipelineParts::gateHoldsAtTheBudgetAndResumesWhenRaised()
{
    config::EngineSettings settings;
    settings.budget_hourly_usd = 1.0;
    ProviderGate gate(settings);
    gate.start();
    QSignalSpy held(&gate, &ProviderGate::budgetHold);
    gate.spend(0.6);
    QVERIFY(!gate.budgetReached());
    gate.spend(0.6);
    QVERIFY(gate.budgetReached());
    QCOMPARE(held.size(), 1);
    QVERIFY(gate.budgetReason().contains(QStringLiteral("hourly budget")));
    bool started = false;
    gate.enqueue([&started] { started = true; });
    QCoreApplication::processEvents();
    QVERIFY(!started);
    gate.applyLimits({.budget_hourly_usd = 5.0, .budget_daily_usd = 0});
    QVERIFY(!gate.budgetReached());
    QCOMPARE(held.size(), 2);
    QCOMPARE(held[1][0].toBool(), false);
    QTRY_VERIFY(started);
}

void TestPipelineParts::gateOpensOnASystemicFailureAndProbesOnANewKey()
{
    config::EngineSettings settings;
    ProviderGate gate(settings);
    gate.start();
    QSignalSpy held(&gate, &ProviderGate::circuitHold);
    gate.systemicFailure(QStringLiteral("invalid_api_key (HTTP 401): bad key"));
    QVERIFY(gate.circuitOpen());
    QCOMPARE(gate.circuitReason(), QStringLiteral("invalid_api_key (HTTP 401): bad key"));
    gate.probeNow(); // half-open: one probe may go
    QVERIFY(!gate.circuitOpen());
    int started = 0;
    gate.enqueue([&started] { ++started; });
    gate.enqueue([&started] { ++started; });
    QTRY_COMPARE(started, 1);
    QCoreApplication::processEvents();
    QCOMPARE(started, 1); // only the probe
    gate.answered(true);
    gate.release();
    QCOMPARE(held.size(), 2); // closed again
    QTRY_COMPARE(started, 2);
}

QTEST_GUILESS_MAIN(TestPipelineParts)
#include "tst_pipelineparts.moc"
