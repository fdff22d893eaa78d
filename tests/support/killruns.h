#pragma once

#include "engineprocess.h"

#include <QTemporaryDir>

#include <memory>

class IntegrationEnv;

/// Three herder-engine runs over one IntegrationEnv for the tests that kill the engine
/// mid-run: the first two to kill, the third to finish and write a report. They share an INI
/// with a short consumer session, because a killed member holds its partitions until its
/// session expires and the restarts must get them back within the test's time; the test adds
/// its own lines. When the test fails, each run's stderr tail is printed.
class KillRuns
{
public:
    KillRuns(const IntegrationEnv &env, int concurrency, const QByteArray &extra_ini = {});
    ~KillRuns();

    /// False if the INI could not be written.
    bool isValid() const { return m_valid; }
    EngineProcess &first() { return *m_runs[0]; }
    EngineProcess &second() { return *m_runs[1]; }
    EngineProcess &third() { return *m_runs[2]; }
    /// Where the third run writes its --report.
    QString reportPath() const;

private:
    QTemporaryDir m_dir;
    bool m_valid = false;
    std::unique_ptr<EngineProcess> m_runs[3];
};
