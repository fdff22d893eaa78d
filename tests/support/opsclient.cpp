#include "opsclient.h"

#include <QEventLoop>
#include <QJsonArray>
#include <QJsonDocument>
#include <QNetworkReply>

#include <cmath>

QJsonObject OpsClient::Reply::json() const
{
    return QJsonDocument::fromJson(body).object();
}

OpsClient::OpsClient(const QUrl &base, const QByteArray &token) : m_base(base), m_token(token) {}

OpsClient::Reply OpsClient::get(const QString &path_and_query)
{
    return send("GET", path_and_query, {});
}

OpsClient::Reply OpsClient::post(const QString &path, const QByteArray &body)
{
    return send("POST", path, body);
}

OpsClient::Reply OpsClient::send(const QByteArray &verb, const QString &path_and_query,
                                 const QByteArray &body)
{
    QNetworkRequest request(m_base.resolved(QUrl(path_and_query)));
    request.setTransferTimeout(15000);
    if (!m_token.isEmpty())
        request.setRawHeader("Authorization", "Bearer " + m_token);
    if (!body.isEmpty())
        request.setHeader(QNetworkRequest::ContentTypeHeader,
                          QByteArrayLiteral("application/json"));
    QNetworkReply *reply = m_nam.sendCustomRequest(request, verb, body);
    QEventLoop loop;
    QObject::connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
    loop.exec();
    Reply r;
    r.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    r.content_type = reply->header(QNetworkRequest::ContentTypeHeader).toByteArray();
    r.body = reply->readAll();
    reply->deleteLater();
    return r;
}

int OpsClient::assignedPartitions(const QByteArray &topic)
{
    int n = 0;
    for (const QJsonValue &p : status()[u"partitions"].toArray())
        if (p[u"topic"].toString() == QString::fromUtf8(topic))
            ++n;
    return n;
}

double OpsClient::metric(const QByteArray &series)
{
    const QByteArray prefix = series + ' ';
    for (const QByteArray &line : get(QStringLiteral("/metrics")).body.split('\n'))
        if (line.startsWith(prefix))
            return line.mid(prefix.size()).toDouble();
    return std::nan("");
}
