#pragma once

#include "dlqsource.h"

#include <QPointer>
#include <QUrl>

class QNetworkAccessManager;
class QNetworkReply;
class QNetworkRequest;

namespace herder::ui {

/// The DLQ of an attached herder-engine, through its ops API: GET /api/v1/dlq page by page
/// (oldest first) and POST /api/v1/dlq/replay by position. The engine applies its own loop
/// guard; the API replays original bytes only, so an edited replay is refused with a reason.
/// The ops API sends no Kafka headers, only the fields parsed from them.
class RemoteDlqSource : public DlqSource
{
    Q_OBJECT
public:
    static constexpr int kPageSize = 1000; ///< the ops API's largest page
    static constexpr int kMaxReplayRecords = 10000; ///< the ops API's largest replay

    /// `authorization` is the whole header value ("Bearer <token>") or empty.
    RemoteDlqSource(const QUrl &base, const QByteArray &authorization, QObject *parent = nullptr);

    void load(int generation) override;
    void cancel() override;
    void replay(const QList<herder::dlq::DlqRecord> &records, int max_replays) override;
    void replayEdited(const herder::dlq::DlqRecord &record, const QByteArray &value,
                      int max_replays) override;
    bool canReplayEdited() const override { return false; }

    /// One record of GET /api/v1/dlq, as the page shows it.
    static dlq::DlqRecord recordFromJson(const QJsonObject &json);

private:
    QNetworkAccessManager *nam();
    QNetworkRequest request(const QString &path_and_query) const;
    void fetch(int generation, qint64 offset);
    void sendReplay(QList<dlq::DlqRecord> pending, dlq::ReplayResult result, int total);
    QString describe(QNetworkReply *reply, const QString &path) const;

    QUrl m_base;
    QByteArray m_authorization;
    QNetworkAccessManager *m_nam = nullptr; ///< made on first use, on the page's DLQ thread
    QPointer<QNetworkReply> m_load;
    int m_generation = 0;
};

} // namespace herder::ui
