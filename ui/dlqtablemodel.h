#pragma once

#include "dlq/dlqrecord.h"

#include <QAbstractTableModel>
#include <QMap>

namespace herder::ui {

/// The loaded dead letters, one row each, appended a page at a time (one insert per page).
/// Keeps each record whole, since the detail pane and replay need its bytes and headers, plus
/// its text preview, computed once on append and never per paint.
class DlqTableModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column { FailedAt, Origin, ErrorClass, Model, HttpStatus, Attempts, Preview, ColumnCount };

    /// What the table keeps per record: the record, and what is derived from it once.
    struct Row
    {
        dlq::DlqRecord record;
        QString preview;
        /// The digits of herder-failed-at (ISO 8601, UTC, milliseconds) as one number: sorts as
        /// time does, at the cost of an integer comparison.
        qint64 failed_at_key = 0;
        // herder-origin "topic/partition/offset" split once, so sorting by it compares numbers.
        qint64 origin_offset = -1;
        qint32 origin_partition = -1;
        qint32 origin_topic_size = 0;
    };

    explicit DlqTableModel(QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

    void append(const QList<dlq::DlqRecord> &page);
    void clear();

    const Row &row(int row) const { return m_rows.at(row); }
    const dlq::DlqRecord &record(int row) const { return m_rows.at(row).record; }
    const QString &preview(int row) const { return m_rows.at(row).preview; }
    /// Distinct error classes and models of the loaded records, with their counts, sorted.
    const QMap<QString, int> &errorClasses() const { return m_classes; }
    const QMap<QString, int> &models() const { return m_models; }

signals:
    /// A page brought records: the per-class and per-model counts changed.
    void distinctValuesChanged();

private:
    static Row rowOf(const dlq::DlqRecord &record);
    static void count(QMap<QString, int> &counts, QString &value);

    QList<Row> m_rows;
    QMap<QString, int> m_classes;
    QMap<QString, int> m_models;
};

} // namespace herder::ui
