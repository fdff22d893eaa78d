#pragma once

#include "ops/opsapi.h"
#include "ops/opsclient.h"

#include <QByteArray>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QUrl>

/// The engine's ops::OpsClient, waited on: each call returns once the engine answered.
class OpsClient
{
public:
    struct Reply
    {
        int status = 0; ///< 0: no HTTP answer
        QByteArray content_type;
        QByteArray body;
        QJsonObject json() const;
    };

    /// `token` goes into "Authorization: Bearer <token>" unless empty.
    OpsClient(const QUrl &base, const QByteArray &token = {});

    Reply get(const QString &path_and_query);
    Reply post(const QString &path, const QByteArray &body);
    /// The snapshot from /api/v1/status (empty when it did not answer).
    QJsonObject status() { return get(QString::fromLatin1(herder::ops::api::kStatus)).json(); }
    /// How many partitions of `topic` the status lists as assigned.
    int assignedPartitions(const QByteArray &topic);
    /// One sample's value from /metrics, by its full name and labels; NaN when absent.
    double metric(const QByteArray &series);

private:
    Reply wait(QNetworkReply *reply);

    QNetworkAccessManager m_nam;
    herder::ops::OpsClient m_client;
};
