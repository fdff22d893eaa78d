#include "ops/opsclient.h"

#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>

namespace herder::ops {

OpsClient::OpsClient(QNetworkAccessManager *nam, const QUrl &base, const QByteArray &token)
    : m_nam(nam), m_base(base)
{
    if (!token.isEmpty())
        m_authorization = "Bearer " + token;
}

QString OpsClient::where() const
{
    return m_base.toDisplayString(QUrl::RemoveUserInfo | QUrl::StripTrailingSlash);
}

QNetworkReply *OpsClient::get(const QString &path_and_query, int timeout_ms) const
{
    return send("GET", path_and_query, {}, timeout_ms);
}

QNetworkReply *OpsClient::post(const QString &path, const QJsonObject &body, int timeout_ms) const
{
    return send("POST", path, QJsonDocument(body).toJson(QJsonDocument::Compact), timeout_ms);
}

QNetworkReply *OpsClient::send(const QByteArray &verb, const QString &path_and_query,
                               const QByteArray &body, int timeout_ms) const
{
    // The ops API lives at the root of its address.
    QNetworkRequest request(m_base.resolved(QUrl(path_and_query)));
    request.setTransferTimeout(timeout_ms);
    if (!m_authorization.isEmpty())
        request.setRawHeader("Authorization", m_authorization);
    if (verb == "POST")
        request.setHeader(QNetworkRequest::ContentTypeHeader,
                          QByteArrayLiteral("application/json"));
    return m_nam->sendCustomRequest(request, verb, body);
}

int OpsClient::status(const QNetworkReply *reply)
{
    return reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
}

QJsonObject OpsClient::json(QNetworkReply *reply)
{
    return QJsonDocument::fromJson(reply->readAll()).object();
}

} // namespace herder::ops
