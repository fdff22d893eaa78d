#pragma once

#include "logcapture.h"

#include <QAbstractTableModel>

#include <deque>

namespace herder::ui {

/// The console's log, newest last, at most `capacity` lines. It is filled by drain(), which
/// the log page calls on a timer: one insert (and at most one removal) per drain.
class LogModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column { Time, Level, Category, Message, ColumnCount };
    /// Ordered by severity, unlike QtMsgType (where info comes after fatal).
    enum Severity { Debug, Info, Warning, Critical };
    static constexpr int SeverityRole = Qt::UserRole;

    explicit LogModel(LogCapture &source, int capacity = 10000, QObject *parent = nullptr);

    /// Moves what the capture collected into the model; returns the number of new lines.
    int drain();
    static Severity severityOf(QtMsgType type);
    static QString severityName(Severity severity);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

private:
    LogCapture &m_source;
    const int m_capacity;
    std::deque<LogLine> m_lines;
};

} // namespace herder::ui
