#include "dlqfilterproxy.h"

#include "dlqtablemodel.h"

#include <QElapsedTimer>

#include <algorithm>

namespace herder::ui {

namespace {
// While a large DLQ streams in, re-sort at most this often instead of once per page...
constexpr qint64 kResort_ms = 200;
// ...and, as sorts grow with the table, spaced so they take at most a tenth of the UI thread.
constexpr qint64 kResortShare = 10;
constexpr qint64 kResortMax_ms = 3000;
} // namespace

DlqFilterProxy::DlqFilterProxy(DlqTableModel *table, QObject *parent)
    : QSortFilterProxyModel(parent), m_table(table)
{
    // Qt's dynamic sorting places each new row by its own interval, rebuilding the whole
    // mapping per interval (quadratic for a page of 2,000 into 100,000); appending a page at
    // the end and re-sorting once costs n log n.
    setDynamicSortFilter(false);
    setSourceModel(table);
    m_resort.setSingleShot(true);
    m_resort.setInterval(int(kResort_ms));
    connect(&m_resort, &QTimer::timeout, this, &DlqFilterProxy::resort);
    connect(table, &QAbstractItemModel::rowsInserted, this, &DlqFilterProxy::scheduleResort);
}

void DlqFilterProxy::resortNow()
{
    if (m_resort.isActive()) {
        m_resort.stop();
        resort();
    }
}

void DlqFilterProxy::resort()
{
    if (sortColumn() < 0)
        return;
    QElapsedTimer clock;
    clock.start();
    sort(sortColumn(), sortOrder());
    m_resort.setInterval(int(qBound(kResort_ms, clock.elapsed() * kResortShare, kResortMax_ms)));
}

void DlqFilterProxy::scheduleResort()
{
    if (sortColumn() >= 0 && !m_resort.isActive())
        m_resort.start();
}

void DlqFilterProxy::setErrorClass(const std::optional<QString> &error_class)
{
    setFilters(error_class, m_model, m_text);
}

void DlqFilterProxy::setModelName(const std::optional<QString> &model)
{
    setFilters(m_class, model, m_text);
}

void DlqFilterProxy::setText(const QString &text)
{
    setFilters(m_class, m_model, text);
}

void DlqFilterProxy::setFilters(const std::optional<QString> &error_class,
                                const std::optional<QString> &model, const QString &text)
{
    if (error_class == m_class && model == m_model && text == m_text)
        return;
    m_class = error_class;
    m_model = model;
    m_text = text;
    refilter();
}

void DlqFilterProxy::refilter()
{
    // invalidateFilter() removes rows interval by interval and rebuilds the whole mapping for
    // each one (a class filter over 100,000 rows: 604 ms here, before any view reacts to its
    // 25,000 signals); invalidate() rebuilds the mapping in one pass, filter then sort, with a
    // single layoutChanged (35 ms).
    invalidate();
}

QList<int> DlqFilterProxy::sourceRows() const
{
    QList<int> rows;
    const int n = rowCount();
    rows.reserve(n);
    for (int i = 0; i < n; ++i)
        rows.append(mapToSource(index(i, 0)).row());
    std::sort(rows.begin(), rows.end());
    return rows;
}

bool DlqFilterProxy::filterAcceptsRow(int source_row, const QModelIndex &) const
{
    const dlq::DlqRecord &r = m_table->record(source_row);
    if (m_class && r.error_class != *m_class)
        return false;
    if (m_model && r.model != *m_model)
        return false;
    if (!m_text.isEmpty() && !m_table->preview(source_row).contains(m_text, Qt::CaseInsensitive) &&
        !r.error.contains(m_text, Qt::CaseInsensitive))
        return false;
    return true;
}

bool DlqFilterProxy::lessThan(const QModelIndex &left, const QModelIndex &right) const
{
    const DlqTableModel::Row &ra = m_table->row(left.row());
    const DlqTableModel::Row &rb = m_table->row(right.row());
    const dlq::DlqRecord &a = ra.record;
    const dlq::DlqRecord &b = rb.record;
    switch (left.column()) {
    case DlqTableModel::FailedAt:
        return ra.failed_at_key != rb.failed_at_key ? ra.failed_at_key < rb.failed_at_key
                                                    : a.failed_at < b.failed_at;
    case DlqTableModel::Origin: {
        // Topic as text, then partition and offset as numbers: partition 10 after 9.
        const int topic = QStringView(a.origin)
                              .first(ra.origin_topic_size)
                              .compare(QStringView(b.origin).first(rb.origin_topic_size));
        if (topic != 0)
            return topic < 0;
        if (ra.origin_partition != rb.origin_partition)
            return ra.origin_partition < rb.origin_partition;
        return ra.origin_offset < rb.origin_offset;
    }
    case DlqTableModel::ErrorClass:
        return a.error_class < b.error_class;
    case DlqTableModel::Model:
        return a.model < b.model;
    case DlqTableModel::HttpStatus:
        return a.http_status < b.http_status;
    case DlqTableModel::Attempts:
        return a.attempts < b.attempts;
    case DlqTableModel::Preview:
        return ra.preview.compare(rb.preview, Qt::CaseInsensitive) < 0;
    }
    return left.row() < right.row();
}

} // namespace herder::ui
