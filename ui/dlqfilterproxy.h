#pragma once

#include <QSortFilterProxyModel>
#include <QTimer>

#include <optional>

namespace herder::ui {

class DlqTableModel;

/// Filters dead letters by error class and model (exact) and by text (case-insensitive, in the
/// preview or the error message), and sorts them, reading the records directly rather than
/// through data() and QVariant. Each filter change re-filters once.
class DlqFilterProxy : public QSortFilterProxyModel
{
    Q_OBJECT
public:
    explicit DlqFilterProxy(DlqTableModel *table, QObject *parent = nullptr);

    /// std::nullopt matches any; an empty string matches records without one.
    void setErrorClass(const std::optional<QString> &error_class);
    void setModelName(const std::optional<QString> &model);
    void setText(const QString &text);
    /// Several criteria at once with a single re-filter (e.g. "clear filters").
    void setFilters(const std::optional<QString> &error_class, const std::optional<QString> &model,
                    const QString &text);

    const std::optional<QString> &errorClass() const { return m_class; }
    const std::optional<QString> &modelName() const { return m_model; }
    const QString &text() const { return m_text; }
    DlqTableModel *table() const { return m_table; }
    /// Runs a re-sort still waiting for its coalescing timer (e.g. when a load is complete).
    void resortNow();
    /// Source rows of the records shown, in load order (which is DLQ order per partition).
    QList<int> sourceRows() const;

protected:
    bool filterAcceptsRow(int source_row, const QModelIndex &source_parent) const override;
    bool lessThan(const QModelIndex &left, const QModelIndex &right) const override;

private:
    void refilter();
    void scheduleResort();
    void resort();

    DlqTableModel *m_table;
    std::optional<QString> m_class;
    std::optional<QString> m_model;
    QString m_text;
    QTimer m_resort;
};

} // namespace herder::ui
