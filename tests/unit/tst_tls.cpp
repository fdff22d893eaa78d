// TLS verification stays on: against a simulated provider with a self-signed certificate the
// client's calls fail as class `tls` (systemic: the circuit opens instead of feeding the DLQ),
// and succeed once that certificate's authority is configured (llm/ca_file). The server is the
// real herder-sim serving HTTPS on loopback; the certificate is made here by openssl.
#include "config/settingsloader.h"
#include "llm/chatclient.h"
#include "llm/failure.h"
#include "simprocess.h"

#include <QFile>
#include <QProcess>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace herder;

namespace {

const QByteArray kBody =
    R"({"model":"deepseek-v3.2","messages":[{"role":"user","content":"Tôi rất hài lòng"}]})";

} // namespace

class TestTls : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void untrustedCertificateIsATlsFailure();
    void configuredAuthorityIsTrusted();
    void caFileIsCheckedAtLoad();

private:
    llm::ChatResult call(llm::ChatClient &client);
    QString writeIni(const QByteArray &text);

    QTemporaryDir m_dir;
    QString m_cert, m_key;
    SimProcess m_sim;
};

void TestTls::initTestCase()
{
    QVERIFY(m_dir.isValid());
    m_cert = m_dir.filePath(QStringLiteral("cert.pem"));
    m_key = m_dir.filePath(QStringLiteral("key.pem"));
    QProcess openssl;
    openssl.start(QStringLiteral("openssl"),
                  {QStringLiteral("req"), QStringLiteral("-x509"), QStringLiteral("-newkey"),
                   QStringLiteral("rsa:2048"), QStringLiteral("-nodes"), QStringLiteral("-days"),
                   QStringLiteral("2"), QStringLiteral("-subj"), QStringLiteral("/CN=herder-test-ca"),
                   QStringLiteral("-addext"), QStringLiteral("subjectAltName=IP:127.0.0.1"),
                   QStringLiteral("-keyout"), m_key, QStringLiteral("-out"), m_cert});
    QVERIFY2(openssl.waitForFinished(60000) && openssl.exitCode() == 0,
             openssl.readAllStandardError().constData());
    QString error;
    QVERIFY2(m_sim.start({QStringLiteral("--latency-ms"), QStringLiteral("1"),
                          QStringLiteral("--tls-cert"), m_cert, QStringLiteral("--tls-key"), m_key},
                         &error),
             qPrintable(error));
    QCOMPARE(m_sim.baseUrl().scheme(), QStringLiteral("https"));
}

llm::ChatResult TestTls::call(llm::ChatClient &client)
{
    llm::ChatResult result;
    bool done = false;
    client.post(kBody, [&](llm::ChatResult &&r) {
        result = std::move(r);
        done = true;
    });
    if (!QTest::qWaitFor([&] { return done; }, 20000))
        result.error_string = QStringLiteral("no answer within 20 s");
    return result;
}

QString TestTls::writeIni(const QByteArray &text)
{
    const QString path = m_dir.filePath(QStringLiteral("herder.ini"));
    QFile f(path);
    if (f.open(QIODevice::WriteOnly | QIODevice::Truncate))
        f.write(text);
    return path;
}

void TestTls::untrustedCertificateIsATlsFailure()
{
    llm::ChatClient client(m_sim.baseUrl(), QStringLiteral("key"), 10000);
    const llm::ChatResult result = call(client);
    QCOMPARE(result.http_status, 0);
    QCOMPARE(result.network_error, QNetworkReply::SslHandshakeFailedError);
    QVERIFY(result.body.isEmpty());
    const llm::Failure failure = llm::FailureClassifier::fromNetwork(
        result.network_error, result.error_string, result.timed_out);
    QCOMPARE(failure.cls, llm::FailureClass::Tls);
    QCOMPARE(llm::className(failure.cls), QStringLiteral("tls"));
    QCOMPARE(llm::disposition(failure.cls), llm::Disposition::Systemic);
    QVERIFY2(failure.message.contains(u"certificate", Qt::CaseInsensitive),
             qPrintable(failure.message));
}

void TestTls::configuredAuthorityIsTrusted()
{
    llm::ChatClient client(m_sim.baseUrl(), QStringLiteral("key"), 10000);
    client.addCaCertificates(QSslCertificate::fromPath(m_cert, QSsl::Pem));
    const llm::ChatResult result = call(client);
    QVERIFY2(result.http_status == 200, qPrintable(result.error_string));
    QVERIFY2(result.body.contains("\"choices\""), result.body.constData());
    QVERIFY(result.body.contains("\"usage\""));
}

void TestTls::caFileIsCheckedAtLoad()
{
    auto loaded = config::SettingsLoader::loadFile(
        writeIni("[llm]\nca_file=" + m_cert.toUtf8() + "\n"));
    QVERIFY(std::holds_alternative<config::EngineSettings>(loaded));
    QCOMPARE(std::get<config::EngineSettings>(loaded).ca_file, m_cert);

    for (const QString &bad : {m_key, m_dir.filePath(QStringLiteral("missing.pem"))}) {
        loaded = config::SettingsLoader::loadFile(writeIni("[llm]\nca_file=" + bad.toUtf8() + "\n"));
        QVERIFY(std::holds_alternative<config::ConfigError>(loaded));
        const config::ConfigError error = std::get<config::ConfigError>(loaded);
        QCOMPARE(error.key, QStringLiteral("llm/ca_file"));
        QVERIFY2(error.message.contains(bad), qPrintable(error.toString()));
    }
}

QTEST_GUILESS_MAIN(TestTls)
#include "tst_tls.moc"
