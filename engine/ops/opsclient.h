#pragma once

#include <QByteArray>
#include <QJsonObject>
#include <QString>
#include <QUrl>

class QNetworkAccessManager;
class QNetworkReply;

namespace herder::ops {

/// A client of herder-engine's ops API (the routes in ops/opsapi.h): builds each request with
/// the bearer token and a transfer timeout, and reads what the API answers. Asynchronous: a
/// call returns its QNetworkReply, owned by the manager it was sent on, so the caller decides
/// whether to wait (tests) or connect (the console's remote link and DLQ source). The manager
/// is the caller's because it is thread-affine.
class OpsClient
{
public:
    static constexpr int kDefaultTimeoutMs = 15000;

    /// `token` goes into "Authorization: Bearer <token>" unless empty.
    OpsClient(QNetworkAccessManager *nam, const QUrl &base, const QByteArray &token = {});

    QNetworkReply *get(const QString &path_and_query, int timeout_ms = kDefaultTimeoutMs) const;
    QNetworkReply *post(const QString &path, const QJsonObject &body,
                        int timeout_ms = kDefaultTimeoutMs) const;
    /// Any verb and raw body (tests send malformed ones on purpose).
    QNetworkReply *send(const QByteArray &verb, const QString &path_and_query,
                        const QByteArray &body, int timeout_ms = kDefaultTimeoutMs) const;

    bool hasToken() const { return !m_authorization.isEmpty(); }
    /// The base address for messages: no user info, no trailing slash, never the token.
    QString where() const;

    /// The reply's HTTP status; 0 when there was no HTTP answer.
    static int status(const QNetworkReply *reply);
    /// The reply's body as a JSON object (empty when it is not one). Reads the body.
    static QJsonObject json(QNetworkReply *reply);

private:
    QNetworkAccessManager *m_nam;
    QUrl m_base;
    QByteArray m_authorization; ///< "Bearer <token>", or empty
};

} // namespace herder::ops
