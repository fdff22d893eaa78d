#pragma once

#include "metrics/enginesnapshot.h"

#include <QAbstractTableModel>

namespace herder::ui {

/// Consumer position per assigned partition: committed offset, high watermark and lag. Rows
/// are reset only when the assignment changes; otherwise one dataChanged per tick.
class LagTableModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column { Topic, Partition, Committed, HighWatermark, Lag, ColumnCount };
    static constexpr int ValueRole = Qt::UserRole;

    explicit LagTableModel(QObject *parent = nullptr);

    void showSnapshot(const metrics::EngineSnapshot &snapshot);
    /// Lag summed over the partitions that report one.
    qint64 totalLag() const;

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

private:
    QList<metrics::PartitionStats> m_partitions;
};

} // namespace herder::ui
