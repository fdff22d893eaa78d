// SASL settings in the engine's INI reach librdkafka unchanged: with the broker's SASL_PLAINTEXT
// listener (PLAIN) as the only bootstrap address, a herder-engine process enriches every event;
// with a wrong password it stops with exit code 3, says the broker refused the authentication,
// and does not print the password it was given.
#include "engineprocess.h"
#include "integrationenv.h"

#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRandomGenerator>
#include <QScopeGuard>
#include <QSet>
#include <QTemporaryDir>
#include <QTest>

namespace {

constexpr int kEvents = 300;
// The user kafka.sh --sasl gives the listener (tests/kafka/README.md).
const QByteArray kUser = QByteArrayLiteral("herder");
const QByteArray kPassword = QByteArrayLiteral("herder-secret");

/// An INI whose [kafka] section holds the SASL listener and the credentials; the other flags
/// (group, topics, simulator) come from the command line.
bool writeIni(const QString &path, const QByteArray &password)
{
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly))
        return false;
    f.write("[kafka]\nbootstrap.servers=" + TestKafka::saslBootstrap() +
            "\nsecurity.protocol=SASL_PLAINTEXT\nsasl.mechanism=PLAIN\nsasl.username=" + kUser +
            "\nsasl.password=" + password + "\nconnect_timeout_s=10\n");
    return true;
}

/// The environment's engine flags without --bootstrap-servers, so the INI's address is the one
/// the engine uses.
QStringList withoutBootstrap(QStringList arguments)
{
    const qsizetype at = arguments.indexOf(QStringLiteral("--bootstrap-servers"));
    if (at >= 0)
        arguments.remove(at, 2);
    return arguments;
}

} // namespace

class TestSasl : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void enrichesThroughTheSaslListener();
    void wrongPasswordStopsWithAuthenticationError();
};

void TestSasl::initTestCase()
{
    QVERIFY2(!TestKafka::saslBootstrap().isEmpty(),
             "no bootstrap-sasl.txt in $HERDER_KAFKA_DIR: start the broker with kafka.sh --sasl");
    QVERIFY(TestKafka::saslBootstrap() != TestKafka::bootstrap());
}

void TestSasl::enrichesThroughTheSaslListener()
{
    IntegrationEnv env;
    QString error;
    QVERIFY2(env.setUp({QStringLiteral("--latency-ms"), QStringLiteral("5")}, &error),
             qPrintable(error));
    const QList<TestKafka::Record> inputs = IntegrationEnv::events(kEvents, 6006);
    QVERIFY2(TestKafka::produce(env.source, inputs, &error), qPrintable(error));

    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString ini = dir.filePath(QStringLiteral("engine.ini"));
    QVERIFY(writeIni(ini, kPassword));
    EngineProcess engine(QStringLiteral("engine"),
                         withoutBootstrap(env.engineArguments()) +
                             QStringList{QStringLiteral("--config"), ini,
                                         QStringLiteral("--exit-when-idle"),
                                         QStringLiteral("--quiet")});
    auto diagnostics = qScopeGuard([&] {
        if (QTest::currentTestFailed())
            engine.printTail();
    });
    QVERIFY(engine.start());
    QVERIFY2(engine.process().waitForFinished(120000), "the engine did not finish its backlog");
    QCOMPARE(engine.process().exitStatus(), QProcess::NormalExit);
    QCOMPARE(engine.process().exitCode(), 0);

    // One output per input id, read back over the PLAINTEXT listener of the same broker.
    const QList<TestKafka::Record> outputs = TestKafka::readAll(env.output, kEvents, 60000);
    QCOMPARE(outputs.size(), kEvents);
    QSet<QString> want;
    for (const auto &in : inputs)
        want.insert(QJsonDocument::fromJson(in.value).object()[u"id"].toString());
    QSet<QString> seen;
    for (const auto &out : outputs) {
        const QString id = QJsonDocument::fromJson(out.value).object()[u"id"].toString();
        QVERIFY2(want.contains(id), qPrintable(id));
        QVERIFY2(!seen.contains(id), qPrintable(QStringLiteral("duplicate output for ") + id));
        seen.insert(id);
    }
    QCOMPARE(seen, want);
    QCOMPARE(TestKafka::committedSum(env.group, env.source, env.partitions),
             qint64(kEvents));
    QVERIFY2(!engine.log().contains(kPassword), "the engine printed the SASL password");
}

void TestSasl::wrongPasswordStopsWithAuthenticationError()
{
    IntegrationEnv env;
    QString error;
    QVERIFY2(env.setUp({}, &error), qPrintable(error));
    const QByteArray wrong =
        "wrong-" + QByteArray::number(QRandomGenerator::global()->generate64(), 36);

    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString ini = dir.filePath(QStringLiteral("engine.ini"));
    QVERIFY(writeIni(ini, wrong));
    EngineProcess engine(QStringLiteral("engine"),
                         withoutBootstrap(env.engineArguments()) +
                             QStringList{QStringLiteral("--config"), ini,
                                         QStringLiteral("--quiet")});
    auto diagnostics = qScopeGuard([&] {
        if (QTest::currentTestFailed())
            engine.printTail();
    });
    QVERIFY(engine.start());
    QVERIFY2(engine.process().waitForFinished(60000), "the engine kept running");
    QCOMPARE(engine.process().exitStatus(), QProcess::NormalExit);
    QCOMPARE(engine.process().exitCode(), 3); // Kafka unreachable

    // librdkafka 2.0.2 logs the broker's answer; the engine passes it to stderr.
    const QByteArray log = engine.log();
    QVERIFY2(log.contains("SASL authentication error: Authentication failed: Invalid username "
                          "or password"),
             log.right(2000).constData());
    QVERIFY2(log.contains(TestKafka::saslBootstrap()), "the error does not name the broker");
    QVERIFY2(!log.contains(wrong), "the engine printed the SASL password");
    // Nothing was consumed under the wrong credentials.
    QCOMPARE(TestKafka::committedSum(env.group, env.source, env.partitions), qint64(0));
}

QTEST_GUILESS_MAIN(TestSasl)
#include "tst_sasl.moc"
