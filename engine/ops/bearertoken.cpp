#include "ops/bearertoken.h"

namespace herder::ops {

bool BearerToken::accepts(QByteArrayView authorization) const
{
    if (m_token.isEmpty())
        return false;
    const QByteArrayView scheme("Bearer ");
    const QByteArrayView value = authorization.trimmed();
    if (value.size() != scheme.size() + m_token.size() ||
        value.first(scheme.size()).compare(scheme, Qt::CaseInsensitive) != 0)
        return false;
    // Constant time over the token, so response timing does not reveal a matching prefix.
    unsigned char diff = 0;
    const QByteArrayView given = value.sliced(scheme.size());
    for (qsizetype i = 0; i < m_token.size(); ++i)
        diff |= static_cast<unsigned char>(given[i] ^ m_token[i]);
    return diff == 0;
}

} // namespace herder::ops
