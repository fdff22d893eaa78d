#pragma once

#include "metrics/enginesnapshot.h"
#include "ops/bearertoken.h"
#include "ops/listenaddress.h"

#include <QHttpServerResponse>
#include <QObject>
#include <QThread>

#include <map>
#include <memory>
#include <optional>

class QHttpServer;
class QHttpServerRequest;

namespace herder {
class Engine;
}

namespace herder::ops {

class DeferredReply;
class DlqService;

/// herder-engine's HTTP ops API: Prometheus metrics, health and readiness, the status
/// snapshot, live limits, pause/resume, and the DLQ (browse, replay). Lives on the thread
/// that owns the Engine and answers from its latest snapshot, so no call waits on the engine;
/// DLQ calls run on a worker thread of their own. Change-making calls, and every call on a
/// non-loopback listener, need the bearer token.
class OpsServer : public QObject
{
    Q_OBJECT
public:
    OpsServer(Engine *engine, const ListenAddress &listen, const QString &token,
              QObject *parent = nullptr);
    ~OpsServer() override;

    /// Binds the listener; the bound port (useful with port 0), or 0 when it cannot.
    quint16 listen();

private:
    void setupRoutes();
    /// The answer for a caller without the token, or nullopt when it may go on.
    std::optional<QHttpServerResponse> refuse(const QHttpServerRequest &request,
                                              bool changes) const;
    QHttpServerResponse readiness() const;
    QHttpServerResponse setLimits(const QHttpServerRequest &request);
    void listDlq(const QHttpServerRequest &request, QHttpServerResponder &&responder);
    void replayDlq(const QHttpServerRequest &request, QHttpServerResponder &&responder);
    /// Keeps a responder for a later answer; the id travels to the DLQ thread and back.
    quint64 defer(QHttpServerResponder &&responder);
    /// Thread-safe: hands an answer back to this object's thread.
    void answer(quint64 id, int status, const QJsonObject &body);

    Engine *m_engine;
    ListenAddress m_listen;
    BearerToken m_token;
    QHttpServer *m_server;
    QThread m_dlq_thread;
    DlqService *m_dlq = nullptr; ///< lives on m_dlq_thread
    std::map<quint64, std::unique_ptr<DeferredReply>> m_replies;
    quint64 m_last_reply_id = 0;
    metrics::EngineSnapshot m_last;
    bool m_kafka_answered = false;
};

} // namespace herder::ops
