#include "engineprocess.h"

#include "simprocess.h"

#include <QDeadlineTimer>
#include <QRegularExpression>

EngineProcess::EngineProcess(const QString &name, const QStringList &arguments) : m_name(name)
{
    m_process.setProgram(herderBinary(QStringLiteral("herder-engine")));
    m_process.setArguments(arguments);
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("HERDER_API_KEY"), QStringLiteral("test-key"));
    env.remove(QStringLiteral("HERDER_OPS_TOKEN")); // tests say which token they mean
    m_process.setProcessEnvironment(env);
    m_process.setReadChannel(QProcess::StandardError);
    QObject::connect(&m_process, &QProcess::readyReadStandardError, &m_process,
                     [this] { m_stderr += m_process.readAllStandardError(); });
}

EngineProcess::~EngineProcess()
{
    if (m_process.state() != QProcess::NotRunning) {
        m_process.kill();
        m_process.waitForFinished(10000);
    }
}

bool EngineProcess::start()
{
    m_process.start();
    return m_process.waitForStarted(10000);
}

QByteArray EngineProcess::log()
{
    m_stderr += m_process.readAllStandardError();
    return m_stderr;
}

QUrl EngineProcess::waitForOps(int timeout_ms)
{
    static const QRegularExpression listening(
        QStringLiteral("herder-engine ops listening on (http://\\S+)"));
    QDeadlineTimer deadline(timeout_ms);
    while (!deadline.hasExpired()) {
        const auto match = listening.match(QString::fromUtf8(log()));
        if (match.hasMatch())
            return QUrl(match.captured(1));
        if (!running())
            break;
        m_process.waitForReadyRead(100);
    }
    return {};
}

bool EngineProcess::terminateAndWait(int timeout_ms)
{
    m_process.terminate();
    return m_process.waitForFinished(timeout_ms) &&
           m_process.exitStatus() == QProcess::NormalExit && m_process.exitCode() == 0;
}

void EngineProcess::printTail()
{
    qWarning("--- %s stderr (last 3000 bytes) ---\n%s", qPrintable(m_name),
             log().right(3000).constData());
}
