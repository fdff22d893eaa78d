#include "logmodel.h"

#include <QBrush>
#include <QColor>

namespace herder::ui {

LogModel::LogModel(LogCapture &source, int capacity, QObject *parent)
    : QAbstractTableModel(parent), m_source(source), m_capacity(std::max(1, capacity))
{
}

int LogModel::drain()
{
    std::vector<LogLine> fresh = m_source.takeAll();
    if (fresh.empty())
        return 0;
    auto first = fresh.begin();
    if (int(fresh.size()) > m_capacity)
        first = fresh.end() - m_capacity;
    const int incoming = int(fresh.end() - first);
    const int overflow = int(m_lines.size()) + incoming - m_capacity;
    if (overflow > 0) {
        beginRemoveRows({}, 0, overflow - 1);
        m_lines.erase(m_lines.begin(), m_lines.begin() + overflow);
        endRemoveRows();
    }
    const int row = int(m_lines.size());
    beginInsertRows({}, row, row + incoming - 1);
    m_lines.insert(m_lines.end(), std::make_move_iterator(first),
                   std::make_move_iterator(fresh.end()));
    endInsertRows();
    return incoming;
}

LogModel::Severity LogModel::severityOf(QtMsgType type)
{
    switch (type) {
    case QtDebugMsg:
        return Debug;
    case QtInfoMsg:
        return Info;
    case QtWarningMsg:
        return Warning;
    case QtCriticalMsg:
    case QtFatalMsg:
        return Critical;
    }
    return Debug;
}

QString LogModel::severityName(Severity severity)
{
    switch (severity) {
    case Debug:
        return tr("debug");
    case Info:
        return tr("info");
    case Warning:
        return tr("warning");
    case Critical:
        return tr("critical");
    }
    return {};
}

int LogModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_lines.size());
}

int LogModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant LogModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const LogLine &line = m_lines[size_t(index.row())];
    const Severity severity = severityOf(line.type);
    switch (role) {
    case SeverityRole:
        return int(severity);
    case Qt::ForegroundRole:
        if (severity == Critical)
            return QBrush(QColor(0xc6, 0x28, 0x28));
        if (severity == Warning)
            return QBrush(QColor(0xb2, 0x6a, 0x00));
        if (severity == Debug)
            return QBrush(QColor(0x75, 0x75, 0x75));
        return {};
    case Qt::DisplayRole:
        switch (index.column()) {
        case Time:
            return QDateTime::fromMSecsSinceEpoch(line.time_ms)
                .toString(QStringLiteral("HH:mm:ss.zzz"));
        case Level:
            return severityName(severity);
        case Category:
            return line.category;
        case Message:
            return line.message;
        }
        return {};
    default:
        return {};
    }
}

QVariant LogModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case Time:
        return tr("Time");
    case Level:
        return tr("Level");
    case Category:
        return tr("Category");
    case Message:
        return tr("Message");
    }
    return {};
}

} // namespace herder::ui
