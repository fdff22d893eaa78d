// The exactly-once writer's states and transitions, without a broker: a fake producer says
// what Kafka would, a fake host stands for the pipeline around the writer.
#include "pipeline/transactionwriter.h"

#include <QSignalSpy>
#include <QTest>

#include <deque>

using namespace herder;
using herder::pipeline::Assignment;
using herder::pipeline::TransactionWriter;
using herder::pipeline::Work;
using State = TransactionWriter::State;
using Status = herder::pipeline::TransactionalProducer::Status;

namespace {

const kafka::TopicPartition kTp{QByteArrayLiteral("events"), 0};

struct Produced
{
    QByteArray topic;
    qint64 offset;
};

class FakeProducer : public herder::pipeline::TransactionalProducer
{
public:
    rd_kafka_resp_err_t produce(const QByteArray &topic, QByteArrayView, QByteArrayView,
                                const kafka::Headers &, void *opaque) override
    {
        if (!produce_errors.empty()) {
            const auto err = produce_errors.front();
            produce_errors.pop_front();
            return err;
        }
        produced.append({topic, static_cast<Work *>(opaque)->offset});
        return RD_KAFKA_RESP_ERR_NO_ERROR;
    }
    void poll() override {}
    bool flush(int) override { return flush_ok; }
    Status initTransactions(int, QString *error) override { return next(init, error); }
    Status beginTransaction(QString *error) override
    {
        ++begins;
        return next(begin, error);
    }
    Status commitTransaction(const QList<kafka::CommitOffset> &offsets, int,
                             QString *error) override
    {
        commits.append(offsets);
        return next(commit, error);
    }
    Status abortTransaction(int, QString *error) override
    {
        ++aborts;
        return next(abort, error);
    }
    QString fatalError() const override { return QStringLiteral("fatal"); }
    bool fenced() const override { return is_fenced; }
    bool replace(QString *) override
    {
        ++replacements;
        return replace_ok;
    }

    static Status next(std::deque<Status> &queue, QString *error)
    {
        if (queue.empty())
            return Status::Ok;
        const Status s = queue.front();
        queue.pop_front();
        if (s != Status::Ok)
            *error = QStringLiteral("refused");
        return s;
    }

    QList<Produced> produced;
    std::deque<rd_kafka_resp_err_t> produce_errors;
    std::deque<Status> init, begin, commit, abort;
    QList<QList<kafka::CommitOffset>> commits;
    int begins = 0, aborts = 0, replacements = 0;
    bool flush_ok = true;
    bool is_fenced = false;
    bool replace_ok = true;
};

class FakeHost : public TransactionWriter::Host
{
public:
    void dropAll() override { ++drops; }
    bool seek(const QList<kafka::CommitOffset> &offsets, int, QString *) override
    {
        seeks.append(offsets);
        return true;
    }
    void holdConsumption(bool on) override { held = on; }
    void produce(Work *w, const QByteArray &topic, const QByteArray &value,
                 const kafka::Headers &headers) override
    {
        writer->write(w, topic, value, headers);
    }
    void end(Work *w) override { ended.append(w->offset); }
    void endOrphans() override { ++orphan_sweeps; }
    void fatal(const QString &message) override { fatal_message = message; }

    TransactionWriter *writer = nullptr;
    int drops = 0, orphan_sweeps = 0;
    QList<QList<kafka::CommitOffset>> seeks;
    bool held = false;
    QList<qint64> ended;
    QString fatal_message;
};

} // namespace

class TestTransactionWriter : public QObject
{
    Q_OBJECT
private slots:
    void init();
    void cleanup();
    void writesEachPartitionInOffsetOrder();
    void commitsTheDoneOffsetsWithTheTransaction();
    void aFailedDeliveryAbortsAndRewindsOnTheNextTurn();
    void anAbortTheBrokerCannotTakeIsTriedAgain();
    void anOffsetEndedUnwrittenBlocksWhatLiesAbove();
    void aRecordRefusedForGoodIsPoisonedForTheRedo();
    void aFatalErrorReplacesTheProducerAtMostThreeTimes();
    void fencingIsFatalAtOnce();
    void aRevokedPartitionHandsBackItsParkedRecords();

private:
    Work *consumed(qint64 offset);
    void write(Work *w) { m_writer->write(w, QByteArrayLiteral("out"), {}, {}); }

    Assignment m_assignment;
    FakeProducer m_producer;
    FakeHost m_host;
    quint64 m_committed = 0;
    std::unique_ptr<TransactionWriter> m_writer;
    std::vector<std::unique_ptr<Work>> m_works;
};

void TestTransactionWriter::init()
{
    m_assignment = Assignment{};
    m_assignment.assign({kTp});
    m_producer = FakeProducer{};
    m_host = FakeHost{};
    m_committed = 0;
    m_writer = std::make_unique<TransactionWriter>(m_producer, m_assignment, m_host, 1000,
                                                   QByteArrayLiteral("dlq"), m_committed);
    m_host.writer = m_writer.get();
}

void TestTransactionWriter::cleanup()
{
    m_writer.reset();
    m_works.clear();
}

Work *TestTransactionWriter::consumed(qint64 offset)
{
    auto w = std::make_unique<Work>();
    w->tp = kTp;
    w->offset = offset;
    w->tracker_generation = *m_assignment.begin(kTp, offset);
    w->origin = QByteArray::number(offset);
    m_writer->begin(kTp, w->tracker_generation, offset);
    m_works.push_back(std::move(w));
    return m_works.back().get();
}

void TestTransactionWriter::writesEachPartitionInOffsetOrder()
{
    Work *a = consumed(10);
    Work *b = consumed(11);
    Work *c = consumed(12);
    write(c); // parked: 10 and 11 are not written yet
    write(b);
    QVERIFY(m_producer.produced.isEmpty());
    write(a);
    QCOMPARE(m_producer.produced.size(), 3);
    QCOMPARE(m_producer.produced[0].offset, 10);
    QCOMPARE(m_producer.produced[1].offset, 11);
    QCOMPARE(m_producer.produced[2].offset, 12);
    QVERIFY(a->written && b->written && c->written);
    QCOMPARE(m_writer->records(), 3);
}

void TestTransactionWriter::commitsTheDoneOffsetsWithTheTransaction()
{
    Work *a = consumed(5);
    Work *b = consumed(6);
    write(a);
    write(b);
    QVERIFY(!m_writer->delivered(a, RD_KAFKA_RESP_ERR_NO_ERROR));
    m_assignment.done(kTp, a->tracker_generation, 5);
    m_writer->commit(true);
    QCOMPARE(m_producer.commits.size(), 1);
    QCOMPARE(m_producer.commits[0].size(), 1);
    QCOMPARE(m_producer.commits[0][0].offset, 6); // the next offset to read
    QCOMPARE(m_committed, 1u);
    QCOMPARE(m_writer->records(), 0);
    QCOMPARE(m_producer.begins, 1);
    QCOMPARE(m_writer->state(), State::Open);
    // Nothing written since: nothing to commit.
    m_writer->commit(true);
    QCOMPARE(m_producer.commits.size(), 1);
}

void TestTransactionWriter::aFailedDeliveryAbortsAndRewindsOnTheNextTurn()
{
    Work *a = consumed(0);
    write(a);
    QVERIFY(m_writer->delivered(a, RD_KAFKA_RESP_ERR__MSG_TIMED_OUT));
    QCOMPARE(m_host.ended, QList<qint64>{0});
    QCOMPARE(m_writer->state(), State::Failing);
    QCOMPARE(m_producer.aborts, 0);
    // The abort waits for the event loop: the failing turn ends first.
    QTRY_COMPARE(m_writer->state(), State::Open);
    QCOMPARE(m_producer.aborts, 1);
    QCOMPARE(m_host.drops, 1);
    QCOMPARE(m_host.seeks.size(), 1);
    QCOMPARE(m_host.seeks[0].size(), 1);
    QCOMPARE(m_host.seeks[0][0].offset, 0); // back to where this assignment started
    QVERIFY(!m_host.held);
    QVERIFY(m_producer.commits.isEmpty());
    // The rewound partition is a new generation: the old message settles nothing there.
    QVERIFY(!m_assignment.current(kTp, a->tracker_generation));
}

void TestTransactionWriter::anAbortTheBrokerCannotTakeIsTriedAgain()
{
    Work *a = consumed(0);
    write(a);
    m_producer.abort = {Status::Abort};
    m_writer->requestAbort(QStringLiteral("test"));
    QTRY_COMPARE(m_producer.aborts, 1);
    QCOMPARE(m_writer->state(), State::Aborting);
    QVERIFY(m_host.held);
    // A second request while one is pending changes nothing.
    m_writer->requestAbort(QStringLiteral("again"));
    QCOMPARE(m_host.drops, 1);
    QTRY_COMPARE_WITH_TIMEOUT(m_writer->state(), State::Open, 5000);
    QCOMPARE(m_producer.aborts, 2);
    QVERIFY(!m_host.held);
}

void TestTransactionWriter::anOffsetEndedUnwrittenBlocksWhatLiesAbove()
{
    Work *a = consumed(0);
    Work *b = consumed(1);
    Work *c = consumed(2);
    write(c); // parked above 0
    m_writer->blockAbove(a, /*stopping=*/true);
    QCOMPARE(m_host.ended, QList<qint64>{2}); // parked above the gap: ended, not written
    write(b);                                 // above the gap: ended, not written
    QCOMPARE(m_host.ended, (QList<qint64>{2, 1}));
    QVERIFY(m_producer.produced.isEmpty());
    QCOMPARE(m_writer->state(), State::Open); // stopping: no abort
    m_writer->blockAbove(a, /*stopping=*/false);
    QCOMPARE(m_writer->state(), State::Failing);
}

void TestTransactionWriter::aRecordRefusedForGoodIsPoisonedForTheRedo()
{
    Work *a = consumed(3);
    a->outcome = Work::Outcome::Enriched;
    a->cost_usd = 0.25;
    write(a);
    QVERIFY(m_writer->delivered(a, RD_KAFKA_RESP_ERR_MSG_SIZE_TOO_LARGE));
    QTRY_COMPARE(m_writer->state(), State::Open);
    Work *redo = consumed(3);
    const auto poison = m_writer->poisoned(*redo);
    QVERIFY(poison);
    QVERIFY(poison->first.startsWith(QStringLiteral("enriched record rejected by Kafka")));
    QCOMPARE(poison->second, 0.25);
    // Committed past it, the poison is forgotten.
    write(redo);
    m_assignment.done(kTp, redo->tracker_generation, 3);
    m_writer->commit(true);
    QVERIFY(!m_writer->poisoned(*redo));
}

void TestTransactionWriter::aFatalErrorReplacesTheProducerAtMostThreeTimes()
{
    // Three, as DESIGN.md and the README promise: a literal, so a changed limit fails here.
    for (int i = 1; i <= 3; ++i) {
        m_writer->fail(QStringLiteral("expired"));
        QCOMPARE(m_writer->state(), State::ReplacingProducer);
        QVERIFY(m_host.held);
        QTRY_COMPARE(m_writer->state(), State::Open);
        QCOMPARE(m_producer.replacements, i);
        QCOMPARE(m_host.orphan_sweeps, i);
    }
    // A fourth in a row without a commit in between is the engine's problem.
    m_writer->fail(QStringLiteral("expired"));
    QCOMPARE(m_writer->state(), State::Dead);
    QVERIFY(m_host.fatal_message.contains(QStringLiteral("expired")));
    Work *a = consumed(0);
    write(a); // dead: ended, never written
    QVERIFY(m_producer.produced.isEmpty());
    QCOMPARE(m_host.ended.constLast(), 0);
}

void TestTransactionWriter::fencingIsFatalAtOnce()
{
    m_producer.is_fenced = true;
    m_writer->fail(QStringLiteral("fenced"));
    QCOMPARE(m_writer->state(), State::Dead);
    QCOMPARE(m_producer.replacements, 0);
    QVERIFY(!m_host.fatal_message.isEmpty());
    // A new producer that cannot initialise fatally (fenced meanwhile) dies too.
    init();
    m_writer->fail(QStringLiteral("expired"));
    m_producer.init = {Status::Fatal};
    m_producer.is_fenced = true;
    QTRY_COMPARE(m_writer->state(), State::Dead);
    QCOMPARE(m_producer.replacements, 1);
}

void TestTransactionWriter::aRevokedPartitionHandsBackItsParkedRecords()
{
    consumed(0);
    Work *b = consumed(1);
    write(b);
    const QList<Work *> parked = m_writer->forget(kTp);
    QCOMPARE(parked, QList<Work *>{b});
    m_assignment.revoke(kTp);
    Work stale = *b;
    QCOMPARE(m_writer->write(&stale, QByteArrayLiteral("out"), {}, {}), RD_KAFKA_RESP_ERR_NO_ERROR);
    QVERIFY(m_producer.produced.isEmpty()); // no longer ours: ended unwritten
}

QTEST_GUILESS_MAIN(TestTransactionWriter)
#include "tst_transactionwriter.moc"
