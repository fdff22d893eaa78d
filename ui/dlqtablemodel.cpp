#include "dlqtablemodel.h"

namespace herder::ui {

DlqTableModel::DlqTableModel(QObject *parent) : QAbstractTableModel(parent) {}

int DlqTableModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int DlqTableModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant DlqTableModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Row &row = m_rows.at(index.row());
    const dlq::DlqRecord &r = row.record;
    if (role == Qt::DisplayRole) {
        switch (index.column()) {
        case FailedAt:
            return r.failed_at;
        case Origin:
            return r.origin;
        case ErrorClass:
            return r.error_class;
        case Model:
            return r.model;
        // 0 means no HTTP answer at all (timeout, connection error, invalid payload).
        case HttpStatus:
            return r.http_status > 0 ? QVariant(r.http_status) : QVariant();
        case Attempts:
            return r.attempts;
        case Preview:
            return row.preview;
        }
    } else if (role == Qt::ToolTipRole) {
        if (index.column() == ErrorClass)
            return r.error;
        if (index.column() == Preview)
            return row.preview;
    } else if (role == Qt::TextAlignmentRole) {
        if (index.column() == HttpStatus || index.column() == Attempts)
            return QVariant(Qt::AlignRight | Qt::AlignVCenter);
    }
    return {};
}

QVariant DlqTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case FailedAt:
        return tr("Failed at");
    case Origin:
        return tr("Origin");
    case ErrorClass:
        return tr("Error class");
    case Model:
        return tr("Model");
    case HttpStatus:
        return tr("HTTP");
    case Attempts:
        return tr("Attempts");
    case Preview:
        return tr("Text");
    }
    return {};
}

void DlqTableModel::count(QMap<QString, int> &counts, QString &value)
{
    auto it = counts.find(value);
    if (it == counts.end())
        it = counts.insert(value, 0);
    ++it.value();
    // The map's key is the one shared copy: a few classes and models, not one string per row.
    value = it.key();
}

DlqTableModel::Row DlqTableModel::rowOf(const dlq::DlqRecord &record)
{
    Row row{record, record.textPreview()};
    int digits = 0;
    for (const QChar c : std::as_const(row.record.failed_at)) {
        // "2025-03-01T10:00:00.123Z" -> 20250301100000123; 18 digits still fit in a qint64.
        if (c.isDigit() && digits++ < 18)
            row.failed_at_key = row.failed_at_key * 10 + c.digitValue();
    }
    const QStringView origin(row.record.origin);
    const qsizetype offset_at = origin.lastIndexOf(u'/');
    const qsizetype partition_at = offset_at > 0 ? origin.first(offset_at).lastIndexOf(u'/') : -1;
    if (partition_at < 0) {
        row.origin_topic_size = qint32(origin.size());
        return row;
    }
    row.origin_topic_size = qint32(partition_at);
    row.origin_partition = origin.sliced(partition_at + 1, offset_at - partition_at - 1).toInt();
    row.origin_offset = origin.sliced(offset_at + 1).toLongLong();
    return row;
}

void DlqTableModel::append(const QList<dlq::DlqRecord> &page)
{
    if (page.isEmpty())
        return;
    const int first = int(m_rows.size());
    // Everything costly (previews, interning) happens before the views hear of the rows.
    QList<Row> rows;
    rows.reserve(page.size());
    for (const dlq::DlqRecord &record : page) {
        Row row = rowOf(record);
        count(m_classes, row.record.error_class);
        count(m_models, row.record.model);
        rows.append(std::move(row));
    }
    beginInsertRows({}, first, first + int(rows.size()) - 1);
    m_rows.append(std::move(rows));
    endInsertRows();
    emit distinctValuesChanged();
}

void DlqTableModel::clear()
{
    beginResetModel();
    m_rows.clear();
    m_classes.clear();
    m_models.clear();
    endResetModel();
    emit distinctValuesChanged();
}

} // namespace herder::ui
