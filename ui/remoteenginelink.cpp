#include "remoteenginelink.h"

#include "remotedlqsource.h"

#include "ops/limitsrequest.h"
#include "ops/opsapi.h"

#include <QDateTime>
#include <QJsonValue>
#include <QJsonObject>
#include <QLoggingCategory>
#include <QNetworkReply>
#include <QNetworkRequest>

#include <utility>

namespace herder::ui {
namespace {

Q_LOGGING_CATEGORY(lcAttach, "herder.attach")

const QString kStatusPath = QString::fromLatin1(ops::api::kStatus);
const QString kLimitsPath = QString::fromLatin1(ops::api::kLimits);

} // namespace

RemoteEngineLink::RemoteEngineLink(const QUrl &base, const QString &token,
                                   config::EngineSettings settings, QObject *parent)
    : EngineLink(parent), m_base(base), m_token(token.toUtf8()), m_settings(std::move(settings)),
      m_client(&m_nam, base, m_token)
{
    m_settings.api_key.clear(); // the remote engine has its own; this console sends none
    m_poll.setSingleShot(true);
    connect(&m_poll, &QTimer::timeout, this, &RemoteEngineLink::tick);
}

RemoteEngineLink::~RemoteEngineLink()
{
    // Replies are children of the manager; abort them before their slots could run.
    m_attached = false;
    if (m_status_reply)
        m_status_reply->abort();
    if (m_token_reply)
        m_token_reply->abort();
}

void RemoteEngineLink::start()
{
    if (m_attached)
        return;
    m_attached = true;
    m_connected = false;
    m_error.clear();
    qCInfo(lcAttach, "attaching to %s", qPrintable(where()));
    if (!m_client.hasToken())
        qCWarning(lcAttach, "no ops token (--ops-token or HERDER_OPS_TOKEN): watching only; "
                            "pause, resume and limits will be refused");
    tick();
}

void RemoteEngineLink::tick()
{
    if (!m_token_proven && m_client.hasToken())
        proveToken();
    else
        poll();
}

void RemoteEngineLink::proveToken()
{
    // The ops API checks the token before it reads the body, and an empty limits body is
    // refused as 400: a 400 proves the token without changing anything, a 401 disproves it.
    if (m_token_reply)
        return;
    QNetworkReply *reply = m_client.post(kLimitsPath, {}, kRequestTimeoutMs);
    m_token_reply = reply;
    connect(reply, &QNetworkReply::finished, this, [this, reply] {
        reply->deleteLater();
        if (!m_attached || reply != m_token_reply)
            return;
        const int status = ops::OpsClient::status(reply);
        if (status == 400) {
            m_token_proven = true;
            poll();
            return;
        }
        lose(status, describe(m_client, reply, kLimitsPath));
        if (m_attached) // not a refused token: the engine may come back
            m_poll.start(kRetryIntervalMs);
    });
}

void RemoteEngineLink::stop()
{
    if (!m_attached)
        return;
    detach();
    qCInfo(lcAttach, "detached from %s; the engine there keeps running", qPrintable(where()));
    emit stopped();
}

void RemoteEngineLink::detach()
{
    m_attached = false;
    m_connected = false;
    m_poll.stop();
    if (m_status_reply)
        m_status_reply->abort();
    if (m_token_reply)
        m_token_reply->abort();
}

void RemoteEngineLink::poll()
{
    // Never two polls at once: the one in flight brings the latest state anyway.
    if (!m_attached || m_status_reply)
        return;
    QNetworkReply *reply = m_client.get(kStatusPath, kRequestTimeoutMs);
    m_status_reply = reply;
    connect(reply, &QNetworkReply::finished, this, [this, reply] { onStatus(reply); });
}

void RemoteEngineLink::onStatus(QNetworkReply *reply)
{
    reply->deleteLater();
    if (reply != m_status_reply)
        return;
    m_status_reply.clear();
    if (!m_attached)
        return;
    const int status = ops::OpsClient::status(reply);
    std::optional<metrics::EngineSnapshot> snapshot;
    if (reply->error() == QNetworkReply::NoError && status == 200)
        snapshot = metrics::EngineSnapshot::fromJson(ops::OpsClient::json(reply));
    if (!snapshot) {
        const QString message = reply->error() == QNetworkReply::NoError
                                    ? tr("%1%2 answered HTTP %3 without an engine status")
                                          .arg(where(), kStatusPath)
                                          .arg(status)
                                    : describe(m_client, reply, kStatusPath);
        lose(status, message);
        if (m_attached)
            m_poll.start(kRetryIntervalMs);
        return;
    }
    if (snapshot->time_ms == 0) // an engine older than the field: the arrival time will do
        snapshot->time_ms = QDateTime::currentMSecsSinceEpoch();
    m_last = *snapshot;
    m_have_snapshot = true;
    if (!m_connected) {
        m_connected = true;
        m_error.clear();
        qCInfo(lcAttach, "attached to %s: engine %s", qPrintable(where()),
               qPrintable(metrics::stateName(m_last.state)));
        emit started();
    }
    emit snapshotReady(m_last);
    m_poll.start(kPollIntervalMs);
}

void RemoteEngineLink::lose(int code, const QString &message)
{
    const bool refused = code == 401 || code == 403;
    if (refused)
        detach();
    // Said once per outage, not at every retry.
    if (m_connected || m_error.isEmpty() || refused) {
        qCWarning(lcAttach, "%s", qPrintable(message));
        m_connected = false;
        m_error = message;
        emit failed(code, message);
    }
}

QString RemoteEngineLink::describe(const ops::OpsClient &client, QNetworkReply *reply,
                                   const QString &path)
{
    const QString url = client.where() + path;
    const int status = ops::OpsClient::status(reply);
    if (status == 0)
        return tr("cannot reach the engine at %1: %2").arg(url, reply->errorString());
    // The ops API explains refusals in {"error": ...}; it never contains the token.
    const QString detail = ops::OpsClient::json(reply).value(u"error").toString();
    QString message = tr("%1 answered HTTP %2").arg(url).arg(status);
    if (!detail.isEmpty())
        message += QStringLiteral(" (%1)").arg(detail);
    if (status == 401)
        message += tr("; check --ops-token or HERDER_OPS_TOKEN");
    return message;
}

QNetworkReply *RemoteEngineLink::post(const QString &path, const QJsonObject &body,
                                      const QString &what)
{
    if (!m_attached) {
        emit commandFailed(tr("%1: not attached to %2").arg(what, where()));
        return nullptr;
    }
    QNetworkReply *reply = m_client.post(path, body, kRequestTimeoutMs);
    connect(reply, &QNetworkReply::finished, this, [this, reply, path, what] {
        reply->deleteLater();
        const int status = ops::OpsClient::status(reply);
        if (reply->error() == QNetworkReply::NoError && status == 200) {
            qCInfo(lcAttach, "%s: done on %s", qPrintable(what), qPrintable(where()));
            poll(); // show the effect without waiting for the next tick
            return;
        }
        const QString message = tr("%1 was not applied: %2").arg(what, describe(m_client, reply, path));
        qCWarning(lcAttach, "%s", qPrintable(message));
        emit commandFailed(message);
    });
    return reply;
}

void RemoteEngineLink::sendLimits()
{
    // One limits call at a time, and the last value chosen goes last: parallel connections
    // could otherwise deliver an older value after a newer one.
    if (m_limits_reply || m_pending_limits.isEmpty())
        return;
    const config::Limits limits = std::exchange(m_pending_limits, {});
    QStringList what;
    if (limits.concurrency)
        what << tr("Concurrency %1").arg(*limits.concurrency);
    if (limits.rate_per_s)
        what << tr("Rate %1/s").arg(*limits.rate_per_s);
    if (limits.mode)
        what << tr("Mode %1").arg(config::modeName(*limits.mode));
    if (limits.batch_size)
        what << tr("Batch size %1").arg(*limits.batch_size);
    if (limits.budget_hourly_usd || limits.budget_daily_usd)
        what << tr("Budget");
    m_limits_reply = post(kLimitsPath, ops::LimitsRequest::toJson(limits),
                          what.join(QStringLiteral(", ")));
    if (m_limits_reply)
        connect(m_limits_reply, &QNetworkReply::finished, this, [this] {
            m_limits_reply.clear();
            sendLimits();
        });
}

void RemoteEngineLink::pause()
{
    post(QString::fromLatin1(ops::api::kPause), {}, tr("Pause"));
}

void RemoteEngineLink::resume()
{
    post(QString::fromLatin1(ops::api::kResume), {}, tr("Resume"));
}

void RemoteEngineLink::setLimits(const config::Limits &limits)
{
    m_pending_limits.merge(limits);
    sendLimits();
}

DlqSource *RemoteEngineLink::createDlqSource() const
{
    return new RemoteDlqSource(m_base, m_token);
}

void RemoteEngineLink::setSettings(const config::EngineSettings &settings)
{
    // The remote engine reads its own configuration; these only feed what the console shows.
    m_settings = settings;
    m_settings.api_key.clear();
}

config::EngineSettings RemoteEngineLink::settings() const
{
    config::EngineSettings s = m_settings;
    if (m_have_snapshot) {
        limitsIn(m_last).applyTo(s);
        s.simulated = m_last.simulated;
    }
    return s;
}

} // namespace herder::ui
