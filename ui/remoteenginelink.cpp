#include "remoteenginelink.h"

#include "remotedlqsource.h"

#include <QDateTime>
#include <QJsonValue>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLoggingCategory>
#include <QNetworkReply>
#include <QNetworkRequest>

#include <utility>

namespace herder::ui {
namespace {

Q_LOGGING_CATEGORY(lcAttach, "herder.attach")

const QString kStatusPath = QStringLiteral("/api/v1/status");
const QString kLimitsPath = QStringLiteral("/api/v1/limits");

} // namespace

RemoteEngineLink::RemoteEngineLink(const QUrl &base, const QString &token,
                                   config::EngineSettings settings, QObject *parent)
    : EngineLink(parent), m_base(base), m_settings(std::move(settings))
{
    if (!token.isEmpty())
        m_authorization = "Bearer " + token.toUtf8();
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

QString RemoteEngineLink::where() const
{
    return m_base.toDisplayString(QUrl::RemoveUserInfo | QUrl::StripTrailingSlash);
}

QNetworkRequest RemoteEngineLink::request(const QString &path) const
{
    // The ops API lives at the root of its address.
    QNetworkRequest r(m_base.resolved(QUrl(path)));
    r.setTransferTimeout(kRequestTimeoutMs);
    if (!m_authorization.isEmpty())
        r.setRawHeader("Authorization", m_authorization);
    return r;
}

void RemoteEngineLink::start()
{
    if (m_attached)
        return;
    m_attached = true;
    m_connected = false;
    m_error.clear();
    qCInfo(lcAttach, "attaching to %s", qPrintable(where()));
    if (m_authorization.isEmpty())
        qCWarning(lcAttach, "no ops token (--ops-token or HERDER_OPS_TOKEN): watching only; "
                            "pause, resume and limits will be refused");
    tick();
}

void RemoteEngineLink::tick()
{
    if (!m_token_proven && !m_authorization.isEmpty())
        proveToken();
    else
        poll();
}

void RemoteEngineLink::proveToken()
{
    // The ops API checks the token before it reads the body, and an empty limits body is
    // refused as 400: a 400 proves the token without changing anything, a 401 disproves it.
    QNetworkRequest r = request(kLimitsPath);
    r.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
    if (m_token_reply)
        return;
    QNetworkReply *reply = m_nam.post(r, QByteArrayLiteral("{}"));
    m_token_reply = reply;
    connect(reply, &QNetworkReply::finished, this, [this, reply] {
        reply->deleteLater();
        if (!m_attached || reply != m_token_reply)
            return;
        const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        if (status == 400) {
            m_token_proven = true;
            poll();
            return;
        }
        lose(status, describe(reply, kLimitsPath));
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
    QNetworkReply *reply = m_nam.get(request(kStatusPath));
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
    const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    std::optional<metrics::EngineSnapshot> snapshot;
    if (reply->error() == QNetworkReply::NoError && status == 200)
        snapshot = metrics::EngineSnapshot::fromJson(
            QJsonDocument::fromJson(reply->readAll()).object());
    if (!snapshot) {
        const QString message = reply->error() == QNetworkReply::NoError
                                    ? tr("%1%2 answered HTTP %3 without an engine status")
                                          .arg(where(), kStatusPath)
                                          .arg(status)
                                    : describe(reply, kStatusPath);
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

QString RemoteEngineLink::describe(QNetworkReply *reply, const QString &path) const
{
    const QString url = where() + path;
    const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    if (status == 0)
        return tr("cannot reach the engine at %1: %2").arg(url, reply->errorString());
    // The ops API explains refusals in {"error": ...}; it never contains the token.
    const QString detail =
        QJsonDocument::fromJson(reply->readAll()).object().value(u"error").toString();
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
    QNetworkRequest r = request(path);
    r.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
    QNetworkReply *reply = m_nam.post(r, QJsonDocument(body).toJson(QJsonDocument::Compact));
    connect(reply, &QNetworkReply::finished, this, [this, reply, path, what] {
        reply->deleteLater();
        const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        if (reply->error() == QNetworkReply::NoError && status == 200) {
            qCInfo(lcAttach, "%s: done on %s", qPrintable(what), qPrintable(where()));
            poll(); // show the effect without waiting for the next tick
            return;
        }
        const QString message = tr("%1 was not applied: %2").arg(what, describe(reply, path));
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
    QStringList what;
    if (m_pending_limits.contains(u"concurrency"))
        what << tr("Concurrency %1").arg(m_pending_limits[u"concurrency"].toInt());
    if (m_pending_limits.contains(u"rate_per_s"))
        what << tr("Rate %1/s").arg(m_pending_limits[u"rate_per_s"].toDouble());
    if (m_pending_limits.contains(u"mode"))
        what << tr("Mode %1").arg(m_pending_limits[u"mode"].toString());
    if (m_pending_limits.contains(u"batch_size"))
        what << tr("Batch size %1").arg(m_pending_limits[u"batch_size"].toInt());
    const QJsonObject body = std::exchange(m_pending_limits, {});
    m_limits_reply = post(kLimitsPath, body, what.join(QStringLiteral(", ")));
    if (m_limits_reply)
        connect(m_limits_reply, &QNetworkReply::finished, this, [this] {
            m_limits_reply.clear();
            sendLimits();
        });
}

void RemoteEngineLink::pause()
{
    post(QStringLiteral("/api/v1/pause"), {}, tr("Pause"));
}

void RemoteEngineLink::resume()
{
    post(QStringLiteral("/api/v1/resume"), {}, tr("Resume"));
}

void RemoteEngineLink::setConcurrency(int concurrency)
{
    m_pending_limits.insert(QStringLiteral("concurrency"), concurrency);
    sendLimits();
}

void RemoteEngineLink::setRate(double rate_per_s)
{
    m_pending_limits.insert(QStringLiteral("rate_per_s"), rate_per_s);
    sendLimits();
}

void RemoteEngineLink::setMode(config::ProcessingMode mode)
{
    m_pending_limits.insert(QStringLiteral("mode"), config::modeName(mode));
    sendLimits();
}

void RemoteEngineLink::setBatchSize(int batch_size)
{
    m_pending_limits.insert(QStringLiteral("batch_size"), batch_size);
    sendLimits();
}

DlqSource *RemoteEngineLink::createDlqSource() const
{
    return new RemoteDlqSource(m_base, m_authorization);
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
        s.concurrency = m_last.concurrency_cap;
        s.rate_per_s = m_last.rate_limit_per_s;
        s.batch_size = m_last.batch_size;
        if (const auto mode = config::modeFromName(m_last.mode))
            s.mode = *mode;
        s.simulated = m_last.simulated;
    }
    return s;
}

} // namespace herder::ui
