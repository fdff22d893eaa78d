// QuitSignals: SIGTERM and SIGINT raised in this process arrive as quitRequested() on the event
// loop, errno survives the handler, the old handlers come back; and in Drain mode a second
// signal ends the process at once (exit code 130).

#include "quitsignals.h"

#include <QCoreApplication>
#include <QProcess>
#include <QSignalSpy>
#include <QTest>

#include <cerrno>
#include <csignal>
#include <cstdio>

using namespace Qt::StringLiterals;
using herder::app::QuitSignals;

class TestQuitSignals : public QObject
{
    Q_OBJECT

private slots:
    void raisedSignalArrives_data();
    void raisedSignalArrives();
    void errnoSurvivesAFullSocket();
    void destructorRestoresTheOldHandler();
    void secondSignalEndsTheProcessAtOnce();
};

void TestQuitSignals::raisedSignalArrives_data()
{
    QTest::addColumn<int>("signal_number");
    QTest::newRow("SIGTERM") << SIGTERM;
    QTest::newRow("SIGINT") << SIGINT;
}

void TestQuitSignals::raisedSignalArrives()
{
    QFETCH(int, signal_number);
    QuitSignals signals_(QuitSignals::Mode::Quit);
    QVERIFY2(signals_.isActive(), qPrintable(signals_.errorString()));
    QSignalSpy spy(&signals_, &QuitSignals::quitRequested);
    QCOMPARE(std::raise(signal_number), 0);
    // The handler only wrote a byte: nothing may arrive before the event loop runs.
    QCOMPARE(spy.count(), 0);
    QVERIFY(spy.wait(5000));
    QCOMPARE(spy.count(), 1);
    QCOMPARE(spy.at(0).at(0).toInt(), signal_number);
}

void TestQuitSignals::errnoSurvivesAFullSocket()
{
    QuitSignals signals_(QuitSignals::Mode::Quit);
    QVERIFY2(signals_.isActive(), qPrintable(signals_.errorString()));
    QSignalSpy spy(&signals_, &QuitSignals::quitRequested);
    // One byte a signal, unread until the event loop runs: the socket fills long before this
    // many, so the handler's write() fails with EAGAIN and would leave errno changed.
    constexpr int kRaises = 20000;
    for (int i = 0; i < kRaises; ++i) {
        errno = EDOM;
        std::raise(SIGTERM);
        QVERIFY2(errno == EDOM, qPrintable(u"errno %1 after signal %2"_s.arg(errno).arg(i)));
    }
    QVERIFY(spy.wait(5000));
    // Everything written is read in one go; fewer than raised proves some write() failed.
    QVERIFY2(spy.count() < kRaises, qPrintable(QString::number(spy.count())));
}

void TestQuitSignals::destructorRestoresTheOldHandler()
{
    struct sigaction before = {};
    QCOMPARE(::sigaction(SIGTERM, nullptr, &before), 0);
    {
        QuitSignals signals_(QuitSignals::Mode::Quit);
        QVERIFY(signals_.isActive());
        struct sigaction during = {};
        QCOMPARE(::sigaction(SIGTERM, nullptr, &during), 0);
        QVERIFY(during.sa_handler != before.sa_handler);
        QVERIFY(during.sa_flags & SA_RESTART);
    }
    struct sigaction after = {};
    QCOMPARE(::sigaction(SIGTERM, nullptr, &after), 0);
    QVERIFY(after.sa_handler == before.sa_handler);
    // And another instance can be made once the first is gone.
    QuitSignals again(QuitSignals::Mode::Quit);
    QVERIFY2(again.isActive(), qPrintable(again.errorString()));
}

namespace {

// Set in the environment of the child this test starts from its own executable.
constexpr char kChildEnv[] = "TST_QUITSIGNALS_DRAINING_CHILD";

// Stands for a main that drains: catches the signals and, asked to quit, keeps running.
int drainingChild(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(u"tst-child"_s);
    QuitSignals signals_(QuitSignals::Mode::Drain);
    if (!signals_.isActive())
        return 1;
    std::puts("ready");
    std::fflush(stdout);
    return QCoreApplication::exec();
}

// Reads `channel` until it holds `text` or the process has said nothing for 10 s.
QByteArray readUntil(QProcess &process, QProcess::ProcessChannel channel, const char *text)
{
    process.setReadChannel(channel);
    QByteArray got = process.readAll();
    while (!got.contains(text) && process.waitForReadyRead(10000))
        got += process.readAll();
    return got;
}

} // namespace

void TestQuitSignals::secondSignalEndsTheProcessAtOnce()
{
    QProcess child;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QString::fromLatin1(kChildEnv), u"1"_s);
    child.setProcessEnvironment(env);
    child.start(QCoreApplication::applicationFilePath(), {});
    QVERIFY2(child.waitForStarted(10000), qPrintable(child.errorString()));
    QVERIFY(readUntil(child, QProcess::StandardOutput, "ready").contains("ready"));
    // One at a time: two signals pending at once would be delivered as one.
    child.terminate();
    QByteArray err = readUntil(child, QProcess::StandardError, "stopping");
    QVERIFY2(err.contains("tst-child: stopping (draining in-flight work)"), err.constData());
    QCOMPARE(child.state(), QProcess::Running);
    child.terminate();
    QVERIFY(child.waitForFinished(10000));
    err += child.readAllStandardError();
    QVERIFY2(child.exitStatus() == QProcess::NormalExit && child.exitCode() == 130,
             qPrintable(u"exit %1\n"_s.arg(child.exitCode()) + QString::fromUtf8(err)));
    QVERIFY2(err.contains("tst-child: second signal, exiting without draining"), err.constData());
}

int main(int argc, char *argv[])
{
    if (qEnvironmentVariableIsSet(kChildEnv))
        return drainingChild(argc, argv);
    QCoreApplication app(argc, argv);
    TestQuitSignals test;
    QTEST_SET_MAIN_SOURCE_PATH
    return QTest::qExec(&test, argc, argv);
}

#include "tst_quitsignals.moc"
