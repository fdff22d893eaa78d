#pragma once

#include "ops/dlqfilter.h"

#include <QByteArray>
#include <QList>
#include <QString>

#include <optional>

namespace herder::ops {

/// The body of POST /api/v1/dlq/replay: {"records": [{"partition", "offset"}, ...]} or
/// {"filter": {"class", "model", "text"}}, never both, and never an empty filter (it would
/// replay the whole DLQ).
struct ReplayRequest
{
    static constexpr qsizetype kMaxRecords = 10000;

    struct Position
    {
        qint32 partition = -1;
        qint64 offset = -1;
    };
    QList<Position> positions; ///< empty: replay what the filter matches
    DlqFilter filter;

    static std::optional<ReplayRequest> parse(const QByteArray &body, QString *error);
};

} // namespace herder::ops
