#pragma once

#include "dlqsource.h"
#include "ops/opsapi.h"
#include "ops/opsclient.h"
#include "ops/replayrequest.h"

#include <QPointer>
#include <QUrl>

#include <optional>

class QNetworkAccessManager;
class QNetworkReply;

namespace herder::ui {

/// The DLQ of an attached herder-engine, through its ops API: GET /api/v1/dlq page by page
/// (oldest first) and POST /api/v1/dlq/replay by position. The engine applies its own loop
/// guard; the API replays original bytes only, so an edited replay is refused with a reason.
/// The ops API sends no Kafka headers, only the fields parsed from them.
class RemoteDlqSource : public DlqSource
{
    Q_OBJECT
public:
    static constexpr int kPageSize = int(ops::api::kMaxDlqPage);
    static constexpr int kMaxReplayRecords = int(ops::ReplayRequest::kMaxRecords);

    /// `token` is the ops API's bearer token, or empty.
    RemoteDlqSource(const QUrl &base, const QByteArray &token, QObject *parent = nullptr);

    void load(int generation) override;
    void cancel() override;
    void replay(const QList<herder::dlq::DlqRecord> &records, int max_replays) override;
    void replayEdited(const herder::dlq::DlqRecord &record, const QByteArray &value,
                      int max_replays) override;
    bool canReplayEdited() const override { return false; }

    /// One record of GET /api/v1/dlq, as the page shows it.
    static dlq::DlqRecord recordFromJson(const QJsonObject &json);

private:
    /// Made on first use, on the page's DLQ thread (the manager is thread-affine).
    ops::OpsClient &client();
    void fetch(int generation, qint64 offset);
    void sendReplay(QList<dlq::DlqRecord> pending, dlq::ReplayResult result, int total);

    QUrl m_base;
    QByteArray m_token;
    QNetworkAccessManager *m_nam = nullptr;
    std::optional<ops::OpsClient> m_client;
    QPointer<QNetworkReply> m_load;
    int m_generation = 0;
};

} // namespace herder::ui
