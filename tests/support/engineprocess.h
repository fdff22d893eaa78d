#pragma once

#include <QProcess>
#include <QStringList>
#include <QUrl>

/// One real herder-engine process for a test (HERDER_API_KEY set), its stderr kept for
/// diagnostics and for the ops API's address.
class EngineProcess
{
public:
    EngineProcess(const QString &name, const QStringList &arguments);
    ~EngineProcess();

    bool start();
    bool running() const { return m_process.state() == QProcess::Running; }
    /// Everything it wrote on stderr so far.
    QByteArray log();
    /// Waits for "herder-engine ops listening on http://ADDR:PORT"; invalid when it never came.
    QUrl waitForOps(int timeout_ms = 20000);
    /// SIGTERM (graceful stop) and wait; true when it exited by itself with code 0.
    bool terminateAndWait(int timeout_ms = 30000);
    /// The last 3000 bytes of stderr as a warning, for a failed test.
    void printTail();
    QProcess &process() { return m_process; }

private:
    QString m_name;
    QProcess m_process;
    QByteArray m_stderr;
};
