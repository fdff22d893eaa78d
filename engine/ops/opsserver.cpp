#include "ops/opsserver.h"

#include "engine.h"
#include "metrics/prometheusexposition.h"
#include "ops/deferredreply.h"
#include "ops/dlqservice.h"
#include "ops/limitsrequest.h"
#include "ops/opsapi.h"
#include "ops/replayrequest.h"

#include <QHttpServer>
#include <QLoggingCategory>

#include <limits>

Q_LOGGING_CATEGORY(lcOps, "herder.ops")

namespace herder::ops {
namespace {

using Method = QHttpServerRequest::Method;
using Status = QHttpServerResponder::StatusCode;

constexpr qsizetype kMaxPageSize = api::kMaxDlqPage;

QHttpServerResponse failure(Status status, const QString &message)
{
    return QHttpServerResponse(QJsonObject{{QStringLiteral("error"), message}}, status);
}

std::optional<qint64> queryInteger(const QUrlQuery &query, const char *name, qint64 fallback,
                                   qint64 min, qint64 max)
{
    const QString text = query.queryItemValue(QString::fromLatin1(name));
    if (text.isEmpty())
        return fallback;
    bool ok = false;
    const qint64 v = text.toLongLong(&ok);
    if (!ok || v < min || v > max)
        return std::nullopt;
    return v;
}

} // namespace

OpsServer::OpsServer(Engine *engine, const ListenAddress &listen, const QString &token,
                     QObject *parent)
    : QObject(parent), m_engine(engine), m_listen(listen), m_token(token),
      m_server(new QHttpServer(this))
{
    m_dlq_thread.setObjectName(QStringLiteral("herder-ops-dlq"));
    auto *home = new QObject;
    home->moveToThread(&m_dlq_thread);
    connect(&m_dlq_thread, &QThread::finished, home, &QObject::deleteLater);
    m_dlq_thread.start();
    // Built on its own thread rather than moved there: the DLQ reader's timers must belong to
    // the thread that runs them.
    QMetaObject::invokeMethod(
        home,
        [this, home, settings = engine->settings()] { m_dlq = new DlqService(settings, home); },
        Qt::BlockingQueuedConnection);

    connect(engine, &Engine::started, this, [this] { m_kafka_answered = true; });
    connect(engine, &Engine::snapshotReady, this,
            [this](const metrics::EngineSnapshot &s) { m_last = s; });
    setupRoutes();
}

OpsServer::~OpsServer()
{
    m_dlq_thread.quit();
    m_dlq_thread.wait();
}

quint16 OpsServer::listen()
{
    // Qt 6.4's QAbstractHttpServer::listen returns the bound port, 0 on failure.
    return m_server->listen(m_listen.address, m_listen.port);
}

std::optional<QHttpServerResponse> OpsServer::refuse(const QHttpServerRequest &request,
                                                     bool changes) const
{
    if ((!changes && m_listen.isLoopback()) || m_token.accepts(request.value("Authorization")))
        return std::nullopt;
    qCWarning(lcOps, "refused %s from %s: missing or wrong bearer token",
              qPrintable(request.url().path()), qPrintable(request.remoteAddress().toString()));
    QHttpServerResponse answer =
        failure(Status::Unauthorized,
                m_token.isSet() ? QStringLiteral("missing or wrong bearer token")
                                : QStringLiteral("no ops token is configured, so this call "
                                                 "is disabled (set --ops-token, "
                                                 "HERDER_OPS_TOKEN or ops/token)"));
    answer.setHeader("WWW-Authenticate", "Bearer");
    return answer;
}

void OpsServer::setupRoutes()
{
    // A read-only route answered from the latest snapshot.
    const auto get = [this](const char *path, auto handler) {
        m_server->route(QString::fromLatin1(path), Method::Get,
                        [this, handler](const QHttpServerRequest &request) {
                            if (auto refused = refuse(request, false))
                                return std::move(*refused);
                            return handler(request);
                        });
    };
    const auto post = [this](const char *path, auto handler) {
        m_server->route(QString::fromLatin1(path), Method::Post,
                        [this, handler](const QHttpServerRequest &request) {
                            if (auto refused = refuse(request, true))
                                return std::move(*refused);
                            return handler(request);
                        });
    };

    get(api::kHealthz, [](const QHttpServerRequest &) {
        return QHttpServerResponse(QByteArrayLiteral("text/plain"), QByteArrayLiteral("ok\n"));
    });
    get(api::kReadyz, [this](const QHttpServerRequest &) { return readiness(); });
    get(api::kMetrics, [this](const QHttpServerRequest &) {
        return QHttpServerResponse(QByteArray(metrics::PrometheusExposition::kContentType),
                                   metrics::PrometheusExposition::render(m_last));
    });
    get(api::kStatus,
        [this](const QHttpServerRequest &) { return QHttpServerResponse(m_last.toJson()); });
    post(api::kLimits, [this](const QHttpServerRequest &r) { return setLimits(r); });
    post(api::kPause, [this](const QHttpServerRequest &) {
        qCInfo(lcOps, "pause requested");
        m_engine->pause();
        return QHttpServerResponse(QJsonObject{{QStringLiteral("paused"), true}});
    });
    post(api::kResume, [this](const QHttpServerRequest &) {
        qCInfo(lcOps, "resume requested");
        m_engine->resume();
        return QHttpServerResponse(QJsonObject{{QStringLiteral("paused"), false}});
    });

    m_server->route(QString::fromLatin1(api::kDlq), Method::Get,
                    [this](const QHttpServerRequest &request, QHttpServerResponder &&responder) {
                        if (auto refused = refuse(request, false))
                            return refused->write(std::move(responder));
                        listDlq(request, std::move(responder));
                    });
    m_server->route(QString::fromLatin1(api::kDlqReplay), Method::Post,
                    [this](const QHttpServerRequest &request, QHttpServerResponder &&responder) {
                        if (auto refused = refuse(request, true))
                            return refused->write(std::move(responder));
                        replayDlq(request, std::move(responder));
                    });
}

QHttpServerResponse OpsServer::readiness() const
{
    using metrics::EngineState;
    QString reason;
    if (!m_kafka_answered)
        reason = QStringLiteral("kafka has not answered yet");
    else if (m_last.state == EngineState::Stopping || m_last.state == EngineState::Stopped)
        reason = QStringLiteral("stopping");
    else if (m_last.state == EngineState::CircuitOpen)
        reason = QStringLiteral("circuit open: ") + m_last.state_reason;
    else if (m_last.partitions.isEmpty())
        reason = QStringLiteral("no partitions assigned");
    if (!reason.isEmpty())
        return QHttpServerResponse(
            QJsonObject{{QStringLiteral("ready"), false}, {QStringLiteral("reason"), reason}},
            Status::ServiceUnavailable);
    return QHttpServerResponse(
        QJsonObject{{QStringLiteral("ready"), true},
                    {QStringLiteral("partitions"), int(m_last.partitions.size())}});
}

QHttpServerResponse OpsServer::setLimits(const QHttpServerRequest &request)
{
    QString error;
    const auto limits = LimitsRequest::parse(request.body(), &error);
    if (!limits)
        return failure(Status::BadRequest, error);
    m_engine->applyLimits(*limits);
    const config::EngineSettings &now = m_engine->settings();
    qCInfo(lcOps, "limits set: concurrency %d, rate %g/s, mode %s, batch %d, budget $%g/h $%g/day",
           now.concurrency, now.rate_per_s, qPrintable(config::modeName(now.mode)),
           now.batch_size, now.budget_hourly_usd, now.budget_daily_usd);
    // What the engine runs with now, every field.
    return QHttpServerResponse(LimitsRequest::toJson(config::Limits::of(now)));
}

void OpsServer::listDlq(const QHttpServerRequest &request, QHttpServerResponder &&responder)
{
    const QUrlQuery query = request.query();
    const auto offset = queryInteger(query, "offset", 0, 0, std::numeric_limits<int>::max());
    const auto limit = queryInteger(query, "limit", 100, 1, kMaxPageSize);
    if (!offset || !limit)
        return failure(Status::BadRequest,
                       QStringLiteral("offset must be an integer >= 0 and limit one from 1 to %1")
                           .arg(kMaxPageSize))
            .write(std::move(responder));
    const quint64 id = defer(std::move(responder));
    const DlqFilter filter = DlqFilter::fromQuery(query);
    QMetaObject::invokeMethod(m_dlq, [this, dlq = m_dlq, id, filter, o = *offset, l = *limit] {
        dlq->list(filter, o, l,
                  [this, id](int status, const QJsonObject &body) { answer(id, status, body); });
    });
}

void OpsServer::replayDlq(const QHttpServerRequest &request, QHttpServerResponder &&responder)
{
    QString error;
    const auto replay = ReplayRequest::parse(request.body(), &error);
    if (!replay)
        return failure(Status::BadRequest, error).write(std::move(responder));
    if (replay->positions.isEmpty())
        qCInfo(lcOps, "DLQ replay requested by filter");
    else
        qCInfo(lcOps, "DLQ replay requested for %d records", int(replay->positions.size()));
    const quint64 id = defer(std::move(responder));
    QMetaObject::invokeMethod(m_dlq, [this, dlq = m_dlq, id, r = *replay] {
        dlq->replay(r,
                    [this, id](int status, const QJsonObject &body) { answer(id, status, body); });
    });
}

quint64 OpsServer::defer(QHttpServerResponder &&responder)
{
    const quint64 id = ++m_last_reply_id;
    m_replies.emplace(id, std::make_unique<DeferredReply>(std::move(responder)));
    return id;
}

void OpsServer::answer(quint64 id, int status, const QJsonObject &body)
{
    // Called on the DLQ thread; the reply and its socket belong to this one.
    QMetaObject::invokeMethod(
        this,
        [this, id, status, body] {
            const auto it = m_replies.find(id);
            if (it == m_replies.end())
                return;
            it->second->send(Status(status), body);
            m_replies.erase(it);
        },
        Qt::QueuedConnection);
}

} // namespace herder::ops
