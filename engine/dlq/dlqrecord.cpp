#include "dlq/dlqrecord.h"

#include "pipeline/eventdecoder.h"

#include <QJsonDocument>
#include <QJsonObject>

namespace herder::dlq {

QByteArray DlqRecord::header(QByteArrayView name) const
{
    for (const auto &[k, v] : headers)
        if (k == name)
            return v;
    return {};
}

void DlqRecord::parseHeaders()
{
    error_class = QString::fromUtf8(header("herder-error-class"));
    error = QString::fromUtf8(header("herder-error"));
    model = QString::fromUtf8(header("herder-model"));
    origin = QString::fromUtf8(header("herder-origin"));
    failed_at = QString::fromUtf8(header("herder-failed-at"));
    http_status = header("herder-http-status").toInt();
    attempts = header("herder-attempts").toInt();
    replay_count = header("herder-replay-count").toInt();
    cost_usd = header("herder-cost-usd").toDouble();
}

bool DlqRecord::isUtf8() const
{
    return pipeline::EventDecoder::firstInvalidUtf8(value) < 0;
}

QString DlqRecord::textPreview(int max_chars) const
{
    if (!isUtf8())
        return QStringLiteral("<%1 bytes, not UTF-8>").arg(value.size());
    const QJsonObject o = QJsonDocument::fromJson(value).object();
    const QString text = o.value(QStringLiteral("text")).isString()
                             ? o.value(QStringLiteral("text")).toString()
                             : QString::fromUtf8(value.left(max_chars * 4));
    QString preview = text.left(max_chars).simplified();
    if (text.size() > max_chars)
        preview += QChar(0x2026);
    return preview;
}

} // namespace herder::dlq
