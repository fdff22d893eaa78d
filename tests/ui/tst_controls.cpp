// The toolbar drives a real engine: a MainWindow over an EmbeddedEngineLink running on the demo
// (mock Kafka cluster, simulated LLM server; on a thread of its own, as in `herder --demo`).
// Moving the concurrency control or typing a rate must reach the engine: its own snapshots
// report the new cap within seconds. Pause/Resume and a graceful close are checked the same way.

#include "concurrencycontrol.h"
#include "dashboardpage.h"
#include "demohost.h"
#include "embeddedenginelink.h"
#include "enginetoolbar.h"
#include "logcapture.h"
#include "mainwindow.h"
#include "ratecontrol.h"
#include "statebanner.h"

#include <QAction>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QLabel>
#include <QSlider>
#include <QSpinBox>
#include <QtTest>

#include <memory>

using namespace herder;
using namespace herder::ui;

class TestControls : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanupTestCase();
    void concurrencyReachesTheEngine();
    void raisingConcurrencyRaisesThroughput();
    void rateReachesTheEngine();
    void modeAndBatchSizeReachTheEngine();
    void pauseAndResume();
    void budgetFromSettingsTakesEffectLive();
    void aFailedStartIsShown();
    void closingStopsTheEngineGracefully();

private:
    void grabDashboard(const QString &name);

    std::unique_ptr<DemoHost> m_demo;
    std::unique_ptr<EmbeddedEngineLink> m_link;
    std::unique_ptr<MainWindow> m_window;
    metrics::EngineSnapshot m_last;
    int m_snapshots = 0;
};

void TestControls::initTestCase()
{
    config::EngineSettings settings;
    settings.concurrency = 16;
    m_demo = std::make_unique<DemoHost>();
    QString error;
    QVERIFY2(m_demo->start(settings, 100, &error), qPrintable(error));
    m_link = std::make_unique<EmbeddedEngineLink>(settings);
    connect(m_link.get(), &EngineLink::snapshotReady, this,
            [this](const metrics::EngineSnapshot &s) {
                m_last = s;
                ++m_snapshots;
            });
    m_window = std::make_unique<MainWindow>(m_link.get(), QString(), LogCapture::instance());
    m_window->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
    QVERIFY(m_window->engineToolBar()->simulatedBadge());
    QVERIFY(m_window->engineToolBar()->simulatedBadge()->isVisible());

    m_window->engineToolBar()->startAction()->trigger();
    QTRY_COMPARE_WITH_TIMEOUT(m_last.state, metrics::EngineState::Running, 20000);
    QTRY_VERIFY_WITH_TIMEOUT(m_last.enriched > 0, 20000);
    QCOMPARE(m_last.concurrency_cap, 16);
    QVERIFY(m_last.simulated);
}

void TestControls::cleanupTestCase()
{
    m_window.reset();
    m_link.reset();
    m_demo.reset();
}

void TestControls::concurrencyReachesTheEngine()
{
    auto *spin = m_window->findChild<QSpinBox *>(QStringLiteral("concurrencySpin"));
    auto *slider = m_window->findChild<QSlider *>(QStringLiteral("concurrencySlider"));
    QVERIFY(spin && slider);
    QCOMPARE(spin->value(), 16);

    // Typed, as an operator would: select the number, type a new one.
    spin->setFocus();
    spin->selectAll();
    QTest::keyClicks(spin, QStringLiteral("77"));
    QCOMPARE(slider->value(), 77);
    QTRY_COMPARE_WITH_TIMEOUT(m_last.concurrency_cap, 77, 5000);

    // Dragged: the slider moves through many values; the engine ends on the last one.
    for (int v = 80; v <= 200; v += 20)
        slider->setValue(v);
    QCOMPARE(spin->value(), 200);
    QTRY_COMPARE_WITH_TIMEOUT(m_last.concurrency_cap, 200, 5000);
    const int before = m_snapshots;
    QTRY_VERIFY_WITH_TIMEOUT(m_snapshots >= before + 4, 5000);
    QCOMPARE(m_last.concurrency_cap, 200);
    QCOMPARE(m_link->settings().concurrency, 200);
}

void TestControls::raisingConcurrencyRaisesThroughput()
{
    auto *spin = m_window->findChild<QSpinBox *>(QStringLiteral("concurrencySpin"));
    QVERIFY(spin);
    // Per-task mode, two calls of about 42 ms per message: four in flight can settle at most
    // ~48 messages/s, well under the demo's 100 events/s, so a backlog builds.
    spin->setValue(4);
    QTRY_COMPARE_WITH_TIMEOUT(m_last.concurrency_cap, 4, 5000);
    const int settled = m_snapshots + 12; // three seconds at the new cap
    QTRY_VERIFY_WITH_TIMEOUT(m_snapshots >= settled, 10000);
    const double atFour = m_last.rate_1s.enriched_per_s;
    QVERIFY2(atFour > 0 && atFour < 60, qPrintable(QString::number(atFour)));
    grabDashboard(QStringLiteral("concurrency-4"));

    // Sixty-four: the backlog drains at once, far above what four could do.
    spin->setValue(64);
    QTRY_COMPARE_WITH_TIMEOUT(m_last.concurrency_cap, 64, 5000);
    double fastest = 0;
    QTRY_VERIFY_WITH_TIMEOUT((fastest = qMax(fastest, m_last.rate_1s.enriched_per_s)) >=
                                 2 * atFour + 20,
                             15000);
    qInfo("enriched/s: %.0f at concurrency 4, up to %.0f at 64", atFour, fastest);
    grabDashboard(QStringLiteral("concurrency-64"));
}

void TestControls::grabDashboard(const QString &name)
{
    // For review only (tests/ui/screenshots.sh sets it): the charts of this test's run.
    const QString dir = qEnvironmentVariable("HERDER_SCREENSHOTS_DIR");
    if (!dir.isEmpty())
        QVERIFY(m_window->grab().save(dir + u'/' + name + QStringLiteral(".png")));
}

void TestControls::rateReachesTheEngine()
{
    auto *spin = m_window->findChild<QDoubleSpinBox *>(QStringLiteral("rateSpin"));
    QVERIFY(spin);
    QCOMPARE(spin->value(), 0.0);
    QCOMPARE(spin->text(), QStringLiteral("unlimited"));

    spin->setFocus();
    spin->selectAll();
    QTest::keyClicks(spin, QStringLiteral("40"));
    QCOMPARE(spin->value(), 40.0);
    QTRY_COMPARE_WITH_TIMEOUT(m_last.rate_limit_per_s, 40.0, 5000);
    // The limit is real: requests settle at about 40/s (window of 1 s, so allow slack).
    QTRY_VERIFY_WITH_TIMEOUT(m_last.rate_1s.requests_per_s > 0 &&
                                 m_last.rate_1s.requests_per_s < 60,
                             10000);

    spin->setValue(0); // back to unlimited
    QTRY_COMPARE_WITH_TIMEOUT(m_last.rate_limit_per_s, 0.0, 5000);
}

void TestControls::modeAndBatchSizeReachTheEngine()
{
    EngineToolBar *bar = m_window->engineToolBar();
    QComboBox *mode = bar->modeCombo();
    QSpinBox *batch = bar->batchSizeSpin();
    QCOMPARE(mode->currentText(), QStringLiteral("per-task"));
    QCOMPARE(m_last.mode, QStringLiteral("per-task"));
    QVERIFY(!batch->isEnabled()); // it means nothing outside batch mode

    // Chosen with the keyboard, as an operator would.
    mode->setFocus();
    QTest::keyClick(mode, Qt::Key_Down);
    QCOMPARE(mode->currentText(), QStringLiteral("combined"));
    QTRY_COMPARE_WITH_TIMEOUT(m_last.mode, QStringLiteral("combined"), 5000);
    QTest::keyClick(mode, Qt::Key_Down);
    QTRY_COMPARE_WITH_TIMEOUT(m_last.mode, QStringLiteral("batch"), 5000);
    QVERIFY(batch->isEnabled());

    batch->setFocus();
    batch->selectAll();
    QTest::keyClicks(batch, QStringLiteral("12"));
    QTest::keyClick(batch, Qt::Key_Return);
    QTRY_COMPARE_WITH_TIMEOUT(m_last.batch_size, 12, 5000);
    QCOMPARE(m_link->settings().batch_size, 12);
    QCOMPARE(m_link->settings().mode, config::ProcessingMode::Batch);
    // Batches really go out: far fewer requests than messages (per-task makes two each).
    QTRY_VERIFY_WITH_TIMEOUT(m_last.rate_1s.enriched_per_s > 20 &&
                                 m_last.rate_1s.requests_per_s <
                                     m_last.rate_1s.enriched_per_s / 2,
                             15000);
    qInfo("batch of 12: %.0f requests/s for %.0f enriched/s", m_last.rate_1s.requests_per_s,
          m_last.rate_1s.enriched_per_s);

    mode->setFocus();
    QTest::keyClick(mode, Qt::Key_Up);
    QTest::keyClick(mode, Qt::Key_Up);
    QTRY_COMPARE_WITH_TIMEOUT(m_last.mode, QStringLiteral("per-task"), 5000);
    QVERIFY(!batch->isEnabled());
}

void TestControls::pauseAndResume()
{
    EngineToolBar *bar = m_window->engineToolBar();
    QVERIFY(bar->pauseAction()->isEnabled());
    bar->pauseAction()->trigger();
    QTRY_COMPARE_WITH_TIMEOUT(m_last.state, metrics::EngineState::Paused, 5000);
    QCOMPARE(m_window->dashboard()->banner()->state(), metrics::EngineState::Paused);
    QVERIFY(bar->resumeAction()->isEnabled());
    QVERIFY(!bar->pauseAction()->isEnabled());

    bar->resumeAction()->trigger();
    QTRY_COMPARE_WITH_TIMEOUT(m_last.state, metrics::EngineState::Running, 5000);
    QVERIFY(bar->pauseAction()->isEnabled());
}

void TestControls::budgetFromSettingsTakesEffectLive()
{
    // A cap below what the demo has spent already: the running engine pauses at once, and the
    // banner names the cap.
    config::EngineSettings settings = m_link->settings();
    settings.budget_hourly_usd = 0.0001;
    m_link->setSettings(settings);
    QTRY_COMPARE_WITH_TIMEOUT(m_last.state, metrics::EngineState::BudgetPaused, 5000);
    QVERIFY2(m_last.state_reason.startsWith(u"hourly budget of $0.00 reached"),
             qPrintable(m_last.state_reason));
    StateBanner *banner = m_window->dashboard()->banner();
    QTRY_COMPARE_WITH_TIMEOUT(banner->state(), metrics::EngineState::BudgetPaused, 5000);
    QVERIFY2(banner->text().contains(u"hourly budget"), qPrintable(banner->text()));
    const quint64 enriched = m_last.enriched;

    settings.budget_hourly_usd = 0; // no cap
    m_link->setSettings(settings);
    QTRY_COMPARE_WITH_TIMEOUT(m_last.state, metrics::EngineState::Running, 5000);
    QTRY_VERIFY_WITH_TIMEOUT(m_last.enriched > enriched, 10000);
    QCOMPARE(m_last.dead_lettered, m_last.invalid); // only the demo's malformed events
}

void TestControls::aFailedStartIsShown()
{
    // Nothing listens on port 1: the engine gives up after its connect timeout.
    config::EngineSettings settings;
    settings.kafka_common = {{"bootstrap.servers", "127.0.0.1:1"}};
    settings.connect_timeout_ms = 1500;
    EmbeddedEngineLink link(settings);
    MainWindow window(&link, QString(), LogCapture::instance());
    QVERIFY(!window.engineToolBar()->simulatedBadge());
    QSignalSpy failed(&link, &EngineLink::failed);
    window.engineToolBar()->startAction()->trigger();
    QVERIFY(!window.engineToolBar()->startAction()->isEnabled());
    QTRY_COMPARE_WITH_TIMEOUT(failed.count(), 1, 20000);
    QVERIFY(window.dashboard()->banner()->text().startsWith(QStringLiteral("Failed: ")));
    QVERIFY(window.engineToolBar()->startAction()->isEnabled());
    QVERIFY(!window.engineToolBar()->stopAction()->isEnabled());
    // Closing a window whose engine is not running does not wait for anything.
    window.show();
    QVERIFY(window.close());
}

void TestControls::closingStopsTheEngineGracefully()
{
    QSignalSpy stopped(m_link.get(), &EngineLink::stopped);
    m_window->close();
    // Not closed yet: the engine drains first, with a progress dialog.
    QVERIFY(m_window->isVisible());
    QVERIFY(m_window->findChild<QWidget *>(QStringLiteral("drainDialog")));
    QTRY_COMPARE_WITH_TIMEOUT(stopped.count(), 1, 30000);
    QTRY_VERIFY_WITH_TIMEOUT(!m_window->isVisible(), 5000);
    QVERIFY(!m_link->isRunning());
    QCOMPARE(m_last.state, metrics::EngineState::Stopped);
    QVERIFY(m_last.committed > 0);
}

QTEST_MAIN(TestControls)
#include "tst_controls.moc"
