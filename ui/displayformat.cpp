#include "displayformat.h"

#include <QLocale>

#include <cmath>

namespace herder::ui::displayformat {

QString count(qint64 n)
{
    return QLocale().toString(n);
}

QString usd(double usd)
{
    // Demo and small runs cost fractions of a cent: keep four decimals until it is real money.
    const int decimals = std::abs(usd) < 10 ? 4 : 2;
    return QStringLiteral("$") + QLocale().toString(usd, 'f', decimals);
}

QString perSecond(double per_s)
{
    return QLocale().toString(per_s, 'f', 1);
}

QString milliseconds(double ms)
{
    return QLocale().toString(ms, 'f', 1);
}

QString offset(qint64 offset)
{
    return offset < 0 ? QStringLiteral("—") : count(offset);
}

} // namespace herder::ui::displayformat
