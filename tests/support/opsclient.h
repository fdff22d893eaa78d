#pragma once

#include <QByteArray>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QUrl>

/// A blocking client for herder-engine's ops API, for tests.
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
    QJsonObject status() { return get(QStringLiteral("/api/v1/status")).json(); }
    /// How many partitions of `topic` the status lists as assigned.
    int assignedPartitions(const QByteArray &topic);
    /// One sample's value from /metrics, by its full name and labels; NaN when absent.
    double metric(const QByteArray &series);

private:
    Reply send(const QByteArray &verb, const QString &path_and_query, const QByteArray &body);

    QUrl m_base;
    QByteArray m_token;
    QNetworkAccessManager m_nam;
};
