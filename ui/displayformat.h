#pragma once

#include <QString>

/// How the console writes numbers, in one place so every page and the tests agree. Uses the
/// default QLocale (thousands grouped the way the operator reads them).
namespace herder::ui::displayformat {

QString count(qint64 n);              ///< "12,345"
QString usd(double usd);              ///< "$0.0123" below $10, "$123.45" above
QString perSecond(double per_s);      ///< "1,234.5"
QString milliseconds(double ms);      ///< "42.1"
QString offset(qint64 offset);        ///< "12,345", or "—" for an unknown (negative) offset

} // namespace herder::ui::displayformat
