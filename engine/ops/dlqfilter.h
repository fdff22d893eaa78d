#pragma once

#include "dlq/dlqrecord.h"

#include <QJsonObject>
#include <QString>
#include <QUrlQuery>

namespace herder::ops {

/// Which dead letters an ops call means: an exact error class and model, and a piece of the
/// event's text (case-insensitive). Empty fields match everything.
struct DlqFilter
{
    QString error_class;
    QString model;
    QString text;

    bool isEmpty() const { return error_class.isEmpty() && model.isEmpty() && text.isEmpty(); }
    /// `text` is the record's event text, extracted once when the record was indexed.
    bool matches(const dlq::DlqRecord &record, const QString &text) const;

    /// From ?class=&model=&text=.
    static DlqFilter fromQuery(const QUrlQuery &query);
    /// From {"class", "model", "text"}; false with *error when a field is not a string or
    /// the object has other keys.
    static bool fromJson(const QJsonObject &object, DlqFilter *filter, QString *error);
};

} // namespace herder::ops
