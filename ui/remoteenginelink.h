#pragma once

#include "enginelink.h"
#include "ops/opsclient.h"

#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QPointer>
#include <QTimer>

class QNetworkReply;

namespace herder::ui {

/// A running herder-engine in another process, watched and steered through its ops HTTP API
/// (`herder --attach URL`): GET /api/v1/status about four times a second becomes the
/// dashboard's snapshots; pause, resume and limits are POSTs with the bearer token.
///
/// The console does not own that process: it was started by systemd or an operator, others
/// may watch it too, and stopping it from a window that merely looked at it would surprise
/// them. So start() means attach (begin polling) and stop() means detach (stop polling, emit
/// stopped()); the remote engine runs on either way. On attach with a token, the token is
/// proved with a change-free call first, so a wrong one is reported at once and nothing is
/// ever sent with it. An unreachable engine is reported through failed() and polled again
/// each second until it answers (started() again) or the operator detaches; a refused token
/// (401) detaches, since retrying with the same token cannot help. Messages name the URL and
/// the HTTP status, never the token.
class RemoteEngineLink : public EngineLink
{
    Q_OBJECT
public:
    static constexpr int kPollIntervalMs = 250;
    static constexpr int kRetryIntervalMs = 1000;
    static constexpr int kRequestTimeoutMs = 3000;

    /// `settings` are the console's own (INI) settings, shown where the engine's are unknown.
    RemoteEngineLink(const QUrl &base, const QString &token, config::EngineSettings settings,
                     QObject *parent = nullptr);
    ~RemoteEngineLink() override;

    void start() override;
    void stop() override;
    void pause() override;
    void resume() override;
    void setLimits(const config::Limits &limits) override;
    /// Attached: polling (whether or not the last poll was answered).
    bool isRunning() const override { return m_attached; }
    void setSettings(const config::EngineSettings &settings) override;
    /// The console's settings with the remote engine's live limits and mode.
    config::EngineSettings settings() const override;
    bool isSimulated() const override { return m_have_snapshot && m_last.simulated; }
    QUrl attachedUrl() const override { return m_base; }
    /// The engine's DLQ through GET /api/v1/dlq and POST /api/v1/dlq/replay.
    DlqSource *createDlqSource() const override;

    /// True while the last status poll was answered.
    bool isConnected() const { return m_connected; }
    /// The last failure's message; empty while none.
    QString lastError() const { return m_error; }

    /// "http://host:port/api/v1/status: HTTP 401 (missing or wrong bearer token)" and the like,
    /// for a reply of `client`'s; names the URL and the HTTP status, never the token.
    static QString describe(const ops::OpsClient &client, QNetworkReply *reply,
                            const QString &path);

private:
    void tick();
    void proveToken();
    void poll();
    void onStatus(QNetworkReply *reply);
    /// Null when not attached (then commandFailed() was emitted).
    QNetworkReply *post(const QString &path, const QJsonObject &body, const QString &what);
    void sendLimits();
    void lose(int code, const QString &message);
    void detach();
    QString where() const { return m_client.where(); }

    QUrl m_base;
    QByteArray m_token;
    config::EngineSettings m_settings;
    QNetworkAccessManager m_nam;
    ops::OpsClient m_client;
    QTimer m_poll;
    QPointer<QNetworkReply> m_status_reply; ///< the one poll in flight, if any
    QPointer<QNetworkReply> m_token_reply;
    QPointer<QNetworkReply> m_limits_reply; ///< the one limits call in flight, if any
    config::Limits m_pending_limits;        ///< chosen since it was sent
    metrics::EngineSnapshot m_last;
    bool m_have_snapshot = false;
    bool m_attached = false;
    bool m_connected = false;
    bool m_token_proven = false;
    QString m_error;
};

} // namespace herder::ui
