#pragma once

#include "llm/ratelimits.h"

#include <QByteArray>
#include <QList>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QObject>
#include <QSslCertificate>
#include <QUrl>

#include <functional>
#include <vector>

class QNetworkAccessManager;

namespace herder::llm {

/// What came back for one chat-completions call.
struct ChatResult
{
    int http_status = 0;
    QByteArray body;
    QByteArray retry_after;
    QByteArray retry_after_ms;
    RateLimits rate_limits; ///< what the answer's headers said; nothing without an answer
    QNetworkReply::NetworkError network_error = QNetworkReply::NoError;
    QString error_string;
    bool timed_out = false;
    double latency_ms = 0;
    /// Of latency_ms, how long the calling thread was busy (running or waiting for a CPU): the
    /// most the reply can have waited for that thread rather than for the server.
    double caller_busy_ms = 0;
};

/// POSTs chat-completions bodies over kept-alive connections. Qt 6.4 runs at most six HTTP/1.1
/// requests at once per host and manager, so the client keeps a pool of managers big enough
/// for the concurrency cap and gives each request to the least busy one. Lives on (and must
/// be used from) the engine thread.
class ChatClient : public QObject
{
    Q_OBJECT
public:
    using Callback = std::function<void(ChatResult &&)>;
    static constexpr int kConnectionsPerManager = 6;

    ChatClient(const QUrl &base_url, const QString &api_key, int timeout_ms,
               QObject *parent = nullptr);
    ~ChatClient() override;

    void setApiKey(const QString &api_key);
    /// Trusts these certificate authorities besides the system's (a private provider's CA).
    /// Verification itself is never turned off.
    void addCaCertificates(const QList<QSslCertificate> &certificates);
    /// Grows the pool so `cap` requests can really be on the wire at once.
    void setConcurrency(int cap);
    void post(const QByteArray &body, Callback done);
    int inFlight() const { return m_in_flight; }
    int managerCount() const { return int(m_managers.size()); }

private:
    struct Slot
    {
        QNetworkAccessManager *manager;
        int in_flight;
    };
    Slot &leastBusy();

    QNetworkRequest m_template;
    int m_timeout_ms;
    std::vector<Slot> m_managers;
    int m_in_flight = 0;
};

} // namespace herder::llm
