#include "ops/deferredreply.h"

#include <QJsonDocument>

namespace herder::ops {

DeferredReply::DeferredReply(QHttpServerResponder &&responder)
    : m_responder(std::move(responder)), m_socket(m_responder.socket())
{
}

void DeferredReply::send(QHttpServerResponder::StatusCode status, const QJsonObject &body)
{
    if (m_sent || !m_socket || m_socket->state() != QAbstractSocket::ConnectedState)
        return;
    m_sent = true;
    const QByteArray bytes = QJsonDocument(body).toJson(QJsonDocument::Compact);
    m_responder.writeStatusLine(status);
    m_responder.writeHeader("Content-Type", "application/json");
    m_responder.writeHeader("Content-Length", QByteArray::number(bytes.size()));
    m_responder.writeBody(bytes);
}

} // namespace herder::ops
