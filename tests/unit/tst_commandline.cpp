// The real herder-engine executable: --help, --version, exit code 2 for every bad flag or
// config (naming what is wrong), exit code 3 when Kafka does not answer, and the API key from
// the environment never printed.

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using namespace Qt::StringLiterals;

namespace {

const QString kCanary = u"sk-canary-123"_s;

struct Run
{
    bool finished = false;
    QProcess::ExitStatus status = QProcess::NormalExit;
    int code = -1;
    QString out;
    QString err;
    qint64 elapsed_ms = 0;

    QString dump() const
    {
        return u"exit %1 (%2)\n--- stdout:\n%3\n--- stderr:\n%4"_s.arg(code)
            .arg(finished ? u"finished"_s : u"did not finish"_s, out, err);
    }
};

} // namespace

class TestCommandLine : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();

    void help();
    void version();
    void badUsage_data();
    void badUsage();
    void kafkaUnreachable();

private:
    Run run(const QStringList &args, int timeout_ms = 15000);
    QString writeIni(const QString &name, const QByteArray &content);

    QString m_program;
    std::unique_ptr<QTemporaryDir> m_dir;
};

void TestCommandLine::initTestCase()
{
    const QString binDir = qEnvironmentVariable("HERDER_BIN_DIR");
    if (binDir.isEmpty())
        QFAIL("HERDER_BIN_DIR is not set: run this test through ctest (tests/CMakeLists.txt sets "
              "it to the directory of the herder-engine executable)");
    m_program = QDir(binDir).filePath(u"herder-engine"_s);
    QVERIFY2(QFileInfo(m_program).isExecutable(),
             qPrintable(u"%1 is not an executable: build the herder-engine target"_s.arg(
                 m_program)));
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY2(m_dir->isValid(), qPrintable(m_dir->errorString()));
}

Run TestCommandLine::run(const QStringList &args, int timeout_ms)
{
    QProcess process;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(u"HERDER_API_KEY"_s, kCanary);
    process.setProcessEnvironment(env);
    process.setWorkingDirectory(m_dir->path());
    QElapsedTimer clock;
    clock.start();
    process.start(m_program, args);
    Run r;
    if (!process.waitForStarted(10000)) {
        r.err = process.errorString();
        return r;
    }
    r.finished = process.waitForFinished(timeout_ms);
    r.elapsed_ms = clock.elapsed();
    if (!r.finished) {
        process.kill();
        process.waitForFinished(5000);
    }
    r.status = process.exitStatus();
    r.code = process.exitCode();
    r.out = QString::fromUtf8(process.readAllStandardOutput());
    r.err = QString::fromUtf8(process.readAllStandardError());
    return r;
}

QString TestCommandLine::writeIni(const QString &name, const QByteArray &content)
{
    const QString path = m_dir->filePath(name);
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate))
        qFatal("cannot write %s", qPrintable(path));
    file.write(content);
    return path;
}

// The canary key in the environment must never show up; checked after every run.
#define VERIFY_NO_CANARY(r)                                                                    \
    QVERIFY2(!(r).out.contains(kCanary) && !(r).err.contains(kCanary),                         \
             qPrintable(u"the API key was printed:\n"_s + (r).dump()))

void TestCommandLine::help()
{
    const Run r = run({u"--help"_s});
    QVERIFY2(r.finished && r.status == QProcess::NormalExit, qPrintable(r.dump()));
    QCOMPARE(r.code, 0);
    VERIFY_NO_CANARY(r);
    const QStringList flags{u"--config"_s, u"--bootstrap-servers"_s, u"--group"_s,
                            u"--source-topic"_s, u"--output-topic"_s, u"--retry-topic"_s,
                            u"--dlq-topic"_s, u"--base-url"_s, u"--concurrency"_s,
                            u"--rate"_s, u"--duration"_s, u"--report"_s,
                            u"--demo"_s, u"--help"_s, u"--version"_s};
    for (const QString &flag : flags) {
        // As a whole word: "--demo" must not be satisfied by "--demo-rate" alone.
        const QRegularExpression re(QRegularExpression::escape(flag) + u"(?![-\\w])"_s);
        QVERIFY2(re.match(r.out).hasMatch(),
                 qPrintable(u"--help does not list %1:\n%2"_s.arg(flag, r.out)));
    }
    // README's list, as one block at the end (packaging/check-packages.sh compares the two).
    QVERIFY2(r.out.endsWith(u"\nExit codes:\n"
                            u"  0  ok\n"
                            u"  1  the demo could not start or the report could not be written\n"
                            u"  2  bad configuration or usage (the message names the key)\n"
                            u"  3  Kafka unreachable within kafka/connect_timeout_s\n"
                            u"  4  exactly-once mode stopped by a fatal transaction error\n"_s),
             qPrintable(r.out));
}

void TestCommandLine::version()
{
    const Run r = run({u"--version"_s});
    QVERIFY2(r.finished && r.status == QProcess::NormalExit, qPrintable(r.dump()));
    QCOMPARE(r.code, 0);
    VERIFY_NO_CANARY(r);
    QCOMPARE(r.out, u"herder-engine " HERDER_VERSION "\n"_s);
    QVERIFY2(QRegularExpression(u"^herder-engine \\d+\\.\\d+\\.\\d+\\n$"_s).match(r.out).hasMatch(),
             qPrintable(r.out));
}

void TestCommandLine::badUsage_data()
{
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<QString>("says"); // must appear on stderr

    QTest::newRow("--concurrency abc")
        << QStringList{u"--concurrency"_s, u"abc"_s}
        << u"herder-engine: --concurrency: 'abc' is not a whole number from 1 to 4096"_s;
    QTest::newRow("--concurrency 0")
        << QStringList{u"--concurrency"_s, u"0"_s} << u"--concurrency: '0'"_s;
    QTest::newRow("--rate -5")
        << QStringList{u"--rate"_s, u"-5"_s} << u"--rate: '-5' is not a number from 0 to"_s;
    QTest::newRow("--rate=-5") << QStringList{u"--rate=-5"_s} << u"--rate: '-5'"_s;
    QTest::newRow("--base-url nope")
        << QStringList{u"--base-url"_s, u"nope"_s}
        << u"--base-url: 'nope' is not an http:// or https:// URL with a host"_s;
    QTest::newRow("--duration 0")
        << QStringList{u"--duration"_s, u"0"_s} << u"--duration: '0'"_s;
    QTest::newRow("--source-topic bad")
        << QStringList{u"--source-topic"_s, u"bad topic"_s} << u"--source-topic: 'bad topic'"_s;
    QTest::newRow("--output-topic equal to source")
        << QStringList{u"--output-topic"_s, u"ai-events"_s} << u"topics: source, output"_s;
    QTest::newRow("--bootstrap-servers empty")
        << QStringList{u"--bootstrap-servers"_s, u" "_s}
        << u"--bootstrap-servers: must not be empty"_s;
    QTest::newRow("--config missing")
        << QStringList{u"--config"_s, u"/nonexistent.ini"_s}
        << u"--config: cannot read '/nonexistent.ini'"_s;
    QTest::newRow("unknown flag")
        << QStringList{u"--frobnicate"_s} << u"usage: Unknown option 'frobnicate'"_s;
    QTest::newRow("stray argument")
        << QStringList{u"extra"_s} << u"usage: unexpected argument 'extra'"_s;
    QTest::newRow("flag without value")
        << QStringList{u"--concurrency"_s} << u"usage: "_s;

    // Config files (written by the test into its temporary directory).
    QTest::newRow("config with a bad key")
        << QStringList{u"--config"_s, writeIni(u"badkey.ini"_s, "[limits]\nconcurency=4\n")}
        << u"limits/concurency: unknown key"_s;
    QTest::newRow("config with a bad value")
        << QStringList{u"--config"_s, writeIni(u"badvalue.ini"_s, "[limits]\nmode=turbo\n")}
        << u"limits/mode: 'turbo' is not one of per-task, combined, batch"_s;
    QTest::newRow("config with the api key")
        << QStringList{u"--config"_s, writeIni(u"apikey.ini"_s, "[llm]\napi_key=" +
                                                                    kCanary.toUtf8() + "\n")}
        << u"llm/api_key: the API key never goes in the INI"_s;
    QTest::newRow("override breaks a cross-field rule")
        << QStringList{u"--config"_s,
                       writeIni(u"retries.ini"_s,
                                "[limits]\nmax_attempts=2\nin_process_retries=1\n"),
                       u"--dlq-topic"_s, u"ai-events-retry"_s}
        << u"topics: source, output, retry and dlq must be four different topics"_s;
}

void TestCommandLine::badUsage()
{
    QFETCH(QStringList, args);
    QFETCH(QString, says);
    const Run r = run(args);
    QVERIFY2(r.finished && r.status == QProcess::NormalExit, qPrintable(r.dump()));
    QCOMPARE(r.code, 2);
    QVERIFY2(r.err.contains(says), qPrintable(u"stderr lacks '%1':\n%2"_s.arg(says, r.dump())));
    QVERIFY2(r.out.isEmpty(), qPrintable(r.dump()));
    VERIFY_NO_CANARY(r);
}

void TestCommandLine::kafkaUnreachable()
{
    const QString ini = writeIni(u"unreachable.ini"_s, "[kafka]\nconnect_timeout_s=2\n");
    const Run r = run({u"--config"_s, ini, u"--bootstrap-servers"_s, u"127.0.0.1:1"_s,
                       u"--duration"_s, u"30"_s},
                      25000);
    QVERIFY2(r.finished && r.status == QProcess::NormalExit, qPrintable(r.dump()));
    QCOMPARE(r.code, 3);
    QVERIFY2(r.elapsed_ms < 15000, qPrintable(u"took %1 ms"_s.arg(r.elapsed_ms)));
    QVERIFY2(r.err.contains(u"Kafka at 127.0.0.1:1 did not answer within 2 s"_s),
             qPrintable(r.dump()));
    // The key is set, so there is no "empty key" warning either, and never the key itself.
    QVERIFY2(!r.err.contains(u"is empty; requests go without a key"_s), qPrintable(r.dump()));
    VERIFY_NO_CANARY(r);
}

QTEST_GUILESS_MAIN(TestCommandLine)
#include "tst_commandline.moc"
