#include "killruns.h"

#include "integrationenv.h"

#include <QFile>
#include <QTest>

KillRuns::KillRuns(const IntegrationEnv &env, int concurrency, const QByteArray &extra_ini)
{
    const QString ini = m_dir.filePath(QStringLiteral("engine.ini"));
    const QByteArray text =
        "[kafka.consumer]\nsession.timeout.ms=6000\nheartbeat.interval.ms=1000\n" + extra_ini;
    QFile f(ini);
    m_valid = m_dir.isValid() && f.open(QIODevice::WriteOnly) && f.write(text) == text.size();
    f.close();
    const QStringList arguments =
        env.engineArguments() +
        QStringList{QStringLiteral("--concurrency"), QString::number(concurrency),
                    QStringLiteral("--config"), ini};
    m_runs[0] = std::make_unique<EngineProcess>(QStringLiteral("run 1"), arguments);
    m_runs[1] = std::make_unique<EngineProcess>(QStringLiteral("run 2"), arguments);
    m_runs[2] = std::make_unique<EngineProcess>(
        QStringLiteral("run 3"), arguments + QStringList{QStringLiteral("--report"), reportPath()});
}

KillRuns::~KillRuns()
{
    if (QTest::currentTestFailed())
        for (const auto &run : m_runs)
            run->printTail();
}

QString KillRuns::reportPath() const
{
    return m_dir.filePath(QStringLiteral("report.json"));
}
