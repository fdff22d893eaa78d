#include "remotedlqsource.h"

#include "remoteenginelink.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>

namespace herder::ui {
namespace {
constexpr int kLoadTimeoutMs = 30000;
// The engine answers a replay once Kafka confirmed every write.
constexpr int kReplayTimeoutMs = 120000;
} // namespace

RemoteDlqSource::RemoteDlqSource(const QUrl &base, const QByteArray &token, QObject *parent)
    : DlqSource(parent), m_base(base), m_token(token)
{
    qRegisterMetaType<herder::dlq::ReplayResult>();
    qRegisterMetaType<herder::dlq::DlqRecord>();
}

ops::OpsClient &RemoteDlqSource::client()
{
    if (!m_client) {
        m_nam = new QNetworkAccessManager(this);
        m_client.emplace(m_nam, m_base, m_token);
    }
    return *m_client;
}

dlq::DlqRecord RemoteDlqSource::recordFromJson(const QJsonObject &json)
{
    dlq::DlqRecord r;
    r.partition = json[u"partition"].toInt(-1);
    r.offset = json[u"offset"].toInteger(-1);
    r.timestamp_ms = json[u"timestamp_ms"].toInteger(-1);
    r.key = QByteArray::fromBase64(json[u"key_base64"].toString().toLatin1());
    r.value = QByteArray::fromBase64(json[u"value_base64"].toString().toLatin1());
    r.error_class = json[u"error_class"].toString();
    r.error = json[u"error"].toString();
    r.model = json[u"model"].toString();
    r.origin = json[u"origin"].toString();
    r.failed_at = json[u"failed_at"].toString();
    r.http_status = json[u"http_status"].toInt();
    r.attempts = json[u"attempts"].toInt();
    r.replay_count = json[u"replay_count"].toInt();
    r.cost_usd = json[u"cost_usd"].toDouble();
    return r;
}

void RemoteDlqSource::load(int generation)
{
    cancel();
    m_generation = generation;
    fetch(generation, 0);
}

void RemoteDlqSource::cancel()
{
    if (m_load)
        m_load->abort();
}

void RemoteDlqSource::fetch(int generation, qint64 offset)
{
    const QString path = QStringLiteral("%1?offset=%2&limit=%3")
                             .arg(QLatin1String(ops::api::kDlq))
                             .arg(offset)
                             .arg(kPageSize);
    QNetworkReply *reply = client().get(path, kLoadTimeoutMs);
    m_load = reply;
    connect(reply, &QNetworkReply::finished, this, [this, reply, generation, offset, path] {
        reply->deleteLater();
        if (generation != m_generation || reply->error() == QNetworkReply::OperationCanceledError)
            return; // a load since replaced or cancelled
        const int status = ops::OpsClient::status(reply);
        if (reply->error() != QNetworkReply::NoError || status != 200) {
            emit loadFailed(generation, RemoteEngineLink::describe(
                                            client(), reply, QLatin1String(ops::api::kDlq)));
            return;
        }
        const QJsonObject body = ops::OpsClient::json(reply);
        const qint64 total = body[u"total"].toInteger();
        const QJsonArray records = body[u"records"].toArray();
        if (offset == 0)
            emit loadStarted(generation, total);
        QList<dlq::DlqRecord> page;
        page.reserve(records.size());
        for (const QJsonValue &v : records)
            page.append(recordFromJson(v.toObject()));
        if (!page.isEmpty())
            emit this->page(generation, page);
        const qint64 next = offset + records.size();
        if (!records.isEmpty() && next < total)
            fetch(generation, next);
        else
            emit loaded(generation, next);
    });
}

void RemoteDlqSource::replay(const QList<dlq::DlqRecord> &records, int)
{
    // The engine's own loop guard decides; its refusals come back by position.
    sendReplay(records, {}, int(records.size()));
}

void RemoteDlqSource::sendReplay(QList<dlq::DlqRecord> pending, dlq::ReplayResult result,
                                 int total)
{
    if (pending.isEmpty()) {
        emit replayed(result);
        return;
    }
    const QList<dlq::DlqRecord> chunk = pending.mid(0, kMaxReplayRecords);
    pending.remove(0, chunk.size());
    QJsonArray positions;
    for (const dlq::DlqRecord &r : chunk)
        positions.append(QJsonObject{{QStringLiteral("partition"), r.partition},
                                     {QStringLiteral("offset"), r.offset}});
    const QString path = QString::fromLatin1(ops::api::kDlqReplay);
    QNetworkReply *reply = client().post(
        path, QJsonObject{{QStringLiteral("records"), positions}}, kReplayTimeoutMs);
    connect(reply, &QNetworkReply::finished, this,
            [this, reply, chunk, pending, result, total, path]() mutable {
                reply->deleteLater();
                const int status = ops::OpsClient::status(reply);
                if (reply->error() != QNetworkReply::NoError || status != 200) {
                    result.error = RemoteEngineLink::describe(client(), reply, path);
                    emit replayed(result);
                    return;
                }
                const QJsonObject body = ops::OpsClient::json(reply);
                result.replayed += body[u"replayed"].toInt();
                for (const QJsonValue &v : body[u"refused"].toArray()) {
                    const qint32 partition = v[u"partition"].toInt(-1);
                    const qint64 offset = v[u"offset"].toInteger(-1);
                    for (const dlq::DlqRecord &rec : chunk)
                        if (rec.partition == partition && rec.offset == offset)
                            result.refused.append(rec);
                }
                if (body.contains(u"error")) {
                    result.error = body[u"error"].toString();
                    emit replayed(result);
                    return;
                }
                emit replayProgress(total - int(pending.size()), total);
                sendReplay(pending, result, total);
            });
}

void RemoteDlqSource::replayEdited(const dlq::DlqRecord &, const QByteArray &, int)
{
    emit replayed({0, {}, tr("the ops API replays original bytes only; edit and produce the "
                             "record with the engine's Kafka tools instead")});
}

} // namespace herder::ui
