// The ops API's request bodies (JsonBody, LimitsRequest, ReplayRequest) on inputs the fuzzers
// (tests/fuzz/fuzz_opsrequest) turned up: each row once crashed or was undefined behaviour.

#include "ops/jsonbody.h"
#include "ops/limitsrequest.h"
#include "ops/replayrequest.h"

#include <QJsonValue>
#include <QTest>

#include <limits>

using herder::ops::JsonBody;
using herder::ops::LimitsRequest;
using herder::ops::ReplayRequest;
using namespace Qt::StringLiterals;

class TestOpsRequests : public QObject
{
    Q_OBJECT

private slots:
    void integerAtTheEdgesOfQint64();
    void hugeNumbersInBodiesAreRejected();
    void modeAndBatchSize();
};

void TestOpsRequests::integerAtTheEdgesOfQint64()
{
    constexpr qint64 lowest = std::numeric_limits<qint64>::min();
    constexpr qint64 highest = std::numeric_limits<qint64>::max();
    // 2^63 compares equal to double(highest): it used to be converted to qint64 (UBSan:
    // "9.22337e+18 is outside the range of representable values of type 'long long'").
    QCOMPARE(JsonBody::integer(QJsonValue(0x1p63), lowest, highest), std::nullopt);
    QCOMPARE(JsonBody::integer(QJsonValue(1e300), lowest, highest), std::nullopt);
    QCOMPARE(JsonBody::integer(QJsonValue(-0x1p63), lowest, highest), std::optional(lowest));
    QCOMPARE(JsonBody::integer(QJsonValue(0x1p62), lowest, highest), std::optional(qint64(1) << 62));
    QCOMPARE(JsonBody::integer(QJsonValue(-1e300), lowest, highest), std::nullopt);
    QCOMPARE(JsonBody::integer(QJsonValue(7.5), lowest, highest), std::nullopt);
    QCOMPARE(JsonBody::integer(QJsonValue(u"7"_s), lowest, highest), std::nullopt);
}

void TestOpsRequests::hugeNumbersInBodiesAreRejected()
{
    QString error;
    QVERIFY(!LimitsRequest::parse(R"({"concurrency": 9223372036854775808})", &error));
    QCOMPARE(error, u"concurrency must be an integer from 1 to 4096"_s);
    QVERIFY(!ReplayRequest::parse(
        R"({"records": [{"partition": 9223372036854775808, "offset": 1e300}]})", &error));
    QCOMPARE(error, u"each record needs integer partition and offset >= 0"_s);
    const auto replay = ReplayRequest::parse(
        R"({"records": [{"partition": 2147483647, "offset": 9007199254740992}]})", &error);
    QVERIFY2(replay, qPrintable(error));
    QCOMPARE(replay->positions.size(), 1);
    QCOMPARE(replay->positions.at(0).partition, 2147483647);
    QCOMPARE(replay->positions.at(0).offset, qint64(1) << 53);
}

void TestOpsRequests::modeAndBatchSize()
{
    QString error;
    const auto both = LimitsRequest::parse(R"({"mode": " Combined ", "batch_size": 256})", &error);
    QVERIFY2(both, qPrintable(error));
    QCOMPARE(both->mode, std::optional(herder::config::ProcessingMode::Combined));
    QCOMPARE(both->batch_size, std::optional(256));
    QVERIFY(!both->concurrency && !both->rate_per_s);
    QVERIFY(!LimitsRequest::parse(R"({"mode": "bulk"})", &error));
    QCOMPARE(error, u"mode must be one of per-task, combined, batch"_s);
    QVERIFY(!LimitsRequest::parse(R"({"mode": 2})", &error));
    QCOMPARE(error, u"mode must be one of per-task, combined, batch"_s);
    QVERIFY(!LimitsRequest::parse(R"({"batch_size": 0})", &error));
    QCOMPARE(error, u"batch_size must be an integer from 1 to 256"_s);
    QVERIFY(!LimitsRequest::parse(R"({"batch_size": 4.5})", &error));
    QVERIFY(!LimitsRequest::parse(R"({})", &error));
    QVERIFY(error.contains(u"mode, batch_size"_s));
}

QTEST_APPLESS_MAIN(TestOpsRequests)
#include "tst_opsrequests.moc"
