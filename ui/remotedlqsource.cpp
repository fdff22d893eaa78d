#include "remotedlqsource.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>

namespace herder::ui {
namespace {
constexpr int kLoadTimeoutMs = 30000;
// The engine answers a replay once Kafka confirmed every write.
constexpr int kReplayTimeoutMs = 120000;
} // namespace

RemoteDlqSource::RemoteDlqSource(const QUrl &base, const QByteArray &authorization,
                                 QObject *parent)
    : DlqSource(parent), m_base(base), m_authorization(authorization)
{
    qRegisterMetaType<herder::dlq::ReplayResult>();
    qRegisterMetaType<herder::dlq::DlqRecord>();
}

QNetworkAccessManager *RemoteDlqSource::nam()
{
    if (!m_nam)
        m_nam = new QNetworkAccessManager(this);
    return m_nam;
}

QNetworkRequest RemoteDlqSource::request(const QString &path_and_query) const
{
    QNetworkRequest r(m_base.resolved(QUrl(path_and_query)));
    if (!m_authorization.isEmpty())
        r.setRawHeader("Authorization", m_authorization);
    return r;
}

QString RemoteDlqSource::describe(QNetworkReply *reply, const QString &path) const
{
    const QString url =
        m_base.toDisplayString(QUrl::RemoveUserInfo | QUrl::StripTrailingSlash) + path;
    const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    if (status == 0)
        return tr("cannot reach %1: %2").arg(url, reply->errorString());
    const QString detail =
        QJsonDocument::fromJson(reply->readAll()).object().value(u"error").toString();
    QString message = tr("%1 answered HTTP %2").arg(url).arg(status);
    if (!detail.isEmpty())
        message += QStringLiteral(" (%1)").arg(detail);
    return message;
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
    const QString path =
        QStringLiteral("/api/v1/dlq?offset=%1&limit=%2").arg(offset).arg(kPageSize);
    QNetworkRequest r = request(path);
    r.setTransferTimeout(kLoadTimeoutMs);
    QNetworkReply *reply = nam()->get(r);
    m_load = reply;
    connect(reply, &QNetworkReply::finished, this, [this, reply, generation, offset, path] {
        reply->deleteLater();
        if (generation != m_generation || reply->error() == QNetworkReply::OperationCanceledError)
            return; // a load since replaced or cancelled
        const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        if (reply->error() != QNetworkReply::NoError || status != 200) {
            emit loadFailed(generation, describe(reply, QStringLiteral("/api/v1/dlq")));
            return;
        }
        const QJsonObject body = QJsonDocument::fromJson(reply->readAll()).object();
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
    const QString path = QStringLiteral("/api/v1/dlq/replay");
    QNetworkRequest r = request(path);
    r.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
    r.setTransferTimeout(kReplayTimeoutMs);
    QNetworkReply *reply = nam()->post(
        r, QJsonDocument(QJsonObject{{QStringLiteral("records"), positions}})
               .toJson(QJsonDocument::Compact));
    connect(reply, &QNetworkReply::finished, this,
            [this, reply, chunk, pending, result, total, path]() mutable {
                reply->deleteLater();
                const int status =
                    reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
                if (reply->error() != QNetworkReply::NoError || status != 200) {
                    result.error = describe(reply, path);
                    emit replayed(result);
                    return;
                }
                const QJsonObject body = QJsonDocument::fromJson(reply->readAll()).object();
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
