// SourceLedger: one byte per source offset, saturating counters, offsets outside the range.
#include "audit/sourceledger.h"

#include <QTest>

using herder::audit::SourceLedger;

class TestSourceLedger : public QObject
{
    Q_OBJECT
private slots:
    void countsOutcomesPerOffset();
    void ignoresOffsetsOutsideTheRangeAndAbsentRecords();
    void holdsMillionsOfRecords();
};

void TestSourceLedger::countsOutcomesPerOffset()
{
    SourceLedger ledger;
    ledger.addPartition(0, 100, 110);
    for (qint64 o = 100; o < 110; ++o)
        ledger.markPresent(0, o);
    QVERIFY(ledger.addOutput(0, 103));
    QVERIFY(ledger.addOutput(0, 104));
    QVERIFY(ledger.addOutput(0, 104));
    QVERIFY(ledger.addDeadLetter(0, 105));
    QVERIFY(ledger.markPending(0, 106));
    QCOMPARE(ledger.outputs(0, 3), 1);
    QCOMPARE(ledger.outputs(0, 4), 2);
    QCOMPARE(ledger.deadLetters(0, 4), 0);
    QCOMPARE(ledger.deadLetters(0, 5), 1);
    QVERIFY(ledger.pending(0, 6));
    QVERIFY(!ledger.pending(0, 5));
    // Counters stop at 3 rather than wrapping into the neighbouring bits.
    for (int i = 0; i < 5; ++i)
        QVERIFY(ledger.addOutput(0, 107));
    QCOMPARE(ledger.outputs(0, 7), 3);
    QCOMPARE(ledger.deadLetters(0, 7), 0);
    QVERIFY(!ledger.pending(0, 7));
    QVERIFY(ledger.present(0, 7));
}

void TestSourceLedger::ignoresOffsetsOutsideTheRangeAndAbsentRecords()
{
    SourceLedger ledger;
    ledger.addPartition(1, 0, 5);
    ledger.markPresent(1, 0);
    QCOMPARE(ledger.partitionCount(), 2);
    QCOMPARE(ledger.size(0), 0);
    QVERIFY(!ledger.addOutput(1, 5));
    QVERIFY(!ledger.addOutput(1, -1));
    QVERIFY(!ledger.addOutput(2, 0));
    QVERIFY(!ledger.addOutput(0, 0));
    // Offset 1 is inside the range but no record was read there (a transaction marker).
    QVERIFY(!ledger.addDeadLetter(1, 1));
    QVERIFY(ledger.addDeadLetter(1, 0));
}

void TestSourceLedger::holdsMillionsOfRecords()
{
    constexpr qint64 kRecords = 5'000'000;
    SourceLedger ledger;
    ledger.addPartition(0, 1'000'000, 1'000'000 + kRecords);
    for (qint64 o = 1'000'000; o < 1'000'000 + kRecords; ++o)
        ledger.markPresent(0, o);
    for (qint64 o = 1'000'000; o < 1'000'000 + kRecords; o += 2)
        QVERIFY(ledger.addOutput(0, o));
    qint64 enriched = 0;
    for (qint64 i = 0; i < ledger.size(0); ++i)
        enriched += ledger.outputs(0, i) > 0;
    QCOMPARE(enriched, kRecords / 2);
}

QTEST_GUILESS_MAIN(TestSourceLedger)
#include "tst_sourceledger.moc"
