#pragma once

#include <QDateTime>
#include <QMutex>
#include <QString>
#include <QtGlobal>

#include <deque>
#include <vector>

namespace herder::ui {

/// One captured log message.
struct LogLine
{
    qint64 time_ms = 0; ///< since the epoch
    QtMsgType type = QtDebugMsg;
    QString category;
    QString message;
};

/// Collects Qt log messages from every thread into a bounded buffer that the UI drains on a
/// timer: a mutex and an append per message, never a signal per line across threads. When the
/// UI does not drain (log page hidden), the oldest lines fall off.
class LogCapture
{
public:
    explicit LogCapture(int capacity = 10000);

    /// The process-wide capture that the message handler feeds.
    static LogCapture &instance();
    /// Routes qDebug/qInfo/qWarning/... into instance(), still passing them to the previous
    /// handler (stderr). Idempotent.
    static void install();

    void append(LogLine line);
    /// Moves out everything captured since the last call, oldest first.
    std::vector<LogLine> takeAll();
    /// Lines that fell off because nobody drained them in time.
    quint64 dropped() const;
    int capacity() const { return m_capacity; }

private:
    static void handle(QtMsgType type, const QMessageLogContext &context, const QString &message);

    const int m_capacity;
    mutable QMutex m_mutex;
    std::deque<LogLine> m_lines;
    quint64 m_dropped = 0;
};

} // namespace herder::ui
