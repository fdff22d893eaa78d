#pragma once

#include <QByteArray>
#include <QString>

namespace herder::ops {

/// The ops API's shared secret. Compared in constant time, never logged or echoed.
class BearerToken
{
public:
    explicit BearerToken(const QString &token) : m_token(token.toUtf8()) {}

    bool isSet() const { return !m_token.isEmpty(); }
    /// True when an Authorization header value is "Bearer <this token>".
    bool accepts(QByteArrayView authorization) const;

private:
    QByteArray m_token;
};

} // namespace herder::ops
