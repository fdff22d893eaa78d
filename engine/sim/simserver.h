#pragma once

#include "sim/ratelimits.h"
#include "sim/simconfig.h"

#include <QHash>
#include <QHostAddress>
#include <QJsonObject>
#include <QMap>
#include <QObject>

#include <memory>
#include <random>

QT_BEGIN_NAMESPACE
class QHttpServer;
class QHttpServerRequest;
class QHttpServerResponder;
QT_END_NAMESPACE

namespace herder::sim {

class PromptReader;

// An OpenAI-compatible chat-completions endpoint with scripted latency and faults, answering
// from the keyword Oracle. Every completion answer is delayed on a timer, never by blocking, so
// one thread keeps thousands of requests per second in flight.
//
// Routes: POST /v1/chat/completions and /chat/completions, GET /v1/models and /models,
// GET /stats, POST /stats/reset, GET and POST /sim/config.
//
// Clients that disconnect while their answer is pending are safe: Qt 6.4's QHttpServerResponder
// keeps a raw QTcpSocket pointer that QHttpServer deletes on disconnect, so the server tracks
// the socket with a QPointer and never writes once it is gone (counted as "client_closed").
class SimServer : public QObject
{
    Q_OBJECT

public:
    explicit SimServer(SimConfig config, QObject *parent = nullptr);
    ~SimServer() override;

    // Returns the bound port (the chosen one when `port` is 0), or 0 on failure.
    quint16 listen(const QHostAddress &address, quint16 port = 0);
    quint16 port() const { return m_port; }
    /// Serves HTTPS with this PEM certificate and key (before listen()); false with *error
    /// when either cannot be read. For tests of the client's certificate checks.
    bool useTls(const QString &certificate_file, const QString &key_file, QString *error);

    void setConfig(const SimConfig &config);
    SimConfig config() const { return m_config; }

    // {"requests_total", "in_flight", "peak_in_flight", "by_model": {model: {"requests",
    // "by_status": {"200": n, "429": n, "hang": n, "client_closed": n, ...}, "prompt_tokens",
    // "completion_tokens", "rate_limited", "rate_limited_requests", "rate_limited_tokens",
    // "tokens_charged"}}, "config"}. rate_limited_requests counts the 429s of max_rps and
    // rpm_limit, rate_limited_tokens those of tpm_limit (too large included), rate_limited
    // both; tokens_charged sums the estimates of the requests the limits admitted. All four
    // count decisions, so they include answers the client closed before receiving.
    QJsonObject stats() const;
    // Clears the counts; in_flight keeps counting the requests still pending and becomes the
    // new peak.
    void resetStats();

    int inFlight() const { return m_inFlight; }
    int peakInFlight() const { return m_peakInFlight; }

private:
    struct Pending;
    struct ModelStats
    {
        qint64 requests = 0;
        QMap<QString, qint64> byStatus;
        qint64 promptTokens = 0;
        qint64 completionTokens = 0;
        qint64 rateLimitedRequests = 0;
        qint64 rateLimitedTokens = 0;
        qint64 tokensCharged = 0;
    };

    void setupRoutes();
    void handleCompletion(const QHttpServerRequest &request, QHttpServerResponder &&responder);
    void scheduleAnswer(const std::shared_ptr<Pending> &pending, int status, QByteArray body,
                        QList<std::pair<QByteArray, QByteArray>> headers, qint64 promptTokens,
                        qint64 completionTokens);
    void scheduleHang(const std::shared_ptr<Pending> &pending);
    void finish(const std::shared_ptr<Pending> &pending, const QString &statusKey,
                qint64 promptTokens = 0, qint64 completionTokens = 0);
    QList<std::pair<QByteArray, QByteArray>> retryAfterHeaders() const;
    int drawLatencyMs();
    double uniform();
    bool overRateLimit();
    // The rpm/tpm limits for an admissible request; false when it was answered 429.
    bool admitByLimits(const std::shared_ptr<Pending> &pending, const PromptReader &reader);

    QHttpServer *m_server = nullptr;
    SimConfig m_config;
    std::mt19937_64 m_rng;
    quint16 m_port = 0;

    qint64 m_requestsTotal = 0;
    int m_inFlight = 0;
    int m_peakInFlight = 0;
    QHash<QString, ModelStats> m_byModel;
    quint64 m_nextCompletionId = 1;

    qint64 m_rateWindowSecond = -1;
    int m_rateWindowCount = 0;
    RateLimits m_limits;
};

} // namespace herder::sim
