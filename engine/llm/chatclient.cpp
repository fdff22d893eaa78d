#include "llm/chatclient.h"

#include "metrics/threadbusyclock.h"

#include <QElapsedTimer>
#include <QNetworkAccessManager>
#include <QSslConfiguration>

namespace herder::llm {

ChatClient::ChatClient(const QUrl &base_url, const QString &api_key, int timeout_ms,
                       QObject *parent)
    : QObject(parent), m_timeout_ms(timeout_ms)
{
    QUrl url = base_url;
    QString path = url.path();
    if (!path.endsWith(u'/'))
        path += u'/';
    url.setPath(path + QStringLiteral("chat/completions"));
    m_template.setUrl(url);
    m_template.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
    m_template.setRawHeader("Accept", "application/json");
    m_template.setAttribute(QNetworkRequest::Http2AllowedAttribute, true);
    // An inactivity timeout: a provider that hangs sends nothing, so this catches it without a
    // timer per request.
    m_template.setTransferTimeout(m_timeout_ms);
    setApiKey(api_key);
    setConcurrency(1);
}

ChatClient::~ChatClient() = default;

void ChatClient::setApiKey(const QString &api_key)
{
    m_template.setRawHeader("Authorization", "Bearer " + api_key.toUtf8());
}

void ChatClient::addCaCertificates(const QList<QSslCertificate> &certificates)
{
    QSslConfiguration tls = m_template.sslConfiguration();
    tls.addCaCertificates(certificates);
    m_template.setSslConfiguration(tls);
}

void ChatClient::setConcurrency(int cap)
{
    const int needed = (qMax(cap, 1) + kConnectionsPerManager - 1) / kConnectionsPerManager;
    while (int(m_managers.size()) < needed) {
        auto *manager = new QNetworkAccessManager(this);
        manager->setAutoDeleteReplies(true);
        m_managers.push_back({manager, 0});
    }
}

ChatClient::Slot &ChatClient::leastBusy()
{
    Slot *best = &m_managers.front();
    for (Slot &slot : m_managers) {
        if (slot.in_flight < best->in_flight)
            best = &slot;
        if (best->in_flight == 0)
            break;
    }
    return *best;
}

void ChatClient::post(const QByteArray &body, Callback done)
{
    Slot &slot = leastBusy();
    const size_t index = size_t(&slot - m_managers.data());
    ++slot.in_flight;
    ++m_in_flight;
    QElapsedTimer started;
    started.start();
    const std::chrono::nanoseconds busy_at_send = metrics::ThreadBusyClock::now();
    QNetworkReply *reply = slot.manager->post(m_template, body);
    connect(reply, &QNetworkReply::finished, this,
            [this, reply, index, started, busy_at_send, done = std::move(done)] {
                --m_managers[index].in_flight;
                --m_in_flight;
                ChatResult result;
                result.latency_ms = double(started.nsecsElapsed()) / 1e6;
                result.caller_busy_ms =
                    double((metrics::ThreadBusyClock::now() - busy_at_send).count()) / 1e6;
                result.http_status =
                    reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
                result.network_error = reply->error();
                if (result.http_status == 0 && result.network_error != QNetworkReply::NoError) {
                    result.error_string = reply->errorString();
                    result.timed_out = result.network_error == QNetworkReply::TimeoutError ||
                                       result.network_error ==
                                           QNetworkReply::OperationCanceledError;
                }
                // A reply our timer aborted is closed: reading it only makes Qt warn
                // "device not open" once per timed-out call.
                if (reply->isOpen())
                    result.body = reply->readAll();
                result.retry_after = reply->rawHeader("Retry-After");
                result.retry_after_ms = reply->rawHeader("retry-after-ms");
                if (result.http_status != 0)
                    result.rate_limits = RateLimits::fromHeaders(
                        [reply](const QByteArray &name) { return reply->rawHeader(name); });
                done(std::move(result));
            });
}

} // namespace herder::llm
