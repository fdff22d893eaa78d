#pragma once

#include "config/enginesettings.h"

#include <QObject>
#include <QString>

#include <functional>

namespace herder::ui {

/// The LLM API key in the system keychain (QtKeychain: service "herder", key "api-key").
/// Every call answers later by signal. When no keychain service answers (CI, offscreen, no
/// Secret Service on D-Bus) the store says so and the console uses the environment variable
/// instead: the key is never written to a file as a fallback.
class KeychainStore : public QObject
{
    Q_OBJECT
public:
    enum class State { Unknown = 1, Available, Unavailable };
    Q_ENUM(State)
    enum class Source { Keychain = 1, Environment, Missing };
    Q_ENUM(Source)

    explicit KeychainStore(QObject *parent = nullptr);

    State state() const { return m_state; }
    /// Why the keychain is unavailable (the backend's own words), for a tooltip or a log.
    QString unavailableReason() const { return m_unavailable_reason; }
    /// A keychain that shows an unlock prompt may take a while; after this it counts as absent.
    void setAnswerTimeoutMs(int timeout_ms) { m_answer_timeout_ms = timeout_ms; }

    /// Answers with apiKeyRead (empty when no key is stored), unavailable or failed.
    void readApiKey();
    /// Answers with apiKeyWritten, unavailable or failed.
    void writeApiKey(const QString &api_key);
    /// The keychain's key if it has one, else the environment's: answers with apiKeyResolved.
    void resolveApiKey(const config::EngineSettings &settings);

    /// The synchronous fallback: the variable named by llm/api_key_env (HERDER_API_KEY).
    static QString apiKeyFromEnvironment(const config::EngineSettings &settings);

    static QString serviceName() { return QStringLiteral("herder"); }
    static QString keyName() { return QStringLiteral("api-key"); }

signals:
    void apiKeyRead(const QString &api_key);
    void apiKeyWritten();
    void apiKeyResolved(const QString &api_key, herder::ui::KeychainStore::Source source);
    /// No keychain service: use the environment variable.
    void unavailable(const QString &reason);
    /// A keychain answered but refused (access denied, locked and the prompt dismissed).
    void failed(const QString &message);
    void stateChanged(herder::ui::KeychainStore::State state);

private:
    /// then(key, answered): answered is false when no keychain could give an answer.
    void read(std::function<void(const QString &api_key, bool answered)> then);
    /// Maps a finished job's error to the state; true when a keychain service answered.
    bool takeAnswer(int error, const QString &error_text);
    void setState(State state, const QString &reason = {});

    State m_state = State::Unknown;
    QString m_unavailable_reason;
    int m_answer_timeout_ms = 20000;
};

} // namespace herder::ui
