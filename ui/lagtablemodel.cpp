#include "lagtablemodel.h"

#include "displayformat.h"

namespace herder::ui {

LagTableModel::LagTableModel(QObject *parent) : QAbstractTableModel(parent) {}

void LagTableModel::showSnapshot(const metrics::EngineSnapshot &snapshot)
{
    bool same_rows = snapshot.partitions.size() == m_partitions.size();
    for (qsizetype i = 0; same_rows && i < m_partitions.size(); ++i)
        same_rows = snapshot.partitions[i].topic == m_partitions[i].topic &&
                    snapshot.partitions[i].partition == m_partitions[i].partition;
    if (!same_rows) {
        beginResetModel();
        m_partitions = snapshot.partitions;
        endResetModel();
        return;
    }
    m_partitions = snapshot.partitions;
    if (!m_partitions.isEmpty())
        emit dataChanged(index(0, Committed), index(rowCount() - 1, Lag),
                         {Qt::DisplayRole, ValueRole});
}

qint64 LagTableModel::totalLag() const
{
    qint64 total = 0;
    for (const metrics::PartitionStats &p : m_partitions)
        total += std::max<qint64>(0, p.lag);
    return total;
}

int LagTableModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_partitions.size());
}

int LagTableModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant LagTableModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const metrics::PartitionStats &p = m_partitions[index.row()];
    if (role == Qt::TextAlignmentRole)
        return index.column() == Topic ? QVariant(Qt::AlignLeft | Qt::AlignVCenter)
                                       : QVariant(Qt::AlignRight | Qt::AlignVCenter);
    if (role != Qt::DisplayRole && role != ValueRole)
        return {};
    const bool raw = role == ValueRole;
    switch (index.column()) {
    case Topic:
        return p.topic;
    case Partition:
        return raw ? QVariant(p.partition) : QVariant(QString::number(p.partition));
    case Committed:
        return raw ? QVariant(p.committed) : QVariant(displayformat::offset(p.committed));
    case HighWatermark:
        return raw ? QVariant(p.high_watermark) : QVariant(displayformat::offset(p.high_watermark));
    case Lag:
        return raw ? QVariant(p.lag) : QVariant(displayformat::offset(p.lag));
    }
    return {};
}

QVariant LagTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case Topic:
        return tr("Topic");
    case Partition:
        return tr("Partition");
    case Committed:
        return tr("Committed");
    case HighWatermark:
        return tr("High watermark");
    case Lag:
        return tr("Lag");
    }
    return {};
}

} // namespace herder::ui
