#pragma once

#include "logmodel.h"

#include <QSortFilterProxyModel>

namespace herder::ui {

/// Shows the log lines at or above a severity whose message or category contains a text.
class LogFilterModel : public QSortFilterProxyModel
{
    Q_OBJECT
public:
    explicit LogFilterModel(QObject *parent = nullptr);

    void setMinimumSeverity(LogModel::Severity severity);
    void setText(const QString &text);

protected:
    bool filterAcceptsRow(int source_row, const QModelIndex &source_parent) const override;

private:
    LogModel::Severity m_minimum = LogModel::Debug;
    QString m_text;
};

} // namespace herder::ui
