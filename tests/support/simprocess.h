#pragma once

#include <QJsonObject>
#include <QProcess>
#include <QStringList>
#include <QUrl>

/// The simulated OpenAI-compatible server as a separate process (the real HTTP server the
/// engine talks to in integration tests), with blocking helpers for /stats and /sim/config.
class SimProcess
{
public:
    ~SimProcess();
    /// Starts herder-sim with the given extra arguments; false with *error if it did not come up.
    bool start(const QStringList &arguments, QString *error);
    QUrl baseUrl() const { return m_base_url; }
    QJsonObject stats() const;
    bool resetStats() const;
    bool setConfig(const QJsonObject &patch) const;
    /// Requests the simulator answered with HTTP \a status, over all models, from /stats.
    static qint64 countWithStatus(const QJsonObject &stats, const QString &status);
    /// How many requests the simulator had, and how many it refused with 429.
    struct Refusals
    {
        qint64 requests = 0;
        qint64 rate_limited = 0;
        double share() const { return requests ? double(rate_limited) / double(requests) : 0; }
    };
    static Refusals refusals(const QJsonObject &stats);
    void stop();

private:
    QJsonObject request(const QByteArray &verb, const QString &path, const QJsonObject &body) const;

    QProcess m_process;
    QUrl m_base_url;
};

/// Absolute path of one of the project's executables (from $HERDER_BIN_DIR, set by ctest).
QString herderBinary(const QString &name);
