// `herder --attach`: a console window over a RemoteEngineLink watching and steering a real
// herder-engine process (real broker, real herder-sim) through its ops API. The dashboard
// shows the engine's own numbers, the toolbar's controls change the remote engine (read back
// from /api/v1/status), a wrong token or a dead address is said plainly and changes nothing,
// the DLQ page browses and replays through the API, and closing the window leaves the engine
// running.

#include "concurrencycontrol.h"
#include "dashboardpage.h"
#include "displayformat.h"
#include "dlqfilterproxy.h"
#include "dlqpage.h"
#include "dlqtablemodel.h"
#include "engineprocess.h"
#include "enginetoolbar.h"
#include "headlinecounters.h"
#include "integrationenv.h"
#include "logcapture.h"
#include "mainwindow.h"
#include "opsclient.h"
#include "ratecontrol.h"
#include "remoteenginelink.h"
#include "statebanner.h"

#include <QAction>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QAbstractButton>
#include <QLabel>
#include <QMessageBox>
#include <QPushButton>
#include <QSlider>
#include <QSpinBox>
#include <QStatusBar>
#include <QTableView>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QtTest>

#include <memory>

using namespace herder;
using namespace herder::ui;

namespace {
const QString kToken = QStringLiteral("attach-t0ken-for-tests");
constexpr int kEvents = 300;
constexpr int kConcurrency = 8;

/// Events that cannot be decoded: the engine dead-letters them as invalid_payload at once.
const QList<QByteArray> kBadValues = {QByteArrayLiteral("not json: one"),
                                      QByteArrayLiteral("not json: two"),
                                      QByteArrayLiteral("{\"id\":\"b3\",\"text\":42}")};

template <typename T> T *visible(QWidget &parent, const QString &name)
{
    for (T *child : parent.findChildren<T *>(name))
        if (child->isVisible())
            return child;
    return nullptr;
}
} // namespace

class TestAttach : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanupTestCase();
    void dashboardShowsTheEngineNumbers();
    void concurrencyReachesTheEngine();
    void rateReachesTheEngine();
    void modeReachesTheEngine();
    void controlsFollowChangesMadeElsewhere();
    void pauseAndResume();
    void dlqBrowsesAndReplaysThroughTheApi();
    void wrongTokenIsRefusedAndChangesNothing();
    void unreachableEngineIsReported();
    void closingDetachesAndTheEngineRunsOn();
    void badAttachUrlIsAUsageError();

private:
    QJsonObject status() { return m_ops->status(); }
    QLabel *headline(HeadlineCounters::Counter counter) const
    {
        return m_window->dashboard()->headline()->valueLabel(counter);
    }

    IntegrationEnv m_env;
    QTemporaryDir m_dir;
    std::unique_ptr<EngineProcess> m_engine;
    QUrl m_base;
    std::unique_ptr<OpsClient> m_ops; ///< the test's own view, with the right token
    std::unique_ptr<RemoteEngineLink> m_link;
    std::unique_ptr<MainWindow> m_window;
    metrics::EngineSnapshot m_last;
    int m_snapshots = 0;
};

void TestAttach::initTestCase()
{
    QString error;
    QVERIFY2(m_env.setUp({QStringLiteral("--latency-ms"), QStringLiteral("5"),
                          QStringLiteral("--jitter-ms"), QStringLiteral("2"),
                          QStringLiteral("--tail-probability"), QStringLiteral("0")},
                         &error),
             qPrintable(error));
    QList<TestKafka::Record> bad;
    for (const QByteArray &v : kBadValues)
        bad.append({"bad-" + QByteArray::number(bad.size()), v, {}, -1, -1});
    QVERIFY2(TestKafka::produce(m_env.source, bad, &error), qPrintable(error));
    QVERIFY2(TestKafka::produce(m_env.source, IntegrationEnv::events(kEvents, 11), &error),
             qPrintable(error));
    QVERIFY(m_dir.isValid());
    const QString ini = m_dir.filePath(QStringLiteral("engine.ini"));
    {
        QFile f(ini);
        QVERIFY(f.open(QIODevice::WriteOnly));
    }
    m_engine = std::make_unique<EngineProcess>(
        QStringLiteral("engine"),
        m_env.engineArguments() +
            QStringList{QStringLiteral("--config"), ini, QStringLiteral("--concurrency"),
                        QString::number(kConcurrency), QStringLiteral("--ops-listen"),
                        QStringLiteral("127.0.0.1:0"), QStringLiteral("--ops-token"), kToken,
                        QStringLiteral("--quiet")});
    QVERIFY(m_engine->start());
    m_base = m_engine->waitForOps();
    QVERIFY2(m_base.isValid(), "herder-engine did not print its ops address");
    m_ops = std::make_unique<OpsClient>(m_base, kToken.toUtf8());
    // Idle after the backlog: from here on its totals stand still.
    QTRY_VERIFY_WITH_TIMEOUT(status()[u"enriched"].toInt() == kEvents &&
                                 status()[u"dead_lettered"].toInt() == kBadValues.size(),
                             60000);
    QCOMPARE(status()[u"consumed"].toInt(), kEvents + kBadValues.size());
    QCOMPARE(status()[u"concurrency"].toInt(), kConcurrency);

    config::EngineSettings local; // the console's INI: not the engine's, and not needed
    local.concurrency = 3;
    m_link = std::make_unique<RemoteEngineLink>(m_base, kToken, local);
    connect(m_link.get(), &EngineLink::snapshotReady, this,
            [this](const metrics::EngineSnapshot &s) {
                m_last = s;
                ++m_snapshots;
            });
    m_window = std::make_unique<MainWindow>(m_link.get(), QString(), LogCapture::instance());
    m_window->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
    QCOMPARE(m_window->engineToolBar()->startAction()->text(), QStringLiteral("Attach"));
    QCOMPARE(m_window->engineToolBar()->stopAction()->text(), QStringLiteral("Detach"));
    QSignalSpy started(m_link.get(), &EngineLink::started);
    m_window->engineToolBar()->startAction()->trigger();
    QTRY_COMPARE_WITH_TIMEOUT(started.count(), 1, 10000);
    QTRY_COMPARE_WITH_TIMEOUT(m_last.state, metrics::EngineState::Running, 10000);
}

void TestAttach::cleanupTestCase()
{
    m_window.reset();
    m_link.reset();
    if (m_engine && m_engine->running())
        QVERIFY(m_engine->terminateAndWait());
}

void TestAttach::dashboardShowsTheEngineNumbers()
{
    QVERIFY(m_window->windowTitle().contains(QStringLiteral("attached to ") + m_base.toString()));
    QVERIFY(m_link->isConnected());
    // About four polls a second.
    const int before = m_snapshots;
    QTest::qWait(2000);
    QVERIFY2(m_snapshots - before >= 4 && m_snapshots - before <= 10,
             qPrintable(QString::number(m_snapshots - before)));

    const QJsonObject s = status();
    QCOMPARE(s[u"enriched"].toInt(), kEvents);
    QCOMPARE(headline(HeadlineCounters::Consumed)->text(),
             displayformat::count(s[u"consumed"].toInteger()));
    QCOMPARE(headline(HeadlineCounters::Enriched)->text(),
             displayformat::count(s[u"enriched"].toInteger()));
    QCOMPARE(headline(HeadlineCounters::DeadLettered)->text(),
             displayformat::count(s[u"dead_lettered"].toInteger()));
    QCOMPARE(headline(HeadlineCounters::Cost)->text(),
             displayformat::usd(s[u"cost_usd"].toDouble()));
    QCOMPARE(headline(HeadlineCounters::Invalid)->text(),
             displayformat::count(s[u"invalid"].toInteger()));
    QCOMPARE(m_last.consumed, quint64(kEvents + kBadValues.size()));
    QCOMPARE(m_last.dead_lettered, quint64(kBadValues.size()));
    QCOMPARE(m_last.committed, quint64(s[u"committed"].toInteger()));
    QCOMPARE(m_last.partitions.size(), s[u"partitions"].toArray().size());
    QCOMPARE(m_window->dashboard()->banner()->state(), metrics::EngineState::Running);
    QVERIFY(!m_window->engineToolBar()->simulatedBadge()); // a real broker and provider here
    // The toolbar shows the engine's limits, not the console's INI.
    QCOMPARE(m_window->engineToolBar()->concurrencyControl()->value(), kConcurrency);
}

void TestAttach::concurrencyReachesTheEngine()
{
    auto *spin = m_window->findChild<QSpinBox *>(QStringLiteral("concurrencySpin"));
    auto *slider = m_window->findChild<QSlider *>(QStringLiteral("concurrencySlider"));
    QVERIFY(spin && slider);
    spin->setFocus();
    spin->selectAll();
    QTest::keyClicks(spin, QStringLiteral("23"));
    QTRY_COMPARE_WITH_TIMEOUT(status()[u"concurrency"].toInt(), 23, 5000);
    QTRY_COMPARE_WITH_TIMEOUT(m_last.concurrency_cap, 23, 5000);

    for (int v = 40; v <= 120; v += 20)
        slider->setValue(v);
    QTRY_COMPARE_WITH_TIMEOUT(status()[u"concurrency"].toInt(), 120, 5000);
    // What the toolbar shows after an attach comes from the engine's snapshots.
    QTRY_COMPARE_WITH_TIMEOUT(m_link->settings().concurrency, 120, 5000);
}

void TestAttach::rateReachesTheEngine()
{
    auto *spin = m_window->findChild<QDoubleSpinBox *>(QStringLiteral("rateSpin"));
    QVERIFY(spin);
    spin->setFocus();
    spin->selectAll();
    QTest::keyClicks(spin, QStringLiteral("40"));
    QTRY_COMPARE_WITH_TIMEOUT(status()[u"rate_per_s"].toDouble(), 40.0, 5000);
    spin->setValue(0);
    QTRY_COMPARE_WITH_TIMEOUT(status()[u"rate_per_s"].toDouble(), 0.0, 5000);
}

void TestAttach::modeReachesTheEngine()
{
    QComboBox *mode = m_window->engineToolBar()->modeCombo();
    QSpinBox *batch = m_window->engineToolBar()->batchSizeSpin();
    QCOMPARE(mode->currentText(), status()[u"mode"].toString());
    QCOMPARE(mode->currentText(), QStringLiteral("per-task"));
    mode->setFocus();
    QTest::keyClick(mode, Qt::Key_Down);
    QTest::keyClick(mode, Qt::Key_Down);
    QTRY_COMPARE_WITH_TIMEOUT(status()[u"mode"].toString(), QStringLiteral("batch"), 5000);
    QVERIFY(batch->isEnabled());
    batch->setFocus();
    batch->selectAll();
    QTest::keyClicks(batch, QStringLiteral("24"));
    QTest::keyClick(batch, Qt::Key_Return);
    QTRY_COMPARE_WITH_TIMEOUT(status()[u"batch_size"].toInt(), 24, 5000);
    QTRY_COMPARE_WITH_TIMEOUT(m_link->settings().mode, config::ProcessingMode::Batch, 5000);
}

void TestAttach::controlsFollowChangesMadeElsewhere()
{
    // Someone else (a script, another console) retunes the engine: the toolbar follows.
    m_window->engineToolBar()->batchSizeSpin()->clearFocus(); // nobody is typing there
    const OpsClient::Reply r = m_ops->post(
        QStringLiteral("/api/v1/limits"),
        R"({"concurrency": 33, "rate_per_s": 12, "mode": "combined", "batch_size": 20})");
    QCOMPARE(r.status, 200);
    EngineToolBar *bar = m_window->engineToolBar();
    QTRY_COMPARE_WITH_TIMEOUT(bar->concurrencyControl()->value(), 33, 5000);
    QTRY_COMPARE_WITH_TIMEOUT(bar->rateControl()->value(), 12.0, 5000);
    QTRY_COMPARE_WITH_TIMEOUT(bar->modeCombo()->currentText(), QStringLiteral("combined"), 5000);
    QTRY_COMPARE_WITH_TIMEOUT(bar->batchSizeSpin()->value(), 20, 5000);
    QVERIFY(!bar->batchSizeSpin()->isEnabled());
    // Showing them sent nothing back: the engine still has exactly what the script set.
    const int seen = m_snapshots;
    QTRY_VERIFY_WITH_TIMEOUT(m_snapshots >= seen + 3, 5000);
    const QJsonObject s = status();
    QCOMPARE(s[u"concurrency"].toInt(), 33);
    QCOMPARE(s[u"rate_per_s"].toDouble(), 12.0);
    QCOMPARE(s[u"mode"].toString(), QStringLiteral("combined"));
    QCOMPARE(s[u"batch_size"].toInt(), 20);
    QCOMPARE(m_ops->post(QStringLiteral("/api/v1/limits"),
                         R"({"concurrency": 120, "rate_per_s": 0, "mode": "per-task"})")
                 .status,
             200);
}

void TestAttach::pauseAndResume()
{
    EngineToolBar *bar = m_window->engineToolBar();
    QVERIFY(bar->pauseAction()->isEnabled());
    bar->pauseAction()->trigger();
    QTRY_COMPARE_WITH_TIMEOUT(status()[u"state"].toString(), QStringLiteral("paused"), 5000);
    QTRY_COMPARE_WITH_TIMEOUT(m_window->dashboard()->banner()->state(),
                              metrics::EngineState::Paused, 5000);
    QTRY_VERIFY_WITH_TIMEOUT(bar->resumeAction()->isEnabled(), 5000);
    QVERIFY(!bar->pauseAction()->isEnabled());

    bar->resumeAction()->trigger();
    QTRY_COMPARE_WITH_TIMEOUT(status()[u"state"].toString(), QStringLiteral("running"), 5000);
    QTRY_COMPARE_WITH_TIMEOUT(m_window->dashboard()->banner()->state(),
                              metrics::EngineState::Running, 5000);
    QVERIFY(bar->pauseAction()->isEnabled());
}

void TestAttach::dlqBrowsesAndReplaysThroughTheApi()
{
    DlqPage *page = m_window->dlqPage();
    QVERIFY(page);
    QSignalSpy loaded(page, &DlqPage::loadFinished);
    m_window->tabs()->setCurrentWidget(page); // the first show loads
    QVERIFY(loaded.wait(30000));
    QCOMPARE(loaded.constFirst().constFirst().toLongLong(), qint64(kBadValues.size()));
    QCOMPARE(page->tableModel()->rowCount(), int(kBadValues.size()));
    QSet<QByteArray> values;
    for (int row = 0; row < page->tableModel()->rowCount(); ++row) {
        const dlq::DlqRecord r = page->tableModel()->record(row);
        QCOMPARE(r.error_class, QStringLiteral("invalid_payload"));
        QVERIFY(r.origin.startsWith(QString::fromUtf8(m_env.source) + u'/'));
        values.insert(r.value);
    }
    QCOMPARE(values, QSet<QByteArray>(kBadValues.begin(), kBadValues.end()));

    // Replay one: the engine puts it back on its source topic, consumes it and dead-letters
    // it again (it is still not JSON), now with a replay count.
    const int row = 0;
    QItemSelectionModel *selection = page->tableView()->selectionModel();
    selection->select(page->filterProxy()->index(row, 0),
                      QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
    auto *edit = page->findChild<QPushButton *>(QStringLiteral("dlqEditReplay"));
    QVERIFY(edit);
    QCOMPARE(page->tableView()->selectionModel()->selectedRows().size(), 1);
    QVERIFY(!edit->isEnabled()); // the API replays original bytes only
    page->replaySelected();
    QMessageBox *box = nullptr;
    QTRY_VERIFY((box = visible<QMessageBox>(*page, QStringLiteral("dlqReplayConfirmation"))));
    QSignalSpy finished(page, &DlqPage::replayFinished);
    box->findChild<QAbstractButton *>(QStringLiteral("replayConfirm"))->click();
    QVERIFY(finished.wait(30000));
    const auto result = finished.constFirst().constFirst().value<dlq::ReplayResult>();
    QVERIFY2(result.error.isEmpty(), qPrintable(result.error));
    QCOMPARE(result.replayed, 1);
    QTRY_COMPARE_WITH_TIMEOUT(status()[u"dead_lettered"].toInt(), int(kBadValues.size()) + 1,
                              30000);
    loaded.clear();
    page->refresh();
    QVERIFY(loaded.wait(30000));
    QCOMPARE(page->tableModel()->rowCount(), int(kBadValues.size()) + 1);
    int replays = 0;
    for (int r = 0; r < page->tableModel()->rowCount(); ++r)
        replays += page->tableModel()->record(r).replay_count;
    QCOMPARE(replays, 1);
    m_window->tabs()->setCurrentIndex(0);
}

void TestAttach::wrongTokenIsRefusedAndChangesNothing()
{
    const QString wrong = QStringLiteral("not-the-right-t0ken");
    RemoteEngineLink link(m_base, wrong, {});
    MainWindow window(&link, QString(), LogCapture::instance());
    window.show();
    QSignalSpy failed(&link, &EngineLink::failed);
    QSignalSpy started(&link, &EngineLink::started);
    window.engineToolBar()->startAction()->trigger();
    QTRY_COMPARE_WITH_TIMEOUT(failed.count(), 1, 10000);
    const QString message = failed.constFirst().at(1).toString();
    QCOMPARE(failed.constFirst().at(0).toInt(), 401);
    QVERIFY2(message.contains(m_base.toString()) && message.contains(QStringLiteral("HTTP 401")),
             qPrintable(message));
    QVERIFY2(!message.contains(wrong) && !message.contains(kToken), qPrintable(message));
    const QString banner = window.dashboard()->banner()->text();
    QVERIFY2(banner.startsWith(QStringLiteral("Failed: ")) &&
                 banner.contains(QStringLiteral("401")),
             qPrintable(banner));
    QVERIFY(!banner.contains(wrong));
    // Refused means detached: nothing is sent with that token, the operator may attach again.
    QVERIFY(!link.isRunning());
    QCOMPARE(started.count(), 0);
    QVERIFY(window.engineToolBar()->startAction()->isEnabled());
    QVERIFY(!window.engineToolBar()->pauseAction()->isEnabled());
    QSignalSpy refused(&link, &EngineLink::commandFailed);
    link.setLimits({.concurrency = 77});
    link.pause();
    QCOMPARE(refused.count(), 2);
    QTest::qWait(500);
    QCOMPARE(status()[u"concurrency"].toInt(), 120);
    QCOMPARE(status()[u"state"].toString(), QStringLiteral("running"));
    QCOMPARE(failed.count(), 1);
}

void TestAttach::unreachableEngineIsReported()
{
    // Nothing listens on port 1.
    const QUrl dead(QStringLiteral("http://127.0.0.1:1"));
    RemoteEngineLink link(dead, kToken, {});
    MainWindow window(&link, QString(), LogCapture::instance());
    QSignalSpy failed(&link, &EngineLink::failed);
    link.start();
    QTRY_COMPARE_WITH_TIMEOUT(failed.count(), 1, 10000);
    const QString message = failed.constFirst().at(1).toString();
    QVERIFY2(message.contains(QStringLiteral("cannot reach")) &&
                 message.contains(dead.toString()),
             qPrintable(message));
    QVERIFY(!message.contains(kToken));
    QVERIFY(window.dashboard()->banner()->text().contains(dead.toString()));
    // It keeps trying (once a second) without repeating itself, until detached.
    QVERIFY(link.isRunning());
    QVERIFY(!link.isConnected());
    QTest::qWait(2500);
    QCOMPARE(failed.count(), 1);
    QSignalSpy stopped(&link, &EngineLink::stopped);
    window.engineToolBar()->stopAction()->trigger();
    QCOMPARE(stopped.count(), 1);
    QVERIFY(!link.isRunning());
    QVERIFY(window.dashboard()->banner()->text().startsWith(QStringLiteral("Detached from ")));
}

void TestAttach::closingDetachesAndTheEngineRunsOn()
{
    QSignalSpy stopped(m_link.get(), &EngineLink::stopped);
    QVERIFY(m_window->close());
    QCOMPARE(stopped.count(), 1);
    QVERIFY(!m_window->isVisible());
    QVERIFY(!m_link->isRunning());
    const int snapshots = m_snapshots;
    QTest::qWait(1000);
    QCOMPARE(m_snapshots, snapshots); // no more polls
    QVERIFY(m_engine->running());
    QCOMPARE(status()[u"state"].toString(), QStringLiteral("running"));
}

void TestAttach::badAttachUrlIsAUsageError()
{
    QProcess console;
    console.start(herderBinary(QStringLiteral("herder")),
                  {QStringLiteral("--attach"), QStringLiteral("localhost-9464")});
    QVERIFY(console.waitForFinished(10000));
    QCOMPARE(console.exitCode(), 2);
    const QByteArray err = console.readAllStandardError();
    QVERIFY2(err.contains("--attach") && err.contains("localhost-9464"), err.constData());

    console.start(herderBinary(QStringLiteral("herder")), {QStringLiteral("--help")});
    QVERIFY(console.waitForFinished(10000));
    QCOMPARE(console.exitCode(), 0);
    const QByteArray help = console.readAllStandardOutput();
    QVERIFY(help.contains("--attach <URL>") && help.contains("--ops-token <TOKEN>"));
}

QTEST_MAIN(TestAttach)
#include "tst_attach.moc"
