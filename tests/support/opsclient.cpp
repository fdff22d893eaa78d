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

OpsClient::OpsClient(const QUrl &base, const QByteArray &token) : m_client(&m_nam, base, token)
{
}

OpsClient::Reply OpsClient::get(const QString &path_and_query)
{
    return wait(m_client.get(path_and_query));
}

OpsClient::Reply OpsClient::post(const QString &path, const QByteArray &body)
{
    return wait(m_client.send("POST", path, body));
}

OpsClient::Reply OpsClient::wait(QNetworkReply *reply)
{
    QEventLoop loop;
    QObject::connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
    loop.exec();
    Reply r;
    r.status = herder::ops::OpsClient::status(reply);
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
    for (const QByteArray &line : get(QString::fromLatin1(herder::ops::api::kMetrics)).body.split('\n'))
        if (line.startsWith(prefix))
            return line.mid(prefix.size()).toDouble();
    return std::nan("");
}
