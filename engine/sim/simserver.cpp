#include "sim/simserver.h"

#include "sim/promptreader.h"

#include <QDateTime>
#include <QFile>
#include <QHttpServer>
#include <QHttpServerRequest>
#include <QHttpServerResponder>
#include <QJsonArray>
#include <QJsonDocument>
#include <QPointer>
#include <QSslCertificate>
#include <QSslKey>
#include <QTcpSocket>
#include <QTimer>

#include <chrono>
#include <cmath>

using namespace Qt::StringLiterals;

namespace herder::sim {

namespace {

using HeaderPairs = QList<std::pair<QByteArray, QByteArray>>;
using Status = QHttpServerResponder::StatusCode;

const QString kStatusHang = u"hang"_s;
const QString kStatusClientClosed = u"client_closed"_s;
const QString kUnknownModel = u"unknown"_s;

// OpenAI's error envelope: {"error": {"message", "type", "param", "code"}}.
QByteArray errorBody(const QString &message, const QString &type, const QJsonValue &code)
{
    const QJsonObject error{{"message"_L1, message},
                            {"type"_L1, type},
                            {"param"_L1, QJsonValue::Null},
                            {"code"_L1, code}};
    return QJsonDocument(QJsonObject{{"error"_L1, error}}).toJson(QJsonDocument::Compact);
}

qint64 ceilDiv4(qint64 bytes)
{
    return (bytes + 3) / 4;
}

// Control routes answer at once; only completions get the simulated latency.
void writeNow(QHttpServerResponder &responder, Status status, const QByteArray &body)
{
    responder.writeStatusLine(status);
    responder.writeHeader("Content-Type"_ba, "application/json"_ba);
    responder.writeHeader("Content-Length"_ba, QByteArray::number(body.size()));
    responder.writeBody(body);
}

} // namespace

// One completion between arrival and answer. Owns the responder; the socket is watched through
// a QPointer because Qt 6.4 deletes it on disconnect while the responder still points at it.
struct SimServer::Pending
{
    explicit Pending(QHttpServerResponder &&r) : responder(std::move(r)) {}

    QHttpServerResponder responder;
    QPointer<QTcpSocket> socket;
    QMetaObject::Connection disconnectWatch;
    QString model;
    HeaderPairs limitHeaders; // x-ratelimit-*, sent with whatever the answer turns out to be
    bool finished = false;
};

SimServer::SimServer(SimConfig config, QObject *parent)
    : QObject(parent), m_server(new QHttpServer(this)), m_config(std::move(config)),
      m_rng(m_config.seed)
{
    m_limits.configure(m_config.rpm_limit, m_config.tpm_limit, m_config.rate_limit_headers);
    setupRoutes();
}

SimServer::~SimServer() = default;

quint16 SimServer::listen(const QHostAddress &address, quint16 port)
{
    // Qt 6.4's QAbstractHttpServer::listen returns the bound port, 0 on failure.
    m_port = m_server->listen(address, port);
    return m_port;
}

bool SimServer::useTls(const QString &certificate_file, const QString &key_file, QString *error)
{
    const QList<QSslCertificate> chain = QSslCertificate::fromPath(certificate_file, QSsl::Pem);
    QFile keyFile(key_file);
    if (chain.isEmpty()) {
        *error = QStringLiteral("no PEM certificate in %1").arg(certificate_file);
        return false;
    }
    if (!keyFile.open(QIODevice::ReadOnly)) {
        *error = QStringLiteral("cannot read %1: %2").arg(key_file, keyFile.errorString());
        return false;
    }
    const QSslKey key(&keyFile, QSsl::Rsa, QSsl::Pem);
    if (key.isNull()) {
        *error = QStringLiteral("no PEM RSA key in %1").arg(key_file);
        return false;
    }
    m_server->sslSetup(chain.constFirst(), key);
    return true;
}

void SimServer::setConfig(const SimConfig &config)
{
    if (config.seed != m_config.seed)
        m_rng.seed(config.seed);
    m_limits.configure(config.rpm_limit, config.tpm_limit, config.rate_limit_headers);
    m_config = config;
}

QJsonObject SimServer::stats() const
{
    QJsonObject byModel;
    for (auto it = m_byModel.constBegin(); it != m_byModel.constEnd(); ++it) {
        QJsonObject byStatus;
        for (auto status = it->byStatus.constBegin(); status != it->byStatus.constEnd(); ++status)
            byStatus.insert(status.key(), status.value());
        byModel.insert(it.key(), QJsonObject{{"requests"_L1, it->requests},
                                             {"by_status"_L1, byStatus},
                                             {"prompt_tokens"_L1, it->promptTokens},
                                             {"completion_tokens"_L1, it->completionTokens},
                                             {"rate_limited"_L1, it->rateLimitedRequests
                                                                     + it->rateLimitedTokens},
                                             {"rate_limited_requests"_L1, it->rateLimitedRequests},
                                             {"rate_limited_tokens"_L1, it->rateLimitedTokens},
                                             {"tokens_charged"_L1, it->tokensCharged}});
    }
    return QJsonObject{{"requests_total"_L1, m_requestsTotal},
                       {"in_flight"_L1, m_inFlight},
                       {"peak_in_flight"_L1, m_peakInFlight},
                       {"by_model"_L1, byModel},
                       {"config"_L1, m_config.toJson()}};
}

void SimServer::resetStats()
{
    m_requestsTotal = 0;
    m_byModel.clear();
    m_peakInFlight = m_inFlight;
}

void SimServer::setupRoutes()
{
    const auto completions = [this](const QHttpServerRequest &request,
                                    QHttpServerResponder &&responder) {
        handleCompletion(request, std::move(responder));
    };
    m_server->route(u"/v1/chat/completions"_s, QHttpServerRequest::Method::Post, completions);
    m_server->route(u"/chat/completions"_s, QHttpServerRequest::Method::Post, completions);

    const auto models = [this](QHttpServerResponder &&responder) {
        QJsonArray data;
        for (const QString &model : std::as_const(m_config.models)) {
            data.append(QJsonObject{{"id"_L1, model},
                                    {"object"_L1, u"model"_s},
                                    {"created"_L1, 1700000000},
                                    {"owned_by"_L1, u"herder-sim"_s}});
        }
        writeNow(responder, Status::Ok,
                 QJsonDocument(QJsonObject{{"object"_L1, u"list"_s}, {"data"_L1, data}})
                     .toJson(QJsonDocument::Compact));
    };
    m_server->route(u"/v1/models"_s, QHttpServerRequest::Method::Get, models);
    m_server->route(u"/models"_s, QHttpServerRequest::Method::Get, models);

    m_server->route(u"/stats"_s, QHttpServerRequest::Method::Get,
                    [this](QHttpServerResponder &&responder) {
                        writeNow(responder, Status::Ok,
                                 QJsonDocument(stats()).toJson(QJsonDocument::Compact));
                    });
    m_server->route(u"/stats/reset"_s, QHttpServerRequest::Method::Post,
                    [this](QHttpServerResponder &&responder) {
                        resetStats();
                        writeNow(responder, Status::Ok,
                                 QJsonDocument(stats()).toJson(QJsonDocument::Compact));
                    });

    m_server->route(u"/sim/config"_s, QHttpServerRequest::Method::Get,
                    [this](QHttpServerResponder &&responder) {
                        writeNow(responder, Status::Ok,
                                 QJsonDocument(m_config.toJson()).toJson(QJsonDocument::Compact));
                    });
    m_server->route(
        u"/sim/config"_s, QHttpServerRequest::Method::Post,
        [this](const QHttpServerRequest &request, QHttpServerResponder &&responder) {
            QJsonParseError parseError;
            const QJsonDocument document = QJsonDocument::fromJson(request.body(), &parseError);
            if (!document.isObject()) {
                writeNow(responder, Status::BadRequest,
                         errorBody(u"The body must be a JSON object of configuration keys."_s,
                                   u"invalid_request_error"_s, QJsonValue::Null));
                return;
            }
            setConfig(SimConfig::fromJson(document.object(), m_config));
            writeNow(responder, Status::Ok,
                     QJsonDocument(m_config.toJson()).toJson(QJsonDocument::Compact));
        });
}

void SimServer::handleCompletion(const QHttpServerRequest &request,
                                 QHttpServerResponder &&responder)
{
    auto pending = std::make_shared<Pending>(std::move(responder));
    pending->socket = pending->responder.socket();
    if (pending->socket) {
        // Frees the in-flight slot as soon as the client gives up (typically on a hang) instead
        // of when the timer fires; the timer then finds the request finished and does nothing.
        pending->disconnectWatch = connect(
            pending->socket.data(), &QAbstractSocket::disconnected, this,
            [this, weak = std::weak_ptr<Pending>(pending)] {
                if (const auto locked = weak.lock())
                    finish(locked, kStatusClientClosed);
            });
    }

    ++m_requestsTotal;
    ++m_inFlight;
    m_peakInFlight = std::max(m_peakInFlight, m_inFlight);

    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(request.body(), &parseError);
    const PromptReader reader(document.object());
    pending->model = reader.model().isEmpty() ? kUnknownModel : reader.model();
    ++m_byModel[pending->model].requests;

    const SimConfig &config = m_config;
    if (!config.api_key.isEmpty()) {
        const QByteArray authorization = request.value("Authorization"_ba).trimmed();
        const QByteArray expected = "Bearer " + config.api_key.toUtf8();
        if (authorization != expected) {
            const QString message = authorization.isEmpty()
                ? u"You didn't provide an API key. You need to provide your API key in an "
                  u"Authorization header using Bearer auth (i.e. Authorization: Bearer YOUR_KEY)."_s
                : u"Incorrect API key provided. You can find your API key at "
                  u"https://platform.openai.com/account/api-keys."_s;
            scheduleAnswer(pending, 401,
                           errorBody(message, u"invalid_request_error"_s, u"invalid_api_key"_s),
                           {}, 0, 0);
            return;
        }
    }

    if (!document.isObject()) {
        const QString message = u"We could not parse the JSON body of your request. (HINT: This "
                                u"likely means you aren't using your HTTP library correctly.) "
                                u"Parse error: "_s
            + parseError.errorString();
        scheduleAnswer(pending, 400,
                       errorBody(message, u"invalid_request_error"_s, QJsonValue::Null), {}, 0, 0);
        return;
    }
    if (!reader.isValid() || reader.model().isEmpty()) {
        const QString message = reader.isValid() ? u"you must provide a model parameter"_s
                                                  : reader.errorString();
        scheduleAnswer(pending, 400,
                       errorBody(message, u"invalid_request_error"_s, QJsonValue::Null), {}, 0, 0);
        return;
    }
    if (!config.models.isEmpty() && !config.models.contains(reader.model())) {
        const QString message = u"The model `"_s + reader.model()
            + u"` does not exist or you do not have access to it."_s;
        scheduleAnswer(pending, 404,
                       errorBody(message, u"invalid_request_error"_s, u"model_not_found"_s), {},
                       0, 0);
        return;
    }
    if (overRateLimit()) {
        ++m_byModel[pending->model].rateLimitedRequests;
        pending->limitHeaders = m_limits.headers(reader.model(), RateLimits::Clock::now());
        const QString message = u"Rate limit reached for "_s + reader.model()
            + u" on requests per min (RPM): Limit "_s + QString::number(config.max_rps * 60)
            + u". Please try again in "_s + QString::number(config.retry_after_s) + u"s."_s;
        scheduleAnswer(pending, 429, errorBody(message, u"requests"_s, u"rate_limit_exceeded"_s),
                       retryAfterHeaders(), 0, 0);
        return;
    }
    if (!admitByLimits(pending, reader))
        return;
    if (config.quota_exhausted) {
        scheduleAnswer(pending, 429,
                       errorBody(u"You exceeded your current quota, please check your plan and "
                                 u"billing details."_s,
                                 u"insufficient_quota"_s, u"insufficient_quota"_s),
                       retryAfterHeaders(), 0, 0);
        return;
    }

    // One draw against cumulative thresholds: the shares of each fault match their rates.
    const double draw = uniform();
    double threshold = config.rate_429;
    if (draw < threshold) {
        const QString message = u"Rate limit reached for "_s + reader.model()
            + u" on tokens per min (TPM). Please try again in "_s
            + QString::number(config.retry_after_s) + u"s."_s;
        scheduleAnswer(pending, 429, errorBody(message, u"tokens"_s, u"rate_limit_exceeded"_s),
                       retryAfterHeaders(), 0, 0);
        return;
    }
    if (draw < (threshold += config.rate_500)) {
        scheduleAnswer(pending, 500,
                       errorBody(u"The server had an error while processing your request. Sorry "
                                 u"about that!"_s,
                                 u"server_error"_s, u"server_error"_s),
                       {}, 0, 0);
        return;
    }
    if (draw < (threshold += config.rate_503)) {
        scheduleAnswer(pending, 503,
                       errorBody(u"The engine is currently overloaded, please try again later."_s,
                                 u"server_error"_s, u"service_unavailable"_s),
                       {}, 0, 0);
        return;
    }
    if (draw < (threshold += config.rate_hang)) {
        scheduleHang(pending);
        return;
    }
    const bool malformed = draw < (threshold += config.rate_malformed);
    const bool badLabel = !malformed && draw < (threshold += config.rate_bad_label);

    const QJsonValue answer = reader.answer(badLabel, config.poison_marker);
    QByteArray content = answer.isArray()
        ? QJsonDocument(answer.toArray()).toJson(QJsonDocument::Compact)
        : QJsonDocument(answer.toObject()).toJson(QJsonDocument::Compact);
    if (malformed) {
        // Any strict prefix of a JSON object or array is invalid JSON: a cut-off generation.
        content.truncate(std::max<qsizetype>(1, content.size() * 2 / 3));
    }
    const QString contentText = QString::fromUtf8(content);
    const qint64 promptTokens = reader.promptTokens();
    const qint64 completionTokens = ceilDiv4(content.size());

    const QJsonObject message{{"role"_L1, u"assistant"_s}, {"content"_L1, contentText}};
    const QJsonObject choice{{"index"_L1, 0},
                             {"message"_L1, message},
                             {"finish_reason"_L1, u"stop"_s}};
    const QJsonObject usage{{"prompt_tokens"_L1, promptTokens},
                            {"completion_tokens"_L1, completionTokens},
                            {"total_tokens"_L1, promptTokens + completionTokens}};
    const QJsonObject response{
        {"id"_L1, QString(u"chatcmpl-sim-"_s + QString::number(m_nextCompletionId++))},
        {"object"_L1, u"chat.completion"_s},
        {"created"_L1, QDateTime::currentSecsSinceEpoch()},
        {"model"_L1, reader.model()},
        {"choices"_L1, QJsonArray{choice}},
        {"usage"_L1, usage}};
    scheduleAnswer(pending, 200, QJsonDocument(response).toJson(QJsonDocument::Compact), {},
                   promptTokens, completionTokens);
}

void SimServer::scheduleAnswer(const std::shared_ptr<Pending> &pending, int status,
                               QByteArray body, QList<std::pair<QByteArray, QByteArray>> headers,
                               qint64 promptTokens, qint64 completionTokens)
{
    QTimer::singleShot(drawLatencyMs(), this,
                       [this, pending, status, body = std::move(body),
                        headers = std::move(headers), promptTokens, completionTokens] {
                           if (pending->finished)
                               return;
                           QTcpSocket *socket = pending->socket.data();
                           if (!socket || socket->state() != QAbstractSocket::ConnectedState) {
                               finish(pending, kStatusClientClosed);
                               return;
                           }
                           QHttpServerResponder &responder = pending->responder;
                           responder.writeStatusLine(static_cast<Status>(status));
                           responder.writeHeader("Content-Type"_ba, "application/json"_ba);
                           for (const auto &[name, value] : headers)
                               responder.writeHeader(name, value);
                           for (const auto &[name, value] : pending->limitHeaders)
                               responder.writeHeader(name, value);
                           responder.writeHeader("Content-Length"_ba,
                                                 QByteArray::number(body.size()));
                           responder.writeBody(body);
                           finish(pending, QString::number(status), promptTokens,
                                  completionTokens);
                       });
}

void SimServer::scheduleHang(const std::shared_ptr<Pending> &pending)
{
    QTimer::singleShot(m_config.hang_ms, this, [this, pending] {
        if (pending->finished)
            return;
        const QPointer<QTcpSocket> socket = pending->socket;
        // Finish first: closing the socket emits disconnected, which would count it as
        // client_closed instead.
        finish(pending, kStatusHang);
        if (socket)
            socket->disconnectFromHost();
    });
}

void SimServer::finish(const std::shared_ptr<Pending> &pending, const QString &statusKey,
                       qint64 promptTokens, qint64 completionTokens)
{
    if (pending->finished)
        return;
    pending->finished = true;
    // Keep-alive sockets serve many requests: drop this request's watch so they do not pile up.
    disconnect(pending->disconnectWatch);
    --m_inFlight;
    ModelStats &model = m_byModel[pending->model];
    ++model.byStatus[statusKey];
    model.promptTokens += promptTokens;
    model.completionTokens += completionTokens;
}

QList<std::pair<QByteArray, QByteArray>> SimServer::retryAfterHeaders() const
{
    return {{"Retry-After"_ba, QByteArray::number(m_config.retry_after_s)},
            {"retry-after-ms"_ba, QByteArray::number(qint64(m_config.retry_after_s) * 1000)}};
}

double SimServer::uniform()
{
    // 53 random bits -> [0, 1): the same sequence for a seed on every platform, unlike
    // std::uniform_real_distribution whose algorithm is implementation-defined.
    return static_cast<double>(m_rng() >> 11) * 0x1.0p-53;
}

int SimServer::drawLatencyMs()
{
    const bool tail = uniform() < m_config.tail_probability;
    const int base = tail ? m_config.tail_latency_ms : m_config.latency_mean_ms;
    const int jitter = m_config.latency_jitter_ms;
    int offset = 0;
    if (jitter > 0)
        offset = static_cast<int>(std::floor(uniform() * (2.0 * jitter + 1.0))) - jitter;
    return std::max(0, base + offset);
}

bool SimServer::admitByLimits(const std::shared_ptr<Pending> &pending,
                              const PromptReader &reader)
{
    const qint64 tokens = reader.estimatedTokens();
    RateLimits::Decision decision =
        m_limits.admit(reader.model(), tokens, RateLimits::Clock::now());
    pending->limitHeaders = std::move(decision.limitHeaders);
    ModelStats &stats = m_byModel[pending->model];
    QString type;
    switch (decision.outcome) {
    case RateLimits::Outcome::Admitted:
        stats.tokensCharged += tokens;
        return true;
    case RateLimits::Outcome::RequestLimit:
        ++stats.rateLimitedRequests;
        type = u"requests"_s;
        break;
    case RateLimits::Outcome::TokenLimit:
    case RateLimits::Outcome::TooLarge:
        ++stats.rateLimitedTokens;
        type = u"tokens"_s;
        break;
    }
    scheduleAnswer(pending, 429, errorBody(decision.message, type, u"rate_limit_exceeded"_s),
                   std::move(decision.retryHeaders), 0, 0);
    return false;
}

bool SimServer::overRateLimit()
{
    if (m_config.max_rps <= 0)
        return false;
    using namespace std::chrono;
    const qint64 second =
        duration_cast<seconds>(steady_clock::now().time_since_epoch()).count();
    if (second != m_rateWindowSecond) {
        m_rateWindowSecond = second;
        m_rateWindowCount = 0;
    }
    return ++m_rateWindowCount > m_config.max_rps;
}

} // namespace herder::sim
