#include "pipeline/requestplanner.h"
#include "pipeline/work.h"

#include <QTest>

#include <array>

using herder::config::ProcessingMode;
using herder::llm::PromptKind;
using herder::pipeline::RequestPlanner;
using herder::pipeline::Work;

namespace {

struct Sent
{
    PromptKind kind;
    QList<Work *> works;
    QList<int> tasks;
};

// A message with two tasks, none answered yet.
struct Message : Work
{
    Message() { results.resize(2); }
};

} // namespace

class TestRequestPlanner : public QObject
{
    Q_OBJECT

private slots:
    void perTaskSendsOneSingleCallPerTask();
    void combinedSendsOneCallForAllTasks();
    void halfDoneMessageAsksOnlyForWhatItLacks();
    void batchWaitsUntilFull();
    void partialBatchGoesOutAfterTheLinger();
    void loneMessageGoesOutCombined();
    void soloMessageSkipsTheBatch();
    void switchingModeSendsTheWaitingBatch();
    void shrinkingTheBatchSizeSendsFullBatches();
    void dropForgetsAWaitingMessage();

private:
    RequestPlanner *planner(ProcessingMode mode, int batch_size, int linger_ms = 5);

    QList<Sent> m_sent;
    std::unique_ptr<RequestPlanner> m_planner;
};

RequestPlanner *TestRequestPlanner::planner(ProcessingMode mode, int batch_size, int linger_ms)
{
    m_sent.clear();
    m_planner = std::make_unique<RequestPlanner>(
        2, mode, batch_size, linger_ms,
        [this](PromptKind kind, QList<Work *> works, QList<int> tasks) {
            m_sent.append({kind, std::move(works), std::move(tasks)});
        });
    return m_planner.get();
}

void TestRequestPlanner::perTaskSendsOneSingleCallPerTask()
{
    Message w;
    planner(ProcessingMode::PerTask, 8)->plan(&w);
    QCOMPARE(m_sent.size(), 2);
    QCOMPARE(m_sent[0].kind, PromptKind::Single);
    QCOMPARE(m_sent[0].tasks, QList<int>{0});
    QCOMPARE(m_sent[1].tasks, QList<int>{1});
    QCOMPARE(m_sent[1].works, QList<Work *>{&w});
    QCOMPARE(w.calls_pending, 2);
}

void TestRequestPlanner::combinedSendsOneCallForAllTasks()
{
    Message w;
    planner(ProcessingMode::Combined, 8)->plan(&w);
    QCOMPARE(m_sent.size(), 1);
    QCOMPARE(m_sent[0].kind, PromptKind::Combined);
    QCOMPARE(m_sent[0].tasks, (QList<int>{0, 1}));
    QCOMPARE(w.calls_pending, 1);
}

void TestRequestPlanner::halfDoneMessageAsksOnlyForWhatItLacks()
{
    // Per-task mode answered task 0, then the operator switched to combined or batch.
    for (ProcessingMode mode : {ProcessingMode::Combined, ProcessingMode::Batch}) {
        Message w;
        w.results[0].done = true;
        planner(mode, 8)->plan(&w);
        QCOMPARE(m_sent.size(), 1);
        QCOMPARE(m_sent[0].kind, PromptKind::Single);
        QCOMPARE(m_sent[0].tasks, QList<int>{1});
        QCOMPARE(m_planner->waiting(), 0);
    }
}

void TestRequestPlanner::batchWaitsUntilFull()
{
    std::array<Message, 3> works;
    RequestPlanner *p = planner(ProcessingMode::Batch, 3, 60000);
    p->plan(&works[0]);
    p->plan(&works[1]);
    QVERIFY(m_sent.isEmpty());
    QCOMPARE(p->waiting(), 2);
    QCOMPARE(works[0].stage, Work::Stage::Collecting);
    p->plan(&works[2]);
    QCOMPARE(m_sent.size(), 1);
    QCOMPARE(m_sent[0].kind, PromptKind::Batch);
    QCOMPARE(m_sent[0].works, (QList<Work *>{&works[0], &works[1], &works[2]}));
    QCOMPARE(m_sent[0].tasks, (QList<int>{0, 1}));
    for (const Message &w : works) {
        QCOMPARE(w.calls_pending, 1);
        QCOMPARE(w.stage, Work::Stage::Calling);
    }
    QCOMPARE(p->waiting(), 0);
}

void TestRequestPlanner::partialBatchGoesOutAfterTheLinger()
{
    std::array<Message, 2> works;
    RequestPlanner *p = planner(ProcessingMode::Batch, 8, 5);
    p->plan(&works[0]);
    p->plan(&works[1]);
    QVERIFY(m_sent.isEmpty());
    QTRY_COMPARE_WITH_TIMEOUT(m_sent.size(), 1, 2000);
    QCOMPARE(m_sent[0].kind, PromptKind::Batch);
    QCOMPARE(m_sent[0].works.size(), 2);
    QCOMPARE(p->waiting(), 0);
}

void TestRequestPlanner::loneMessageGoesOutCombined()
{
    Message w;
    planner(ProcessingMode::Batch, 8, 5)->plan(&w);
    QVERIFY(m_sent.isEmpty());
    QTRY_COMPARE_WITH_TIMEOUT(m_sent.size(), 1, 2000);
    QCOMPARE(m_sent[0].kind, PromptKind::Combined);
    QCOMPARE(m_sent[0].works, QList<Work *>{&w});
}

void TestRequestPlanner::soloMessageSkipsTheBatch()
{
    Message w;
    w.solo = true;
    planner(ProcessingMode::Batch, 8, 60000)->plan(&w);
    QCOMPARE(m_sent.size(), 1);
    QCOMPARE(m_sent[0].kind, PromptKind::Combined);
    QCOMPARE(m_planner->waiting(), 0);
}

void TestRequestPlanner::switchingModeSendsTheWaitingBatch()
{
    std::array<Message, 3> works;
    RequestPlanner *p = planner(ProcessingMode::Batch, 8, 60000);
    p->plan(&works[0]);
    p->plan(&works[1]);
    p->setMode(ProcessingMode::PerTask);
    QCOMPARE(p->mode(), ProcessingMode::PerTask);
    QCOMPARE(m_sent.size(), 1);
    QCOMPARE(m_sent[0].kind, PromptKind::Batch);
    QCOMPARE(m_sent[0].works.size(), 2);
    p->plan(&works[2]);
    QCOMPARE(m_sent.size(), 3);
    QCOMPARE(m_sent[2].kind, PromptKind::Single);
}

void TestRequestPlanner::shrinkingTheBatchSizeSendsFullBatches()
{
    std::array<Message, 5> works;
    RequestPlanner *p = planner(ProcessingMode::Batch, 8, 60000);
    for (Message &w : works)
        p->plan(&w);
    QVERIFY(m_sent.isEmpty());
    p->setBatchSize(2);
    QCOMPARE(p->batchSize(), 2);
    QCOMPARE(m_sent.size(), 2);
    QCOMPARE(m_sent[0].works, (QList<Work *>{&works[0], &works[1]}));
    QCOMPARE(m_sent[1].works, (QList<Work *>{&works[2], &works[3]}));
    QCOMPARE(p->waiting(), 1);
}

void TestRequestPlanner::dropForgetsAWaitingMessage()
{
    std::array<Message, 2> works;
    RequestPlanner *p = planner(ProcessingMode::Batch, 8, 5);
    p->plan(&works[0]);
    p->plan(&works[1]);
    QVERIFY(p->drop(&works[0]));
    QVERIFY(!p->drop(&works[0]));
    QCOMPARE(works[0].calls_pending, 0);
    QCOMPARE(p->waiting(), 1);
    QTRY_COMPARE_WITH_TIMEOUT(m_sent.size(), 1, 2000);
    QCOMPARE(m_sent[0].works, QList<Work *>{&works[1]});
}

QTEST_GUILESS_MAIN(TestRequestPlanner)
#include "tst_requestplanner.moc"
