#include "dlqpayloadformat.h"

#include "pipeline/eventdecoder.h"

#include <QCoreApplication>
#include <QJsonDocument>
#include <QJsonParseError>

namespace herder::ui {

namespace {
// A DLQ value may be megabytes; the pane shows the start of it rather than freezing on it.
constexpr qsizetype kMaxText = 1024 * 1024;
} // namespace

bool DlqPayloadFormat::isUtf8(const QByteArray &bytes)
{
    return pipeline::EventDecoder::firstInvalidUtf8(bytes) < 0;
}

bool DlqPayloadFormat::isJson(const QByteArray &bytes)
{
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(bytes, &error);
    return error.error == QJsonParseError::NoError && !doc.isNull();
}

DlqPayloadFormat::Kind DlqPayloadFormat::kindOf(const QByteArray &bytes)
{
    if (!isUtf8(bytes))
        return Kind::Binary;
    // Beyond a megabyte the pane shows the start as text: pretty-printing it all would stall.
    return bytes.size() <= kMaxText && isJson(bytes) ? Kind::Json : Kind::Text;
}

QString DlqPayloadFormat::render(const QByteArray &bytes, Kind *kind)
{
    const Kind k = kindOf(bytes);
    if (kind)
        *kind = k;
    switch (k) {
    case Kind::Json:
        return QString::fromUtf8(QJsonDocument::fromJson(bytes).toJson(QJsonDocument::Indented));
    case Kind::Text:
        if (bytes.size() <= kMaxText)
            return QString::fromUtf8(bytes);
        return QString::fromUtf8(bytes.first(kMaxText)) + QLatin1Char('\n') +
               QCoreApplication::translate("herder::ui::DlqPayloadFormat",
                                           "… first %1 of %2 bytes shown")
                   .arg(kMaxText)
                   .arg(bytes.size());
    case Kind::Binary:
        return hexDump(bytes);
    }
    return {};
}

QString DlqPayloadFormat::hexDump(const QByteArray &bytes, qsizetype max_bytes)
{
    const qsizetype n = qMin(bytes.size(), max_bytes);
    QString out;
    out.reserve((n / 16 + 2) * 80);
    for (qsizetype line = 0; line < n; line += 16) {
        out += QStringLiteral("%1  ").arg(line, 8, 16, QLatin1Char('0'));
        QString ascii;
        for (qsizetype i = line; i < line + 16; ++i) {
            if (i < n) {
                const auto byte = static_cast<unsigned char>(bytes.at(i));
                out += QStringLiteral("%1 ").arg(byte, 2, 16, QLatin1Char('0'));
                ascii += byte >= 0x20 && byte < 0x7f ? QLatin1Char(char(byte)) : QLatin1Char('.');
            } else {
                out += QStringLiteral("   ");
            }
            if (i == line + 7)
                out += QLatin1Char(' ');
        }
        out += QStringLiteral(" |") + ascii + QStringLiteral("|\n");
    }
    if (n < bytes.size())
        out += QCoreApplication::translate("herder::ui::DlqPayloadFormat",
                                           "… first %1 of %2 bytes shown")
                   .arg(n)
                   .arg(bytes.size());
    return out;
}

QString DlqPayloadFormat::headerValue(const QByteArray &bytes)
{
    return isUtf8(bytes) ? QString::fromUtf8(bytes)
                         : QStringLiteral("0x") + QString::fromLatin1(bytes.toHex());
}

QString DlqPayloadFormat::kindName(Kind kind)
{
    switch (kind) {
    case Kind::Json:
        return QCoreApplication::translate("herder::ui::DlqPayloadFormat", "JSON");
    case Kind::Text:
        return QCoreApplication::translate("herder::ui::DlqPayloadFormat", "text");
    case Kind::Binary:
        return QCoreApplication::translate("herder::ui::DlqPayloadFormat", "binary (not UTF-8)");
    }
    return {};
}

} // namespace herder::ui
