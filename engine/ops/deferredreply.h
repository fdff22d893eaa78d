#pragma once

#include <QHttpServerResponder>
#include <QJsonObject>
#include <QPointer>
#include <QTcpSocket>

namespace herder::ops {

/// An HTTP answer written later, from the server's thread. Qt 6.4 deletes a client's socket
/// when it disconnects while the responder still points at it, so the socket is watched
/// through a QPointer and a late answer to a vanished client is dropped.
class DeferredReply
{
public:
    explicit DeferredReply(QHttpServerResponder &&responder);

    void send(QHttpServerResponder::StatusCode status, const QJsonObject &body);

private:
    QHttpServerResponder m_responder;
    QPointer<QTcpSocket> m_socket;
    bool m_sent = false;
};

} // namespace herder::ops
