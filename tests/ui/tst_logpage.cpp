// The log page: lines from any thread land in a bounded capture, the page drains them in one
// insert per timer tick, filters by level and text, and never holds more than its capacity.

#include "logcapture.h"
#include "logfiltermodel.h"
#include "logmodel.h"
#include "logpage.h"

#include <QAbstractItemModelTester>
#include <QComboBox>
#include <QLineEdit>
#include <QLoggingCategory>
#include <QSignalSpy>
#include <QThread>
#include <QtTest>

using namespace herder::ui;

namespace {
Q_LOGGING_CATEGORY(lcTestPipeline, "herder.pipeline")

LogLine line(QtMsgType type, const QString &category, const QString &message)
{
    return {QDateTime::currentMSecsSinceEpoch(), type, category, message};
}
} // namespace

class TestLogPage : public QObject
{
    Q_OBJECT

private slots:
    void captureIsBoundedAndThreadSafe();
    void modelDrainsInOneInsertAndKeepsItsCapacity();
    void pageFiltersByLevelAndText();
    void installedHandlerCapturesQtLogging();
};

void TestLogPage::captureIsBoundedAndThreadSafe()
{
    LogCapture capture(1000);
    QList<QThread *> threads;
    for (int t = 0; t < 4; ++t)
        threads.append(QThread::create([&capture, t] {
            for (int i = 0; i < 500; ++i)
                capture.append(line(QtInfoMsg, QStringLiteral("herder.kafka"),
                                    QStringLiteral("thread %1 line %2").arg(t).arg(i)));
        }));
    for (QThread *t : threads)
        t->start();
    for (QThread *t : threads) {
        QVERIFY(t->wait(10000));
        delete t;
    }
    const std::vector<LogLine> lines = capture.takeAll();
    QCOMPARE(int(lines.size()), 1000);
    QCOMPARE(capture.dropped(), 1000u);
    QVERIFY(capture.takeAll().empty());
}

void TestLogPage::modelDrainsInOneInsertAndKeepsItsCapacity()
{
    LogCapture capture(100);
    LogModel model(capture, 50);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QSignalSpy inserts(&model, &QAbstractItemModel::rowsInserted);
    QSignalSpy removals(&model, &QAbstractItemModel::rowsRemoved);

    for (int i = 0; i < 30; ++i)
        capture.append(line(QtDebugMsg, QStringLiteral("herder.sim.server"),
                            QStringLiteral("line %1").arg(i)));
    QCOMPARE(model.drain(), 30);
    QCOMPARE(model.rowCount(), 30);
    QCOMPARE(inserts.count(), 1);

    for (int i = 30; i < 70; ++i)
        capture.append(line(QtWarningMsg, QStringLiteral("herder.pipeline"),
                            QStringLiteral("line %1").arg(i)));
    QCOMPARE(model.drain(), 40);
    QCOMPARE(model.rowCount(), 50);
    QCOMPARE(inserts.count(), 2);
    QCOMPARE(removals.count(), 1);
    QCOMPARE(model.index(0, LogModel::Message).data().toString(), QStringLiteral("line 20"));
    QCOMPARE(model.index(49, LogModel::Message).data().toString(), QStringLiteral("line 69"));
    QCOMPARE(model.index(49, LogModel::Level).data().toString(), QStringLiteral("warning"));
    QCOMPARE(model.drain(), 0);
}

void TestLogPage::pageFiltersByLevelAndText()
{
    LogCapture capture(100);
    LogPage page(capture);
    capture.append(line(QtDebugMsg, QStringLiteral("herder.sim.server"), QStringLiteral("tick")));
    capture.append(line(QtInfoMsg, QStringLiteral("herder.pipeline"), QStringLiteral("started")));
    capture.append(line(QtWarningMsg, QStringLiteral("herder.kafka"),
                        QStringLiteral("broker down")));
    capture.append(line(QtCriticalMsg, QStringLiteral("herder.pipeline"),
                        QStringLiteral("circuit open")));
    page.show();
    QTRY_COMPARE_WITH_TIMEOUT(page.filter()->rowCount(), 4, 2000);

    auto *level = page.findChild<QComboBox *>(QStringLiteral("logLevel"));
    auto *text = page.findChild<QLineEdit *>(QStringLiteral("logText"));
    QVERIFY(level && text);
    level->setCurrentIndex(level->findData(int(LogModel::Warning)));
    QCOMPARE(page.filter()->rowCount(), 2);
    text->setText(QStringLiteral("PIPELINE"));
    QCOMPARE(page.filter()->rowCount(), 1);
    QCOMPARE(page.filter()->index(0, LogModel::Message).data().toString(),
             QStringLiteral("circuit open"));
    level->setCurrentIndex(level->findData(int(LogModel::Debug)));
    QCOMPARE(page.filter()->rowCount(), 2);
    text->clear();
    QCOMPARE(page.filter()->rowCount(), 4);

    // Hidden, the page stops draining; the capture keeps the lines until it is shown again.
    page.hide();
    capture.append(line(QtInfoMsg, QStringLiteral("herder.pipeline"), QStringLiteral("later")));
    QTest::qWait(400);
    QCOMPARE(page.model()->rowCount(), 4);
    page.show();
    QTRY_COMPARE_WITH_TIMEOUT(page.model()->rowCount(), 5, 2000);
}

void TestLogPage::installedHandlerCapturesQtLogging()
{
    LogCapture::install();
    LogCapture::instance().takeAll();
    qCWarning(lcTestPipeline, "commit failed: %s", "broker unreachable");
    QThread *worker = QThread::create([] { qCInfo(lcTestPipeline, "from another thread"); });
    worker->start();
    QVERIFY(worker->wait(5000));
    delete worker;
    const std::vector<LogLine> lines = LogCapture::instance().takeAll();
    QCOMPARE(int(lines.size()), 2);
    QCOMPARE(lines[0].category, QStringLiteral("herder.pipeline"));
    QCOMPARE(lines[0].type, QtWarningMsg);
    QCOMPARE(lines[0].message, QStringLiteral("commit failed: broker unreachable"));
    QCOMPARE(lines[1].message, QStringLiteral("from another thread"));
}

QTEST_MAIN(TestLogPage)
#include "tst_logpage.moc"
