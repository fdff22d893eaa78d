#include "ops/listenaddress.h"

namespace herder::ops {

std::optional<ListenAddress> ListenAddress::parse(const QString &text)
{
    const QString t = text.trimmed();
    const qsizetype colon = t.lastIndexOf(u':');
    QString host = colon < 0 ? QString() : t.left(colon);
    bool ok = false;
    const uint port = t.mid(colon + 1).toUInt(&ok);
    if (!ok || port > 65535)
        return std::nullopt;
    ListenAddress result;
    result.port = quint16(port);
    if (host.startsWith(u'[') && host.endsWith(u']'))
        host = host.mid(1, host.size() - 2);
    if (host.isEmpty() || host.compare(u"localhost", Qt::CaseInsensitive) == 0)
        return result;
    if (!result.address.setAddress(host))
        return std::nullopt;
    return result;
}

QString ListenAddress::format(const QHostAddress &address, quint16 port)
{
    const QString host = address.protocol() == QAbstractSocket::IPv6Protocol
                             ? u'[' + address.toString() + u']'
                             : address.toString();
    return host + u':' + QString::number(port);
}

} // namespace herder::ops
