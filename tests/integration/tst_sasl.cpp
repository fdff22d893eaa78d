// SASL settings in the engine's INI reach librdkafka unchanged: with the broker's SASL_PLAINTEXT
// or SASL_SSL listener (PLAIN) as the only bootstrap address, a herder-engine process enriches
// every event; with a wrong password, or a broker certificate it cannot verify, it stops with
// exit code 3, says why, and does not print the password it was given.
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

/// An INI whose [kafka] section holds the listener for `protocol` (SASL_PLAINTEXT or SASL_SSL)
/// and the credentials; the other flags (group, topics, simulator) come from the command line.
/// Without `trust_ca` the engine checks the broker's certificate against the system's CAs.
bool writeIni(const QString &path, const QByteArray &protocol, const QByteArray &password,
              bool trust_ca = true, int connect_timeout_s = 20)
{
    const bool tls = protocol == "SASL_SSL";
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly))
        return false;
    f.write("[kafka]\nbootstrap.servers=" +
            (tls ? TestKafka::saslSslBootstrap() : TestKafka::saslBootstrap()) +
            "\nsecurity.protocol=" + protocol + "\nsasl.mechanism=PLAIN\nsasl.username=" + kUser +
            "\nsasl.password=" + password +
            "\nconnect_timeout_s=" + QByteArray::number(connect_timeout_s) + '\n');
    if (tls && trust_ca)
        f.write("ssl.ca.location=" + TestKafka::saslCaFile().toUtf8() + '\n');
    return true;
}

void protocolRows()
{
    QTest::addColumn<QByteArray>("protocol");
    QTest::newRow("SASL_PLAINTEXT") << QByteArrayLiteral("SASL_PLAINTEXT");
    QTest::newRow("SASL_SSL") << QByteArrayLiteral("SASL_SSL");
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
    void enrichesThroughTheSaslListener_data() { protocolRows(); }
    void enrichesThroughTheSaslListener();
    void refusedConnectionStopsWithExitCode3_data();
    void refusedConnectionStopsWithExitCode3();
};

void TestSasl::initTestCase()
{
    QVERIFY2(!TestKafka::saslBootstrap().isEmpty(),
             "no bootstrap-sasl.txt in $HERDER_KAFKA_DIR: start the broker with kafka.sh --sasl");
    QVERIFY(TestKafka::saslBootstrap() != TestKafka::bootstrap());
    QVERIFY2(!TestKafka::saslSslBootstrap().isEmpty(), "no bootstrap-sasl-ssl.txt");
    QVERIFY2(QFile::exists(TestKafka::saslCaFile()), qPrintable(TestKafka::saslCaFile()));
}

void TestSasl::enrichesThroughTheSaslListener()
{
    QFETCH(QByteArray, protocol);
    IntegrationEnv env;
    QString error;
    QVERIFY2(env.setUp({QStringLiteral("--latency-ms"), QStringLiteral("5")}, &error),
             qPrintable(error));
    const QList<TestKafka::Record> inputs = IntegrationEnv::events(kEvents, 6006);
    QVERIFY2(TestKafka::produce(env.source, inputs, &error), qPrintable(error));

    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString ini = dir.filePath(QStringLiteral("engine.ini"));
    QVERIFY(writeIni(ini, protocol, kPassword));
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

void TestSasl::refusedConnectionStopsWithExitCode3_data()
{
    // What librdkafka 2.0.2 logs when the broker refuses the login, or its certificate fails.
    const QByteArray refused = "SASL authentication error: Authentication failed: Invalid "
                               "username or password";
    const QByteArray untrusted = "SSL handshake failed: error:0A000086:SSL routines::"
                                 "certificate verify failed";
    QTest::addColumn<QByteArray>("protocol");
    QTest::addColumn<bool>("wrong_password");
    QTest::addColumn<bool>("trust_ca");
    QTest::addColumn<QByteArray>("message");
    QTest::newRow("SASL_PLAINTEXT, wrong password")
        << QByteArrayLiteral("SASL_PLAINTEXT") << true << true << refused;
    QTest::newRow("SASL_SSL, wrong password")
        << QByteArrayLiteral("SASL_SSL") << true << true << refused;
    QTest::newRow("SASL_SSL, unknown CA")
        << QByteArrayLiteral("SASL_SSL") << false << false << untrusted;
}

void TestSasl::refusedConnectionStopsWithExitCode3()
{
    QFETCH(QByteArray, protocol);
    QFETCH(bool, wrong_password);
    QFETCH(bool, trust_ca);
    QFETCH(QByteArray, message);
    IntegrationEnv env;
    QString error;
    QVERIFY2(env.setUp({}, &error), qPrintable(error));
    const QByteArray password =
        wrong_password ? "wrong-" + QByteArray::number(QRandomGenerator::global()->generate64(), 36)
                       : kPassword;

    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString ini = dir.filePath(QStringLiteral("engine.ini"));
    // The engine gives up after connect_timeout_s: short, since the broker never accepts.
    QVERIFY(writeIni(ini, protocol, password, trust_ca, 4));
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

    // librdkafka logs why the connection failed; the engine passes it to stderr.
    const QByteArray log = engine.log();
    QVERIFY2(log.contains(message), log.right(2000).constData());
    QVERIFY2(log.contains("did not answer within"), "the engine's own error is missing");
    QVERIFY2(!log.contains(password), "the engine printed the SASL password");
    // Nothing was consumed under the wrong credentials.
    QCOMPARE(TestKafka::committedSum(env.group, env.source, env.partitions), qint64(0));
}

QTEST_GUILESS_MAIN(TestSasl)
#include "tst_sasl.moc"
