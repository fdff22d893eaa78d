#pragma once

#include <QHostAddress>
#include <QString>

#include <optional>

namespace herder::ops {

/// Where the ops API listens: "PORT" or ":PORT" (loopback), "ADDR:PORT", "[v6]:PORT",
/// "localhost:PORT". Port 0 asks the system for a free one.
struct ListenAddress
{
    QHostAddress address{QHostAddress::LocalHost};
    quint16 port = 0;

    /// nullopt when the text is not one of the forms above.
    static std::optional<ListenAddress> parse(const QString &text);
    /// Loopback only: the one case where read-only calls need no token.
    bool isLoopback() const { return address.isLoopback(); }
    /// "ADDR:PORT", IPv6 in brackets.
    static QString format(const QHostAddress &address, quint16 port);
};

} // namespace herder::ops
