#include "keychainstore.h"

#include <qt6keychain/keychain.h>

#include <QTimer>

#include <memory>

namespace herder::ui {

KeychainStore::KeychainStore(QObject *parent) : QObject(parent) {}

QString KeychainStore::apiKeyFromEnvironment(const config::EngineSettings &settings)
{
    const QString name =
        settings.api_key_env.isEmpty() ? QStringLiteral("HERDER_API_KEY") : settings.api_key_env;
    return qEnvironmentVariable(name.toLocal8Bit().constData()).trimmed();
}

void KeychainStore::readApiKey()
{
    read([](const QString &, bool) {});
}

void KeychainStore::resolveApiKey(const config::EngineSettings &settings)
{
    read([this, settings](const QString &api_key, bool) {
        if (!api_key.isEmpty()) {
            emit apiKeyResolved(api_key, Source::Keychain);
            return;
        }
        const QString from_environment = apiKeyFromEnvironment(settings);
        emit apiKeyResolved(from_environment,
                            from_environment.isEmpty() ? Source::Missing : Source::Environment);
    });
}

void KeychainStore::read(std::function<void(const QString &api_key, bool answered)> then)
{
    // Jobs get no parent: a backend calls back into the job it holds, so a job deleted early
    // would be used after free. Each job deletes itself once finished.
    auto *job = new QKeychain::ReadPasswordJob(serviceName());
    job->setKey(keyName());
    auto settled = std::make_shared<bool>(false);
    QTimer::singleShot(m_answer_timeout_ms, this, [this, settled, then] {
        if (*settled)
            return;
        *settled = true;
        setState(
            State::Unavailable,
            tr("the system keychain did not answer within %1 s").arg(m_answer_timeout_ms / 1000));
        then(QString(), false);
    });
    connect(job, &QKeychain::Job::finished, this, [this, job, settled, then] {
        // A late answer still updates the state, but whoever asked has moved on.
        const bool late = *settled;
        *settled = true;
        const bool answered = takeAnswer(job->error(), job->errorString());
        const QString api_key = job->error() == QKeychain::NoError ? job->textData() : QString();
        if (answered && job->error() != QKeychain::EntryNotFound &&
            job->error() != QKeychain::NoError)
            emit failed(job->errorString());
        else if (answered)
            emit apiKeyRead(api_key);
        if (!late)
            then(api_key, answered);
    });
    job->start();
}

void KeychainStore::writeApiKey(const QString &api_key)
{
    auto *job = new QKeychain::WritePasswordJob(serviceName());
    job->setKey(keyName());
    job->setTextData(api_key);
    // insecureFallback stays off: QtKeychain would otherwise put the key in a plain file.
    job->setInsecureFallback(false);
    auto settled = std::make_shared<bool>(false);
    QTimer::singleShot(m_answer_timeout_ms, this, [this, settled] {
        if (*settled)
            return;
        *settled = true;
        setState(
            State::Unavailable,
            tr("the system keychain did not answer within %1 s").arg(m_answer_timeout_ms / 1000));
    });
    connect(job, &QKeychain::Job::finished, this, [this, job, settled] {
        *settled = true;
        if (!takeAnswer(job->error(), job->errorString()))
            return;
        if (job->error() == QKeychain::NoError)
            emit apiKeyWritten();
        else
            emit failed(job->errorString());
    });
    job->start();
}

bool KeychainStore::takeAnswer(int error, const QString &error_text)
{
    switch (error) {
    case QKeychain::NoError:
    case QKeychain::EntryNotFound:
    case QKeychain::AccessDenied:
    case QKeychain::AccessDeniedByUser:
    case QKeychain::CouldNotDeleteEntry:
        setState(State::Available);
        return true;
    default:
        // NoBackendAvailable, NotImplemented, and OtherError, which is what QtKeychain reports
        // when there is no D-Bus session or no Secret Service on it.
        setState(State::Unavailable, error_text);
        return false;
    }
}

void KeychainStore::setState(State state, const QString &reason)
{
    const bool changed = state != m_state;
    m_state = state;
    m_unavailable_reason = state == State::Unavailable ? reason : QString();
    if (state == State::Unavailable)
        emit unavailable(m_unavailable_reason);
    if (changed)
        emit stateChanged(state);
}

} // namespace herder::ui
