#include "ops/dlqfilter.h"

namespace herder::ops {

bool DlqFilter::matches(const dlq::DlqRecord &record, const QString &record_text) const
{
    return (error_class.isEmpty() || record.error_class == error_class) &&
           (model.isEmpty() || record.model == model) &&
           (text.isEmpty() || record_text.contains(text, Qt::CaseInsensitive));
}

DlqFilter DlqFilter::fromQuery(const QUrlQuery &query)
{
    const auto item = [&](const char *name) {
        return query.queryItemValue(QString::fromLatin1(name), QUrl::FullyDecoded);
    };
    return {item("class"), item("model"), item("text")};
}

bool DlqFilter::fromJson(const QJsonObject &object, DlqFilter *filter, QString *error)
{
    for (auto it = object.begin(); it != object.end(); ++it) {
        QString *field = it.key() == u"class"   ? &filter->error_class
                         : it.key() == u"model" ? &filter->model
                         : it.key() == u"text"  ? &filter->text
                                                : nullptr;
        if (!field) {
            *error = QStringLiteral("filter: unknown field '%1' (allowed: class, model, text)")
                         .arg(it.key());
            return false;
        }
        if (!it.value().isString()) {
            *error = QStringLiteral("filter: '%1' must be a string").arg(it.key());
            return false;
        }
        *field = it.value().toString();
    }
    return true;
}

} // namespace herder::ops
