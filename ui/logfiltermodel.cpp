#include "logfiltermodel.h"

namespace herder::ui {

LogFilterModel::LogFilterModel(QObject *parent) : QSortFilterProxyModel(parent) {}

void LogFilterModel::setMinimumSeverity(LogModel::Severity severity)
{
    if (severity == m_minimum)
        return;
    m_minimum = severity;
    invalidateRowsFilter();
}

void LogFilterModel::setText(const QString &text)
{
    if (text == m_text)
        return;
    m_text = text;
    invalidateRowsFilter();
}

bool LogFilterModel::filterAcceptsRow(int source_row, const QModelIndex &source_parent) const
{
    const QAbstractItemModel *source = sourceModel();
    const QModelIndex level = source->index(source_row, LogModel::Level, source_parent);
    if (source->data(level, LogModel::SeverityRole).toInt() < m_minimum)
        return false;
    if (m_text.isEmpty())
        return true;
    const auto contains = [&](int column) {
        return source->data(source->index(source_row, column, source_parent))
            .toString()
            .contains(m_text, Qt::CaseInsensitive);
    };
    return contains(LogModel::Message) || contains(LogModel::Category);
}

} // namespace herder::ui
